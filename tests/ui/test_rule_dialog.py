"""The rule editor over a real database: triggers, the filter, actions, options, errors."""

from __future__ import annotations

import pytest

from app.automation.rules import (
    ActionInput,
    RuleInput,
    create_rule,
    get_rule,
    list_rules,
)
from tests.ui.automation_helpers import make_world
from tests.ui.conftest import wait_idle
from ui.dialogs.rule_dialog import RuleDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def dialog(qtbot, ctx):  # type: ignore[no-untyped-def]
    """``dialog(rule=None)``: the editor, shown, once its choices are loaded."""

    def make(rule=None) -> RuleDialog:  # type: ignore[no-untyped-def]
        dialog = RuleDialog(ctx, None, rule)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.loaded)
        return dialog

    yield make
    wait_idle(qtbot, ctx)


def _choose(combo, name: str) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(name)
    assert index >= 0, f"{name!r} is not offered"
    combo.setCurrentIndex(index)


def _save(qtbot, dialog: RuleDialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.sig_rule_saved, timeout=10_000):
        dialog.save_button.click()


def test_create_a_tag_rule_with_a_filter_and_a_send_action(qtbot, ctx, dialog) -> None:  # type: ignore[no-untyped-def]
    make_world(ctx)
    dialog = dialog()
    assert dialog.windowTitle() == "New rule"
    dialog.name_edit.setText("Bienvenue VIP")
    _choose(dialog.trigger_combo, "tag_added")
    assert dialog.param_stack.currentWidget().isVisible()
    assert dialog.tag_combo.findData("vip") >= 0  # the tags are offered
    _choose(dialog.tag_combo, "vip")
    assert not dialog.rule_builder.isVisible()
    dialog.filter_check.setChecked(True)
    assert dialog.rule_builder.isVisible()
    dialog.rule_builder.conditions()[0].set_condition(
        {"field": "list", "op": "eq", "value": "Clients"}
    )
    [action] = dialog.action_rows  # a new rule starts with a "send" action
    assert action.kind() == "send"
    _choose(action.template_combo, "Conseils")
    assert action.account_combo.isHidden()  # one account: nothing to choose
    dialog.cap_check.setChecked(True)
    dialog.cap_number.setValue(12)
    _choose(dialog.cap_unit, 3600)
    _save(qtbot, dialog)

    rule = get_rule(ctx.db, "Bienvenue VIP")
    assert (rule.trigger, rule.trigger_param, rule.on) == ("tag_added", "vip", "tag_added:vip")
    assert rule.filter == {"all": [{"field": "list", "op": "eq", "value": "Clients"}]}
    assert rule.actions == (ActionInput("send", template="Conseils", account="Local"),)
    assert (rule.transactional, rule.frequency_cap, rule.enabled) == (False, "PT12H", True)
    assert dialog.saved == rule


def test_several_actions_and_the_account_when_there_are_several(qtbot, ctx, dialog) -> None:  # type: ignore[no-untyped-def]
    make_world(ctx, accounts=("Boutique", "Support"))
    dialog = dialog()
    dialog.name_edit.setText("Commande")
    _choose(dialog.trigger_combo, "custom")
    dialog.event_edit.setText("order.paid")
    send = dialog.action_rows[0]
    assert not send.account_combo.isHidden()  # two accounts: choose one
    _choose(send.template_combo, "Offre")
    _choose(send.account_combo, "Support")
    tag = dialog.add_action()
    tag.set_kind("add_tag")
    tag.tag_combo.setEditText("client")
    removed = dialog.add_action()
    dialog.remove_action(removed)
    dialog.transactional_check.setChecked(True)
    dialog.enabled_check.setChecked(False)
    _save(qtbot, dialog)

    rule = get_rule(ctx.db, "Commande")
    assert rule.on == "order.paid"
    assert rule.actions == (
        ActionInput("send", template="Offre", account="Support"),
        ActionInput("add_tag", name="client"),
    )
    assert (rule.transactional, rule.enabled, rule.frequency_cap) == (True, False, "")


def test_birthday_and_date_rules(qtbot, ctx, dialog) -> None:  # type: ignore[no-untyped-def]
    make_world(ctx)
    birthday = dialog()
    birthday.name_edit.setText("Anniversaire")
    _choose(birthday.trigger_combo, "birthday")
    assert birthday.birthday_attribute.text() == "birthday"
    _choose(birthday.birthday_hour, 8)
    _choose(birthday.action_rows[0].template_combo, "Offre")
    _save(qtbot, birthday)
    rule = get_rule(ctx.db, "Anniversaire")
    assert (rule.trigger, rule.trigger_param, rule.hour, rule.yearly) == (
        "birthday",
        "birthday",
        8,
        True,
    )

    renewal = dialog()
    renewal.name_edit.setText("Renouvellement")
    _choose(renewal.trigger_combo, "date")
    renewal.date_attribute.setText("renewal")
    renewal.date_days.setValue(3)
    _choose(renewal.date_direction, -1)
    _choose(renewal.date_hour, 10)
    renewal.date_yearly.setChecked(True)
    _choose(renewal.action_rows[0].template_combo, "Conseils")
    _save(qtbot, renewal)
    rule = get_rule(ctx.db, "Renouvellement")
    assert (rule.on, rule.offset_days, rule.hour, rule.yearly) == ("date:renewal", -3, 10, True)


def test_editing_fills_every_field_and_saves_the_changes(qtbot, ctx, dialog) -> None:  # type: ignore[no-untyped-def]
    make_world(ctx)
    create_rule(
        ctx.db,
        RuleInput(
            name="Rappel",
            trigger="date",
            trigger_param="renewal",
            offset_days=7,
            hour=14,
            filter={"all": [{"field": "tag", "op": "eq", "value": "vip"}]},
            actions=[
                ActionInput("send", template="Offre"),
                ActionInput("add_to_list", name="Clients"),
                ActionInput("remove_tag", name="vip"),
            ],
            transactional=True,
            frequency_cap="P2D",
            enabled=False,
        ),
    )
    dialog = dialog(get_rule(ctx.db, "Rappel"))
    assert dialog.windowTitle() == "Edit the rule “Rappel”"
    assert dialog.name_edit.text() == "Rappel"
    assert dialog.trigger_kind() == "date"
    assert dialog.date_attribute.text() == "renewal"
    assert (dialog.date_days.value(), dialog.date_direction.currentData()) == (7, 1)
    assert dialog.date_hour.currentData() == 14
    assert not dialog.date_yearly.isChecked()
    assert dialog.filter_check.isChecked()
    assert dialog.rule_builder.rule() == {"all": [{"field": "tag", "op": "eq", "value": "vip"}]}
    assert [row.kind() for row in dialog.action_rows] == ["send", "add_to_list", "remove_tag"]
    assert dialog.action_rows[0].template_combo.currentData() == "Offre"
    assert dialog.action_rows[1].list_combo.currentData() == "Clients"
    assert dialog.action_rows[2].tag_combo.currentText() == "vip"
    assert dialog.transactional_check.isChecked()
    assert dialog.cap_check.isChecked()
    assert (dialog.cap_number.value(), dialog.cap_unit.currentData()) == (2, 86400)
    assert not dialog.enabled_check.isChecked()
    assert dialog.rule_input() == get_rule(ctx.db, "Rappel").to_input()

    dialog.name_edit.setText("Rappel J-7")
    _choose(dialog.date_direction, -1)
    dialog.filter_check.setChecked(False)
    _save(qtbot, dialog)
    assert [r.name for r in list_rules(ctx.db)] == ["Rappel J-7"]  # the same rule, renamed
    rule = get_rule(ctx.db, "Rappel J-7")
    assert (rule.offset_days, rule.filter) == (-7, None)


def test_tag_and_list_triggers_edited(qtbot, ctx, dialog) -> None:  # type: ignore[no-untyped-def]
    make_world(ctx)
    create_rule(
        ctx.db,
        RuleInput(
            name="Liste",
            trigger="list_added",
            trigger_param="Clients",
            actions=[ActionInput("send", template="Bienvenue")],
        ),
    )
    edit = dialog(get_rule(ctx.db, "Liste"))
    assert edit.trigger_kind() == "list_added"
    assert edit.list_combo.currentData() == "Clients"
    _choose(edit.list_combo, "")  # any list
    _save(qtbot, edit)
    assert get_rule(ctx.db, "Liste").on == "list_added"


def test_a_refusal_is_shown_in_the_dialog(qtbot, ctx, dialog) -> None:  # type: ignore[no-untyped-def]
    make_world(ctx)
    dialog = dialog()
    dialog.name_edit.setText("Sans action")
    dialog.remove_action(dialog.action_rows[0])
    assert dialog.action_rows == []
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.form_error.isVisible(), timeout=10_000)
    assert dialog.form_error.text().startswith("A rule needs at least one action")
    assert dialog.isVisible() and dialog.saved is None
    assert list_rules(ctx.db) == []

    # A bad custom event name: the service's message, and the dialog still open.
    _choose(dialog.trigger_combo, "custom")
    dialog.event_edit.setText("Pas un nom")
    dialog.add_action().set_action(ActionInput("add_tag", name="x"))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "Pas un nom" in dialog.form_error.text(), timeout=10_000)
    assert dialog.save_button.isEnabled()
    dialog.event_edit.setText("signup")
    _save(qtbot, dialog)
    assert not dialog.form_error.isVisible()
    assert get_rule(ctx.db, "Sans action").on == "signup"
