"""Sending windows: the weekdays and hours when a sequence's steps may go out.

Written ``"mon-fri 09:00-18:00"``, ``"mon,wed,fri 9:00-12:00"``, ``"sat-sun 10h-12h"``,
``"09:00-18:00"`` (every day) or with French day names (``"lun-ven 9h-18h"``); a last word
``account`` (``compte``) reads the hours in the sending account's timezone rather than the
contact's. Stored as ``{"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "18:00",
"timezone": "contact"}`` (Monday = 0). An end before the start runs past midnight
(``"fri 22:00-02:00"`` opens Friday 22:00 and closes Saturday 02:00); ``24:00`` is midnight at
the end of the day.

``next_open`` works on the wall clock of the timezone, so 09:00 stays 09:00 across DST changes;
a time that does not exist that day (02:30 when clocks go forward) means the instant after the
gap.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.errors import InvalidInput

__all__ = ["TIMEZONES", "format_window", "next_open", "parse_window", "validate_window"]

TIMEZONES = ("contact", "account")
DAY_NAMES = {
    "en": ("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
    "fr": ("lun", "mar", "mer", "jeu", "ven", "sam", "dim"),
}
_DAYS: dict[str, int] = {}
for _names in (
    DAY_NAMES["en"],
    DAY_NAMES["fr"],
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    ("mo", "tu", "we", "th", "fr", "sa", "su"),
):
    for _i, _name in enumerate(_names):
        _DAYS[_name] = _i
_TIMEZONE_WORDS = {"contact": "contact", "account": "account", "compte": "account"}
_TIME = re.compile(r"(\d{1,2})(?::(\d{2})|h(\d{2})?)?")
EXAMPLES = '"mon-fri 09:00-18:00", "mon,wed,fri 9:00-12:00", "sat-sun 10:00-12:00", "09:00-18:00"'


def _bad(text: str) -> InvalidInput:
    return InvalidInput(
        "The sending window {text!r} is not understood: write days and hours such as {examples}.",
        text=text,
        examples=EXAMPLES,
    )


def _parse_time(text: str, word: str, *, end: bool) -> str:
    match = _TIME.fullmatch(word)
    if match is None:
        raise _bad(text)
    hour, minute = int(match.group(1)), int(match.group(2) or match.group(3) or 0)
    if minute > 59 or hour > 24 or (hour == 24 and (minute or not end)):
        raise InvalidInput(
            "{time!r} is not a time of day: use 00:00 to 23:59 (24:00 for an end at midnight).",
            time=word,
        )
    return f"{hour:02d}:{minute:02d}"


def _parse_days(text: str, spec: str) -> list[int]:
    days: set[int] = set()
    for item in spec.split(","):
        first, sep, last = item.partition("-")
        names = [first, last] if sep else [first]
        if any(n not in _DAYS for n in names):
            unknown = next(n for n in names if n not in _DAYS)
            raise InvalidInput(
                "{day!r} is not a day: use mon, tue, wed, thu, fri, sat, sun (or lun ... dim), "
                "as in {examples}.",
                day=unknown,
                examples=EXAMPLES,
            )
        start = _DAYS[first]
        stop = _DAYS[last] if sep else start
        span = (stop - start) % 7  # "fri-mon" runs over the weekend
        days.update((start + k) % 7 for k in range(span + 1))
    return sorted(days)


def parse_window(text: str) -> dict[str, Any] | None:
    """``"mon-fri 09:00-18:00"`` -> the stored form; ``""`` -> ``None`` (any time)."""
    raw = text
    value = " ".join(text.strip().lower().split())
    if not value or value in ("any", "always", "toujours"):
        return None
    # "mon - fri", "mon, wed": no spaces inside a day list or a time range.
    value = re.sub(r"\s*([,-])\s*", r"\1", value)
    words = value.split(" ")
    timezone = "contact"
    if words[-1] in _TIMEZONE_WORDS:
        timezone = _TIMEZONE_WORDS[words.pop()]
    if not words or len(words) > 2:
        raise _bad(raw)
    hours = words[-1]
    start, sep, end = hours.partition("-")
    if not sep:
        raise _bad(raw)
    days = _parse_days(raw, words[0]) if len(words) == 2 else list(range(7))
    return validate_window(
        {
            "days": days,
            "start": _parse_time(raw, start, end=False),
            "end": _parse_time(raw, end, end=True),
            "timezone": timezone,
        }
    )


def validate_window(window: dict[str, Any] | None) -> dict[str, Any] | None:
    """Check and normalise a window given as a dict (the GUI's editor builds one)."""
    if window is None:
        return None
    try:
        days = sorted({int(d) for d in window.get("days", range(7))})
        start, end = str(window["start"]), str(window["end"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InvalidInput("A sending window needs days, a start and an end time.") from exc
    if not days or any(d < 0 or d > 6 for d in days):
        raise InvalidInput("A sending window needs at least one day of the week.")
    start = _parse_time(start, start, end=False)
    end = _parse_time(end, end, end=True)
    if start == end:
        raise InvalidInput(
            "The sending window opens and closes at the same time ({time}): it would never be "
            "open.",
            time=start,
        )
    timezone = str(window.get("timezone") or "contact")
    if timezone not in TIMEZONES:
        raise InvalidInput(
            "The window's timezone must be 'contact' or 'account', not {value!r}.", value=timezone
        )
    return {"days": days, "start": start, "end": end, "timezone": timezone}


def _format_days(days: list[int], names: tuple[str, ...]) -> str:
    runs: list[list[int]] = []
    for day in sorted(set(days)):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        names[run[0]] if len(run) == 1 else f"{names[run[0]]}-{names[run[-1]]}" for run in runs
    )


def format_window(window: dict[str, Any] | None, language: str = "en") -> str:
    """The text form: ``"mon-fri 09:00-18:00"`` (``"lun-ven ..."`` with ``language="fr"``);
    ``""`` for no window. ``account`` ends it when the account's timezone applies."""
    if not window:
        return ""
    names = DAY_NAMES.get(language, DAY_NAMES["en"])
    days = sorted(set(window.get("days", range(7))))
    text = f"{window['start']}-{window['end']}"
    if len(days) < 7:
        text = f"{_format_days(days, names)} {text}"
    if window.get("timezone") == "account":
        text += " compte" if language == "fr" else " account"
    return text


def _clock(value: str) -> tuple[time, int]:
    """``"09:30"`` -> (09:30, 0); ``"24:00"`` -> (00:00, 1 day later)."""
    hour, minute = (int(p) for p in value.split(":"))
    if hour == 24:
        return time(0, 0), 1
    return time(hour, minute), 0


def next_open(when: datetime, window: dict[str, Any] | None, tz: ZoneInfo) -> datetime:
    """The earliest instant at or after ``when`` inside ``window`` (read in ``tz``), in UTC.

    ``when`` must be aware. With no window, ``when`` itself.
    """
    if when.tzinfo is None:
        raise ValueError("next_open needs an aware datetime")
    moment = when.astimezone(UTC)
    if not window:
        return moment
    days = set(window["days"])
    start, start_shift = _clock(window["start"])
    end, end_shift = _clock(window["end"])
    overnight = end_shift == 0 and end <= start
    local_day = moment.astimezone(tz).date()
    best: datetime | None = None
    # Yesterday's window may still be open (overnight); a week ahead always finds a day.
    for offset in range(-1, 9):
        day = local_day + timedelta(days=offset)
        if day.weekday() not in days:
            continue
        opens = datetime.combine(day + timedelta(days=start_shift), start, tz).astimezone(UTC)
        close_day = day + timedelta(days=end_shift + (1 if overnight else 0))
        closes = datetime.combine(close_day, end, tz).astimezone(UTC)
        if closes <= moment:
            continue
        candidate = max(opens, moment)
        if best is None or candidate < best:
            best = candidate
        if best == moment:
            break
    assert best is not None  # at least one day a week, and it was looked at
    return best
