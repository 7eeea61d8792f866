"""A visual editor for segment rules, with a live count of the matching contacts.

The rule tree is the one ``app.contacts.segments`` validates and compiles: a group ``{"all": [...]}``
or ``{"any": [...]}`` of conditions ``{"field": F, "op": OP, "value": V}`` and nested groups. The UI
offers one level of nested groups; ``set_rule`` loads deeper trees all the same, and ``rule()``
returns them unchanged.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QLocale, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.contacts.segments import (
    ATTRIBUTE_OPS,
    DATE_OPS,
    FIELDS,
    attribute_keys,
    count_matching,
    validate_rule,
)
from app.contacts.service import CONTACT_STATUSES, list_lists, list_tags
from app.errors import FacteurError, InvalidInput
from app.logs import log_unexpected
from ui.context import AppContext, Changes
from ui.errors import error_text
from ui.tasks import Op

COUNT_DELAY_MS = 300
ATTRIBUTE_PREFIX = "attributes."
# The field combo's entry for an attribute typed by the user (not yet used by any contact).
OTHER_ATTRIBUTE = "?attribute"  # not a field name: those are FIELDS keys or "attributes.<key>"

# Value editors, as indexes in a condition row's stack.
_TEXT, _LIST, _DATE, _FLAG = range(4)


def operators_for(field: str) -> tuple[str, ...]:
    if field.startswith(ATTRIBUTE_PREFIX):
        return ATTRIBUTE_OPS
    return FIELDS[field][1] if field in FIELDS else ()


def _kind(field: str) -> str:
    return FIELDS[field][0] if field in FIELDS else "text"


class RuleBuilder(QWidget):
    """Edits a segment rule: a top group of conditions and nested groups, and a live count."""

    sig_rule_changed = Signal(object)
    """The rule was edited; carries the new rule (it may be incomplete)."""
    sig_count_changed = Signal(object)
    """The live count arrived (an int), or the rule is not valid (``None``)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.attribute_keys: list[str] = []
        self.names: dict[str, list[str]] = {"tag": [], "list": [], "status": list(CONTACT_STATUSES)}
        self._loading = False
        self._count_generation = 0
        self._count_op: Op | None = None
        self._choices_generation = 0
        self.count: int | None = None

        self.root = GroupEditor(self, depth=0)
        self.count_label = QLabel()
        self.count_label.setObjectName("ruleCount")
        self.count_label.setWordWrap(True)
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.root)
        layout.addWidget(self.count_label)
        layout.addStretch(1)

        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._on_count_timer_timeout)
        ctx.bus.sig_changed.connect(self._on_bus_changed)
        self._load_choices()
        self._on_rule_edited()

    # --- the rule -------------------------------------------------------------------------

    def rule(self) -> dict[str, Any]:
        return self.root.rule()

    def set_rule(self, rule: dict[str, Any]) -> None:
        """Load a rule; raises ``InvalidInput`` when it is not valid or cannot be shown here."""
        try:
            validate_rule(rule)
        except InvalidInput as exc:
            raise InvalidInput(
                self.tr("This rule is not valid: {0}").format(error_text(exc))
            ) from exc
        if "all" not in rule and "any" not in rule:
            rule = {"all": [rule]}  # a bare condition is a group of one
        problem = self._unrepresentable(rule)
        if problem:
            raise InvalidInput(
                self.tr("This rule cannot be shown in the editor: {0}").format(problem)
            )
        self._loading = True
        try:
            self.root.set_rule(rule)
        finally:
            self._loading = False
        self._on_rule_edited()

    def _unrepresentable(self, node: dict[str, Any]) -> str | None:
        for key in ("all", "any"):
            if key in node:
                for item in node[key]:
                    problem = self._unrepresentable(item)
                    if problem:
                        return problem
                return None
        if node["op"] == "in" and any("," in str(v) for v in node["value"]):
            return self.tr("a value of “is one of” contains a comma.")
        return None

    def error(self) -> str | None:
        """Why the current rule is not valid, or ``None``."""
        try:
            validate_rule(self.rule())
        except FacteurError as exc:
            return error_text(exc)
        return None

    def conditions(self) -> list[ConditionRow]:
        """Every condition row, depth first (for tests and for focus handling)."""
        return self.root.conditions()

    def add_condition(self) -> ConditionRow:
        return self.root.add_condition()

    # --- attribute keys and names for the completers ---------------------------------------

    def _load_choices(self) -> None:
        self._choices_generation += 1
        generation = self._choices_generation
        db = self.ctx.db

        def load() -> tuple[list[str], list[str], list[str]]:
            return (
                attribute_keys(db),
                [n.name for n in list_tags(db)],
                [n.name for n in list_lists(db)],
            )

        Op(self, load).success(lambda result: self._on_choices_loaded(generation, result)).failure(
            self._on_choices_failed
        ).run_in_background("io")

    def _on_choices_loaded(
        self, generation: int, result: tuple[list[str], list[str], list[str]]
    ) -> None:
        if generation != self._choices_generation:
            return
        self.attribute_keys, self.names["tag"], self.names["list"] = result
        for row in self.conditions():
            row.refresh_choices()

    def _on_choices_failed(self, exc: BaseException) -> None:
        # The builder still works without suggestions; the count label reports database trouble.
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "loading attribute names for the rule builder")

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.contacts or changes.tags or changes.lists:
            self._load_choices()
            self._schedule_count()

    # --- live count ----------------------------------------------------------------------------

    def _on_rule_edited(self) -> None:
        """Called by the rows and groups after any edit."""
        if self._loading:
            return
        self.sig_rule_changed.emit(self.rule())
        self._schedule_count()

    def _schedule_count(self) -> None:
        # Whatever count is in flight is for an older rule now.
        self._count_generation += 1
        self._count_timer.start()

    def refresh_count(self) -> None:
        """Count now rather than after the delay."""
        self._count_timer.stop()
        self._on_count_timer_timeout()

    def _on_count_timer_timeout(self) -> None:
        self._count_generation += 1
        generation = self._count_generation
        if self._count_op is not None:
            self._count_op.cancel()
            self._count_op = None
        rule = self.rule()
        problem = self.error()
        if problem is not None:
            self._show_count(None, problem)
            return
        self.count_label.setEnabled(False)  # the old figure stays visible, greyed, while counting
        if not self.count_label.text():
            self.count_label.setText(self.tr("Counting…"))
        db = self.ctx.db
        self._count_op = (
            Op(self, lambda: count_matching(db, rule))
            .success(lambda n: self._on_count_succeeded(generation, n))
            .failure(lambda exc: self._on_count_failed(generation, exc))
            .run_in_background("io")
        )

    def _on_count_succeeded(self, generation: int, count: int) -> None:
        if generation != self._count_generation:
            return
        self._count_op = None
        if count == 1:
            text = self.tr("1 matching contact")
        else:
            text = self.tr("%n matching contacts", "", count).replace("%n", _number(count))
        self._show_count(count, text)

    def _on_count_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._count_generation:
            return
        self._count_op = None
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "counting a segment rule")
        self._show_count(None, error_text(exc))

    def _show_count(self, count: int | None, text: str) -> None:
        self.count = count
        self.count_label.setEnabled(True)
        self.count_label.setProperty("invalid", count is None)
        self.count_label.setText(text)
        self.sig_count_changed.emit(count)


def _number(n: int) -> str:
    return QLocale().toString(n)


class GroupEditor(QFrame):
    """A group: all/any of its conditions and nested groups."""

    def __init__(
        self, builder: RuleBuilder, depth: int, parent_group: GroupEditor | None = None
    ) -> None:
        super().__init__()
        self.builder = builder
        self.depth = depth
        self.parent_group = parent_group
        self.setObjectName("ruleGroup")
        if depth > 0:
            self.setFrameShape(QFrame.Shape.StyledPanel)
        self.mode_combo = QComboBox()
        self.mode_combo.setObjectName("ruleMode")
        header = QHBoxLayout()
        if depth == 0:
            self.mode_combo.addItem(self.tr("all of"), "all")
            self.mode_combo.addItem(self.tr("any of"), "any")
            header.addWidget(QLabel(self.tr("Contacts matching")))
            header.addWidget(self.mode_combo)
            header.addWidget(QLabel(self.tr("the following:")))
        else:
            self.mode_combo.addItem(self.tr("All"), "all")
            self.mode_combo.addItem(self.tr("Any"), "any")
            header.addWidget(self.mode_combo)
            header.addWidget(QLabel(self.tr("of these:")))
        header.addStretch(1)
        self.remove_button: QPushButton | None = None
        if parent_group is not None:
            self.remove_button = QPushButton(self.tr("Remove group"))
            self.remove_button.setObjectName("ruleRemoveGroup")
            self.remove_button.clicked.connect(self._on_remove_button_clicked)
            header.addWidget(self.remove_button)
        self.mode_combo.currentIndexChanged.connect(self._on_mode_combo_current_index_changed)

        self.items_layout = QVBoxLayout()
        self.items_layout.setContentsMargins(16 if depth else 0, 0, 0, 0)
        self.add_condition_button = QPushButton(self.tr("Add condition"))
        self.add_condition_button.setObjectName("ruleAddCondition")
        self.add_condition_button.clicked.connect(self._on_add_condition_button_clicked)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(16 if depth else 0, 0, 0, 0)
        buttons.addWidget(self.add_condition_button)
        self.add_group_button: QPushButton | None = None
        if depth == 0:  # the UI offers one level of nesting; set_rule loads deeper trees
            self.add_group_button = QPushButton(self.tr("Add group"))
            self.add_group_button.setObjectName("ruleAddGroup")
            self.add_group_button.clicked.connect(self._on_add_group_button_clicked)
            buttons.addWidget(self.add_group_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(self.items_layout)
        layout.addLayout(buttons)
        self.items: list[ConditionRow | GroupEditor] = []

    def mode(self) -> str:
        return str(self.mode_combo.currentData())

    def set_mode(self, mode: str) -> None:
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(mode)))

    def rule(self) -> dict[str, Any]:
        return {self.mode(): [item.rule() for item in self.items]}

    def set_rule(self, rule: dict[str, Any]) -> None:
        for item in list(self.items):
            self._remove(item)
        mode = "all" if "all" in rule else "any"
        self.set_mode(mode)
        for node in rule[mode]:
            if "all" in node or "any" in node:
                self.add_group().set_rule(node)
            else:
                self.add_condition().set_condition(node)

    def conditions(self) -> list[ConditionRow]:
        rows: list[ConditionRow] = []
        for item in self.items:
            rows.extend(item.conditions() if isinstance(item, GroupEditor) else [item])
        return rows

    def groups(self) -> list[GroupEditor]:
        return [item for item in self.items if isinstance(item, GroupEditor)]

    def add_condition(self) -> ConditionRow:
        row = ConditionRow(self.builder, self)
        self._add(row)
        return row

    def add_group(self) -> GroupEditor:
        group = GroupEditor(self.builder, self.depth + 1, self)
        self._add(group)
        return group

    def _add(self, item: ConditionRow | GroupEditor) -> None:
        self.items.append(item)
        self.items_layout.addWidget(item)
        self.builder._on_rule_edited()

    def _remove(self, item: ConditionRow | GroupEditor) -> None:
        self.items.remove(item)
        self.items_layout.removeWidget(item)
        item.hide()
        item.deleteLater()

    def remove(self, item: ConditionRow | GroupEditor) -> None:
        self._remove(item)
        self.builder._on_rule_edited()

    def _on_mode_combo_current_index_changed(self, _index: int) -> None:
        self.builder._on_rule_edited()

    def _on_add_condition_button_clicked(self) -> None:
        row = self.add_condition()
        row.field_combo.setFocus()

    def _on_add_group_button_clicked(self) -> None:
        group = self.add_group()
        group.add_condition().field_combo.setFocus()

    def _on_remove_button_clicked(self) -> None:
        if self.parent_group is not None:
            self.parent_group.remove(self)


class ConditionRow(QWidget):
    """One condition: field, operator and a value editor fitting both."""

    def __init__(self, builder: RuleBuilder, group: GroupEditor) -> None:
        super().__init__()
        self.builder = builder
        self.group = group
        self.setObjectName("ruleCondition")
        self._extra_keys: set[str] = set()
        self.field_combo = QComboBox()
        self.field_combo.setObjectName("ruleField")
        self.attribute_edit = QLineEdit()
        self.attribute_edit.setObjectName("ruleAttribute")
        self.attribute_edit.setPlaceholderText(self.tr("attribute name"))
        self.attribute_edit.setVisible(False)
        self.op_combo = QComboBox()
        self.op_combo.setObjectName("ruleOperator")

        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("ruleValue")
        self.text_edit.setPlaceholderText(self.tr("value"))
        self._names = QStringListModel(self)
        completer = QCompleter(self._names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.text_edit.setCompleter(completer)
        self.list_edit = QLineEdit()
        self.list_edit.setObjectName("ruleValues")
        self.list_edit.setPlaceholderText(self.tr("values separated by commas"))
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setObjectName("ruleDate")
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.flag_check = QCheckBox(self.tr("yes"))
        self.flag_check.setObjectName("ruleFlag")
        self.flag_check.setChecked(True)
        self.value_stack = QStackedWidget()
        for editor in (self.text_edit, self.list_edit, self.date_edit, self.flag_check):
            self.value_stack.addWidget(editor)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("ruleRemoveCondition")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field_combo)
        layout.addWidget(self.attribute_edit)
        layout.addWidget(self.op_combo)
        layout.addWidget(self.value_stack, 1)
        layout.addWidget(self.remove_button)

        self._fill_fields("email", keep_other=False)
        self._fill_operators("eq")
        self._fit_value_editor()
        self.field_combo.currentIndexChanged.connect(self._on_field_combo_current_index_changed)
        self.attribute_edit.textChanged.connect(self._on_attribute_edit_text_changed)
        self.op_combo.currentIndexChanged.connect(self._on_op_combo_current_index_changed)
        self.text_edit.textChanged.connect(self._on_value_edited)
        self.list_edit.textChanged.connect(self._on_value_edited)
        self.date_edit.dateChanged.connect(self._on_value_edited)
        self.flag_check.toggled.connect(self._on_value_edited)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)

    # --- labels ----------------------------------------------------------------------------

    def _field_labels(self) -> dict[str, str]:
        return {
            "email": self.tr("Email"),
            "first_name": self.tr("First name"),
            "last_name": self.tr("Last name"),
            "company": self.tr("Company"),
            "phone": self.tr("Phone"),
            "locale": self.tr("Language"),
            "status": self.tr("Status"),
            "consent_source": self.tr("Consent source"),
            "tracking_consent": self.tr("Tracking consent"),
            "created_at": self.tr("Created"),
            "updated_at": self.tr("Updated"),
            "last_activity_at": self.tr("Last activity"),
            "consent_at": self.tr("Consent date"),
            "tag": self.tr("Tag"),
            "list": self.tr("List"),
        }

    def _operator_labels(self) -> dict[str, str]:
        return {
            "eq": self.tr("equals"),
            "neq": self.tr("is not"),
            "contains": self.tr("contains"),
            "starts_with": self.tr("starts with"),
            "in": self.tr("is one of"),
            "gt": self.tr("greater than"),
            "lt": self.tr("less than"),
            "before": self.tr("before"),
            "after": self.tr("after"),
            "is_set": self.tr("is set"),
        }

    # --- field, operator, value --------------------------------------------------------------

    def field(self) -> str:
        data = self.field_combo.currentData()
        if data == OTHER_ATTRIBUTE:
            return ATTRIBUTE_PREFIX + self.attribute_edit.text().strip()
        return str(data)

    def op(self) -> str:
        return str(self.op_combo.currentData())

    def value(self) -> Any:
        """The value for the rule; ``None`` (or ``[]``) when nothing was entered yet."""
        page = self.value_stack.currentIndex()
        if page == _FLAG:
            return self.flag_check.isChecked()
        if page == _DATE:
            return self.date_edit.date().toString(Qt.DateFormat.ISODate)
        if page == _LIST:
            return [v.strip() for v in self.list_edit.text().split(",") if v.strip()]
        text = self.text_edit.text()
        return text if text.strip() else None

    def rule(self) -> dict[str, Any]:
        return {"field": self.field(), "op": self.op(), "value": self.value()}

    def conditions(self) -> list[ConditionRow]:
        return [self]

    def set_condition(self, condition: dict[str, Any]) -> None:
        field, op, value = condition["field"], condition["op"], condition.get("value")
        self._fill_fields(field, keep_other=False)
        self._fill_operators(op)
        page = self._fit_value_editor()
        if page == _FLAG:
            self.flag_check.setChecked(True if value is None else bool(value))
        elif page == _DATE:
            self.date_edit.setDate(_to_qdate(str(value)))
        elif page == _LIST:
            self.list_edit.setText(", ".join(str(v) for v in value))
        else:
            self.text_edit.setText("" if value is None else str(value))

    def set_field(self, field: str) -> None:
        """Choose a field (an attribute unknown so far is added to the list)."""
        self._fill_fields(field, keep_other=False)
        self._fill_operators(self.op())
        self._fit_value_editor()
        self.builder._on_rule_edited()

    def refresh_choices(self) -> None:
        """The builder loaded attribute keys and names: refill the field list, keep the choice."""
        field = self.field()
        self._fill_fields(field, keep_other=True)
        self._names.setStringList(self.builder.names.get(field, []))

    def _fill_fields(self, field: str, *, keep_other: bool) -> None:
        """Refill the field list and select ``field``; ``keep_other`` keeps a typed attribute."""
        typed_other = keep_other and self.field_combo.currentData() == OTHER_ATTRIBUTE
        key = field[len(ATTRIBUTE_PREFIX) :] if field.startswith(ATTRIBUTE_PREFIX) else ""
        if key and not typed_other:
            self._extra_keys.add(key)
        blocked = self.field_combo.blockSignals(True)
        self.field_combo.clear()
        labels = self._field_labels()
        for name in FIELDS:
            self.field_combo.addItem(labels.get(name, name), name)
        keys = sorted(set(self.builder.attribute_keys) | self._extra_keys, key=str.lower)
        if keys:
            self.field_combo.insertSeparator(self.field_combo.count())
        for key in keys:
            self.field_combo.addItem(self.tr("Attribute: {0}").format(key), ATTRIBUTE_PREFIX + key)
        self.field_combo.addItem(self.tr("Other attribute…"), OTHER_ATTRIBUTE)
        index = self.field_combo.findData(field)
        if index < 0 or typed_other:
            index = self.field_combo.findData(OTHER_ATTRIBUTE)
        self.field_combo.setCurrentIndex(index)
        self.field_combo.blockSignals(blocked)
        self.attribute_edit.setVisible(self.field_combo.currentData() == OTHER_ATTRIBUTE)

    def _fill_operators(self, preferred: str) -> None:
        field = self.field()
        ops = operators_for(field)
        labels = self._operator_labels()
        blocked = self.op_combo.blockSignals(True)
        self.op_combo.clear()
        for op in ops:
            self.op_combo.addItem(labels.get(op, op), op)
        self.op_combo.setCurrentIndex(max(0, self.op_combo.findData(preferred)))
        self.op_combo.blockSignals(blocked)
        self._names.setStringList(self.builder.names.get(field, []))

    def _fit_value_editor(self) -> int:
        op, field = self.op(), self.field()
        if op == "is_set" or _kind(field) == "bool":
            page = _FLAG
        elif op in DATE_OPS:
            page = _DATE
        elif op == "in":
            page = _LIST
        else:
            page = _TEXT
        self.value_stack.setCurrentIndex(page)
        return page

    # --- slots -------------------------------------------------------------------------------

    def _on_field_combo_current_index_changed(self, _index: int) -> None:
        other = self.field_combo.currentData() == OTHER_ATTRIBUTE
        self.attribute_edit.setVisible(other)
        if other:
            self.attribute_edit.setFocus()
        self._fill_operators(self.op())
        self._fit_value_editor()
        self.builder._on_rule_edited()

    def _on_attribute_edit_text_changed(self, _text: str) -> None:
        self.builder._on_rule_edited()

    def _on_op_combo_current_index_changed(self, _index: int) -> None:
        self._fit_value_editor()
        self.builder._on_rule_edited()

    def _on_value_edited(self, *_args: object) -> None:
        self.builder._on_rule_edited()

    def _on_remove_button_clicked(self) -> None:
        self.group.remove(self)


def _to_qdate(value: str) -> QDate:
    text = value.strip()[:10]
    for fmt in ("yyyy-MM-dd", "dd/MM/yyyy"):
        day = QDate.fromString(text, fmt)
        if day.isValid():
            return day
    return QDate.currentDate()
