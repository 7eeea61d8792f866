"""ISO-8601 durations for sequence delays: ``PT0S``, ``PT30S``, ``PT2H``, ``P2D``, ``P1W``, ``P1DT2H30M``.

Weeks, days, hours, minutes and seconds only: a month or a year has no fixed length, so ``P1M``
is refused with a message suggesting days. A day is 24 hours here (86,400 seconds); the sending
window, applied after the delay, works on the wall clock of a timezone.
"""

from __future__ import annotations

import re

from app.errors import InvalidInput

__all__ = ["MAX_SECONDS", "format_duration", "parse_duration"]

# Ten years: far beyond any useful delay, and well within a 32-bit integer column.
MAX_SECONDS = 3650 * 86400
EXAMPLES = "PT0S, PT30S, PT15M, PT2H, P2D, P1W, P1DT2H30M"

_DURATION = re.compile(
    r"P(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?(?:T(?=\d)(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?"
)
_UNIT = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}
# "P1M", "P1Y2D", "P1Y": a year or month part (before any T).
_CALENDAR = re.compile(r"P[^T]*\d+[YM]")


def parse_duration(text: str) -> int:
    """``"P1DT2H"`` -> ``93600`` seconds. Raises InvalidInput for anything else."""
    raw = text if isinstance(text, str) else str(text)
    value = raw.strip().upper()
    match = _DURATION.fullmatch(value)
    if match is None or value in ("P", "PT") or not any(match.groupdict().values()):
        if _CALENDAR.match(value):
            raise InvalidInput(
                "The delay {text!r} counts in months or years, whose length varies: write it in "
                "days or weeks instead (P30D, P4W).",
                text=raw,
            )
        raise InvalidInput(
            "The delay {text!r} is not an ISO-8601 duration: use for example {examples}.",
            text=raw,
            examples=EXAMPLES,
        )
    seconds = sum(int(n) * _UNIT[unit] for unit, n in match.groupdict().items() if n)
    if seconds > MAX_SECONDS:
        raise InvalidInput(
            "The delay {text!r} is too long: at most {days} days.",
            text=raw,
            days=MAX_SECONDS // 86400,
        )
    return seconds


def format_duration(seconds: int) -> str:
    """The canonical ISO-8601 text of a delay: ``P2D``, ``PT30S``, ``P1DT2H``, ``PT0S``."""
    if seconds < 0:
        raise ValueError(f"a negative duration: {seconds}")
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = "P" + (f"{days}D" if days else "")
    clock = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (secs, "S")) if n)
    if clock:
        text += "T" + clock
    return text if text != "P" else "PT0S"
