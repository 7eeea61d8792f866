"""The recurring schedule editor (cron without knowing cron) and schedules in words."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QLocale, QTime

from app.automation.cron import parse_cron
from tests.ui.conftest import wait_idle
from ui.cron_words import describe_schedule, join_words, occurrence_text, schedule_text
from ui.widgets.recurrence_editor import (
    CUSTOM,
    DAILY,
    MONTHLY,
    WEEKDAYS,
    WEEKLY,
    RecurrenceEditor,
)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

PARIS = ZoneInfo("Europe/Paris")


# --- in words ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("0 9 * * mon", "Every Monday at 09:00"),
        ("0 9 * * 1", "Every Monday at 09:00"),
        ("30 8 * * 1-5", "Every weekday (Monday to Friday) at 08:30"),
        ("0 9 * * 1,3,5", "Every Monday, Wednesday and Friday at 09:00"),
        ("0 10 * * sat,sun", "Every Saturday and Sunday at 10:00"),
        ("0 9,14 * * *", "Every day at 09:00 and 14:00"),
        ("0 10 1 * *", "On day 1 of every month at 10:00"),
        ("0 10 1,15 * *", "On days 1 and 15 of every month at 10:00"),
        ("15 * * * *", "Every hour at minute 15"),
        ("0 * * * *", "Every hour, on the hour"),
        ("0 */2 * * *", "Cron schedule: 0 */2 * * *"),
        ("0 9 * 6 mon", "Cron schedule: 0 9 * 6 mon"),
    ],
)
def test_schedules_in_words(qapp, expression: str, words: str) -> None:  # type: ignore[no-untyped-def]
    schedule = parse_cron(expression, "Europe/Paris")
    assert describe_schedule(schedule, with_timezone=False) == words
    assert describe_schedule(schedule) == f"{words} (Europe/Paris)"


def test_words_helpers(qapp) -> None:  # type: ignore[no-untyped-def]
    assert join_words([]) == ""
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b", "c"]) == "a, b and c"
    assert schedule_text("0 9 * * mon", "America/Montreal") == (
        "Every Monday at 09:00 (America/Montreal)"
    )
    assert schedule_text("not cron", "Europe/Paris") == "not cron"  # shown as it is stored
    when = datetime(2025, 6, 9, 9, 0, tzinfo=PARIS)
    long_date = QLocale().toString(QDate(2025, 6, 9), QLocale.FormatType.LongFormat)
    assert occurrence_text(when) == f"{long_date} at 09:00"


# --- the editor --------------------------------------------------------------------------------


@pytest.fixture
def editor(qtbot, ctx):  # type: ignore[no-untyped-def]
    widget = RecurrenceEditor(ctx.tasks)
    qtbot.addWidget(widget)
    widget.show()
    _settle(qtbot, widget)
    yield widget
    wait_idle(qtbot, ctx)


def _settle(qtbot, editor: RecurrenceEditor) -> None:  # type: ignore[no-untyped-def]
    """Wait for the background check of what is edited."""
    qtbot.waitUntil(lambda: not editor.checking(), timeout=5000)


def _shown_dates(editor: RecurrenceEditor) -> list[str]:
    text = editor.dates_label.text()
    return text.split("\n") if text else []


def test_starts_every_monday_at_nine_in_paris(qtbot, editor) -> None:  # type: ignore[no-untyped-def]
    assert editor.frequency() == WEEKLY and editor.weekdays() == [0]
    assert editor.cron() == "0 9 * * mon" and editor.timezone() == "Europe/Paris"
    assert editor.is_valid()
    assert editor.words_label.text() == "Every Monday at 09:00 (Europe/Paris)"
    assert len(editor.next_times) == 5
    now = datetime.now(UTC)
    for when in editor.next_times:
        local = when.astimezone(PARIS)
        assert (local.weekday(), local.hour, local.minute) == (0, 9, 0)
        assert when > now
    # Shown as they read in Paris, long date format.
    assert _shown_dates(editor) == [occurrence_text(t) for t in editor.next_times]
    assert not editor.error_label.isVisible()


@pytest.mark.parametrize(
    ("frequency", "setup", "cron", "words"),
    [
        (DAILY, {}, "0 9 * * *", "Every day at 09:00"),
        (WEEKDAYS, {"time": (8, 30)}, "30 8 * * 1-5", "Every weekday (Monday to Friday) at 08:30"),
        (
            WEEKLY,
            {"days": [0, 2, 4]},
            "0 9 * * mon,wed,fri",
            "Every Monday, Wednesday and Friday at 09:00",
        ),
        (MONTHLY, {"day": 1, "time": (10, 0)}, "0 10 1 * *", "On day 1 of every month at 10:00"),
        (CUSTOM, {"cron": "0 */2 * * *"}, "0 */2 * * *", "Cron schedule: 0 */2 * * *"),
    ],
)
def test_each_frequency_builds_its_cron(
    qtbot, editor, frequency: str, setup: dict, cron: str, words: str
) -> None:  # type: ignore[no-untyped-def]
    editor.set_frequency(frequency)
    if "time" in setup:
        editor.time_edit.setTime(QTime(*setup["time"]))
    for day, box in enumerate(editor.day_boxes):
        if "days" in setup:
            box.setChecked(day in setup["days"])
    if "day" in setup:
        editor.day_spin.setValue(setup["day"])
    if "cron" in setup:
        editor.cron_edit.setText(setup["cron"])
    _settle(qtbot, editor)
    assert editor.cron() == cron
    assert editor.is_valid(), editor.error
    assert editor.words_label.text() == f"{words} (Europe/Paris)"
    assert len(_shown_dates(editor)) == 5
    # Only the controls of this frequency are shown.
    assert editor.cron_edit.isVisible() == (frequency == CUSTOM)
    assert editor.time_edit.isVisible() == (frequency != CUSTOM)
    assert editor.day_boxes[0].isVisible() == (frequency == WEEKLY)
    assert editor.day_spin.isVisible() == (frequency == MONTHLY)


def test_words_and_dates_follow_the_edits(qtbot, editor) -> None:  # type: ignore[no-untyped-def]
    before = list(editor.next_times)
    with qtbot.waitSignal(editor.sig_schedule_changed):
        editor.time_edit.setTime(QTime(14, 15))
    assert not editor.is_valid()  # being checked
    _settle(qtbot, editor)
    assert editor.is_valid()
    assert editor.words_label.text() == "Every Monday at 14:15 (Europe/Paris)"
    assert editor.next_times != before
    assert all((t.hour, t.minute) == (14, 15) for t in editor.next_times)
    assert _shown_dates(editor) == [occurrence_text(t) for t in editor.next_times]

    # Another time zone: the same wall-clock time there.
    editor.zone_combo.setCurrentText("America/Montreal")
    _settle(qtbot, editor)
    assert editor.timezone() == "America/Montreal"
    assert editor.words_label.text() == "Every Monday at 14:15 (America/Montreal)"
    montreal = ZoneInfo("America/Montreal")
    assert all(
        (t.astimezone(montreal).weekday(), t.astimezone(montreal).hour) == (0, 14)
        for t in editor.next_times
    )
    # A day of the month beyond 28: said that some months have none.
    editor.set_frequency(MONTHLY)
    editor.day_spin.setValue(31)
    _settle(qtbot, editor)
    assert editor.cron() == "15 14 31 * *"
    assert editor.day_note.text() == "Months without a day 31 are skipped."
    assert all(t.day == 31 for t in editor.next_times)


def test_invalid_schedules_show_why(qtbot, editor) -> None:  # type: ignore[no-untyped-def]
    # No day ticked.
    editor.day_boxes[0].setChecked(False)
    assert editor.cron() == "" and not editor.is_valid()
    assert editor.error_label.text() == "Tick at least one day."
    assert editor.words_label.text() == "" and _shown_dates(editor) == []
    editor.day_boxes[3].setChecked(True)
    _settle(qtbot, editor)
    assert editor.is_valid() and editor.error_label.text() == ""

    # A custom expression starts from what the builder showed.
    editor.set_frequency(CUSTOM)
    assert editor.cron_edit.text() == "0 9 * * thu"
    editor.cron_edit.setText("0 9 * *")
    _settle(qtbot, editor)
    assert not editor.is_valid()
    assert "five fields" in editor.error_label.text()
    assert editor.error_label.isVisible()
    assert "color: #b00020" in editor.error_label.styleSheet()
    assert editor.words_label.text() == "" and _shown_dates(editor) == []

    editor.cron_edit.setText("0 0 31 2 *")  # February 31st: proved in the background
    _settle(qtbot, editor)
    assert not editor.is_valid() and "never happens" in editor.error_label.text()

    editor.cron_edit.setText("")
    assert not editor.is_valid()
    assert editor.error_label.text() == "Type a cron expression, for example “0 9 * * mon”."

    editor.cron_edit.setText("0 9 * * mon")
    editor.zone_combo.setCurrentText("Mars/Olympus")
    _settle(qtbot, editor)
    assert not editor.is_valid() and "Unknown time zone" in editor.error_label.text()


def test_a_stale_check_does_not_overwrite_a_newer_one(qtbot, ctx, editor) -> None:  # type: ignore[no-untyped-def]
    editor.set_frequency(CUSTOM)
    editor.cron_edit.setText("0 0 31 2 *")  # slow to refuse
    editor.cron_edit.setText("0 9 * * mon")  # typed on: this one is shown
    wait_idle(qtbot, ctx)
    assert editor.is_valid()
    assert editor.words_label.text() == "Every Monday at 09:00 (Europe/Paris)"
    assert editor.error_label.text() == ""


@pytest.mark.parametrize(
    ("cron", "frequency"),
    [
        ("0 9 * * mon", WEEKLY),
        ("30 8 * * 1-5", WEEKDAYS),
        ("0 10 1 * *", MONTHLY),
        ("0 7 * * *", DAILY),
        ("0 */2 * * *", CUSTOM),
        ("0 9,14 * * *", CUSTOM),  # two times a day: the builder has one
        ("15 * * * *", CUSTOM),
    ],
)
def test_set_schedule_round_trips(qtbot, editor, cron: str, frequency: str) -> None:  # type: ignore[no-untyped-def]
    editor.set_schedule(cron, "Europe/Brussels")
    assert editor.frequency() == frequency
    assert editor.cron() == cron and editor.timezone() == "Europe/Brussels"
    _settle(qtbot, editor)
    assert editor.is_valid()
    assert editor.words_label.text() == describe_schedule(parse_cron(cron, "Europe/Brussels"))


def test_set_schedule_fills_the_builder(qtbot, editor) -> None:  # type: ignore[no-untyped-def]
    editor.set_schedule("45 18 * * 2,4", "Europe/Paris")
    assert editor.frequency() == WEEKLY
    assert editor.weekdays() == [1, 3]
    assert editor.time_edit.time() == QTime(18, 45)
    assert editor.cron() == "45 18 * * tue,thu"
    editor.set_schedule("0 10 15 * *", "Europe/Paris")
    assert (editor.frequency(), editor.day_spin.value()) == (MONTHLY, 15)
    # An unknown zone: the builder still shows the rule, the zone is refused.
    editor.set_schedule("0 9 * * mon", "Europe/Atlantis")
    assert (editor.frequency(), editor.weekdays()) == (WEEKLY, [0])
    _settle(qtbot, editor)
    assert not editor.is_valid() and "Unknown time zone" in editor.error_label.text()
    # Not a cron expression: kept as typed, with the reason.
    editor.set_schedule("every monday", "Europe/Paris")
    assert editor.frequency() == CUSTOM and editor.cron_edit.text() == "every monday"
    _settle(qtbot, editor)
    assert not editor.is_valid() and "five fields" in editor.error_label.text()
