"""A recurring schedule said in words, in the interface language ("Every Monday at 09:00").

``app.automation.cron`` tells what a schedule looks like (``CronShape``); the sentences are here so
they are translated (context "CronWords"). Day names are separate strings: they follow "Every",
which is singular in English ("Every Monday") and plural in French ("Tous les lundis"), and the
list of days or times is joined with a translatable "and".
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from app.automation.cron import CronSchedule, parse_cron
from app.errors import FacteurError

WORKING_WEEK = (0, 1, 2, 3, 4)  # Monday to Friday (Monday = 0)


def _day_names() -> tuple[str, ...]:
    """Monday to Sunday as they follow "Every" (French: "lundis", the plural)."""
    return (
        QCoreApplication.translate("CronWords", "Monday", "after “Every”; French: plural"),
        QCoreApplication.translate("CronWords", "Tuesday", "after “Every”; French: plural"),
        QCoreApplication.translate("CronWords", "Wednesday", "after “Every”; French: plural"),
        QCoreApplication.translate("CronWords", "Thursday", "after “Every”; French: plural"),
        QCoreApplication.translate("CronWords", "Friday", "after “Every”; French: plural"),
        QCoreApplication.translate("CronWords", "Saturday", "after “Every”; French: plural"),
        QCoreApplication.translate("CronWords", "Sunday", "after “Every”; French: plural"),
    )


def join_words(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c" in the interface language."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    separator = QCoreApplication.translate("CronWords", ", ", "between the items of a list")
    return QCoreApplication.translate("CronWords", "{items} and {last}").format(
        items=separator.join(items[:-1]), last=items[-1]
    )


def _clock(hour: int, minute: int) -> str:
    # 24-hour, as a schedule is written in French (and in cron).
    return f"{hour:02d}:{minute:02d}"


def describe_schedule(schedule: CronSchedule, *, with_timezone: bool = True) -> str:
    """The schedule as a sentence: "Every Monday at 09:00 (Europe/Paris)"."""
    shape = schedule.shape()
    at = join_words([_clock(h, m) for h, m in shape.times])
    if shape.kind == "daily":
        text = QCoreApplication.translate("CronWords", "Every day at {times}").format(times=at)
    elif shape.kind == "weekly" and shape.weekdays == WORKING_WEEK:
        text = QCoreApplication.translate(
            "CronWords", "Every weekday (Monday to Friday) at {times}"
        ).format(times=at)
    elif shape.kind == "weekly":
        names = _day_names()
        days = join_words([names[d] for d in shape.weekdays])
        text = QCoreApplication.translate("CronWords", "Every {days} at {times}").format(
            days=days, times=at
        )
    elif shape.kind == "monthly":
        # The number of days is never shown: only the grammar changes ("day 1", "days 1 and 15").
        days = join_words([str(d) for d in shape.days_of_month])
        if len(shape.days_of_month) == 1:
            text = QCoreApplication.translate(
                "CronWords", "On day {days} of every month at {times}"
            )
        else:
            text = QCoreApplication.translate(
                "CronWords", "On days {days} of every month at {times}"
            )
        text = text.format(days=days, times=at)
    elif shape.kind == "hourly" and shape.minute == 0:
        text = QCoreApplication.translate("CronWords", "Every hour, on the hour")
    elif shape.kind == "hourly":
        text = QCoreApplication.translate("CronWords", "Every hour at minute {minute}").format(
            minute=shape.minute
        )
    else:
        text = QCoreApplication.translate("CronWords", "Cron schedule: {expression}").format(
            expression=schedule.expression
        )
    if not with_timezone:
        return text
    return QCoreApplication.translate("CronWords", "{schedule} ({timezone})").format(
        schedule=text, timezone=schedule.timezone
    )


@functools.lru_cache(maxsize=256)
def _parsed(expression: str, timezone: str) -> CronSchedule | None:
    try:
        return parse_cron(expression, timezone)
    except FacteurError:
        return None


def schedule_text(expression: str, timezone: str) -> str:
    """A stored schedule in words (the expression itself if it no longer parses).

    For tables that show many rows: the parsing is cached, the words follow the language.
    """
    schedule = _parsed(expression, timezone)
    if schedule is None:
        return expression
    return describe_schedule(schedule)


def next_occurrence(expression: str, timezone: str) -> datetime | None:
    """The next date of a schedule (in its time zone), ``None`` if it does not parse."""
    schedule = _parsed(expression, timezone)
    if schedule is None:
        return None
    times = schedule.next_times(1)
    return times[0] if times else None


def occurrence_text(when: datetime) -> str:
    """A date-time as it reads on the wall clock of its own time zone: the long date and HH:MM
    ("Monday, 9 June 2025 at 09:00")."""
    date = QLocale().toString(QDate(when.year, when.month, when.day), QLocale.FormatType.LongFormat)
    return QCoreApplication.translate("CronWords", "{date} at {time}").format(
        date=date, time=_clock(when.hour, when.minute)
    )
