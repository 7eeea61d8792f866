"""Builds a recurring schedule without knowing cron: every day, on weekdays, on chosen days of the
week, on a day of each month, at a time of day, in a time zone; or a cron expression typed as is.

It shows the rule in words and the next five dates as it is edited, or why the schedule is not
valid. The check (``parse_cron`` and the next dates) runs in the background: a schedule that never
happens ("0 0 31 2 *") takes a while to prove so, and the GUI thread never waits for it.
"""

from __future__ import annotations

import functools
from datetime import datetime
from zoneinfo import available_timezones

from PySide6.QtCore import QLocale, QStringListModel, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.automation.cron import DAY_NAMES, DEFAULT_TIMEZONE, CronSchedule, parse_cron
from app.errors import FacteurError
from app.logs import log_unexpected
from ui.cron_words import WORKING_WEEK, describe_schedule, occurrence_text
from ui.errors import error_text
from ui.tasks import Op, TaskRunner

DAILY, WEEKDAYS, WEEKLY, MONTHLY, CUSTOM = "daily", "weekdays", "weekly", "monthly", "custom"
NEXT_DATES = 5
EXAMPLE_CRON = "0 9 * * mon"
# Offered first in the time zone box (France, its overseas departments and territories, its
# neighbours, French-speaking countries); any IANA name can be typed, with completion.
COMMON_TIMEZONES = (
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Luxembourg",
    "Europe/Zurich",
    "Europe/Monaco",
    "Europe/London",
    "UTC",
    "America/Guadeloupe",
    "America/Martinique",
    "America/Cayenne",
    "Indian/Reunion",
    "Indian/Mayotte",
    "Pacific/Noumea",
    "Pacific/Tahiti",
    "America/Montreal",
    "Africa/Casablanca",
    "Africa/Algiers",
    "Africa/Tunis",
    "Africa/Dakar",
    "Africa/Abidjan",
)


@functools.cache
def _all_timezones() -> list[str]:
    return sorted(available_timezones())


class RecurrenceEditor(QWidget):
    """A recurring schedule (a cron expression in a time zone), with its words and next dates."""

    sig_schedule_changed = Signal()
    """The schedule was edited, or its check came back (``is_valid`` may have changed)."""

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._generation = 0
        self._checked: tuple[str, str] | None = None  # the (cron, zone) the labels describe
        self._pending = False
        self._loading = False  # set_schedule fills the controls: one check at the end
        self.schedule: CronSchedule | None = None
        self.next_times: list[datetime] = []
        self.error = ""

        self.frequency_combo = QComboBox()
        self.frequency_combo.setObjectName("recurrenceFrequency")
        for key, text in (
            (DAILY, self.tr("Every day")),
            (WEEKDAYS, self.tr("Every weekday (Monday to Friday)")),
            (WEEKLY, self.tr("On chosen days of the week")),
            (MONTHLY, self.tr("On a day of each month")),
            (CUSTOM, self.tr("Custom (cron expression)")),
        ):
            self.frequency_combo.addItem(text, key)

        locale = QLocale()
        self.day_boxes: list[QCheckBox] = []
        days = QWidget()
        days_row = QHBoxLayout(days)
        days_row.setContentsMargins(0, 0, 0, 0)
        for weekday in range(7):  # Monday = 0, as in app.automation.cron
            box = QCheckBox(locale.standaloneDayName(weekday + 1, QLocale.FormatType.ShortFormat))
            box.setToolTip(locale.standaloneDayName(weekday + 1, QLocale.FormatType.LongFormat))
            box.setObjectName(f"recurrenceDay{weekday}")
            self.day_boxes.append(box)
            days_row.addWidget(box)
        days_row.addStretch(1)
        self.day_boxes[0].setChecked(True)

        self.day_spin = QSpinBox()
        self.day_spin.setObjectName("recurrenceDayOfMonth")
        self.day_spin.setRange(1, 31)
        self.day_note = QLabel()
        self.day_note.setObjectName("recurrenceDayNote")
        month_day = QWidget()
        month_row = QHBoxLayout(month_day)
        month_row.setContentsMargins(0, 0, 0, 0)
        month_row.addWidget(self.day_spin)
        month_row.addWidget(self.day_note, 1)

        self.time_edit = QTimeEdit(QTime(9, 0))
        self.time_edit.setObjectName("recurrenceTime")
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

        self.cron_edit = QLineEdit()
        self.cron_edit.setObjectName("recurrenceCron")
        self.cron_edit.setPlaceholderText(EXAMPLE_CRON)
        self.cron_edit.setToolTip(
            self.tr(
                "Five fields: minute, hour, day of the month, month, day of the week. "
                "For example “{example}” is every Monday at 09:00."
            ).format(example=EXAMPLE_CRON)
        )

        self.zone_combo = QComboBox()
        self.zone_combo.setObjectName("recurrenceTimezone")
        self.zone_combo.setEditable(True)
        self.zone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone_combo.addItems(COMMON_TIMEZONES)
        completer = QCompleter(QStringListModel(_all_timezones(), self), self.zone_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone_combo.setCompleter(completer)
        self.zone_combo.setCurrentText(DEFAULT_TIMEZONE)

        self.words_label = QLabel()
        self.words_label.setObjectName("recurrenceWords")
        self.words_label.setWordWrap(True)
        font = self.words_label.font()
        font.setBold(True)
        self.words_label.setFont(font)
        self.dates_label = QLabel()
        self.dates_label.setObjectName("recurrenceDates")
        self.dates_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label = QLabel()
        self.error_label.setObjectName("recurrenceError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")

        self.form = QFormLayout()
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(self.tr("Repeat:"), self.frequency_combo)
        self._days_row = self._add_row(self.tr("On:"), days)
        self._month_row = self._add_row(self.tr("Day of the month:"), month_day)
        self._time_row = self._add_row(self.tr("At:"), self.time_edit)
        self._cron_row = self._add_row(self.tr("Cron expression:"), self.cron_edit)
        self.form.addRow(self.tr("Time zone:"), self.zone_combo)
        self.form.addRow(self.words_label)
        self._dates_row = self._add_row(self.tr("Next sends:"), self.dates_label)
        self.form.addRow(self.error_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)

        self.frequency_combo.currentIndexChanged.connect(
            self._on_frequency_combo_current_index_changed
        )
        for box in self.day_boxes:
            box.toggled.connect(self._on_input_changed)
        self.day_spin.valueChanged.connect(self._on_input_changed)
        self.time_edit.timeChanged.connect(self._on_input_changed)
        self.cron_edit.textChanged.connect(self._on_input_changed)
        self.zone_combo.currentTextChanged.connect(self._on_input_changed)
        self.set_frequency(WEEKLY)
        self._update_rows()
        self._check()

    def _add_row(self, label: str, field: QWidget) -> int:
        self.form.addRow(label, field)
        return self.form.rowCount() - 1

    # --- what it holds ---------------------------------------------------------------------------

    def frequency(self) -> str:
        return self.frequency_combo.currentData()

    def set_frequency(self, key: str) -> None:
        index = self.frequency_combo.findData(key)
        if index >= 0:
            self.frequency_combo.setCurrentIndex(index)

    def weekdays(self) -> list[int]:
        """The days ticked (Monday = 0)."""
        return [d for d, box in enumerate(self.day_boxes) if box.isChecked()]

    def cron(self) -> str:
        """The cron expression edited ("" when it is incomplete: no day ticked, nothing typed)."""
        frequency = self.frequency()
        if frequency == CUSTOM:
            return " ".join(self.cron_edit.text().split())
        time = self.time_edit.time()
        at = f"{time.minute()} {time.hour()}"
        if frequency == DAILY:
            return f"{at} * * *"
        if frequency == WEEKDAYS:
            return f"{at} * * 1-5"
        if frequency == MONTHLY:
            return f"{at} {self.day_spin.value()} * *"
        days = self.weekdays()
        return f"{at} * * {','.join(DAY_NAMES[d] for d in days)}" if days else ""

    def timezone(self) -> str:
        """The time zone typed or chosen (an empty box means the default, Europe/Paris)."""
        return self.zone_combo.currentText().strip() or DEFAULT_TIMEZONE

    def set_schedule(self, cron: str, timezone: str = DEFAULT_TIMEZONE) -> None:
        """Show ``cron`` in ``timezone``: in the builder when it is a simple schedule (one time a
        day: every day, weekdays, some days of the week, one day of the month), else as typed."""
        self._loading = True
        try:
            self.zone_combo.setCurrentText(timezone or DEFAULT_TIMEZONE)
            self.cron_edit.setText(cron)
            self.set_frequency(self._fill_builder(cron))
        finally:
            self._loading = False
        self._update_rows()
        self._check()

    def _fill_builder(self, cron: str) -> str:
        """Set the builder's controls from ``cron``; the frequency that shows it."""
        # Parsed here, not in the background: a saved schedule is valid, and a valid one is
        # read in a millisecond (only proving that one never happens takes long).
        try:
            # The shape does not depend on the zone: an unknown zone is said, the builder kept.
            shape = parse_cron(cron, DEFAULT_TIMEZONE).shape()
        except FacteurError:
            return CUSTOM  # shown as typed, with the reason it is refused
        if len(shape.times) != 1:
            return CUSTOM
        hour, minute = shape.times[0]
        if shape.kind == "daily":
            frequency = DAILY
        elif shape.kind == "weekly" and shape.weekdays == WORKING_WEEK:
            frequency = WEEKDAYS
        elif shape.kind == "weekly":
            frequency = WEEKLY
            for day, box in enumerate(self.day_boxes):
                box.setChecked(day in shape.weekdays)
        elif shape.kind == "monthly" and len(shape.days_of_month) == 1:
            frequency = MONTHLY
            self.day_spin.setValue(shape.days_of_month[0])
        else:
            return CUSTOM
        self.time_edit.setTime(QTime(hour, minute))
        return frequency

    def is_valid(self) -> bool:
        """The schedule was checked and happens (``False`` while the check runs)."""
        return not self._pending and self.schedule is not None

    def checking(self) -> bool:
        return self._pending

    # --- the live check --------------------------------------------------------------------------

    def _on_frequency_combo_current_index_changed(self, _index: int) -> None:
        if self.frequency() == CUSTOM and not self.cron_edit.text().strip():
            # Start from what the builder showed, to be adjusted.
            self.cron_edit.setText(self._builder_cron())
        self._update_rows()
        self._on_input_changed()

    def _builder_cron(self) -> str:
        """What the builder showed before choosing "custom" (its cron, or the example)."""
        checked = self._checked[0] if self._checked is not None else ""
        return checked or EXAMPLE_CRON

    def _update_rows(self) -> None:
        frequency = self.frequency()
        self.form.setRowVisible(self._days_row, frequency == WEEKLY)
        self.form.setRowVisible(self._month_row, frequency == MONTHLY)
        self.form.setRowVisible(self._time_row, frequency != CUSTOM)
        self.form.setRowVisible(self._cron_row, frequency == CUSTOM)
        day = self.day_spin.value()
        self.day_note.setText(
            self.tr("Months without a day {day} are skipped.").format(day=day) if day > 28 else ""
        )

    def _on_input_changed(self, *_args: object) -> None:
        if self._loading:
            return
        self._update_rows()
        self._check()

    def _check(self) -> None:
        """Check the schedule as edited, in the background; stale answers are ignored."""
        cron, zone = self.cron(), self.timezone()
        if (cron, zone) == self._checked:
            return  # already shown, or its check is under way
        self._generation += 1
        generation = self._generation
        self._checked = (cron, zone)
        if not cron:
            self._pending = False
            if self.frequency() == CUSTOM:
                problem = self.tr("Type a cron expression, for example “{example}”.").format(
                    example=EXAMPLE_CRON
                )
            else:
                problem = self.tr("Tick at least one day.")
            self._show(None, [], problem)
            return
        self._pending = True
        self.sig_schedule_changed.emit()

        def work() -> tuple[CronSchedule, list[datetime]]:
            schedule = parse_cron(cron, zone)
            return schedule, schedule.next_times(NEXT_DATES)

        Op(self, work, runner=self._tasks).success(
            lambda result: self._on_check_succeeded(generation, result)
        ).failure(lambda exc: self._on_check_failed(generation, exc)).run_in_background("io")

    def _on_check_succeeded(
        self, generation: int, result: tuple[CronSchedule, list[datetime]]
    ) -> None:
        if generation != self._generation:
            return
        self._pending = False
        schedule, times = result
        self._show(schedule, times, "")

    def _on_check_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "checking a recurring schedule")
        self._pending = False
        self._show(None, [], error_text(exc))

    def _show(self, schedule: CronSchedule | None, times: list[datetime], error: str) -> None:
        self.schedule = schedule
        self.next_times = times
        self.error = error
        self.words_label.setText(describe_schedule(schedule) if schedule is not None else "")
        self.dates_label.setText("\n".join(occurrence_text(t) for t in times))
        self.form.setRowVisible(self._dates_row, bool(times))
        self.error_label.setText(error)
        self.error_label.setVisible(bool(error))
        self.sig_schedule_changed.emit()
