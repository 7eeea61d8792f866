"""The rule editor: a trigger, an optional filter (the segment rule builder), ordered actions,
marketing or transactional, a frequency cap.

The names offered (templates, accounts, sequences, tags, lists, custom events seen so far,
attributes) are read in the background when the dialog opens; the rule edited is shown at once
and its names stay selected whether or not they are listed. Saving runs in the background and the
service's refusal (no action, an unknown template...) is shown in the dialog, translated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.automation.durations import format_duration, parse_duration
from app.automation.events import RESERVED_NAMES, list_events
from app.automation.rules import (
    ActionInput,
    RuleData,
    RuleInput,
    create_rule,
    list_rules,
    update_rule,
)
from app.automation.sequences import list_sequences
from app.contacts.segments import attribute_keys
from app.contacts.service import list_lists, list_tags
from app.db import Database
from app.errors import FacteurError
from app.logs import log_unexpected
from app.sending.accounts import list_accounts
from app.templates.service import list_templates
from ui.context import AppContext
from ui.dialogs.saving_dialog import SavingDialog
from ui.errors import error_text
from ui.tasks import Op
from ui.widgets.rule_builder import RuleBuilder

# Trigger picker entries (the combo's data); "custom" is any other event name.
TRIGGER_KINDS = (
    "contact_created",
    "tag_added",
    "list_added",
    "unsubscribed",
    "email_opened",
    "link_clicked",
    "form_signup",
    "birthday",
    "date",
    "custom",
)
_EMPTY, _TAG, _LIST, _BIRTHDAY, _DATE, _CUSTOM = range(6)
_PARAM_PAGE = {
    "contact_created": _EMPTY,
    "unsubscribed": _EMPTY,
    "email_opened": _EMPTY,
    "link_clicked": _EMPTY,
    "form_signup": _EMPTY,
    "tag_added": _TAG,
    "list_added": _LIST,
    "birthday": _BIRTHDAY,
    "date": _DATE,
    "custom": _CUSTOM,
}
ACTION_KINDS = ("send", "enroll", "add_tag", "remove_tag", "add_to_list")
_SEND, _ENROLL, _TAG_NAME, _LIST_NAME = range(4)
_ACTION_PAGE = {
    "send": _SEND,
    "enroll": _ENROLL,
    "add_tag": _TAG_NAME,
    "remove_tag": _TAG_NAME,
    "add_to_list": _LIST_NAME,
}
CAP_UNITS = (60, 3600, 86400)  # minutes, hours, days


@dataclass
class RuleChoices:
    """The names the editor offers."""

    templates: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    sequences: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # custom event names seen or used
    attributes: list[str] = field(default_factory=list)


def load_rule_choices(db: Database) -> RuleChoices:
    """Every name the rule editor offers (run in the background)."""
    events: dict[str, None] = {}
    for event in list_events(db, limit=500):
        if event.name not in RESERVED_NAMES:
            events[event.name] = None
    for rule in list_rules(db):
        if rule.trigger not in RESERVED_NAMES:
            events[rule.trigger] = None
    return RuleChoices(
        templates=[t.name for t in list_templates(db)],
        accounts=[a.name for a in list_accounts(db)],
        sequences=[s.name for s in list_sequences(db)],
        tags=[t.name for t in list_tags(db)],
        lists=[x.name for x in list_lists(db)],
        events=sorted(events, key=str.lower),
        attributes=attribute_keys(db),
    )


def fill_combo(combo: QComboBox, names: Sequence[str], current: str | None = None) -> None:
    """Replace a combo's names, keeping ``current`` (or what was chosen) chosen even when it is
    not among them. An editable combo keeps its text."""
    if current is None:
        current = combo.currentText() if combo.isEditable() else combo.currentData()
    blocked = combo.blockSignals(True)
    try:
        combo.clear()
        for name in names:
            combo.addItem(name, name)
        if current:
            index = combo.findData(current)
            if index < 0:
                combo.addItem(current, current)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
        elif combo.isEditable():
            combo.setCurrentIndex(-1)
            combo.setEditText("")
    finally:
        combo.blockSignals(blocked)


def hour_combo(parent: QWidget) -> QComboBox:
    """00:00 ... 23:00, the hour as data."""
    combo = QComboBox(parent)
    for hour in range(24):
        combo.addItem(f"{hour:02d}:00", hour)
    combo.setCurrentIndex(9)
    return combo


def _completing_edit(parent: QWidget, model: QStringListModel) -> QLineEdit:
    edit = QLineEdit(parent)
    completer = QCompleter(model, edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    edit.setCompleter(completer)
    return edit


class ActionRow(QWidget):
    """One action: its kind and what it needs (a template and account, a sequence, a name)."""

    sig_remove_requested = Signal(object)
    """The row's Remove button was clicked; carries the row."""

    def __init__(self, dialog: RuleDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.setObjectName("ruleActionRow")
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("actionKind")
        for kind, label in (
            ("send", self.tr("Send the template")),
            ("enroll", self.tr("Enroll in the sequence")),
            ("add_tag", self.tr("Add the tag")),
            ("remove_tag", self.tr("Remove the tag")),
            ("add_to_list", self.tr("Add to the list")),
        ):
            self.kind_combo.addItem(label, kind)

        self.template_combo = QComboBox(self)
        self.template_combo.setObjectName("actionTemplate")
        self.template_combo.setMinimumContentsLength(16)
        self.account_label = QLabel(self.tr("through"), self)
        self.account_combo = QComboBox(self)
        self.account_combo.setObjectName("actionAccount")
        send = QWidget(self)
        send_layout = QHBoxLayout(send)
        send_layout.setContentsMargins(0, 0, 0, 0)
        send_layout.addWidget(self.template_combo, 2)
        send_layout.addWidget(self.account_label)
        send_layout.addWidget(self.account_combo, 1)
        self.sequence_combo = QComboBox(self)
        self.sequence_combo.setObjectName("actionSequence")
        self.tag_combo = QComboBox(self)
        self.tag_combo.setObjectName("actionTag")
        self.tag_combo.setEditable(True)
        self.tag_combo.lineEdit().setPlaceholderText(self.tr("tag name"))
        self.list_combo = QComboBox(self)
        self.list_combo.setObjectName("actionList")
        self.stack = QStackedWidget(self)
        for page in (send, self.sequence_combo, self.tag_combo, self.list_combo):
            self.stack.addWidget(page)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("actionRemove")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind_combo)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.remove_button)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_current_index_changed)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.set_choices(dialog.choices)

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.stack.setCurrentIndex(_ACTION_PAGE.get(self.kind(), _SEND))

    def set_choices(self, choices: RuleChoices) -> None:
        fill_combo(self.template_combo, choices.templates)
        fill_combo(self.account_combo, choices.accounts)
        fill_combo(self.sequence_combo, choices.sequences)
        fill_combo(self.tag_combo, choices.tags)
        fill_combo(self.list_combo, choices.lists)
        # One account (the usual case): nothing to choose, the service takes the only one.
        several = self.account_combo.count() > 1
        self.account_combo.setVisible(several)
        self.account_label.setVisible(several)

    def action(self) -> ActionInput:
        kind = self.kind()
        if kind == "send":
            # With one account the combo is hidden, and that account is the one used anyway.
            account = self.account_combo.currentData() or ""
            return ActionInput(
                kind, template=self.template_combo.currentData() or "", account=account
            )
        if kind == "enroll":
            return ActionInput(kind, sequence=self.sequence_combo.currentData() or "")
        if kind in ("add_tag", "remove_tag"):
            return ActionInput(kind, name=self.tag_combo.currentText().strip())
        return ActionInput(kind, name=self.list_combo.currentData() or "")

    def set_action(self, action: ActionInput) -> None:
        self.set_kind(action.kind)
        if action.kind == "send":
            fill_combo(self.template_combo, self._names(self.template_combo), action.template)
            if action.account:
                fill_combo(self.account_combo, self._names(self.account_combo), action.account)
                several = self.account_combo.count() > 1
                self.account_combo.setVisible(several)
                self.account_label.setVisible(several)
        elif action.kind == "enroll":
            fill_combo(self.sequence_combo, self._names(self.sequence_combo), action.sequence)
        elif action.kind in ("add_tag", "remove_tag"):
            fill_combo(self.tag_combo, self._names(self.tag_combo), action.name)
        else:
            fill_combo(self.list_combo, self._names(self.list_combo), action.name)

    @staticmethod
    def _names(combo: QComboBox) -> list[str]:
        return [combo.itemData(i) for i in range(combo.count())]

    def _on_kind_combo_current_index_changed(self, _index: int) -> None:
        self.stack.setCurrentIndex(_ACTION_PAGE.get(self.kind(), _SEND))

    def _on_remove_button_clicked(self) -> None:
        self.sig_remove_requested.emit(self)


class RuleDialog(SavingDialog):
    """Create a rule (``rule=None``) or change one; ``saved`` holds the result once accepted."""

    sig_rule_saved = Signal(object)
    """The rule was saved; carries the stored ``RuleData``."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, rule: RuleData | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rule = rule
        self.saved: RuleData | None = None
        self.choices = RuleChoices()
        self.loaded = False
        self.action_rows: list[ActionRow] = []
        self.setObjectName("ruleDialog")
        if rule is None:
            self.setWindowTitle(self.tr("New rule"))
        else:
            self.setWindowTitle(self.tr("Edit the rule “{name}”").format(name=rule.name))
        self.resize(760, 720)

        self._events = QStringListModel(self)
        self._attributes = QStringListModel(self)
        content = QWidget(self)
        body = QVBoxLayout(content)
        form = QFormLayout()
        self.name_edit = QLineEdit(content)
        self.name_edit.setObjectName("ruleName")
        self.name_edit.setMaxLength(200)
        self.name_edit.setPlaceholderText(self.tr("e.g. Welcome mail"))
        form.addRow(self.tr("Name:"), self.name_edit)
        body.addLayout(form)
        body.addWidget(self._build_trigger(content))
        body.addWidget(self._build_filter(content))
        body.addWidget(self._build_actions(content))
        body.addWidget(self._build_options(content))
        body.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)

        self.build_footer("ruleError")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.form_error)
        layout.addWidget(self.buttons)

        if rule is not None:
            self.set_rule_input(rule.to_input())
        else:
            self.add_action(ActionInput("send"))
        self._load_choices()

    @property
    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    # --- building ------------------------------------------------------------------------------

    def _build_trigger(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("When"), parent)
        layout = QVBoxLayout(box)
        self.trigger_combo = QComboBox(box)
        self.trigger_combo.setObjectName("ruleTrigger")
        for kind, label in (
            ("contact_created", self.tr("A contact is created")),
            ("tag_added", self.tr("A tag is added to a contact")),
            ("list_added", self.tr("A contact is added to a list")),
            ("unsubscribed", self.tr("A contact unsubscribes")),
            ("email_opened", self.tr("A contact opens a mail (tracked mail, first open)")),
            ("link_clicked", self.tr("A contact clicks a link in a mail")),
            ("form_signup", self.tr("A contact signs up through a form (once confirmed)")),
            ("birthday", self.tr("On a contact's birthday")),
            ("date", self.tr("On a date of the contact (renewal, appointment…)")),
            ("custom", self.tr("A custom event happens (from your site or the command line)")),
        ):
            self.trigger_combo.addItem(label, kind)
        layout.addWidget(self.trigger_combo)

        self.param_stack = QStackedWidget(box)
        self.param_stack.addWidget(QWidget(box))  # _EMPTY

        tag_page = QWidget(box)
        tag_form = QFormLayout(tag_page)
        tag_form.setContentsMargins(0, 0, 0, 0)
        self.tag_combo = QComboBox(tag_page)
        self.tag_combo.setObjectName("triggerTag")
        self.tag_combo.setEditable(True)
        self.tag_combo.lineEdit().setPlaceholderText(self.tr("any tag"))
        self.tag_combo.setToolTip(self.tr("Leave empty for any tag."))
        tag_form.addRow(self.tr("Tag:"), self.tag_combo)
        self.param_stack.addWidget(tag_page)

        list_page = QWidget(box)
        list_form = QFormLayout(list_page)
        list_form.setContentsMargins(0, 0, 0, 0)
        self.list_combo = QComboBox(list_page)
        self.list_combo.setObjectName("triggerList")
        self._fill_list_combo("")
        list_form.addRow(self.tr("List:"), self.list_combo)
        self.param_stack.addWidget(list_page)

        birthday_page = QWidget(box)
        birthday_form = QFormLayout(birthday_page)
        birthday_form.setContentsMargins(0, 0, 0, 0)
        self.birthday_attribute = _completing_edit(birthday_page, self._attributes)
        self.birthday_attribute.setObjectName("birthdayAttribute")
        self.birthday_attribute.setText("birthday")
        self.birthday_hour = hour_combo(birthday_page)
        self.birthday_hour.setObjectName("birthdayHour")
        birthday_form.addRow(self.tr("Custom field holding the date:"), self.birthday_attribute)
        birthday_form.addRow(self.tr("From:"), self.birthday_hour)
        birthday_form.addRow(
            "", QLabel(self.tr("Every year, in French time (Europe/Paris)."), birthday_page)
        )
        self.param_stack.addWidget(birthday_page)

        date_page = QWidget(box)
        date_form = QFormLayout(date_page)
        date_form.setContentsMargins(0, 0, 0, 0)
        self.date_attribute = _completing_edit(date_page, self._attributes)
        self.date_attribute.setObjectName("dateAttribute")
        self.date_attribute.setPlaceholderText(self.tr("e.g. renewal"))
        self.date_days = QSpinBox(date_page)
        self.date_days.setObjectName("dateDays")
        self.date_days.setRange(0, 3650)
        self.date_direction = QComboBox(date_page)
        self.date_direction.setObjectName("dateDirection")
        self.date_direction.addItem(self.tr("day(s) before the date"), -1)
        self.date_direction.addItem(self.tr("day(s) after the date"), 1)
        days_row = QHBoxLayout()
        days_row.addWidget(self.date_days)
        days_row.addWidget(self.date_direction, 1)
        self.date_hour = hour_combo(date_page)
        self.date_hour.setObjectName("dateHour")
        self.date_yearly = QCheckBox(self.tr("Every year (on the anniversary of the date)"))
        self.date_yearly.setObjectName("dateYearly")
        date_form.addRow(self.tr("Custom field holding the date:"), self.date_attribute)
        date_form.addRow(self.tr("When:"), days_row)
        date_form.addRow(self.tr("From:"), self.date_hour)
        date_form.addRow("", self.date_yearly)
        date_form.addRow(
            "",
            QLabel(self.tr("Dates and hours are read in French time (Europe/Paris)."), date_page),
        )
        self.param_stack.addWidget(date_page)

        custom_page = QWidget(box)
        custom_form = QFormLayout(custom_page)
        custom_form.setContentsMargins(0, 0, 0, 0)
        self.event_edit = _completing_edit(custom_page, self._events)
        self.event_edit.setObjectName("triggerEvent")
        self.event_edit.setPlaceholderText(self.tr("e.g. signup, order.paid"))
        custom_form.addRow(self.tr("Event name:"), self.event_edit)
        self.param_stack.addWidget(custom_page)

        layout.addWidget(self.param_stack)
        self._show_param_page()
        self.trigger_combo.currentIndexChanged.connect(self._on_trigger_combo_current_index_changed)
        return box

    def _build_filter(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Who"), parent)
        layout = QVBoxLayout(box)
        self.filter_check = QCheckBox(self.tr("Only for contacts matching:"), box)
        self.filter_check.setObjectName("ruleFilterCheck")
        self.rule_builder = RuleBuilder(self.ctx, box)
        self.rule_builder.setObjectName("ruleFilter")
        self.rule_builder.setVisible(False)
        layout.addWidget(self.filter_check)
        layout.addWidget(self.rule_builder)
        self.filter_check.toggled.connect(self._on_filter_check_toggled)
        return box

    def _build_actions(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Do (in this order)"), parent)
        layout = QVBoxLayout(box)
        self.actions_layout = QVBoxLayout()
        layout.addLayout(self.actions_layout)
        self.add_action_button = QPushButton(self.tr("Add an action"), box)
        self.add_action_button.setObjectName("ruleAddAction")
        self.add_action_button.clicked.connect(self._on_add_action_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.add_action_button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _build_options(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Options"), parent)
        layout = QVBoxLayout(box)
        self.transactional_check = QCheckBox(
            self.tr(
                "Transactional (password reset, order confirmation): also sent to contacts who "
                "unsubscribed from marketing"
            ),
            box,
        )
        self.transactional_check.setObjectName("ruleTransactional")
        layout.addWidget(self.transactional_check)
        self.cap_check = QCheckBox(self.tr("At most once per contact every"), box)
        self.cap_check.setObjectName("ruleCapCheck")
        self.cap_number = QSpinBox(box)
        self.cap_number.setObjectName("ruleCapNumber")
        self.cap_number.setRange(1, 3650)
        self.cap_number.setValue(1)
        self.cap_unit = QComboBox(box)
        self.cap_unit.setObjectName("ruleCapUnit")
        for seconds, label in zip(
            CAP_UNITS, (self.tr("minute(s)"), self.tr("hour(s)"), self.tr("day(s)")), strict=True
        ):
            self.cap_unit.addItem(label, seconds)
        self.cap_unit.setCurrentIndex(2)
        cap_row = QHBoxLayout()
        cap_row.addWidget(self.cap_check)
        cap_row.addWidget(self.cap_number)
        cap_row.addWidget(self.cap_unit)
        cap_row.addStretch(1)
        layout.addLayout(cap_row)
        self.cap_check.toggled.connect(self._on_cap_check_toggled)
        self._on_cap_check_toggled(False)
        self.enabled_check = QCheckBox(self.tr("Enabled (uncheck to pause the rule)"), box)
        self.enabled_check.setObjectName("ruleEnabled")
        self.enabled_check.setChecked(True)
        layout.addWidget(self.enabled_check)
        return box

    # --- choices ---------------------------------------------------------------------------------

    def _load_choices(self) -> None:
        db = self.ctx.db
        Op(self, lambda: load_rule_choices(db)).success(self._on_choices_loaded).failure(
            self._on_choices_failed
        ).run_in_background("io")

    def _on_choices_loaded(self, choices: RuleChoices) -> None:
        self.choices = choices
        fill_combo(self.tag_combo, choices.tags)
        self._fill_list_combo(self.list_combo.currentData() or "")
        self._events.setStringList(choices.events)
        self._attributes.setStringList(choices.attributes)
        for row in self.action_rows:
            row.set_choices(choices)
        self.loaded = True

    def _on_choices_failed(self, exc: BaseException) -> None:
        # The dialog works without the lists (names can still be typed or were set); say why.
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "loading the rule editor's choices")
        self.loaded = True
        self._show_form_error(error_text(exc))

    # --- the rule --------------------------------------------------------------------------------

    def trigger_kind(self) -> str:
        return str(self.trigger_combo.currentData())

    def set_trigger_kind(self, kind: str) -> None:
        self.trigger_combo.setCurrentIndex(max(0, self.trigger_combo.findData(kind)))
        self._show_param_page()

    def _show_param_page(self) -> None:
        current = _PARAM_PAGE[self.trigger_kind()]
        self.param_stack.setCurrentIndex(current)
        # The stack takes the height of the shown page only, not of the tallest one.
        for index in range(self.param_stack.count()):
            policy = (
                QSizePolicy.Policy.Preferred if index == current else QSizePolicy.Policy.Ignored
            )
            self.param_stack.widget(index).setSizePolicy(policy, policy)
        self.param_stack.adjustSize()

    def _fill_list_combo(self, current: str) -> None:
        """ "Any list" then the lists, ``current`` chosen ("": any)."""
        combo = self.list_combo
        blocked = combo.blockSignals(True)
        try:
            combo.clear()
            combo.addItem(self.tr("Any list"), "")
            for name in self.choices.lists:
                combo.addItem(name, name)
            if current and combo.findData(current) < 0:
                combo.addItem(current, current)
            combo.setCurrentIndex(max(0, combo.findData(current)))
        finally:
            combo.blockSignals(blocked)

    def actions(self) -> list[ActionInput]:
        return [row.action() for row in self.action_rows]

    def add_action(self, action: ActionInput | None = None) -> ActionRow:
        row = ActionRow(self)
        row.sig_remove_requested.connect(self._on_action_row_remove_requested)
        if action is not None:
            row.set_action(action)
        self.action_rows.append(row)
        self.actions_layout.addWidget(row)
        return row

    def remove_action(self, row: ActionRow) -> None:
        if row in self.action_rows:
            self.action_rows.remove(row)
            self.actions_layout.removeWidget(row)
            row.hide()
            row.deleteLater()

    def rule_input(self) -> RuleInput:
        """What the form says, as the service takes it."""
        kind = self.trigger_kind()
        data = RuleInput(
            name=self.name_edit.text().strip(),
            trigger=kind,
            actions=self.actions(),
            transactional=self.transactional_check.isChecked(),
            frequency_cap=self.frequency_cap(),
            enabled=self.enabled_check.isChecked(),
        )
        if kind == "tag_added":
            data.trigger_param = self.tag_combo.currentText().strip()
        elif kind == "list_added":
            data.trigger_param = self.list_combo.currentData() or ""
        elif kind == "birthday":
            data.trigger_param = self.birthday_attribute.text().strip() or "birthday"
            data.hour = int(self.birthday_hour.currentData())
            data.yearly = True
        elif kind == "date":
            data.trigger_param = self.date_attribute.text().strip()
            data.offset_days = self.date_days.value() * int(self.date_direction.currentData())
            data.hour = int(self.date_hour.currentData())
            data.yearly = self.date_yearly.isChecked()
        elif kind == "custom":
            data.trigger = self.event_edit.text().strip()
        if self.filter_check.isChecked() and self.rule_builder.conditions():
            data.filter = self.rule_builder.rule()
        return data

    def frequency_cap(self) -> str:
        if not self.cap_check.isChecked():
            return ""
        return format_duration(self.cap_number.value() * int(self.cap_unit.currentData()))

    def set_rule_input(self, data: RuleInput) -> None:
        """Fill the form from a rule (``RuleData.to_input()``)."""
        self.name_edit.setText(data.name)
        trigger = data.trigger if data.trigger in _PARAM_PAGE else "custom"
        self.set_trigger_kind(trigger)
        if trigger == "tag_added":
            fill_combo(self.tag_combo, self.choices.tags, data.trigger_param)
        elif trigger == "list_added":
            self._fill_list_combo(data.trigger_param)
        elif trigger == "birthday":
            self.birthday_attribute.setText(data.trigger_param or "birthday")
            self.birthday_hour.setCurrentIndex(max(0, self.birthday_hour.findData(data.hour)))
        elif trigger == "date":
            self.date_attribute.setText(data.trigger_param)
            self.date_days.setValue(abs(data.offset_days))
            self.date_direction.setCurrentIndex(
                self.date_direction.findData(-1 if data.offset_days < 0 else 1)
            )
            self.date_hour.setCurrentIndex(max(0, self.date_hour.findData(data.hour)))
            self.date_yearly.setChecked(data.yearly)
        elif trigger == "custom":
            self.event_edit.setText(data.trigger)
        self.filter_check.setChecked(bool(data.filter))
        if data.filter:
            try:
                self.rule_builder.set_rule(data.filter)
            except FacteurError as exc:
                self._show_form_error(error_text(exc))
        for row in list(self.action_rows):
            self.remove_action(row)
        for action in data.actions:
            self.add_action(action)
        self.transactional_check.setChecked(data.transactional)
        self._set_cap(data.frequency_cap)
        self.enabled_check.setChecked(data.enabled)

    def _set_cap(self, text: str) -> None:
        seconds = parse_duration(text) if text else 0
        self.cap_check.setChecked(bool(seconds))
        if not seconds:
            return
        # The largest unit that divides it exactly; below a minute, rounded up to one.
        unit = next((u for u in reversed(CAP_UNITS) if seconds % u == 0), CAP_UNITS[0])
        self.cap_unit.setCurrentIndex(self.cap_unit.findData(unit))
        self.cap_number.setValue(max(1, -(-seconds // unit)))

    # --- saving ----------------------------------------------------------------------------------

    def accept(self) -> None:
        """Save in the background; the dialog closes only once the save succeeded."""
        if self._saving:
            return
        data = self.rule_input()
        db = self.ctx.db
        if self.rule is None:
            fn: Any = lambda: create_rule(db, data)  # noqa: E731
        else:
            name = self.rule.name
            fn = lambda: update_rule(db, name, data)  # noqa: E731
        self.save_in_background(fn)

    def on_saved(self, saved: RuleData) -> None:
        self.saved = saved
        self.sig_rule_saved.emit(saved)

    # --- slots -----------------------------------------------------------------------------------

    def _on_trigger_combo_current_index_changed(self, _index: int) -> None:
        self._show_param_page()

    def _on_filter_check_toggled(self, checked: bool) -> None:
        self.rule_builder.setVisible(checked)
        if checked and not self.rule_builder.conditions():
            self.rule_builder.add_condition()

    def _on_add_action_button_clicked(self) -> None:
        row = self.add_action()
        row.kind_combo.setFocus()

    def _on_action_row_remove_requested(self, row: ActionRow) -> None:
        self.remove_action(row)

    def _on_cap_check_toggled(self, checked: bool) -> None:
        self.cap_number.setEnabled(checked)
        self.cap_unit.setEnabled(checked)
