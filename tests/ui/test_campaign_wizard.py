"""The campaign wizard over a real database, sending to a real SMTP server on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDateTime, QLocale
from PySide6.QtWidgets import QWizard

from app.contacts.service import list_contacts, tag_contacts
from app.sending.campaigns import AudienceCount, get_campaign, list_campaigns
from tests.ui.conftest import wait_idle
from ui.context import Changes
from ui.dialogs.campaign_wizard import CampaignWizard
from ui.pages.campaigns_page import CampaignsPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

NEXT = QWizard.WizardButton.NextButton
FINISH = QWizard.WizardButton.FinishButton
DRAFT = QWizard.WizardButton.CustomButton1


@pytest.fixture
def open_wizard(qtbot, ctx):  # type: ignore[no-untyped-def]
    def make() -> CampaignWizard:
        wizard = CampaignWizard(ctx)
        qtbot.addWidget(wizard)
        wizard.show()
        return wizard

    yield make
    wait_idle(qtbot, ctx)


def _pick_template(qtbot, wizard: CampaignWizard) -> None:  # type: ignore[no-untyped-def]
    page = wizard.template_page
    qtbot.waitUntil(lambda: page.loaded)
    assert page.list.count() == 1
    assert page.template_name() == "Soldes"  # the first one is chosen
    assert not page.choose("Inconnu")
    assert page.choose("Soldes")
    assert wizard.button(NEXT).isEnabled()
    wizard.button(NEXT).click()
    assert wizard.currentId() == CampaignWizard.PAGE_AUDIENCE


def _pick_audience(qtbot, wizard: CampaignWizard, *items: str) -> None:  # type: ignore[no-untyped-def]
    page = wizard.audience_page
    qtbot.waitUntil(lambda: page.loaded)
    for item in items:
        assert page.include_tree.set_checked(item)
    qtbot.waitUntil(lambda: page.count is not None, timeout=5000)


def _to_review(qtbot, wizard: CampaignWizard) -> None:  # type: ignore[no-untyped-def]
    wizard.button(NEXT).click()
    assert wizard.currentId() == CampaignWizard.PAGE_ACCOUNT
    qtbot.waitUntil(lambda: wizard.account_page.loaded)
    # The only account is chosen for the user.
    assert wizard.account_page.account_name() == "Local"
    wizard.button(NEXT).click()
    assert wizard.currentId() == CampaignWizard.PAGE_SCHEDULE


def _wait_report(qtbot, wizard: CampaignWizard) -> None:  # type: ignore[no-untyped-def]
    page = wizard.review_page
    qtbot.waitUntil(
        lambda: page.report is not None or bool(page.errors_label.text()), timeout=10_000
    )


def test_wizard_sends_a_campaign_end_to_end(
    qtbot, ctx, mail_world, open_wizard, start_sending
) -> None:  # type: ignore[no-untyped-def]
    start_sending()
    page = CampaignsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.loaded)
    changes: list[Changes] = []
    ctx.bus.sig_changed.connect(changes.append)
    anne = [c.id for c in list_contacts(ctx.db) if c.email == "anne@example.fr"]
    tag_contacts(ctx.db, anne, ["vip"])
    wizard = open_wizard()
    _pick_template(qtbot, wizard)

    # Audience: the live count says who receives it and who is left out.
    audience = wizard.audience_page
    assert not wizard.button(NEXT).isEnabled()
    assert audience.count_label.text() == "Tick at least one list, tag or segment."
    _pick_audience(qtbot, wizard, "list:Clients")
    assert audience.count == AudienceCount(recipients=3, suppressed=1)
    assert audience.count_label.text().startswith("3 recipient")
    assert "1 unsubscribed" in audience.count_label.text()
    # Leaving out a tag counts again.
    assert audience.exclude_tree.set_checked("tag:vip")
    qtbot.waitUntil(lambda: audience.count == AudienceCount(2, 1), timeout=5000)
    assert audience.include() == ["list:Clients"] and audience.exclude() == ["tag:vip"]
    assert audience.exclude_tree.set_checked("tag:vip", False)
    qtbot.waitUntil(lambda: audience.count == AudienceCount(3, 1), timeout=5000)

    _to_review(qtbot, wizard)
    schedule = wizard.schedule_page
    assert schedule.now_radio.isChecked() and schedule.scheduled_at() is None
    wizard.button(NEXT).click()
    assert wizard.currentId() == CampaignWizard.PAGE_REVIEW

    # Review: the pre-send check.
    review = wizard.review_page
    assert wizard.button(DRAFT).isVisible()
    assert wizard.button(FINISH).text() == "Send now"
    _wait_report(qtbot, wizard)
    report = review.report
    assert report is not None and report.ok, review.errors_label.text()
    assert review.recipients_label.text() == "3"
    assert review.suppressed_label.text() == "1"
    assert review.text_label.text() == "Generated from the HTML"
    assert "limit" in review.size_label.text()
    assert review.errors_label.text() == ""
    assert "Template: Soldes" in review.summary_label.text()
    assert "list “Clients”" in review.summary_label.text()
    assert review.name().startswith("Soldes")
    review.name_edit.clear()
    assert not wizard.button(FINISH).isEnabled()  # a campaign needs a name
    review.name_edit.setText("Soldes d’hiver")
    assert wizard.button(FINISH).isEnabled()

    saved: list[object] = []
    wizard.sig_campaign_saved.connect(saved.append)
    wizard.button(FINISH).click()
    qtbot.waitUntil(lambda: bool(saved), timeout=10_000)
    assert not wizard.isVisible()
    assert Changes(campaigns=True, messages=True) in changes

    # The messages arrive at the server; the page shows the campaign done.
    qtbot.waitUntil(lambda: len(mail_world.messages) == 3, timeout=20_000)
    assert sorted(m.rcpt_tos[0] for m in mail_world.messages) == [
        "anne@example.fr",
        "bruno@example.fr",
        "chloe@example.fr",
    ]
    qtbot.waitUntil(lambda: get_campaign(ctx.db, "Soldes d’hiver").status == "done", timeout=20_000)
    qtbot.waitUntil(lambda: page.model.row_of("Soldes d’hiver") >= 0, timeout=5000)
    row = page.model.row_of("Soldes d’hiver")
    qtbot.waitUntil(
        lambda: page.model.index(row, page.model.STATUS).data() == "Done", timeout=10_000
    )
    assert page.model.index(row, page.model.PROGRESS).data() == "4 / 4"


def test_scheduled_campaign_waits(qtbot, ctx, mail_world, open_wizard) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard()
    _pick_template(qtbot, wizard)
    _pick_audience(qtbot, wizard, "list:Clients")
    _to_review(qtbot, wizard)
    schedule = wizard.schedule_page
    schedule.later_radio.setChecked(True)
    assert schedule.time_edit.isEnabled()
    # A past time is refused.
    schedule.time_edit.setDateTime(QDateTime.currentDateTime().addSecs(-3600))
    assert not wizard.button(NEXT).isEnabled()
    assert schedule.message_label.text() == "Choose a time in the future."
    # Tomorrow, local time: stored as the same instant in UTC.
    tomorrow = QDateTime.currentDateTime().addDays(1)
    schedule.time_edit.setDateTime(tomorrow)
    assert wizard.button(NEXT).isEnabled() and schedule.message_label.text() == ""
    expected = datetime.fromtimestamp(tomorrow.toSecsSinceEpoch(), UTC)
    assert schedule.scheduled_at() == expected
    assert schedule.scheduled_at().tzinfo is UTC
    wizard.button(NEXT).click()
    assert wizard.button(FINISH).text() == "Schedule"
    _wait_report(qtbot, wizard)
    assert wizard.review_page.report is not None and wizard.review_page.report.ok
    wizard.review_page.name_edit.setText("Plus tard")
    wizard.button(FINISH).click()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10_000)
    campaign = get_campaign(ctx.db, "Plus tard")
    assert campaign.status == "scheduled"
    assert campaign.scheduled_at == expected
    assert mail_world.messages == []

    page = CampaignsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.loaded)
    row = page.model.row_of("Plus tard")
    assert page.model.index(row, page.model.STATUS).data() == "Scheduled"
    shown = page.model.index(row, page.model.SCHEDULED).data()
    assert shown == QLocale().toString(
        QDateTime(expected.astimezone()), QLocale.FormatType.ShortFormat
    )


def test_errors_block_sending_but_a_draft_can_be_saved(qtbot, ctx, mail_world, open_wizard) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from app.db.models import Contact

    with ctx.db.session() as s:  # nobody left to send to
        s.execute(update(Contact).values(status="unsubscribed"))
    wizard = open_wizard()
    _pick_template(qtbot, wizard)
    _pick_audience(qtbot, wizard, "list:Clients")
    assert wizard.audience_page.count == AudienceCount(0, 4)
    _to_review(qtbot, wizard)
    wizard.button(NEXT).click()
    _wait_report(qtbot, wizard)
    review = wizard.review_page
    assert review.report is not None and not review.report.ok
    assert "Nobody would receive this campaign" in review.errors_label.text()
    assert not wizard.button(FINISH).isEnabled()
    assert wizard.button(DRAFT).isEnabled()
    review.name_edit.setText("Brouillon")
    wizard.button(DRAFT).click()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10_000)
    assert [(c.name, c.status) for c in list_campaigns(ctx.db)] == [("Brouillon", "draft")]


def test_finish_refused_is_kept_as_a_draft_and_updated_on_retry(
    qtbot, ctx, mail_world, open_wizard
) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard()
    _pick_template(qtbot, wizard)
    _pick_audience(qtbot, wizard, "list:Clients")
    _to_review(qtbot, wizard)
    wizard.schedule_page.later_radio.setChecked(True)
    wizard.schedule_page.time_edit.setDateTime(QDateTime.currentDateTime().addSecs(3600))
    wizard.button(NEXT).click()
    _wait_report(qtbot, wizard)
    wizard.review_page.name_edit.setText("Bientôt")
    # The time passes while the review is open: Finish refuses, nothing is saved.
    wizard.schedule_page.time_edit.setDateTime(QDateTime.currentDateTime().addSecs(-60))
    wizard.button(FINISH).click()
    assert wizard.isVisible() and "has passed" in wizard.review_page.status_label.text()
    assert list_campaigns(ctx.db) == []


def test_test_message_from_the_review(qtbot, ctx, mail_world, open_wizard, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from app.db.models import Contact

    with ctx.db.session() as s:  # the template greets by first name: Chloé has none now
        s.execute(update(Contact).where(Contact.email == "chloe@example.fr").values(first_name=""))
    wizard = open_wizard()
    _pick_template(qtbot, wizard)
    _pick_audience(qtbot, wizard, "list:Clients")
    _to_review(qtbot, wizard)
    wizard.button(NEXT).click()
    _wait_report(qtbot, wizard)
    review = wizard.review_page
    assert review.report is not None and review.report.ok  # a warning does not block
    assert review.missing_label.text().startswith("first_name: empty for 1 contact")
    assert "Some contacts lack a value" in review.warnings_label.text()
    assert wizard.button(FINISH).isEnabled()
    monkeypatch.setattr(review, "ask_test_address", lambda: "moi@example.fr")
    review.test_button.click()
    qtbot.waitUntil(
        lambda: review.test_label.text().startswith("Test message sent"), timeout=10_000
    )
    assert review.test_label.text() == "Test message sent to moi@example.fr."
    assert [m.rcpt_tos for m in mail_world.messages] == [("moi@example.fr",)]
    # Nothing was saved by the test.
    assert list_campaigns(ctx.db) == []


def test_live_count_ignores_stale_results(qtbot, ctx, mail_world, open_wizard) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard()
    _pick_template(qtbot, wizard)
    audience = wizard.audience_page
    qtbot.waitUntil(lambda: audience.loaded)
    # Ticked and unticked quickly: only the last state is counted.
    audience.include_tree.set_checked("all")
    audience.include_tree.set_checked("list:Clients")
    audience.include_tree.set_checked("all", False)
    assert audience.count is None and audience.count_label.text() == "Counting…"
    qtbot.waitUntil(lambda: audience.count is not None, timeout=5000)
    assert audience.count == AudienceCount(3, 1)
    audience.include_tree.set_checked("list:Clients", False)
    assert audience.count is None and not wizard.button(NEXT).isEnabled()
    assert audience.count_label.text() == "Tick at least one list, tag or segment."
    wait_idle(qtbot, ctx)
    assert audience.count is None  # a count started before did not come back to show


def test_recurring_campaign_is_scheduled(qtbot, ctx, mail_world, open_wizard) -> None:  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import QTime

    from ui.widgets.recurrence_editor import CUSTOM, WEEKDAYS

    wizard = open_wizard()
    _pick_template(qtbot, wizard)
    _pick_audience(qtbot, wizard, "list:Clients")
    _to_review(qtbot, wizard)
    schedule = wizard.schedule_page
    editor = schedule.recurrence
    assert not editor.isVisibleTo(schedule)  # shown once "Repeat" is chosen
    schedule.repeat_radio.setChecked(True)
    assert editor.isVisibleTo(schedule) and not schedule.time_edit.isEnabled()
    assert schedule.scheduled_at() is None

    # An expression that is not one blocks Next; the editor says why.
    editor.set_frequency(CUSTOM)
    editor.cron_edit.setText("every monday")
    qtbot.waitUntil(lambda: bool(editor.error_label.text()), timeout=5000)
    assert not wizard.button(NEXT).isEnabled()

    editor.set_frequency(WEEKDAYS)
    editor.time_edit.setTime(QTime(8, 30))
    qtbot.waitUntil(lambda: wizard.button(NEXT).isEnabled(), timeout=5000)
    assert (schedule.cron(), schedule.timezone()) == ("30 8 * * 1-5", "Europe/Paris")
    wizard.button(NEXT).click()
    assert wizard.currentId() == CampaignWizard.PAGE_REVIEW
    review = wizard.review_page
    assert wizard.button(FINISH).text() == "Schedule"
    # The review says the schedule in words and its next date.
    summary = review.summary_label.text()
    assert "Sending: Every weekday (Monday to Friday) at 08:30 (Europe/Paris); next on " in summary
    _wait_report(qtbot, wizard)
    assert review.report is not None and review.report.ok
    review.name_edit.setText("Lettre du matin")
    with qtbot.waitSignal(wizard.sig_campaign_saved, timeout=10_000) as saved:
        wizard.button(FINISH).click()

    campaign = get_campaign(ctx.db, "Lettre du matin")
    assert saved.args[0].name == "Lettre du matin"
    assert (campaign.status, campaign.cron, campaign.timezone) == (
        "scheduled",
        "30 8 * * 1-5",
        "Europe/Paris",
    )
    assert campaign.scheduled_at is None and campaign.recurring
    nxt = campaign.next_run_at.astimezone(ZoneInfo("Europe/Paris"))
    assert nxt.weekday() < 5 and (nxt.hour, nxt.minute) == (8, 30)
    assert mail_world.messages == []  # each occurrence is the scheduler's


def test_a_recurring_draft_keeps_its_schedule(qtbot, ctx, mail_world, open_wizard) -> None:  # type: ignore[no-untyped-def]
    wizard = open_wizard()
    _pick_template(qtbot, wizard)
    _pick_audience(qtbot, wizard, "list:Clients")
    _to_review(qtbot, wizard)
    schedule = wizard.schedule_page
    schedule.repeat_radio.setChecked(True)
    schedule.recurrence.set_schedule("0 10 1 * *", "Europe/Brussels")
    qtbot.waitUntil(lambda: wizard.button(NEXT).isEnabled(), timeout=5000)
    wizard.button(NEXT).click()
    assert "On day 1 of every month at 10:00 (Europe/Brussels)" in (
        wizard.review_page.summary_label.text()
    )
    wizard.review_page.name_edit.setText("Mensuelle")
    with qtbot.waitSignal(wizard.sig_campaign_saved, timeout=10_000):
        wizard.button(DRAFT).click()
    campaign = get_campaign(ctx.db, "Mensuelle")
    assert (campaign.status, campaign.cron, campaign.timezone) == (
        "draft",
        "0 10 1 * *",
        "Europe/Brussels",
    )
