"""Recurring schedules: cron expressions read in a time zone, their next dates, their shape.

Expressions are the usual five fields (minute hour day-of-month month day-of-week) with cron's
meaning: day-of-week 0 or 7 is Sunday and names (``mon``) work. APScheduler 3 numbers weekdays
from Monday = 0, so numeric weekdays are translated into names before APScheduler sees them.
Dates are computed in the campaign's time zone (Europe/Paris by default), so "0 9 * * mon" is
09:00 Paris time in winter and in summer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

from app.errors import InvalidInput

DEFAULT_TIMEZONE = "Europe/Paris"
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")  # cron: 0 and 7 = Sunday
_FIELD = re.compile(r"^[\w*/,\-?]+$")
_SECOND = timedelta(seconds=1)
_HOUR = timedelta(hours=1)


def zone(name: str) -> ZoneInfo:
    """The time zone called ``name`` (IANA, e.g. Europe/Paris), or a clear error."""
    text = (name or "").strip() or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            "Unknown time zone {name!r}: use a name such as Europe/Paris.", name=name
        ) from exc


def _cron_weekday(token: str) -> int:
    """A cron weekday (0-7 or a name) as Monday = 0 ... Sunday = 6."""
    low = token.lower()
    if low[:3] in DAY_NAMES and (len(low) == 3 or low in _LONG_NAMES):
        return DAY_NAMES.index(low[:3])
    if token.isdigit() and 0 <= int(token) <= 7:
        return DAY_NAMES.index(_CRON_DAYS[int(token)])
    raise ValueError(f"day of week {token!r}")


_LONG_NAMES = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}


def _weekdays(text: str) -> list[int] | None:
    """The weekdays (Monday = 0) a day-of-week field names, None for "any day"."""
    if text in ("*", "?"):
        return None
    days: set[int] = set()
    for part in text.split(","):
        rng, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise ValueError(f"step {step_text!r}")
        if rng in ("*", "?"):
            # Steps count in cron's Sunday-first week: "*/2" is Sunday, Tuesday, Thursday, Saturday.
            days.update([6, 0, 1, 2, 3, 4, 5][::step])
            continue
        if "-" in rng:
            a, b = rng.split("-", 1)
            # Ranges follow cron's order (Sunday = 0): "sat-sun" is not allowed there either,
            # but "1-5" (Monday to Friday) and "0-6" (every day) are.
            start = _cron_index(a)
            end = _cron_index(b)
            if end < start:
                raise ValueError(f"range {rng!r}")
            for i in range(start, end + 1, step):
                days.add(DAY_NAMES.index(_CRON_DAYS[i]))
            continue
        if step_text:
            start = _cron_index(rng)
            for i in range(start, 7, step):
                days.add(DAY_NAMES.index(_CRON_DAYS[i]))
            continue
        days.add(_cron_weekday(rng))
    if len(days) == 7:
        return None
    return sorted(days)


def _cron_index(token: str) -> int:
    """Position in cron's week (Sunday = 0 ... Saturday = 6; 7 = Sunday at the end)."""
    low = token.lower()
    if token.isdigit() and 0 <= int(token) <= 7:
        return int(token)
    if low[:3] in DAY_NAMES:
        return (DAY_NAMES.index(low[:3]) + 1) % 7
    raise ValueError(f"day of week {token!r}")


class WallClockCronTrigger(CronTrigger):  # type: ignore[misc]
    """A cron trigger that runs a local time once on the night clocks go back.

    At the end of summer time, 02:30 happens twice (02:30 summer time, then 02:30 winter time);
    APScheduler 3 would fire both. Cron runs it once, and so do we. (Stored pickled in the job
    store: keep the class here, under this name.)
    """

    def get_next_fire_time(self, previous_fire_time: Any, now: Any) -> Any:
        nxt = super().get_next_fire_time(previous_fire_time, now)
        if nxt is None or previous_fire_time is None:
            return nxt
        before = previous_fire_time.astimezone(self.timezone).replace(tzinfo=None, fold=0)
        if nxt <= previous_fire_time or nxt.replace(tzinfo=None, fold=0) == before:
            # The repeated hour: look again from after it (APScheduler 3 would return this
            # same time over and over from inside that hour).
            later = (nxt.astimezone(UTC) + _HOUR + _SECOND).astimezone(self.timezone)
            nxt = super().get_next_fire_time(None, later)
        return nxt


@dataclass(frozen=True)
class CronSchedule:
    """A validated cron expression in a time zone."""

    expression: str  # normalised: single spaces
    timezone: str
    minute: str
    hour: str
    day: str
    month: str
    weekdays: list[int] | None = field(default=None)  # Monday = 0; None: any day

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def trigger(self) -> object:
        """The APScheduler trigger (weekdays given by name: APScheduler counts from Monday)."""
        dow = "*" if self.weekdays is None else ",".join(DAY_NAMES[d] for d in self.weekdays)
        return WallClockCronTrigger(
            minute=self.minute,
            hour=self.hour,
            day=self.day,
            month=self.month,
            day_of_week=dow,
            timezone=self.tz,
        )

    def next_times(self, count: int = 5, after: datetime | None = None) -> list[datetime]:
        """The next ``count`` dates (aware, in the schedule's time zone) strictly after ``after``."""
        trigger = self.trigger()
        now = (after or datetime.now(UTC)).astimezone(self.tz)
        times: list[datetime] = []
        previous = None
        current = now
        while len(times) < count:
            nxt = trigger.get_next_fire_time(previous, current)  # type: ignore[attr-defined]
            if nxt is None:
                break
            if nxt <= now:  # the trigger returns ``now`` itself when it matches
                current = nxt.replace(microsecond=0) + _SECOND
                continue
            times.append(nxt)
            previous = nxt
            current = nxt + _SECOND
        return times

    def shape(self) -> CronShape:
        return _shape(self)


def parse_cron(expression: str, timezone: str = DEFAULT_TIMEZONE) -> CronSchedule:
    """Validate ``expression`` (five cron fields) in ``timezone``; InvalidInput says what is wrong."""
    text = " ".join((expression or "").split())
    tz = zone(timezone)
    parts = text.split(" ")
    example = "0 9 * * mon"
    if len(parts) != 5 or not all(_FIELD.match(p) for p in parts):
        raise InvalidInput(
            "{expression!r} is not a cron expression: it needs five fields (minute hour "
            "day month weekday), for example {example!r} for Mondays at 09:00.",
            expression=expression,
            example=example,
        )
    minute, hour, day, month, dow = parts
    try:
        weekdays = _weekdays(dow)
        schedule = CronSchedule(text, tz.key, minute, hour, day, month, weekdays)
        schedule.trigger()
    except ValueError as exc:
        raise InvalidInput(
            "{expression!r} is not a valid cron expression ({reason}); for example {example!r} "
            "is Mondays at 09:00.",
            expression=expression,
            reason=str(exc),
            example=example,
        ) from exc
    if not schedule.next_times(1):
        raise InvalidInput("The schedule {expression!r} never happens.", expression=expression)
    return schedule


# --- in words ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CronShape:
    """What a schedule looks like, for saying it in words (the interface translates it).

    ``kind``: "daily" (every day at ``times``), "weekly" (on ``weekdays`` at ``times``),
    "monthly" (on ``days_of_month`` at ``times``), "hourly" (every hour at ``minute``), or
    "custom" (anything else: show the expression).
    """

    kind: str
    times: tuple[tuple[int, int], ...] = ()
    weekdays: tuple[int, ...] = ()
    days_of_month: tuple[int, ...] = ()
    minute: int = 0


def _numbers(text: str, low: int, high: int, limit: int = 6) -> tuple[int, ...] | None:
    """Explicit values of a field ("9", "9,14", "8-10"), None if not a short plain list."""
    values: list[int] = []
    for part in text.split(","):
        if "/" in part or part in ("*", "?"):
            return None
        a, sep, b = part.partition("-")
        if not a.isdigit() or (sep and not b.isdigit()):
            return None
        start, end = int(a), int(b) if sep else int(a)
        if not (low <= start <= end <= high):
            return None
        values.extend(range(start, end + 1))
    values = sorted(set(values))
    return tuple(values) if 0 < len(values) <= limit else None


def _shape(s: CronSchedule) -> CronShape:
    if s.month not in ("*", "?"):
        return CronShape("custom")
    minutes = _numbers(s.minute, 0, 59)
    if s.hour == "*" and minutes is not None and len(minutes) == 1 and s.day in ("*", "?"):
        if s.weekdays is None:
            return CronShape("hourly", minute=minutes[0])
        return CronShape("custom")
    hours = _numbers(s.hour, 0, 23)
    if minutes is None or hours is None or len(minutes) * len(hours) > 6:
        return CronShape("custom")
    times = tuple((h, m) for h in hours for m in minutes)
    if s.day in ("*", "?"):
        if s.weekdays is None:
            return CronShape("daily", times=times)
        return CronShape("weekly", times=times, weekdays=tuple(s.weekdays))
    days = _numbers(s.day, 1, 31, limit=10)
    if days is not None and s.weekdays is None:
        return CronShape("monthly", times=times, days_of_month=days)
    return CronShape("custom")


_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _en_join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe(schedule: CronSchedule) -> str:
    """The schedule in English words, for the CLI ("Every Monday at 09:00 (Europe/Paris)")."""
    shape = schedule.shape()
    at = _en_join([f"{h:02d}:{m:02d}" for h, m in shape.times]) if shape.times else ""
    if shape.kind == "daily":
        text = f"Every day at {at}"
    elif shape.kind == "weekly":
        if shape.weekdays == (0, 1, 2, 3, 4):
            text = f"Every weekday (Monday to Friday) at {at}"
        else:
            text = f"Every {_en_join([_EN_DAYS[d] for d in shape.weekdays])} at {at}"
    elif shape.kind == "monthly":
        days = _en_join([str(d) for d in shape.days_of_month])
        text = f"On day {days} of every month at {at}"
    elif shape.kind == "hourly":
        text = f"Every hour at minute {shape.minute:02d}"
    else:
        text = f"On the cron schedule {schedule.expression!r}"
    return f"{text} ({schedule.timezone})"
