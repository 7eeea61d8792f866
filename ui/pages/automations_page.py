"""Automations: rules (a trigger, a filter, actions) and sequences (mails over days), each with
its editor, pause/resume and delete; for the selected sequence, its timeline and the contacts in
it with where each stands.

Like the other pages, lists load in the background and only while visible; a change announced
while hidden is loaded when the tab is next shown. Rules fire and sequences move on by themselves
(the runner), so a visible tab also reloads every few seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.automation.rules import (
    ActionInput,
    RuleData,
    delete_rule,
    get_rule,
    list_rules,
    set_rule_enabled,
)
from app.automation.sequences import (
    EnrollmentRow,
    SequenceData,
    delete_sequence,
    get_sequence,
    list_enrollments,
    list_sequences,
    remove_from_sequence,
    set_sequence_enabled,
)
from app.automation.windows import format_window
from app.errors import FacteurError
from app.logs import log_unexpected
from ui.context import AppContext, Changes
from ui.errors import error_text, show_error
from ui.models.enrollments_model import EnrollmentsModel, local_time_text
from ui.models.item_list_model import ItemListModel
from ui.models.keyed_list_model import KeyedListModel
from ui.tasks import Op
from ui.widgets.sequence_timeline import SequenceTimeline
from ui.widgets.tables import ask_yes_no, row_table

_Index = QModelIndex | QPersistentModelIndex
REFRESH_MS = 10_000  # firings and enrollments move on by themselves
ENROLLMENTS_SHOWN = 1000


class DateTriggerWords(QObject):
    """The day-count sentences of date triggers: lupdate extracts ``self.tr(text, "", n)`` as a
    plural (it does not for ``QCoreApplication.translate`` with a variable count)."""

    def before(self, days: int) -> str:
        return self.tr("%n day(s) before the date in «{attribute}» at {hour}", "", days)

    def after(self, days: int) -> str:
        return self.tr("%n day(s) after the date in «{attribute}» at {hour}", "", days)


def trigger_text(
    trigger: str, param: str = "", offset_days: int = 0, hour: int = 9, yearly: bool = False
) -> str:
    """A rule's trigger in words: ``When tag «vip» is added``, ``Custom event «signup»``."""
    translate = QCoreApplication.translate
    at = f"{hour:02d}:00"
    if trigger == "contact_created":
        return translate("Automations", "When a contact is created")
    if trigger == "tag_added":
        if param:
            return translate("Automations", "When tag «{tag}» is added").format(tag=param)
        return translate("Automations", "When any tag is added")
    if trigger == "list_added":
        if param:
            return translate("Automations", "When added to list «{list}»").format(list=param)
        return translate("Automations", "When added to any list")
    if trigger == "unsubscribed":
        return translate("Automations", "When a contact unsubscribes")
    if trigger == "email_opened":
        return translate("Automations", "When a contact opens a mail")
    if trigger == "link_clicked":
        return translate("Automations", "When a contact clicks a link in a mail")
    if trigger == "form_signup":
        return translate("Automations", "When a contact signs up through a form")
    if trigger == "birthday":
        return translate("Automations", "On the birthday (attribute {attribute}) at {hour}").format(
            attribute=param or "birthday", hour=at
        )
    if trigger == "date":
        if offset_days < 0:
            text = DateTriggerWords().before(-offset_days)
        elif offset_days > 0:
            text = DateTriggerWords().after(offset_days)
        else:
            text = translate("Automations", "On the date in «{attribute}» at {hour}")
        text = text.format(attribute=param, hour=at)
        if yearly:
            return translate("Automations", "{when}, every year").format(when=text)
        return text
    return translate("Automations", "Custom event «{event}»").format(event=trigger)


def rule_trigger_text(rule: RuleData) -> str:
    return trigger_text(rule.trigger, rule.trigger_param, rule.offset_days, rule.hour, rule.yearly)


def action_text(action: ActionInput) -> str:
    """One action in words: ``Send «Bienvenue»``, ``Add tag «vip»``."""
    translate = QCoreApplication.translate
    if action.kind == "send":
        return translate("Automations", "Send «{template}»").format(template=action.template)
    if action.kind == "enroll":
        return translate("Automations", "Enroll in «{sequence}»").format(sequence=action.sequence)
    if action.kind == "add_tag":
        return translate("Automations", "Add tag «{tag}»").format(tag=action.name)
    if action.kind == "remove_tag":
        return translate("Automations", "Remove tag «{tag}»").format(tag=action.name)
    if action.kind == "add_to_list":
        return translate("Automations", "Add to list «{list}»").format(list=action.name)
    return action.kind


def actions_text(actions: Sequence[ActionInput]) -> str:
    """The actions in order: ``Send «Bienvenue», then Add tag «client»``."""
    separator = QCoreApplication.translate("Automations", ", then ")
    return separator.join(action_text(a) for a in actions)


def window_text(window: dict[str, Any] | None) -> str:
    """A sending window with the interface language's day names; "Any time" for none."""
    if not window:
        return QCoreApplication.translate("Automations", "Any time")
    language = "fr" if QLocale().name().startswith("fr") else "en"
    return format_window(window, language)


def _number(n: int) -> str:
    return QLocale().toString(n)


# --- models -----------------------------------------------------------------------------------


class RulesModel(KeyedListModel):
    """Rules with their trigger and actions in words; ``UserRole`` is the ``RuleData``."""

    NAME, TRIGGER, ACTIONS, KIND, STATE, FIRINGS, LAST_FIRED = range(7)
    COLUMN_COUNT = 7

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._titles = (
            self.tr("Name"),
            self.tr("When"),
            self.tr("Actions"),
            self.tr("Kind"),
            self.tr("State"),
            self.tr("Fired"),
            self.tr("Last fired"),
        )

    def rule(self, row: int) -> RuleData:
        return self._items[row]

    def key(self, item: RuleData) -> str:
        return item.name

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        rule: RuleData | None = self.item_at(index)
        if rule is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return rule
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return rule.name
            if column == self.TRIGGER:
                return rule_trigger_text(rule)
            if column == self.ACTIONS:
                return actions_text(rule.actions)
            if column == self.KIND:
                return self.tr("Transactional") if rule.transactional else self.tr("Marketing")
            if column == self.STATE:
                return self.tr("Enabled") if rule.enabled else self.tr("Paused")
            if column == self.FIRINGS:
                return _number(rule.firings)
            if column == self.LAST_FIRED:
                return local_time_text(rule.last_fired_at)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (self.TRIGGER, self.ACTIONS):
                return self.data(index)
            if column == self.FIRINGS and rule.failures:
                return self.tr("%n failure(s)", "", rule.failures)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.FIRINGS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SequencesModel(KeyedListModel):
    """Sequences with their counts; ``UserRole`` is the ``SequenceData``."""

    NAME, STEPS, WINDOW, EXIT, ACTIVE, COMPLETED, EXITED, STATE = range(8)
    COLUMN_COUNT = 8
    _NUMBERS = (STEPS, ACTIVE, COMPLETED, EXITED)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._titles = (
            self.tr("Name"),
            self.tr("Mails"),
            self.tr("Window"),
            self.tr("Goal events"),
            self.tr("In progress"),
            self.tr("Completed"),
            self.tr("Left"),
            self.tr("State"),
        )

    def sequence(self, row: int) -> SequenceData:
        return self._items[row]

    def key(self, item: SequenceData) -> str:
        return item.name

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        sequence: SequenceData | None = self.item_at(index)
        if sequence is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return sequence
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return sequence.name
            if column == self.STEPS:
                return _number(len(sequence.steps))
            if column == self.WINDOW:
                return window_text(sequence.window)
            if column == self.EXIT:
                return ", ".join(sequence.exit_on)
            if column == self.ACTIVE:
                return _number(sequence.active)
            if column == self.COMPLETED:
                return _number(sequence.completed)
            if column == self.EXITED:
                return _number(sequence.exited)
            if column == self.STATE:
                return self.tr("Enabled") if sequence.enabled else self.tr("Paused")
        if role == Qt.ItemDataRole.ToolTipRole and column == self.EXIT:
            return self.tr("Contacts also leave when they unsubscribe.")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self._NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _table(parent: QWidget, name: str, model: ItemListModel) -> QTableView:
    table = row_table(parent, name, model)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class _ListTab(QWidget):
    """What both tabs share: loading while visible, a periodic refresh, buttons, confirmations,
    and changes run in the background."""

    sig_changed = Signal()
    """A rule or sequence was created, changed or deleted from this tab."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        self.dialog: QWidget | None = None
        self._stale = True
        self._generation = 0
        self._busy = False
        self._select_name: str | None = None
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._on_refresh_timer_timeout)
        ctx.bus.sig_changed.connect(self._on_bus_changed)

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # --- loading -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._refresh_timer.start()
        if self._stale:
            self._load()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        super().hideEvent(event)
        self._refresh_timer.stop()

    def _concerned(self, changes: Changes) -> bool:
        return changes.templates or changes.accounts or changes.lists or changes.messages

    def _on_bus_changed(self, changes: Changes) -> None:
        if self._concerned(changes):
            self.reload()

    def _on_refresh_timer_timeout(self) -> None:
        if self.isVisible() and not self._busy:
            self._load(quiet=True)

    def reload(self) -> None:
        """Reload now if the tab is visible, else when it is next shown."""
        self._stale = True
        if self.isVisible():
            self._load()

    def _load(self, *, quiet: bool = False) -> None:
        self._stale = False
        self._generation += 1
        generation = self._generation
        Op(self, self._fetcher()).success(
            lambda items: self._on_load_succeeded(generation, items)
        ).failure(lambda exc: self._on_load_failed(generation, exc, quiet)).run_in_background("io")

    def _fetcher(self) -> Callable[[], list[Any]]:
        """What reads the list, for a worker thread (made here, on the GUI thread)."""
        raise NotImplementedError

    def _on_load_succeeded(self, generation: int, items: list[Any]) -> None:
        raise NotImplementedError

    def _on_load_failed(self, generation: int, exc: BaseException, quiet: bool = False) -> None:
        if generation != self._generation:
            return
        if quiet:
            # The periodic refresh: say it below the list rather than a dialog every few seconds.
            if not isinstance(exc, FacteurError):
                log_unexpected(exc, "refreshing the automations page")
            self.message.setText(error_text(exc))
        else:
            show_error(self, exc)

    # --- dialogs, kept small so tests can replace them -----------------------------------------

    def confirm(self, title: str, text: str) -> bool:
        return ask_yes_no(self, title, text)

    # --- changes -------------------------------------------------------------------------------

    def _run(
        self, fn: Callable[[], Any], done: Callable[[Any], None] | None = None, pool: str = "db"
    ) -> None:
        """A change in the background; buttons wait for it, then the list is read again."""

        def succeeded(result: Any) -> None:
            self._busy = False
            self.reload()
            if pool == "db":
                self.sig_changed.emit()
            self._update_buttons()
            if done is not None:
                done(result)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.reload()  # deleted or renamed elsewhere, most likely
            self._update_buttons()
            show_error(self, exc)

        self._busy = True
        self._update_buttons()
        Op(self, fn).success(succeeded).failure(failed).run_in_background(pool)

    def _update_buttons(self) -> None:
        raise NotImplementedError


# --- rules ------------------------------------------------------------------------------------


class RulesTab(_ListTab):
    """Every rule; New, Edit, Pause/Resume, Delete."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.message.setObjectName("rulesMessage")
        self.model = RulesModel(self)
        self.table = _table(self, "rulesTable", self.model)
        self.table.horizontalHeader().setSectionResizeMode(
            RulesModel.NAME, QHeaderView.ResizeMode.Interactive
        )
        for column, width in enumerate((180, 280, 260, 110, 80, 70)):
            self.table.setColumnWidth(column, width)
        self.new_button = self._button(self.tr("New…"), "ruleNew", self._on_new_clicked)
        self.edit_button = self._button(self.tr("Edit…"), "ruleEdit", self._on_edit_clicked)
        self.pause_button = self._button(self.tr("Pause"), "rulePause", self._on_pause_clicked)
        self.delete_button = self._button(self.tr("Delete…"), "ruleDelete", self._on_delete_clicked)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.pause_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def _fetcher(self) -> Callable[[], list[RuleData]]:
        db = self.ctx.db
        return lambda: list_rules(db)

    def _on_load_succeeded(self, generation: int, rules: list[RuleData]) -> None:
        if generation != self._generation:
            return
        current = self.selected()
        self.model.replace_items(rules)  # the same rules: the selection stays
        name = self._select_name or (current.name if current is not None else None)
        if name is not None and self.model.row_of(name) >= 0:
            self._select_name = None
            self.select(name)
        self.loaded = True
        self._update_buttons()

    def selected(self) -> RuleData | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rule(rows[0].row()) if rows else None

    def select(self, name: str) -> None:
        row = self.model.row_of(name)
        if row >= 0:
            self.table.selectRow(row)
        else:
            self._select_name = name  # selected once it is listed
        self._update_buttons()

    def _update_buttons(self) -> None:
        rule = self.selected()
        chosen = rule is not None and not self._busy
        self.edit_button.setEnabled(chosen)
        self.pause_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        paused = rule is not None and not rule.enabled
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))

    def _on_table_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        rule = self.selected()
        if index.isValid() and rule is not None:
            self.edit(rule.name)

    # --- actions -------------------------------------------------------------------------------

    def open_dialog(self, rule: RuleData | None = None) -> QWidget:
        """The rule editor (on ``rule`` to change it), window-modal, deleted when closed."""
        from ui.dialogs.rule_dialog import RuleDialog

        dialog = RuleDialog(self.ctx, self, rule)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_rule_saved.connect(self._on_dialog_rule_saved)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _on_new_clicked(self) -> None:
        self.open_dialog()

    def _on_edit_clicked(self) -> None:
        rule = self.selected()
        if rule is not None:
            self.edit(rule.name)

    def edit(self, name: str) -> None:
        """Read rule ``name`` afresh in the background, then open the editor on it."""
        db = self.ctx.db
        self._run(lambda: get_rule(db, name), self.open_dialog, pool="io")

    def _on_dialog_rule_saved(self, rule: RuleData) -> None:
        self.select(rule.name)
        self.message.setText(self.tr("The rule “{name}” was saved.").format(name=rule.name))
        self.reload()
        self.sig_changed.emit()

    def _on_pause_clicked(self) -> None:
        rule = self.selected()
        if rule is None:
            return
        db, name, enabled = self.ctx.db, rule.name, not rule.enabled
        self._run(lambda: set_rule_enabled(db, name, enabled))

    def _on_delete_clicked(self) -> None:
        rule = self.selected()
        if rule is None:
            return
        question = self.tr(
            "Delete the rule “{name}”? The mails it already sent stay in the activity."
        ).format(name=rule.name)
        if self.confirm(self.tr("Delete the rule"), question):
            db, name = self.ctx.db, rule.name
            self._run(lambda: delete_rule(db, name))


# --- sequences --------------------------------------------------------------------------------


class SequencesTab(_ListTab):
    """Every sequence; New, Edit, Pause/Resume, Delete, Enroll; below, the selected one's
    timeline and enrolled contacts."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.message.setObjectName("sequencesMessage")
        self._enrollments_generation = 0
        self._syncing = False
        self.enrollments_loaded_for: str | None = None
        self.model = SequencesModel(self)
        self.table = _table(self, "sequencesTable", self.model)
        for column, width in enumerate((200, 60, 170, 150, 90, 90, 70)):
            self.table.setColumnWidth(column, width)
        self.new_button = self._button(self.tr("New…"), "sequenceNew", self._on_new_clicked)
        self.edit_button = self._button(self.tr("Edit…"), "sequenceEdit", self._on_edit_clicked)
        self.pause_button = self._button(self.tr("Pause"), "sequencePause", self._on_pause_clicked)
        self.delete_button = self._button(
            self.tr("Delete…"), "sequenceDelete", self._on_delete_clicked
        )
        self.enroll_button = self._button(
            self.tr("Enroll contacts…"), "sequenceEnroll", self._on_enroll_clicked
        )
        buttons = QHBoxLayout()
        for button in (
            self.new_button,
            self.edit_button,
            self.pause_button,
            self.delete_button,
            self.enroll_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.table, 1)

        self.detail = QGroupBox(self)
        self.detail.setObjectName("sequenceDetail")
        self.timeline = SequenceTimeline(self.detail)
        self.enrollments = EnrollmentsModel(self)
        self.enrollments_table = _table(self.detail, "enrollmentsTable", self.enrollments)
        self.enrollments_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for column, width in enumerate((220, 150, 100, 150, 140, 100)):
            self.enrollments_table.setColumnWidth(column, width)
        self.enrolled_label = QLabel(self.detail)
        self.enrolled_label.setObjectName("enrolledCount")
        self.remove_button = self._button(
            self.tr("Remove from sequence"), "enrollmentRemove", self._on_remove_clicked
        )
        bottom = QHBoxLayout()
        bottom.addWidget(self.enrolled_label, 1)
        bottom.addWidget(self.remove_button)
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.addWidget(self.timeline)
        detail_layout.addWidget(self.enrollments_table, 1)
        detail_layout.addLayout(bottom)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.enrollments_table.selectionModel().selectionChanged.connect(
            self._on_enrollments_selection_changed
        )
        self.model.modelReset.connect(self._update_buttons)
        self._show_detail(None)
        self._update_buttons()

    def _concerned(self, changes: Changes) -> bool:
        return super()._concerned(changes) or changes.contacts

    def _fetcher(self) -> Callable[[], list[SequenceData]]:
        db = self.ctx.db
        return lambda: list_sequences(db)

    def _on_load_succeeded(self, generation: int, sequences: list[SequenceData]) -> None:
        if generation != self._generation:
            return
        current = self.selected()
        self._syncing = True
        try:
            self.model.replace_items(sequences)  # the same sequences: the selection stays
            name = self._select_name or (current.name if current is not None else None)
            if name is not None and self.model.row_of(name) >= 0:
                self._select_name = None
                self.table.selectRow(self.model.row_of(name))
        finally:
            self._syncing = False
        self._show_detail(self.selected())  # its steps and contacts may have moved on too
        self.loaded = True
        self._update_buttons()

    def selected(self) -> SequenceData | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.sequence(rows[0].row()) if rows else None

    def select(self, name: str) -> None:
        row = self.model.row_of(name)
        if row >= 0:
            self.table.selectRow(row)  # the detail follows the selection
        else:
            self._select_name = name  # selected once it is listed
        self._update_buttons()

    def _update_buttons(self) -> None:
        sequence = self.selected()
        chosen = sequence is not None and not self._busy
        for button in (self.edit_button, self.pause_button, self.delete_button):
            button.setEnabled(chosen)
        self.enroll_button.setEnabled(chosen)
        paused = sequence is not None and not sequence.enabled
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        active = [e for e in self.selected_enrollments() if e.status == "active"]
        self.remove_button.setEnabled(chosen and bool(active))

    # --- the selected sequence -----------------------------------------------------------------

    def _show_detail(self, sequence: SequenceData | None) -> None:
        self.detail.setEnabled(sequence is not None)
        if sequence is None:
            self.detail.setTitle(self.tr("Choose a sequence to see its contacts"))
            self.timeline.set_steps([])
            self.enrollments.set_items([])
            self.enrolled_label.clear()
            self.enrollments_loaded_for = None
            return
        self.detail.setTitle(self.tr("“{name}”").format(name=sequence.name))
        self.timeline.set_steps([(s.template, s.delay_seconds) for s in sequence.steps])
        if sequence.name != self.enrollments_loaded_for:
            self.enrollments.set_items([])  # another sequence's contacts must not linger
            self.enrolled_label.clear()
        self._load_enrollments(sequence.name)

    def _load_enrollments(self, name: str) -> None:
        self._enrollments_generation += 1
        generation = self._enrollments_generation
        db = self.ctx.db
        Op(self, lambda: list_enrollments(db, name, limit=ENROLLMENTS_SHOWN)).success(
            lambda rows: self._on_enrollments_loaded(generation, name, rows)
        ).failure(lambda exc: self._on_enrollments_failed(generation, exc)).run_in_background("io")

    def _on_enrollments_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._enrollments_generation:
            self.reload()  # the sequence was deleted or renamed elsewhere, most likely
            show_error(self, exc)

    def _on_enrollments_loaded(self, generation: int, name: str, rows: list[EnrollmentRow]) -> None:
        if generation != self._enrollments_generation:
            return
        chosen = {e.email for e in self.selected_enrollments()}
        self.enrollments.replace_items(rows)
        selection = self.enrollments_table.selectionModel()
        if chosen and not selection.hasSelection():  # reset: select the same contacts again
            for row, enrollment in enumerate(rows):
                if enrollment.email in chosen:
                    selection.select(
                        self.enrollments.index(row, 0),
                        QItemSelectionModel.SelectionFlag.Select
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )
        sequence = self.selected()
        total = sequence.enrolled if sequence is not None and sequence.name == name else len(rows)
        if total > len(rows):
            self.enrolled_label.setText(
                self.tr("The latest {shown} of {total} enrolled contacts.").format(
                    shown=_number(len(rows)), total=_number(total)
                )
            )
        else:
            self.enrolled_label.setText(self.tr("%n enrolled contact(s).", "", len(rows)))
        self.enrollments_loaded_for = name
        self._show_progress()
        self._update_buttons()

    def selected_enrollments(self) -> list[EnrollmentRow]:
        rows = self.enrollments_table.selectionModel().selectedRows()
        return [self.enrollments.enrollment(index.row()) for index in rows]

    def _on_table_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        if not self._syncing:
            self._show_detail(self.selected())
        self._update_buttons()

    def _on_enrollments_selection_changed(
        self, _selected: QItemSelection, _old: QItemSelection
    ) -> None:
        self._show_progress()
        self._update_buttons()

    def _show_progress(self) -> None:
        """One contact chosen: the timeline shows where they stand."""
        chosen = self.selected_enrollments()
        if len(chosen) == 1:
            enrollment = chosen[0]
            upcoming = enrollment.step_index if enrollment.status == "active" else -1
            self.timeline.set_progress(enrollment.steps_sent, upcoming)
        else:
            self.timeline.set_progress(-1)

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        sequence = self.selected()
        if index.isValid() and sequence is not None:
            self.edit(sequence.name)

    # --- actions -------------------------------------------------------------------------------

    def open_dialog(self, sequence: SequenceData | None = None) -> QWidget:
        """The sequence editor (on ``sequence`` to change it), window-modal, deleted when closed."""
        from ui.dialogs.sequence_dialog import SequenceDialog

        dialog = SequenceDialog(self.ctx, self, sequence)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_sequence_saved.connect(self._on_dialog_sequence_saved)
        dialog.open()
        self.dialog = dialog
        return dialog

    def open_enroll_dialog(self, name: str) -> QWidget:
        from ui.dialogs.sequence_dialog import EnrollDialog

        dialog = EnrollDialog(self.ctx, name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_enrolled.connect(lambda result: self._on_dialog_enrolled(name, result))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _on_new_clicked(self) -> None:
        self.open_dialog()

    def _on_edit_clicked(self) -> None:
        sequence = self.selected()
        if sequence is not None:
            self.edit(sequence.name)

    def edit(self, name: str) -> None:
        """Read sequence ``name`` afresh in the background, then open the editor on it."""
        db = self.ctx.db
        self._run(lambda: get_sequence(db, name), self.open_dialog, pool="io")

    def _on_dialog_sequence_saved(self, sequence: SequenceData) -> None:
        self.select(sequence.name)
        self.message.setText(self.tr("The sequence “{name}” was saved.").format(name=sequence.name))
        self.reload()
        self.sig_changed.emit()

    def _on_enroll_clicked(self) -> None:
        sequence = self.selected()
        if sequence is not None:
            self.open_enroll_dialog(sequence.name)

    def _on_dialog_enrolled(self, name: str, result: Any) -> None:
        text = self.tr("%n contact(s) enrolled in “{name}”.", "", result.enrolled)
        text = text.format(name=name)
        skipped = result.asked - result.enrolled
        if skipped:
            text += " " + self.tr(
                "%n left out (already enrolled, or may not receive it).", "", skipped
            )
        self.message.setText(text)
        if self.ctx.sending is not None:
            self.ctx.sending.wake()
        self.reload()

    def _on_pause_clicked(self) -> None:
        sequence = self.selected()
        if sequence is None:
            return
        db, name, enabled = self.ctx.db, sequence.name, not sequence.enabled
        self._run(lambda: set_sequence_enabled(db, name, enabled))

    def _on_delete_clicked(self) -> None:
        sequence = self.selected()
        if sequence is None:
            return
        question = self.tr(
            "Delete the sequence “{name}”? Its contacts get no further mail from it; the mails "
            "already sent stay in the activity."
        ).format(name=sequence.name)
        if self.confirm(self.tr("Delete the sequence"), question):
            db, name = self.ctx.db, sequence.name
            self._run(
                lambda: delete_sequence(db, name),
                lambda _: self.ctx.bus.notify(Changes(messages=True)),
            )

    def _on_remove_clicked(self) -> None:
        sequence = self.selected()
        emails = [e.email for e in self.selected_enrollments() if e.status == "active"]
        if sequence is None or not emails:
            return
        if len(emails) == 1:
            question = self.tr("Take {email} out of “{name}”? They get no further mail from it.")
            question = question.format(email=emails[0], name=sequence.name)
        else:
            question = self.tr(
                "Take %n contacts out of “{name}”? They get no further mail from it.",
                "",
                len(emails),
            ).format(name=sequence.name)
        if self.confirm(self.tr("Remove from the sequence"), question):
            db, name = self.ctx.db, sequence.name
            self._run(
                lambda: remove_from_sequence(db, name, emails),
                lambda count: self.message.setText(
                    self.tr("%n contact(s) removed from “{name}”.", "", count).format(name=name)
                ),
            )


class AutomationsPage(QWidget):
    """Two tabs: the rules and the sequences."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rules = RulesTab(ctx, self)
        self.sequences = SequencesTab(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("automationTabs")
        self.tabs.addTab(self.rules, self.tr("Rules"))
        self.tabs.addTab(self.sequences, self.tr("Sequences"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        # Rules name sequences (their enroll actions), and a sequence is renamed or deleted on
        # the other tab: each tab reads its list again (when next shown) after the other changed.
        self.rules.sig_changed.connect(self._on_rules_changed)
        self.sequences.sig_changed.connect(self._on_sequences_changed)

    def _on_rules_changed(self) -> None:
        self.sequences.reload()

    def _on_sequences_changed(self) -> None:
        self.rules.reload()

    def show_rules(self) -> RulesTab:
        self.tabs.setCurrentWidget(self.rules)
        return self.rules

    def show_sequences(self) -> SequencesTab:
        self.tabs.setCurrentWidget(self.sequences)
        return self.sequences
