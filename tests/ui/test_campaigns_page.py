"""The campaigns page over a real database: statuses, progress, and the actions each status allows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QWizard

from app.sending.campaigns import (
    AudienceCount,
    CampaignInput,
    cancel_campaign,
    create_campaign,
    get_campaign,
    list_campaigns,
    pause_campaign,
    start_campaign,
)
from tests.ui.conftest import wait_idle
from ui.dialogs.campaign_wizard import CampaignWizard
from ui.pages.campaigns_page import CampaignsPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

TOMORROW = datetime.now(UTC) + timedelta(days=1)


def _create(ctx, name: str, *, start: bool = False, scheduled_at: datetime | None = None) -> None:  # type: ignore[no-untyped-def]
    create_campaign(
        ctx.db,
        CampaignInput(
            name=name,
            template="Soldes",
            account="Local",
            include=["list:Clients"],
            scheduled_at=scheduled_at,
        ),
    )
    if start:
        start_campaign(ctx.db, name)


@pytest.fixture
def every_status(ctx, mail_world) -> None:  # type: ignore[no-untyped-def]
    """One campaign in each status (no sender runs: a started one stays "sending")."""
    _create(ctx, "Brouillon")
    _create(ctx, "Programmée", start=True, scheduled_at=TOMORROW)
    _create(ctx, "En cours", start=True)
    _create(ctx, "En pause", start=True)
    pause_campaign(ctx.db, "En pause")
    _create(ctx, "Annulée", start=True)
    cancel_campaign(ctx.db, "Annulée")


@pytest.fixture
def page(qtbot, ctx, mail_world):  # type: ignore[no-untyped-def]
    def make() -> CampaignsPage:
        page = CampaignsPage(ctx)
        qtbot.addWidget(page)
        page.resize(1000, 500)
        page.show()
        qtbot.waitUntil(lambda: page.loaded)
        return page

    yield make
    wait_idle(qtbot, ctx)


def _status(page: CampaignsPage, name: str) -> str:
    row = page.model.row_of(name)
    return page.model.index(row, page.model.STATUS).data() if row >= 0 else ""


def _enabled(page: CampaignsPage) -> set[str]:
    buttons = {
        "edit": page.edit_button,
        "send": page.send_button,
        "pause": page.pause_button,
        "resume": page.resume_button,
        "cancel": page.cancel_button,
        "delete": page.delete_button,
        "retry": page.retry_button,
        "test": page.test_button,
    }
    return {name for name, button in buttons.items() if button.isEnabled()}


def test_list_shows_status_progress_and_schedule(
    qtbot, ctx, every_status, page, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    page = page()
    model = page.model
    qtmodeltester.check(model)
    assert {c.name: _status(page, c.name) for c in model.campaigns()} == {
        "Brouillon": "Draft",
        "Programmée": "Scheduled",
        "En cours": "Sending",
        "En pause": "Paused",
        "Annulée": "Cancelled",
    }
    assert model.headerData(model.PROGRESS, Qt.Orientation.Horizontal) == "Progress"
    sending = model.row_of("En cours")
    # Three queued, the unsubscribed contact counted done (not sent): 1 of 4.
    assert model.index(sending, model.PROGRESS).data() == "1 / 4"
    tooltip = model.index(sending, model.PROGRESS).data(Qt.ItemDataRole.ToolTipRole)
    assert "Waiting: 3" in tooltip and "Sent: 0" in tooltip
    assert model.index(model.row_of("Brouillon"), model.PROGRESS).data() == ""
    assert model.index(model.row_of("Programmée"), model.SCHEDULED).data()
    # The progress bars paint (the delegate draws through the style).
    assert not page.table.grab().isNull()


def test_buttons_follow_the_status(qtbot, ctx, every_status, page) -> None:  # type: ignore[no-untyped-def]
    page = page()
    assert _enabled(page) == set()  # nothing selected
    expected = {
        "Brouillon": {"edit", "send", "delete", "test"},
        "Programmée": {"edit", "pause", "cancel", "delete", "test"},
        "En cours": {"pause", "cancel", "test"},
        "En pause": {"resume", "cancel", "delete", "test"},
        "Annulée": {"delete", "test"},
    }
    for name, buttons in expected.items():
        page.select(name)
        assert page.selected().name == name
        assert _enabled(page) == buttons, name
    _create(ctx, "Datée", scheduled_at=TOMORROW)
    page.reload()
    qtbot.waitUntil(lambda: page.model.row_of("Datée") >= 0)
    page.select("Datée")
    assert page.send_button.text() == "Schedule…"
    page.select("Brouillon")
    assert page.send_button.text() == "Send…"
    page.new_button.click()
    assert page.wizard is not None and page.wizard.isVisible()
    page.wizard.reject()


def test_pause_resume_cancel_delete(qtbot, ctx, mail_world, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _create(ctx, "Noël", start=True)
    page = page()
    assert ctx.sending is None  # no sender in this test: the page copes
    page.select("Noël")
    page.pause_button.click()
    qtbot.waitUntil(lambda: _status(page, "Noël") == "Paused")
    assert page.selected().name == "Noël"  # the selection survives the reload
    assert _enabled(page) == {"resume", "cancel", "delete", "test"}
    page.resume_button.click()
    qtbot.waitUntil(lambda: _status(page, "Noël") == "Sending")

    questions: list[str] = []
    answers = [False, True]
    monkeypatch.setattr(
        page, "confirm", lambda title, text: questions.append(text) or answers.pop(0)
    )
    page.cancel_button.click()  # answered No: nothing changes
    wait_idle(qtbot, ctx)
    assert get_campaign(ctx.db, "Noël").status == "sending"
    page.cancel_button.click()
    qtbot.waitUntil(lambda: _status(page, "Noël") == "Cancelled")
    assert questions[0].startswith("Cancel “Noël”?")

    monkeypatch.setattr(page, "confirm", lambda title, text: questions.append(text) or True)
    page.delete_button.click()
    qtbot.waitUntil(lambda: page.model.row_of("Noël") < 0)
    assert list_campaigns(ctx.db) == []
    assert questions[-1].startswith("Delete “Noël”")


def test_send_a_draft_after_the_check(
    qtbot, ctx, mail_world, page, monkeypatch, start_sending
) -> None:  # type: ignore[no-untyped-def]
    start_sending()
    _create(ctx, "Noël")
    page = page()
    page.select("Noël")
    questions: list[str] = []
    monkeypatch.setattr(page, "confirm", lambda title, text: questions.append(text) or True)
    page.send_button.click()
    qtbot.waitUntil(lambda: len(mail_world.messages) == 3, timeout=20_000)
    assert questions[0].startswith("Send “Noël” now to 3 recipient")
    assert "1 contact" in questions[0]  # the unsubscribed one, left out
    qtbot.waitUntil(lambda: _status(page, "Noël") == "Done", timeout=20_000)
    row = page.model.row_of("Noël")
    assert page.model.index(row, page.model.PROGRESS).data() == "4 / 4"


def test_a_draft_that_fails_the_check_is_not_sent(
    qtbot, ctx, mail_world, page, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from app.db.models import Contact

    with ctx.db.session() as s:
        s.execute(update(Contact).values(status="unsubscribed"))
    _create(ctx, "Personne")
    page = page()
    page.select("Personne")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(page, "inform", lambda title, text: shown.append((title, text)))
    monkeypatch.setattr(page, "confirm", lambda title, text: pytest.fail("no confirmation"))
    page.send_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown[0][0] == "“Personne” cannot be sent"
    assert "Nobody would receive this campaign" in shown[0][1]
    assert get_campaign(ctx.db, "Personne").status == "draft"


def test_retry_failed_and_send_a_test(
    qtbot, ctx, mail_world, page, monkeypatch, start_sending
) -> None:  # type: ignore[no-untyped-def]
    mail_world.reply_for("bruno@example.fr", "550 5.1.1 <bruno@example.fr>: user unknown")
    bridge = start_sending()
    _create(ctx, "Noël", start=True)
    with qtbot.waitSignal(bridge.sig_campaign_finished, timeout=20_000):
        bridge.wake()
    page = page()
    qtbot.waitUntil(lambda: _status(page, "Noël") == "Done")
    page.select("Noël")
    campaign = page.selected()
    assert campaign.counts.failed == 1
    assert _enabled(page) == {"delete", "retry", "test"}  # done: no longer editable
    tooltip = page.model.index(page.model.row_of("Noël"), page.model.PROGRESS).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert "Failed: 1" in tooltip
    assert "retry" in _enabled(page)
    page.retry_button.click()
    # The server accepts bruno this time (the 550 was for one attempt).
    qtbot.waitUntil(lambda: len(mail_world.messages) == 3, timeout=20_000)
    assert page.message.text().startswith("1 failed message")
    qtbot.waitUntil(lambda: get_campaign(ctx.db, "Noël").status == "done", timeout=20_000)

    monkeypatch.setattr(page, "ask_text", lambda title, label, text="": "moi@example.fr")
    page.select("Noël")
    page.test_button.click()
    qtbot.waitUntil(lambda: page.message.text().startswith("Test message sent"), timeout=10_000)
    assert page.message.text() == "Test message sent to moi@example.fr."
    assert mail_world.messages[-1].rcpt_tos == ("moi@example.fr",)


# --- editing a draft or a scheduled campaign ----------------------------------------------------

NEXT = QWizard.WizardButton.NextButton
FINISH = QWizard.WizardButton.FinishButton
DRAFT = QWizard.WizardButton.CustomButton1


def _open_editor(qtbot, page: CampaignsPage, name: str) -> CampaignWizard:  # type: ignore[no-untyped-def]
    page.select(name)
    assert page.edit_button.isEnabled()
    page.edit_button.click()
    assert not page.edit_button.isEnabled()  # the campaign is read in the background first
    qtbot.waitUntil(lambda: page.wizard is not None and page.wizard.isVisible(), timeout=5000)
    wizard = page.wizard
    assert isinstance(wizard, CampaignWizard) and wizard.campaign is not None
    assert wizard.campaign.name == name
    assert wizard.windowTitle() == f"Edit “{name}”"
    return wizard


def _next_page(qtbot, wizard: CampaignWizard, page_id: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: wizard.button(NEXT).isEnabled(), timeout=5000)
    wizard.button(NEXT).click()
    assert wizard.currentId() == page_id


def test_edit_a_draft_audience_and_name(qtbot, ctx, mail_world, page) -> None:  # type: ignore[no-untyped-def]
    from app.contacts.service import list_contacts, tag_contacts

    anne = [c.id for c in list_contacts(ctx.db) if c.email == "anne@example.fr"]
    tag_contacts(ctx.db, anne, ["vip"])
    _create(ctx, "Noël")
    page = page()
    wizard = _open_editor(qtbot, page, "Noël")

    # Every page starts from the campaign's choices.
    qtbot.waitUntil(lambda: wizard.template_page.loaded)
    assert wizard.template_page.template_name() == "Soldes"
    _next_page(qtbot, wizard, CampaignWizard.PAGE_AUDIENCE)
    audience = wizard.audience_page
    qtbot.waitUntil(lambda: audience.loaded)
    assert audience.include() == ["list:Clients"] and audience.exclude() == []
    qtbot.waitUntil(lambda: audience.count == AudienceCount(3, 1), timeout=5000)
    # Everyone but the VIPs now.
    assert audience.include_tree.set_checked("list:Clients", False)
    assert audience.include_tree.set_checked("all")
    assert audience.exclude_tree.set_checked("tag:vip")
    qtbot.waitUntil(lambda: audience.count == AudienceCount(2, 1), timeout=5000)
    _next_page(qtbot, wizard, CampaignWizard.PAGE_ACCOUNT)
    qtbot.waitUntil(lambda: wizard.account_page.loaded)
    assert wizard.account_page.account_name() == "Local"
    _next_page(qtbot, wizard, CampaignWizard.PAGE_SCHEDULE)
    assert wizard.schedule_page.scheduled_at() is None
    _next_page(qtbot, wizard, CampaignWizard.PAGE_REVIEW)
    review = wizard.review_page
    assert review.name() == "Noël"  # not replaced by "Soldes <date>"
    qtbot.waitUntil(lambda: review.report is not None, timeout=10_000)
    assert review.recipients_label.text() == "2"
    review.name_edit.setText("Noël sans VIP")
    with qtbot.waitSignal(wizard.sig_campaign_saved, timeout=10_000):
        wizard.button(DRAFT).click()  # then the wizard closes (and is deleted)

    # The same campaign, changed (not a new one).
    assert [c.name for c in list_campaigns(ctx.db)] == ["Noël sans VIP"]
    campaign = get_campaign(ctx.db, "Noël sans VIP")
    assert (campaign.include, campaign.exclude, campaign.status) == (
        ("all",),
        ("tag:vip",),
        "draft",
    )
    assert page.message.text() == "“Noël sans VIP” was saved as a draft."
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().name == "Noël sans VIP")


def test_edit_a_scheduled_campaign_and_schedule_it_again(qtbot, ctx, mail_world, page) -> None:  # type: ignore[no-untyped-def]
    when = TOMORROW.replace(microsecond=0)
    later = when + timedelta(hours=2)
    _create(ctx, "Programmée", start=True, scheduled_at=when)
    assert get_campaign(ctx.db, "Programmée").status == "scheduled"
    page = page()
    wizard = _open_editor(qtbot, page, "Programmée")
    _next_page(qtbot, wizard, CampaignWizard.PAGE_AUDIENCE)
    _next_page(qtbot, wizard, CampaignWizard.PAGE_ACCOUNT)
    _next_page(qtbot, wizard, CampaignWizard.PAGE_SCHEDULE)
    schedule = wizard.schedule_page
    assert schedule.later_radio.isChecked() and schedule.scheduled_at() == when
    schedule.time_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(later.timestamp())))
    _next_page(qtbot, wizard, CampaignWizard.PAGE_REVIEW)
    assert wizard.button(FINISH).text() == "Schedule"
    qtbot.waitUntil(lambda: wizard.button(FINISH).isEnabled(), timeout=10_000)
    with qtbot.waitSignal(wizard.sig_campaign_saved, timeout=10_000):
        wizard.button(FINISH).click()
    campaign = get_campaign(ctx.db, "Programmée")
    assert (campaign.status, campaign.scheduled_at) == ("scheduled", later)
    assert mail_world.messages == []


def test_double_click_opens_a_draft(qtbot, ctx, every_status, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = page()
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(page, "inform", lambda title, text: shown.append((title, text)))
    table = page.table

    def double_click(name: str) -> None:
        index = page.model.index(page.model.row_of(name), page.model.NAME)
        table.scrollTo(index)
        center = table.visualRect(index).center()
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center)

    double_click("Programmée")  # scheduled: only the Edit button changes it
    wait_idle(qtbot, ctx)
    assert page.wizard is None
    double_click("Brouillon")
    qtbot.waitUntil(lambda: page.wizard is not None and page.wizard.isVisible(), timeout=5000)
    assert page.wizard.campaign.name == "Brouillon"
    page.wizard.reject()
    assert shown == []


def test_edit_refused_once_started(qtbot, ctx, mail_world, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _create(ctx, "Noël")
    page = page()
    page.select("Noël")
    start_campaign(ctx.db, "Noël")  # by another window, or the command line
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(page, "inform", lambda title, text: shown.append((title, text)))
    page.edit_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown == [
        ("Edit the campaign", "“Noël” has already started: it can no longer be changed.")
    ]
    assert page.wizard is None
    qtbot.waitUntil(lambda: _status(page, "Noël") == "Sending")
    assert not page.edit_button.isEnabled()


# --- recurring campaigns, missed sends, history -------------------------------------------------


def _create_recurring(ctx, name: str, cron: str, *, start: bool = True) -> None:  # type: ignore[no-untyped-def]
    create_campaign(
        ctx.db,
        CampaignInput(
            name=name,
            template="Soldes",
            account="Local",
            include=["list:Clients"],
            cron=cron,
            timezone="Europe/Paris",
        ),
    )
    if start:
        start_campaign(ctx.db, name)


def test_recurring_campaign_shows_its_rule_and_pauses(qtbot, ctx, mail_world, page) -> None:  # type: ignore[no-untyped-def]
    from ui.pages.campaigns_page import local_time_text

    _create_recurring(ctx, "Lundis", "0 9 * * mon")
    page = page()
    model = page.model
    row = model.row_of("Lundis")
    assert _status(page, "Lundis") == "Scheduled"
    words = "Every Monday at 09:00 (Europe/Paris)"
    assert model.index(row, model.SCHEDULED).data() == words
    assert model.index(row, model.SCHEDULED).data(Qt.ItemDataRole.ToolTipRole) == words
    assert model.headerData(model.NEXT, Qt.Orientation.Horizontal) == "Next send"
    nxt = get_campaign(ctx.db, "Lundis").next_run_at
    assert nxt is not None and model.index(row, model.NEXT).data() == local_time_text(nxt)

    page.select("Lundis")
    assert _enabled(page) == {"edit", "pause", "cancel", "delete", "test"}
    assert page.history_button.isEnabled()
    # Paused: no occurrence until resumed, and then it waits for the next one.
    page.pause_button.click()
    qtbot.waitUntil(lambda: _status(page, "Lundis") == "Paused")
    assert model.index(model.row_of("Lundis"), model.NEXT).data() == ""
    assert _enabled(page) == {"resume", "cancel", "delete", "test"}
    page.resume_button.click()
    qtbot.waitUntil(lambda: _status(page, "Lundis") == "Scheduled")
    assert model.index(model.row_of("Lundis"), model.NEXT).data() == local_time_text(nxt)
    assert get_campaign(ctx.db, "Lundis").status == "scheduled"
    assert mail_world.messages == []


def test_schedule_a_recurring_draft(qtbot, ctx, mail_world, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _create_recurring(ctx, "Semaine", "30 8 * * 1-5", start=False)
    page = page()
    page.select("Semaine")
    assert page.send_button.text() == "Schedule…"
    questions: list[str] = []
    monkeypatch.setattr(page, "confirm", lambda title, text: questions.append(text) or True)
    page.send_button.click()
    qtbot.waitUntil(lambda: _status(page, "Semaine") == "Scheduled", timeout=10_000)
    assert questions[0].startswith(
        "Schedule “Semaine”? Every weekday (Monday to Friday) at 08:30 (Europe/Paris)."
    )
    assert page.message.text().startswith(
        "“Semaine” is scheduled. Every weekday (Monday to Friday) at 08:30 (Europe/Paris). "
        "Next send: "
    )
    assert mail_world.messages == []


def test_edit_a_recurring_campaign(qtbot, ctx, mail_world, page) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTime

    from ui.widgets.recurrence_editor import WEEKDAYS

    _create_recurring(ctx, "Semaine", "30 8 * * 1-5")
    page = page()
    wizard = _open_editor(qtbot, page, "Semaine")
    _next_page(qtbot, wizard, CampaignWizard.PAGE_AUDIENCE)
    _next_page(qtbot, wizard, CampaignWizard.PAGE_ACCOUNT)
    _next_page(qtbot, wizard, CampaignWizard.PAGE_SCHEDULE)
    schedule = wizard.schedule_page
    editor = schedule.recurrence
    # Reopened with the editor filled in.
    assert schedule.repeat_radio.isChecked() and editor.isVisibleTo(schedule)
    assert editor.frequency() == WEEKDAYS and editor.time_edit.time() == QTime(8, 30)
    assert editor.timezone() == "Europe/Paris"
    editor.time_edit.setTime(QTime(10, 0))
    _next_page(qtbot, wizard, CampaignWizard.PAGE_REVIEW)
    assert "at 10:00 (Europe/Paris); next on" in wizard.review_page.summary_label.text()
    qtbot.waitUntil(lambda: wizard.button(FINISH).isEnabled(), timeout=10_000)
    with qtbot.waitSignal(wizard.sig_campaign_saved, timeout=10_000):
        wizard.button(FINISH).click()
    campaign = get_campaign(ctx.db, "Semaine")
    assert (campaign.status, campaign.cron) == ("scheduled", "0 10 * * 1-5")
    assert page.message.text().startswith("“Semaine” is scheduled. Every weekday")


def test_missed_campaign_and_history(qtbot, ctx, mail_world, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.sending.campaigns import record_missed
    from ui.dialogs.campaign_runs_dialog import CampaignRunsDialog

    _create(ctx, "Oubliée", start=True, scheduled_at=TOMORROW)
    record_missed(ctx.db, get_campaign(ctx.db, "Oubliée").id, TOMORROW)
    page = page()
    assert _status(page, "Oubliée") == "Missed"
    page.select("Oubliée")
    assert _enabled(page) == {"delete", "test"}
    assert page.history_button.isEnabled()
    page.history_button.click()
    dialog = page.runs_dialog
    assert isinstance(dialog, CampaignRunsDialog) and dialog.isVisible()
    assert dialog.campaign.name == "Oubliée"
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, dialog.model.STATUS).data() == "Missed"
    # Dismissed from the history: a draft again, on the page too.
    dialog.table.selectRow(0)
    monkeypatch.setattr(dialog, "confirm", lambda title, text: True)
    dialog.dismiss_button.click()
    qtbot.waitUntil(lambda: _status(page, "Oubliée") == "Draft")
    dialog.reject()

    # A double click on a missed campaign opens its history.
    _create(ctx, "Oubliée 2", start=True, scheduled_at=TOMORROW)
    record_missed(ctx.db, get_campaign(ctx.db, "Oubliée 2").id, TOMORROW)
    page.reload()
    qtbot.waitUntil(lambda: _status(page, "Oubliée 2") == "Missed")
    index = page.model.index(page.model.row_of("Oubliée 2"), page.model.NAME)
    center = page.table.visualRect(index).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert page.runs_dialog is not dialog and page.runs_dialog.campaign.name == "Oubliée 2"
    assert page.wizard is None  # not the editor: it can no longer be changed
    page.runs_dialog.reject()
