"""The automations page over a real database: rules and sequences listed in words, pause and
resume, delete, the editors, enrolling contacts and where each stands; and the activity page
naming the rule or sequence behind an automation message."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem
from sqlalchemy import select

from app.automation.rules import (
    ActionInput,
    RuleInput,
    create_rule,
    get_rule,
    list_rules,
)
from app.automation.sequences import (
    SequenceInput,
    StepInput,
    advance_due,
    create_sequence,
    enroll_contacts,
    get_sequence,
    list_enrollments,
    list_sequences,
)
from app.db.models import Account, Contact, Rule, Template
from app.sending.outbox import queue_message
from tests.ui.automation_helpers import make_world
from tests.ui.conftest import wait_idle
from ui.dialogs.rule_dialog import RuleDialog
from ui.dialogs.sequence_dialog import EnrollDialog, SequenceDialog
from ui.models.enrollments_model import EnrollmentsModel, local_time_text
from ui.models.messages_model import CAMPAIGN, EMAIL
from ui.pages.activity_page import ActivityPage
from ui.pages.automations_page import (
    AutomationsPage,
    RulesModel,
    SequencesModel,
    trigger_text,
)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def world(ctx) -> None:  # type: ignore[no-untyped-def]
    """Two rules and a three-mail sequence (over the helpers' account, templates, contacts)."""
    make_world(ctx)
    create_sequence(
        ctx.db,
        SequenceInput(
            name="Onboarding",
            steps=[
                StepInput("Bienvenue", "PT0S"),
                StepInput("Conseils", "P2D"),
                StepInput("Offre", "P5D"),
            ],
            window="mon-fri 09:00-18:00",
            exit_on=["purchase"],
        ),
    )
    create_rule(
        ctx.db,
        RuleInput(
            name="VIP",
            trigger="tag_added",
            trigger_param="vip",
            actions=[ActionInput("send", template="Bienvenue"), ActionInput("add_tag", name="x")],
        ),
    )
    create_rule(
        ctx.db,
        RuleInput(
            name="Anniversaire",
            trigger="birthday",
            trigger_param="birthday",
            hour=9,
            actions=[ActionInput("enroll", sequence="Onboarding")],
            transactional=True,
            enabled=False,
        ),
    )


@pytest.fixture
def page(qtbot, ctx):  # type: ignore[no-untyped-def]
    page = AutomationsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitUntil(lambda: page.rules.loaded)
    yield page
    wait_idle(qtbot, ctx)


def _cell(model, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    return model.index(row, column).data()


def _sequences(qtbot, page: AutomationsPage):  # type: ignore[no-untyped-def]
    tab = page.show_sequences()
    qtbot.waitUntil(lambda: tab.loaded)
    return tab


def test_triggers_in_words() -> None:
    assert trigger_text("tag_added", "vip") == "When tag «vip» is added"
    assert trigger_text("tag_added") == "When any tag is added"
    assert trigger_text("list_added", "Clients") == "When added to list «Clients»"
    assert trigger_text("contact_created") == "When a contact is created"
    assert trigger_text("unsubscribed") == "When a contact unsubscribes"
    assert trigger_text("birthday", "birthday", hour=9) == (
        "On the birthday (attribute birthday) at 09:00"
    )
    assert trigger_text("date", "renewal", offset_days=0, hour=14) == (
        "On the date in «renewal» at 14:00"
    )
    assert trigger_text("date", "renewal", offset_days=-3, hour=8, yearly=True).startswith("3 ")
    assert trigger_text("date", "renewal", offset_days=-3, hour=8, yearly=True).endswith(
        "before the date in «renewal» at 08:00, every year"
    )
    assert trigger_text("signup") == "Custom event «signup»"


def test_rules_listed_paused_resumed_and_deleted(
    qtbot, ctx, world, page, monkeypatch, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    tab = page.rules
    model = tab.model
    qtmodeltester.check(model)
    assert [r.name for r in model.items()] == ["Anniversaire", "VIP"]
    vip = model.row_of("VIP")
    assert _cell(model, vip, RulesModel.TRIGGER) == "When tag «vip» is added"
    assert _cell(model, vip, RulesModel.ACTIONS) == "Send «Bienvenue», then Add tag «x»"
    assert _cell(model, vip, RulesModel.KIND) == "Marketing"
    assert _cell(model, vip, RulesModel.STATE) == "Enabled"
    assert _cell(model, vip, RulesModel.FIRINGS) == "0"
    assert _cell(model, vip, RulesModel.LAST_FIRED) == ""
    birthday = model.row_of("Anniversaire")
    assert _cell(model, birthday, RulesModel.TRIGGER) == (
        "On the birthday (attribute birthday) at 09:00"
    )
    assert _cell(model, birthday, RulesModel.ACTIONS) == "Enroll in «Onboarding»"
    assert _cell(model, birthday, RulesModel.KIND) == "Transactional"
    assert _cell(model, birthday, RulesModel.STATE) == "Paused"
    assert model.headerData(RulesModel.TRIGGER, Qt.Orientation.Horizontal) == "When"

    assert not tab.pause_button.isEnabled()  # nothing selected
    tab.select("Anniversaire")
    assert tab.pause_button.text() == "Resume"
    tab.pause_button.click()
    qtbot.waitUntil(
        lambda: _cell(model, model.row_of("Anniversaire"), RulesModel.STATE) == "Enabled"
    )
    assert get_rule(ctx.db, "Anniversaire").enabled
    assert tab.selected().name == "Anniversaire"  # the selection survives the reload
    assert tab.pause_button.text() == "Pause"
    tab.pause_button.click()
    qtbot.waitUntil(
        lambda: _cell(model, model.row_of("Anniversaire"), RulesModel.STATE) == "Paused"
    )
    assert not get_rule(ctx.db, "Anniversaire").enabled
    wait_idle(qtbot, ctx)

    questions: list[str] = []
    answers = [False, True]
    monkeypatch.setattr(
        tab, "confirm", lambda title, text: questions.append(text) or answers.pop(0)
    )
    tab.select("VIP")
    tab.delete_button.click()  # answered No
    wait_idle(qtbot, ctx)
    assert [r.name for r in list_rules(ctx.db)] == ["Anniversaire", "VIP"]
    tab.delete_button.click()
    qtbot.waitUntil(lambda: model.row_of("VIP") < 0)
    assert [r.name for r in list_rules(ctx.db)] == ["Anniversaire"]
    assert questions[0].startswith("Delete the rule “VIP”?")


def test_new_and_edit_open_the_rule_editor(qtbot, ctx, world, page) -> None:  # type: ignore[no-untyped-def]
    tab = page.rules
    tab.new_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, RuleDialog) and dialog.isVisible() and dialog.rule is None
    qtbot.waitUntil(lambda: dialog.loaded)
    dialog.name_edit.setText("Inscription")
    dialog.set_trigger_kind("custom")
    dialog.event_edit.setText("signup")
    dialog.action_rows[0].template_combo.setCurrentIndex(
        dialog.action_rows[0].template_combo.findData("Offre")
    )
    with qtbot.waitSignal(dialog.sig_rule_saved, timeout=10_000):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: tab.model.row_of("Inscription") >= 0)
    qtbot.waitUntil(lambda: tab.selected() is not None and tab.selected().name == "Inscription")
    assert tab.message.text() == "The rule “Inscription” was saved."
    row = tab.model.row_of("Inscription")
    assert _cell(tab.model, row, RulesModel.TRIGGER) == "Custom event «signup»"

    tab.select("VIP")
    tab.edit_button.click()
    qtbot.waitUntil(
        lambda: isinstance(tab.dialog, RuleDialog) and tab.dialog.rule is not None, timeout=5000
    )
    edit = tab.dialog
    assert edit.rule.name == "VIP"
    assert edit.name_edit.text() == "VIP"
    assert edit.tag_combo.currentText() == "vip"
    assert [a.kind() for a in edit.action_rows] == ["send", "add_tag"]
    edit.reject()


def test_sequences_listed_with_the_selected_ones_timeline(
    qtbot, ctx, world, page, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    enroll_contacts(ctx.db, "Onboarding", ["bruno@example.fr"])
    tab = _sequences(qtbot, page)
    model = tab.model
    qtmodeltester.check(model)
    row = model.row_of("Onboarding")
    assert _cell(model, row, SequencesModel.STEPS) == "3"
    assert _cell(model, row, SequencesModel.WINDOW) == "mon-fri 09:00-18:00"
    assert _cell(model, row, SequencesModel.EXIT) == "purchase"
    assert _cell(model, row, SequencesModel.ACTIVE) == "1"
    assert _cell(model, row, SequencesModel.COMPLETED) == "0"
    assert _cell(model, row, SequencesModel.EXITED) == "0"
    assert _cell(model, row, SequencesModel.STATE) == "Enabled"
    assert not tab.detail.isEnabled()
    tab.select("Onboarding")
    assert tab.detail.isEnabled()
    assert tab.timeline.labels() == ["Day 0: Bienvenue", "Day 2: Conseils", "Day 7: Offre"]
    qtbot.waitUntil(lambda: tab.enrollments.rowCount() == 1)
    qtmodeltester.check(tab.enrollments)

    tab.pause_button.click()
    qtbot.waitUntil(
        lambda: _cell(model, model.row_of("Onboarding"), SequencesModel.STATE) == "Paused"
    )
    assert not get_sequence(ctx.db, "Onboarding").enabled
    assert tab.pause_button.text() == "Resume"
    tab.pause_button.click()
    qtbot.waitUntil(
        lambda: _cell(model, model.row_of("Onboarding"), SequencesModel.STATE) == "Enabled"
    )
    assert get_sequence(ctx.db, "Onboarding").enabled
    wait_idle(qtbot, ctx)

    tab.edit_button.click()
    qtbot.waitUntil(lambda: isinstance(tab.dialog, SequenceDialog), timeout=5000)
    edit = tab.dialog
    assert edit.sequence.name == "Onboarding"
    assert edit.running_note.isVisibleTo(edit)  # bruno is in it
    assert edit.timeline.labels() == ["Day 0: Bienvenue", "Day 2: Conseils", "Day 7: Offre"]
    edit.reject()


def test_enroll_a_contact_see_where_they_stand_and_remove_them(
    qtbot, ctx, world, page, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    tab = _sequences(qtbot, page)
    tab.select("Onboarding")
    assert tab.enroll_button.isEnabled()
    tab.enroll_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, EnrollDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.loaded)
    dialog.ok_button.click()  # nothing typed
    assert dialog.form_error.text() == "Type at least one address, or choose a list or a tag."
    dialog.emails_edit.setPlainText("personne@example.fr")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "personne@example.fr" in dialog.form_error.text(), timeout=10_000)
    dialog.emails_edit.setPlainText("anne@example.fr")
    with qtbot.waitSignal(dialog.sig_enrolled, timeout=10_000):
        dialog.ok_button.click()
    assert tab.message.text().startswith("1 contact")
    qtbot.waitUntil(lambda: tab.enrollments.rowCount() == 1)

    model = tab.enrollments
    assert _cell(model, 0, EnrollmentsModel.EMAIL) == "anne@example.fr"
    assert _cell(model, 0, EnrollmentsModel.NAME) == "Anne"
    assert _cell(model, 0, EnrollmentsModel.STANDS) == "Step 1 of 3"
    assert _cell(model, 0, EnrollmentsModel.NEXT_MAIL) == "Bienvenue"
    assert _cell(model, 0, EnrollmentsModel.STATUS) == "In progress"
    [anne] = list_enrollments(ctx.db, "Onboarding")
    assert anne.next_run_at is not None
    assert _cell(model, 0, EnrollmentsModel.NEXT_AT) == local_time_text(anne.next_run_at)
    assert _cell(model, 0, EnrollmentsModel.NEXT_AT)  # a date and a time
    qtbot.waitUntil(
        lambda: _cell(tab.model, tab.model.row_of("Onboarding"), SequencesModel.ACTIVE) == "1"
    )

    # Everyone in the list "Clients": bruno is new, anne already in.
    tab.enroll_button.click()
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.loaded)
    dialog.list_radio.setChecked(True)
    dialog.list_combo.setCurrentIndex(dialog.list_combo.findData("Clients"))
    with qtbot.waitSignal(dialog.sig_enrolled, timeout=10_000):
        dialog.ok_button.click()
    assert tab.message.text().startswith("1 contact")
    assert "1 left out" in tab.message.text()
    qtbot.waitUntil(lambda: tab.enrollments.rowCount() == 2)

    assert not tab.remove_button.isEnabled()  # no contact selected
    tab.enrollments_table.selectRow(model.row_of("anne@example.fr"))
    assert tab.remove_button.isEnabled()
    questions: list[str] = []
    monkeypatch.setattr(tab, "confirm", lambda title, text: questions.append(text) or True)
    tab.remove_button.click()
    qtbot.waitUntil(
        lambda: _cell(model, model.row_of("anne@example.fr"), EnrollmentsModel.STATUS) == "Left"
    )
    row = model.row_of("anne@example.fr")
    assert _cell(model, row, EnrollmentsModel.REASON) == "Removed from the sequence"
    assert _cell(model, row, EnrollmentsModel.STANDS) == "0 of 3 sent"
    assert _cell(model, row, EnrollmentsModel.NEXT_AT) == ""
    assert questions == [
        "Take anne@example.fr out of “Onboarding”? They get no further mail from it."
    ]
    assert tab.message.text().startswith("1 contact")


def test_delete_a_sequence(qtbot, ctx, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    make_world(ctx)
    create_sequence(ctx.db, SequenceInput(name="Court", steps=[StepInput("Offre", "PT0S")]))
    tab = _sequences(qtbot, page)
    tab.select("Court")
    monkeypatch.setattr(tab, "confirm", lambda title, text: True)
    tab.delete_button.click()
    qtbot.waitUntil(lambda: tab.model.row_of("Court") < 0)
    assert list_sequences(ctx.db) == []
    assert not tab.detail.isEnabled()


def test_deleting_a_sequence_a_rule_uses_is_refused(qtbot, ctx, world, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(
        "ui.pages.automations_page.show_error", lambda parent, exc: shown.append(str(exc))
    )
    tab = _sequences(qtbot, page)
    tab.select("Onboarding")
    monkeypatch.setattr(tab, "confirm", lambda title, text: True)
    tab.delete_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "Anniversaire" in shown[0]
    assert [s.name for s in list_sequences(ctx.db)] == ["Onboarding"]


def test_activity_names_the_rule_or_sequence_of_automation_messages(qtbot, ctx, world) -> None:  # type: ignore[no-untyped-def]
    with ctx.db.session() as s:
        queue_message(
            s,
            account_id=s.scalar(select(Account.id)),
            contact_id=s.scalar(select(Contact.id).where(Contact.email == "anne@example.fr")),
            email="anne@example.fr",
            template_id=s.scalar(select(Template.id).where(Template.name == "Bienvenue")),
            rule_id=s.scalar(select(Rule.id).where(Rule.name == "VIP")),
        )
    enroll_contacts(ctx.db, "Onboarding", ["bruno@example.fr"])
    # The first step (no delay) falls due at once, inside the window or at its next opening.
    advance_due(ctx.db, now=datetime(2100, 1, 4, 10, tzinfo=UTC))  # a Monday, 11:00 in Paris

    page = ActivityPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and not page.model.loading)
    wait_idle(qtbot, ctx)
    origins = {
        page.model.index(r, EMAIL).data(): page.origin_text(r) for r in range(page.model.rowCount())
    }
    assert origins == {
        "anne@example.fr": "Rule: VIP",
        "bruno@example.fr": "Sequence: Onboarding (step 1)",
    }
    # The Campaign column's delegate is what paints that text.
    anne = next(r for r in range(2) if page.model.index(r, EMAIL).data() == "anne@example.fr")
    option = QStyleOptionViewItem()
    delegate = page.table.itemDelegateForColumn(CAMPAIGN)
    delegate.initStyleOption(option, page.model.index(anne, CAMPAIGN))
    assert option.text == "Rule: VIP"
    assert not page.table.grab().isNull()


def test_renaming_a_sequence_shows_in_the_rules_that_enroll_in_it(qtbot, ctx, world, page) -> None:  # type: ignore[no-untyped-def]
    rules = page.rules
    anniversaire = rules.model.row_of("Anniversaire")
    assert _cell(rules.model, anniversaire, RulesModel.ACTIONS) == "Enroll in «Onboarding»"
    tab = _sequences(qtbot, page)
    tab.select("Onboarding")
    tab.edit_button.click()
    qtbot.waitUntil(lambda: isinstance(tab.dialog, SequenceDialog), timeout=5000)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.loaded)
    dialog.name_edit.setText("Accueil")
    with qtbot.waitSignal(dialog.sig_sequence_saved, timeout=10_000):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: tab.model.row_of("Accueil") >= 0)
    assert tab.message.text() == "The sequence “Accueil” was saved."
    page.show_rules()
    qtbot.waitUntil(
        lambda: (
            _cell(rules.model, rules.model.row_of("Anniversaire"), RulesModel.ACTIONS)
            == "Enroll in «Accueil»"
        )
    )
