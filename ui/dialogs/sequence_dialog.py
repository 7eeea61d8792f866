"""The sequence editor: ordered steps (a template and a delay each) on a live timeline, a sending
window, goal events that take a contact out, marketing or transactional.

Delays are typed as a number and a unit and stored as ISO-8601 durations (``P2D``, ``PT30S``).
Editing a running sequence changes only the mails not sent yet: the step ids the dialog was given
go back to the service so it can tell a moved step from a new one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QLocale, QStringListModel, Qt, QTime, Signal
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
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.automation.durations import format_duration
from app.automation.events import BUILTIN_EVENTS, RESERVED_NAMES, list_events
from app.automation.rules import list_rules
from app.automation.sequences import (
    SequenceData,
    SequenceInput,
    StepInput,
    create_sequence,
    enroll_contacts,
    list_sequences,
    update_sequence,
)
from app.db import Database
from app.errors import FacteurError
from app.logs import log_unexpected
from app.sending.accounts import list_accounts
from app.templates.service import list_templates
from ui.context import AppContext
from ui.dialogs.rule_dialog import fill_combo
from ui.dialogs.saving_dialog import SavingDialog
from ui.errors import error_text
from ui.tasks import Op
from ui.widgets.sequence_timeline import SequenceTimeline

DELAY_UNITS = (86400, 3600, 60, 1)  # days, hours, minutes, seconds: largest first
DEFAULT_WINDOW = {"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "18:00", "timezone": "contact"}


@dataclass
class SequenceChoices:
    """The names the editor offers."""

    templates: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # for the goal events


def load_sequence_choices(db: Database) -> SequenceChoices:
    """Templates, accounts and the event names seen or used (run in the background)."""
    events: dict[str, None] = {}
    for event in list_events(db, limit=500):
        if event.name not in RESERVED_NAMES:
            events[event.name] = None
    for rule in list_rules(db):
        if rule.trigger not in RESERVED_NAMES:
            events[rule.trigger] = None
    for sequence in list_sequences(db):
        events.update(dict.fromkeys(sequence.exit_on))
    return SequenceChoices(
        templates=[t.name for t in list_templates(db)],
        accounts=[a.name for a in list_accounts(db)],
        events=sorted(events, key=str.lower) + [e for e in BUILTIN_EVENTS if e not in events],
    )


def split_delay(seconds: int) -> tuple[int, int]:
    """``172800`` -> ``(2, 86400)``: a number and the largest unit dividing the delay exactly."""
    seconds = max(0, int(seconds))
    if seconds == 0:
        return 0, 86400
    unit = next(u for u in DELAY_UNITS if seconds % u == 0)
    return seconds // unit, unit


class StepRow(QWidget):
    """One step: its template, and its delay after the previous step (or the enrollment)."""

    sig_changed = Signal()
    """The template or the delay changed."""
    sig_move_requested = Signal(object, int)
    """Move this row by -1 (up) or +1 (down); carries the row and the direction."""
    sig_remove_requested = Signal(object)
    """The row's Remove button was clicked; carries the row."""

    def __init__(self, parent: QWidget, step_id: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sequenceStepRow")
        self.step_id = step_id
        self.number_label = QLabel(self)
        self.template_combo = QComboBox(self)
        self.template_combo.setObjectName("stepTemplate")
        self.template_combo.setMinimumContentsLength(16)
        self.delay_number = QSpinBox(self)
        self.delay_number.setObjectName("stepDelay")
        self.delay_number.setRange(0, 99_999)
        self.delay_unit = QComboBox(self)
        self.delay_unit.setObjectName("stepDelayUnit")
        for seconds, label in (
            (1, self.tr("second(s)")),
            (60, self.tr("minute(s)")),
            (3600, self.tr("hour(s)")),
            (86400, self.tr("day(s)")),
        ):
            self.delay_unit.addItem(label, seconds)
        self.delay_unit.setCurrentIndex(self.delay_unit.findData(86400))
        self.after_label = QLabel(self)
        # As wide as the longer wording, so the rows' fields line up.
        metrics = self.after_label.fontMetrics()
        self.after_label.setMinimumWidth(
            max(
                metrics.horizontalAdvance(self.tr("after enrolling")),
                metrics.horizontalAdvance(self.tr("after the previous mail")),
            )
        )
        self.up_button = QPushButton(self.tr("Up"), self)
        self.up_button.setObjectName("stepUp")
        self.down_button = QPushButton(self.tr("Down"), self)
        self.down_button.setObjectName("stepDown")
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("stepRemove")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.number_label)
        layout.addWidget(self.template_combo, 2)
        layout.addWidget(self.delay_number)
        layout.addWidget(self.delay_unit)
        layout.addWidget(self.after_label, 1)
        layout.addWidget(self.up_button)
        layout.addWidget(self.down_button)
        layout.addWidget(self.remove_button)
        self.template_combo.currentIndexChanged.connect(self._on_edited)
        self.delay_number.valueChanged.connect(self._on_edited)
        self.delay_unit.currentIndexChanged.connect(self._on_edited)
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)

    def set_position(self, index: int, count: int) -> None:
        self.number_label.setText(self.tr("{n}.").format(n=index + 1))
        self.after_label.setText(
            self.tr("after enrolling") if index == 0 else self.tr("after the previous mail")
        )
        self.up_button.setEnabled(index > 0)
        self.down_button.setEnabled(index < count - 1)
        self.remove_button.setEnabled(count > 1)

    def template(self) -> str:
        return str(self.template_combo.currentData() or "")

    def set_template(self, name: str, names: Sequence[str]) -> None:
        fill_combo(self.template_combo, names, name)

    def delay_seconds(self) -> int:
        return self.delay_number.value() * int(self.delay_unit.currentData())

    def set_delay(self, seconds: int) -> None:
        number, unit = split_delay(seconds)
        blocked = self.delay_unit.blockSignals(True), self.delay_number.blockSignals(True)
        self.delay_unit.setCurrentIndex(self.delay_unit.findData(unit))
        self.delay_number.setValue(number)
        self.delay_unit.blockSignals(blocked[0])
        self.delay_number.blockSignals(blocked[1])
        self.sig_changed.emit()

    def step_input(self) -> StepInput:
        return StepInput(self.template(), format_duration(self.delay_seconds()), self.step_id)

    def _on_edited(self, *_args: object) -> None:
        self.sig_changed.emit()

    def _on_up_button_clicked(self) -> None:
        self.sig_move_requested.emit(self, -1)

    def _on_down_button_clicked(self) -> None:
        self.sig_move_requested.emit(self, 1)

    def _on_remove_button_clicked(self) -> None:
        self.sig_remove_requested.emit(self)


class SequenceDialog(SavingDialog):
    """Create a sequence (``sequence=None``) or change one; ``saved`` holds the result."""

    sig_sequence_saved = Signal(object)
    """The sequence was saved; carries the stored ``SequenceData``."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        sequence: SequenceData | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.sequence = sequence
        self.saved: SequenceData | None = None
        self.choices = SequenceChoices()
        self.loaded = False
        self.step_rows: list[StepRow] = []
        self.setObjectName("sequenceDialog")
        if sequence is None:
            self.setWindowTitle(self.tr("New sequence"))
        else:
            self.setWindowTitle(self.tr("Edit the sequence “{name}”").format(name=sequence.name))
        self.resize(820, 760)

        content = QWidget(self)
        body = QVBoxLayout(content)
        self.running_note = QLabel(
            self.tr(
                "Contacts already in the sequence keep the mails already sent; changes apply to "
                "the mails not sent yet."
            ),
            content,
        )
        self.running_note.setObjectName("sequenceRunningNote")
        self.running_note.setWordWrap(True)
        self.running_note.setStyleSheet(
            "QLabel { background: palette(alternate-base); border: 1px solid palette(mid);"
            " border-radius: 4px; padding: 6px; }"
        )
        self.running_note.setVisible(sequence is not None and sequence.active > 0)
        body.addWidget(self.running_note)
        form = QFormLayout()
        self.name_edit = QLineEdit(content)
        self.name_edit.setObjectName("sequenceName")
        self.name_edit.setMaxLength(200)
        self.name_edit.setPlaceholderText(self.tr("e.g. Onboarding"))
        form.addRow(self.tr("Name:"), self.name_edit)
        body.addLayout(form)
        self.account_row = QWidget(content)
        account_layout = QHBoxLayout(self.account_row)
        account_layout.setContentsMargins(0, 0, 0, 0)
        self.account_combo = QComboBox(self.account_row)
        self.account_combo.setObjectName("sequenceAccount")
        account_layout.addWidget(QLabel(self.tr("Sent through the account:"), self.account_row))
        account_layout.addWidget(self.account_combo, 1)
        self.account_row.setVisible(False)  # until there are several accounts to choose from
        body.addWidget(self.account_row)
        body.addWidget(self._build_steps(content))
        body.addWidget(self._build_window(content))
        body.addWidget(self._build_exit(content))
        self.transactional_check = QCheckBox(
            self.tr(
                "Transactional: also sent to contacts who unsubscribed from marketing (never to "
                "bounced addresses)"
            ),
            content,
        )
        self.transactional_check.setObjectName("sequenceTransactional")
        body.addWidget(self.transactional_check)
        self.enabled_check = QCheckBox(self.tr("Enabled (uncheck to pause the sequence)"), content)
        self.enabled_check.setObjectName("sequenceEnabled")
        self.enabled_check.setChecked(True)
        body.addWidget(self.enabled_check)
        body.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)

        self.build_footer("sequenceError")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.form_error)
        layout.addWidget(self.buttons)

        if sequence is not None:
            self._fill(sequence)
        else:
            self.add_step()
        self._load_choices()

    @property
    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    # --- building ------------------------------------------------------------------------------

    def _build_steps(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Mails"), parent)
        layout = QVBoxLayout(box)
        self.steps_layout = QVBoxLayout()
        layout.addLayout(self.steps_layout)
        self.add_step_button = QPushButton(self.tr("Add a mail"), box)
        self.add_step_button.setObjectName("sequenceAddStep")
        self.add_step_button.clicked.connect(self._on_add_step_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.add_step_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.timeline = SequenceTimeline(box)
        layout.addWidget(self.timeline)
        return box

    def _build_window(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Send only during a window"), parent)
        box.setObjectName("sequenceWindow")
        box.setCheckable(True)
        box.setChecked(False)
        self.window_box = box
        form = QFormLayout(box)
        days = QHBoxLayout()
        locale = QLocale()
        self.day_checks: list[QCheckBox] = []
        for day in range(7):  # Monday = 0, as the service counts; Qt counts Monday = 1
            check = QCheckBox(locale.dayName(day + 1, QLocale.FormatType.ShortFormat), box)
            check.setObjectName(f"windowDay{day}")
            self.day_checks.append(check)
            days.addWidget(check)
        days.addStretch(1)
        form.addRow(self.tr("Days:"), days)
        self.window_start = QTimeEdit(box)
        self.window_start.setObjectName("windowStart")
        self.window_start.setDisplayFormat("HH:mm")
        self.window_end = QTimeEdit(box)
        self.window_end.setObjectName("windowEnd")
        self.window_end.setDisplayFormat("HH:mm")
        self.window_end.setToolTip(self.tr("00:00 means midnight at the end of the day."))
        hours = QHBoxLayout()
        hours.addWidget(QLabel(self.tr("from"), box))
        hours.addWidget(self.window_start)
        hours.addWidget(QLabel(self.tr("to"), box))
        hours.addWidget(self.window_end)
        hours.addStretch(1)
        form.addRow(self.tr("Hours:"), hours)
        self.window_timezone = QComboBox(box)
        self.window_timezone.setObjectName("windowTimezone")
        self.window_timezone.addItem(
            self.tr("the contact's (their “timezone” field, else the account's)"), "contact"
        )
        self.window_timezone.addItem(self.tr("the sending account's"), "account")
        form.addRow(self.tr("Timezone:"), self.window_timezone)
        self.set_window(DEFAULT_WINDOW)
        box.setChecked(False)
        return box

    def _build_exit(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Leaving the sequence"), parent)
        layout = QVBoxLayout(box)
        always = QLabel(
            self.tr(
                "A contact always leaves when they unsubscribe (a transactional sequence goes on "
                "unless “unsubscribed” is a goal below), or when removed by hand."
            ),
            box,
        )
        always.setWordWrap(True)
        layout.addWidget(always)
        layout.addWidget(QLabel(self.tr("And when one of these events happens to them:"), box))
        self.exit_list = QListWidget(box)
        self.exit_list.setObjectName("sequenceExitList")
        self.exit_list.setMaximumHeight(90)
        layout.addWidget(self.exit_list)
        self._events = QStringListModel(self)
        self.exit_edit = QLineEdit(box)
        self.exit_edit.setObjectName("sequenceExitEdit")
        self.exit_edit.setPlaceholderText(self.tr("event name, e.g. purchase"))
        completer = QCompleter(self._events, self.exit_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.exit_edit.setCompleter(completer)
        self.exit_add_button = QPushButton(self.tr("Add"), box)
        self.exit_add_button.setObjectName("sequenceExitAdd")
        self.exit_remove_button = QPushButton(self.tr("Remove"), box)
        self.exit_remove_button.setObjectName("sequenceExitRemove")
        row = QHBoxLayout()
        row.addWidget(self.exit_edit, 1)
        row.addWidget(self.exit_add_button)
        row.addWidget(self.exit_remove_button)
        layout.addLayout(row)
        self.exit_add_button.clicked.connect(self._on_exit_add_button_clicked)
        self.exit_edit.returnPressed.connect(self._on_exit_add_button_clicked)
        self.exit_remove_button.clicked.connect(self._on_exit_remove_button_clicked)
        return box

    # --- choices ---------------------------------------------------------------------------------

    def _load_choices(self) -> None:
        db = self.ctx.db
        Op(self, lambda: load_sequence_choices(db)).success(self._on_choices_loaded).failure(
            self._on_choices_failed
        ).run_in_background("io")

    def _on_choices_loaded(self, choices: SequenceChoices) -> None:
        self.choices = choices
        for row in self.step_rows:
            row.set_template(row.template(), choices.templates)
        current = self.account_combo.currentData() or (
            self.sequence.account if self.sequence is not None else ""
        )
        fill_combo(self.account_combo, choices.accounts, current)
        self.account_row.setVisible(self.account_combo.count() > 1)
        self._events.setStringList(choices.events)
        self.loaded = True
        self._on_steps_changed()
        if not choices.templates:
            self._show_form_error(
                self.tr("There is no template yet: write one on the Templates page first.")
            )

    def _on_choices_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "loading the sequence editor's choices")
        self.loaded = True
        self._show_form_error(error_text(exc))

    # --- steps -----------------------------------------------------------------------------------

    def add_step(self, template: str = "", delay_seconds: int | None = None) -> StepRow:
        """A new step at the end (a day after the previous one unless told)."""
        row = StepRow(self)
        row.set_template(template, self.choices.templates)  # "": the first template listed
        if delay_seconds is None:
            delay_seconds = 86400 if self.step_rows else 0
        row.set_delay(delay_seconds)
        self._insert_row(row)
        return row

    def _insert_row(self, row: StepRow) -> None:
        row.sig_changed.connect(self._on_steps_changed)
        row.sig_move_requested.connect(self._on_step_move_requested)
        row.sig_remove_requested.connect(self._on_step_remove_requested)
        self.step_rows.append(row)
        self.steps_layout.addWidget(row)
        self._on_steps_changed()

    def move_step(self, row: StepRow, delta: int) -> None:
        index = self.step_rows.index(row)
        target = index + delta
        if not 0 <= target < len(self.step_rows):
            return
        self.step_rows.insert(target, self.step_rows.pop(index))
        self.steps_layout.removeWidget(row)
        self.steps_layout.insertWidget(target, row)
        self._on_steps_changed()

    def remove_step(self, row: StepRow) -> None:
        if row not in self.step_rows or len(self.step_rows) == 1:
            return
        self.step_rows.remove(row)
        self.steps_layout.removeWidget(row)
        row.hide()
        row.deleteLater()
        self._on_steps_changed()

    def _on_steps_changed(self) -> None:
        count = len(self.step_rows)
        for index, row in enumerate(self.step_rows):
            row.set_position(index, count)
        self.timeline.set_steps([(row.template(), row.delay_seconds()) for row in self.step_rows])

    # --- window and goals --------------------------------------------------------------------

    def window(self) -> dict[str, Any] | None:
        """The window as the service stores it, or ``None`` (any time)."""
        if not self.window_box.isChecked():
            return None
        end = self.window_end.time().toString("HH:mm")
        return {
            "days": [day for day, check in enumerate(self.day_checks) if check.isChecked()],
            "start": self.window_start.time().toString("HH:mm"),
            # A QTimeEdit cannot say 24:00: 00:00 as the end is midnight at the end of the day.
            "end": "24:00" if end == "00:00" else end,
            "timezone": self.window_timezone.currentData(),
        }

    def set_window(self, window: dict[str, Any] | None) -> None:
        self.window_box.setChecked(window is not None)
        if window is None:
            return
        days = set(window.get("days", range(7)))
        for day, check in enumerate(self.day_checks):
            check.setChecked(day in days)
        self.window_start.setTime(QTime.fromString(window["start"], "HH:mm"))
        end = "00:00" if window["end"] == "24:00" else window["end"]
        self.window_end.setTime(QTime.fromString(end, "HH:mm"))
        self.window_timezone.setCurrentIndex(
            max(0, self.window_timezone.findData(window.get("timezone", "contact")))
        )

    def exit_on(self) -> list[str]:
        return [self.exit_list.item(i).text() for i in range(self.exit_list.count())]

    def add_exit_event(self, name: str) -> None:
        name = name.strip()
        if name and name not in self.exit_on():
            self.exit_list.addItem(name)

    # --- the sequence ---------------------------------------------------------------------------

    def _fill(self, sequence: SequenceData) -> None:
        self.name_edit.setText(sequence.name)
        fill_combo(self.account_combo, [sequence.account], sequence.account)
        for step in sequence.steps:
            row = StepRow(self, step.id)
            row.set_template(step.template, [step.template])
            row.set_delay(step.delay_seconds)
            self._insert_row(row)
        self.set_window(sequence.window)
        for event in sequence.exit_on:
            self.add_exit_event(event)
        self.transactional_check.setChecked(sequence.transactional)
        self.enabled_check.setChecked(sequence.enabled)

    def sequence_input(self) -> SequenceInput:
        """What the form says, as the service takes it."""
        several = self.account_combo.count() > 1
        return SequenceInput(
            name=self.name_edit.text().strip(),
            account=(self.account_combo.currentData() or "") if several else "",
            steps=[row.step_input() for row in self.step_rows],
            window=self.window(),
            exit_on=self.exit_on(),
            transactional=self.transactional_check.isChecked(),
            enabled=self.enabled_check.isChecked(),
        )

    # --- saving ----------------------------------------------------------------------------------

    def accept(self) -> None:
        """Save in the background; the dialog closes only once the save succeeded."""
        if self._saving:
            return
        data = self.sequence_input()
        db = self.ctx.db
        if self.sequence is None:
            fn: Any = lambda: create_sequence(db, data)  # noqa: E731
        else:
            name = self.sequence.name
            fn = lambda: update_sequence(db, name, data)  # noqa: E731
        self.save_in_background(fn)

    def on_saved(self, saved: SequenceData) -> None:
        self.saved = saved
        self.sig_sequence_saved.emit(saved)

    # --- slots -----------------------------------------------------------------------------------

    def _on_add_step_button_clicked(self) -> None:
        row = self.add_step()
        row.template_combo.setFocus()

    def _on_step_move_requested(self, row: StepRow, delta: int) -> None:
        self.move_step(row, delta)

    def _on_step_remove_requested(self, row: StepRow) -> None:
        self.remove_step(row)

    def _on_exit_add_button_clicked(self) -> None:
        self.add_exit_event(self.exit_edit.text())
        self.exit_edit.clear()

    def _on_exit_remove_button_clicked(self) -> None:
        for item in self.exit_list.selectedItems():
            self.exit_list.takeItem(self.exit_list.row(item))


@dataclass(frozen=True)
class EnrollResult:
    """What enrolling did: how many contacts were asked for and how many were enrolled."""

    asked: int
    enrolled: int


def enroll_audience(
    db: Database, sequence: str, emails: Sequence[str], list_name: str = "", tag: str = ""
) -> EnrollResult:
    """Enroll addresses, or everyone in a list or with a tag (run in the background)."""
    from app.contacts.service import ContactQuery, filtered_ids

    contacts: list[str | int] = list(emails)
    if list_name or tag:
        query = ContactQuery(list_name=list_name or None, tag=tag or None)
        with db.session() as s:
            contacts = list(s.scalars(filtered_ids(s, query)))
    if not contacts:
        return EnrollResult(0, 0)
    return EnrollResult(len(contacts), enroll_contacts(db, sequence, contacts))


def split_addresses(text: str) -> list[str]:
    """Addresses typed one per line, or separated by commas, semicolons or spaces."""
    for separator in ",;\t":
        text = text.replace(separator, " ")
    return list(dict.fromkeys(word for word in text.split() if word))


class EnrollDialog(SavingDialog):
    """Enroll contacts in a sequence: typed addresses, or everyone in a list or with a tag."""

    sig_enrolled = Signal(object)
    """Contacts were enrolled; carries an ``EnrollResult``."""

    def __init__(self, ctx: AppContext, sequence: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.sequence = sequence
        self.result_value: EnrollResult | None = None
        self.loaded = False
        self.setObjectName("enrollDialog")
        self.setWindowTitle(self.tr("Enroll in “{name}”").format(name=sequence))
        self.resize(520, 420)

        self.emails_radio = QRadioButton(self.tr("These addresses (one per line):"), self)
        self.emails_radio.setObjectName("enrollEmailsRadio")
        self.emails_radio.setChecked(True)
        self.emails_edit = QPlainTextEdit(self)
        self.emails_edit.setObjectName("enrollEmails")
        self.emails_edit.setPlaceholderText(self.tr("anne@example.fr\nbruno@example.fr"))
        self.list_radio = QRadioButton(self.tr("Everyone in the list:"), self)
        self.list_radio.setObjectName("enrollListRadio")
        self.list_combo = QComboBox(self)
        self.list_combo.setObjectName("enrollList")
        self.tag_radio = QRadioButton(self.tr("Everyone with the tag:"), self)
        self.tag_radio.setObjectName("enrollTagRadio")
        self.tag_combo = QComboBox(self)
        self.tag_combo.setObjectName("enrollTag")
        note = QLabel(
            self.tr(
                "A contact is enrolled once: those already in it (or who went through it), and "
                "those who may not receive it (unsubscribed, bounced...), are left out."
            ),
            self,
        )
        note.setWordWrap(True)
        self.build_footer("enrollError", QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enroll"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.emails_radio)
        layout.addWidget(self.emails_edit, 1)
        form = QFormLayout()
        form.addRow(self.list_radio, self.list_combo)
        form.addRow(self.tag_radio, self.tag_combo)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.form_error)
        layout.addWidget(self.buttons)
        self.list_combo.activated.connect(self._on_list_combo_activated)
        self.tag_combo.activated.connect(self._on_tag_combo_activated)
        self.emails_edit.textChanged.connect(self._on_emails_edit_text_changed)
        self._load_names()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _load_names(self) -> None:
        from app.contacts.service import list_lists, list_tags

        db = self.ctx.db
        Op(
            self, lambda: ([x.name for x in list_lists(db)], [t.name for t in list_tags(db)])
        ).success(self._on_names_loaded).failure(self._on_names_failed).run_in_background("io")

    def _on_names_loaded(self, names: tuple[list[str], list[str]]) -> None:
        fill_combo(self.list_combo, names[0])
        fill_combo(self.tag_combo, names[1])
        self.list_radio.setEnabled(bool(names[0]))
        self.tag_radio.setEnabled(bool(names[1]))
        self.loaded = True

    def _on_names_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "loading lists and tags to enroll")
        self.loaded = True

    def accept(self) -> None:
        if self._saving:
            return
        emails: list[str] = []
        list_name = tag = ""
        if self.list_radio.isChecked():
            list_name = self.list_combo.currentData() or ""
        elif self.tag_radio.isChecked():
            tag = self.tag_combo.currentData() or ""
        else:
            emails = split_addresses(self.emails_edit.toPlainText())
        if not (emails or list_name or tag):
            self._show_form_error(self.tr("Type at least one address, or choose a list or a tag."))
            return
        db, name = self.ctx.db, self.sequence
        self.save_in_background(lambda: enroll_audience(db, name, emails, list_name, tag))

    def on_saved(self, result: EnrollResult) -> None:
        self.result_value = result
        self.sig_enrolled.emit(result)

    def _on_list_combo_activated(self, _index: int) -> None:
        self.list_radio.setChecked(True)

    def _on_tag_combo_activated(self, _index: int) -> None:
        self.tag_radio.setChecked(True)

    def _on_emails_edit_text_changed(self) -> None:
        self.emails_radio.setChecked(True)
