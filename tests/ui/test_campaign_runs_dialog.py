"""A campaign's history: its runs, and missed occurrences sent now or dismissed."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from app.sending.campaigns import (
    CampaignData,
    CampaignInput,
    create_campaign,
    get_campaign,
    list_runs,
    record_missed,
    start_campaign,
)
from tests.ui.conftest import wait_idle
from ui.dialogs.campaign_runs_dialog import CampaignRunsDialog, RunsModel
from ui.pages.campaigns_page import local_time_text

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

PARIS = ZoneInfo("Europe/Paris")


def _last_mondays(count: int) -> list[datetime]:
    """The last ``count`` Mondays at 09:00 in Paris, newest first, all in the past."""
    today = datetime.now(PARIS).replace(hour=9, minute=0, second=0, microsecond=0)
    monday = today - timedelta(days=today.weekday() + 7)
    return [monday - timedelta(weeks=i) for i in range(count)]


@pytest.fixture
def weekly(ctx, mail_world) -> CampaignData:  # type: ignore[no-untyped-def]
    """ "Lundis", every Monday at 09:00, scheduled; its last two Mondays were missed."""
    create_campaign(
        ctx.db,
        CampaignInput(
            name="Lundis",
            template="Soldes",
            account="Local",
            include=["list:Clients"],
            cron="0 9 * * mon",
            timezone="Europe/Paris",
        ),
    )
    campaign = start_campaign(ctx.db, "Lundis")
    for when in _last_mondays(2):
        assert record_missed(ctx.db, campaign.id, when) == "Lundis"
    return get_campaign(ctx.db, "Lundis")


@pytest.fixture
def open_dialog(qtbot, ctx):  # type: ignore[no-untyped-def]
    def make(campaign: CampaignData) -> CampaignRunsDialog:
        dialog = CampaignRunsDialog(ctx, campaign)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.loaded)
        return dialog

    yield make
    wait_idle(qtbot, ctx)


def _cell(dialog: CampaignRunsDialog, row: int, column: int) -> str:
    return dialog.model.index(row, column).data()


def _row_of_time(dialog: CampaignRunsDialog, when: datetime) -> int:
    text = local_time_text(when)
    rows = [
        r for r in range(dialog.model.rowCount()) if _cell(dialog, r, RunsModel.OCCURRENCE) == text
    ]
    assert len(rows) == 1, text
    return rows[0]


def test_lists_runs_and_sends_a_missed_one(
    qtbot, ctx, mail_world, weekly, open_dialog, monkeypatch, qtmodeltester, start_sending
) -> None:  # type: ignore[no-untyped-def]
    start_sending()
    dialog = open_dialog(weekly)
    qtmodeltester.check(dialog.model)
    assert dialog.windowTitle() == "History of “Lundis”"
    assert dialog.schedule_label.text() == "Every Monday at 09:00 (Europe/Paris)"
    assert dialog.model.rowCount() == 2
    latest, earlier = _last_mondays(2)
    row = _row_of_time(dialog, latest)
    assert _cell(dialog, row, RunsModel.STATUS) == "Missed"
    # Nothing ran: no counts, no start or end.
    for column in (RunsModel.SENT, RunsModel.FAILED, RunsModel.STARTED, RunsModel.FINISHED):
        assert _cell(dialog, row, column) == ""
    tooltip = dialog.model.index(row, RunsModel.STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("Not sent")
    assert not dialog.send_button.isEnabled() and not dialog.dismiss_button.isEnabled()

    dialog.table.selectRow(row)
    assert dialog.send_button.isEnabled() and dialog.dismiss_button.isEnabled()
    questions: list[str] = []
    answers = [False, True]
    monkeypatch.setattr(
        dialog, "confirm", lambda title, text: questions.append(text) or answers.pop(0)
    )
    dialog.send_button.click()  # answered No
    wait_idle(qtbot, ctx)
    assert [r.status for r in list_runs(ctx.db, "Lundis")] == ["missed", "missed"]
    dialog.send_button.click()
    assert questions[0].startswith(f"Send the occurrence of {local_time_text(latest)} of “Lundis”")
    qtbot.waitUntil(lambda: len(mail_world.messages) == 3, timeout=20_000)

    # Sent, then back to waiting for next Monday; the history follows.
    qtbot.waitUntil(
        lambda: _cell(dialog, _row_of_time(dialog, latest), RunsModel.STATUS) == "Done",
        timeout=20_000,
    )
    row = _row_of_time(dialog, latest)
    assert _cell(dialog, row, RunsModel.SENT) == "3 / 4"
    assert _cell(dialog, row, RunsModel.FAILED) == "0"
    assert _cell(dialog, row, RunsModel.SUPPRESSED) == "1"  # the unsubscribed contact
    assert _cell(dialog, row, RunsModel.STARTED) and _cell(dialog, row, RunsModel.FINISHED)
    assert dialog.selected() is not None and dialog.selected().status == "done"
    assert not dialog.send_button.isEnabled()
    qtbot.waitUntil(lambda: get_campaign(ctx.db, "Lundis").status == "scheduled", timeout=10_000)
    # The earlier one is still missed.
    assert _cell(dialog, _row_of_time(dialog, earlier), RunsModel.STATUS) == "Missed"


def test_dismiss_a_missed_occurrence(
    qtbot, ctx, mail_world, weekly, open_dialog, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(weekly)
    earlier = _last_mondays(2)[1]
    dialog.table.selectRow(_row_of_time(dialog, earlier))
    monkeypatch.setattr(dialog, "confirm", lambda title, text: True)
    dialog.dismiss_button.click()
    qtbot.waitUntil(
        lambda: _cell(dialog, _row_of_time(dialog, earlier), RunsModel.STATUS) == "Dismissed"
    )
    assert dialog.message.text() == f"The occurrence of {local_time_text(earlier)} was dismissed."
    assert not dialog.send_button.isEnabled() and not dialog.dismiss_button.isEnabled()
    assert sorted(r.status for r in list_runs(ctx.db, "Lundis")) == ["missed", "skipped"]
    assert get_campaign(ctx.db, "Lundis").status == "scheduled"  # the next Mondays still come
    assert mail_world.messages == []


def test_a_missed_one_off_campaign(qtbot, ctx, mail_world, open_dialog, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    when = (datetime.now(PARIS) + timedelta(days=1)).replace(microsecond=0)
    create_campaign(
        ctx.db,
        CampaignInput(
            name="Noël",
            template="Soldes",
            account="Local",
            include=["list:Clients"],
            scheduled_at=when,
        ),
    )
    campaign = start_campaign(ctx.db, "Noël")
    record_missed(ctx.db, campaign.id, when)
    campaign = get_campaign(ctx.db, "Noël")
    assert campaign.status == "missed"
    dialog = open_dialog(campaign)
    assert dialog.schedule_label.text() == f"Sent once, on {local_time_text(when)}."
    assert _cell(dialog, 0, RunsModel.STATUS) == "Missed"
    dialog.table.selectRow(0)
    monkeypatch.setattr(dialog, "confirm", lambda title, text: True)
    dialog.dismiss_button.click()
    qtbot.waitUntil(lambda: _cell(dialog, 0, RunsModel.STATUS) == "Dismissed")
    assert get_campaign(ctx.db, "Noël").status == "draft"  # to be scheduled again, or deleted


def test_a_campaign_never_sent(qtbot, ctx, mail_world, open_dialog) -> None:  # type: ignore[no-untyped-def]
    campaign = create_campaign(
        ctx.db, CampaignInput(name="Vide", template="Soldes", account="Local", include=["all"])
    )
    dialog = open_dialog(campaign)
    assert dialog.model.rowCount() == 0
    assert dialog.empty_label.isVisible()
    assert dialog.schedule_label.text() == "Sent once."
