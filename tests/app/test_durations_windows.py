"""Sequence delays (ISO-8601 durations) and sending windows, across DST changes in Europe/Paris."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from app.automation.durations import format_duration, parse_duration
from app.automation.windows import format_window, next_open, parse_window, validate_window
from app.errors import InvalidInput

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS = {"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "18:00", "timezone": "contact"}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- durations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds", "canonical"),
    [
        ("PT0S", 0, "PT0S"),
        ("PT30S", 30, "PT30S"),
        ("PT2S", 2, "PT2S"),
        ("PT15M", 900, "PT15M"),
        ("PT2H", 7200, "PT2H"),
        ("P2D", 172800, "P2D"),
        ("P1W", 604800, "P7D"),
        ("P1DT2H30M", 95400, "P1DT2H30M"),
        ("P1DT2H", 93600, "P1DT2H"),
        ("PT90M", 5400, "PT1H30M"),
        ("P1W2DT3M4S", 9 * 86400 + 184, "P9DT3M4S"),
        (" p2d ", 172800, "P2D"),
    ],
)
def test_durations(text: str, seconds: int, canonical: str) -> None:
    assert parse_duration(text) == seconds
    assert format_duration(seconds) == canonical
    assert parse_duration(canonical) == seconds


@pytest.mark.parametrize("text", ["P1M", "P1Y", "P1Y2D", "P2M1DT3H"])
def test_months_and_years_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_duration(text)
    assert "months or years" in str(info.value) and repr(text) in str(info.value)
    assert "P30D" in str(info.value)


@pytest.mark.parametrize(
    "text", ["", "P", "PT", "P1DT", "2D", "PT1H30", "P1.5D", "PT-5S", "demain", "P2D3W", "PT5SX"]
)
def test_garbage_is_refused_with_examples(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_duration(text)
    message = str(info.value)
    assert repr(text) in message and "PT30S" in message and "P2D" in message
    assert info.value.params["text"] == text  # the template keeps its parameters


def test_durations_have_a_ceiling() -> None:
    assert parse_duration("P3650D") == 3650 * 86400
    with pytest.raises(InvalidInput, match="too long"):
        parse_duration("P3651D")
    with pytest.raises(ValueError):
        format_duration(-1)


# --- parsing windows --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days", "start", "end", "canonical"),
    [
        ("mon-fri 09:00-18:00", [0, 1, 2, 3, 4], "09:00", "18:00", "mon-fri 09:00-18:00"),
        ("mon,wed,fri 9:00-12:00", [0, 2, 4], "09:00", "12:00", "mon,wed,fri 09:00-12:00"),
        ("sat-sun 10:00-12:00", [5, 6], "10:00", "12:00", "sat-sun 10:00-12:00"),
        ("09:00-18:00", list(range(7)), "09:00", "18:00", "09:00-18:00"),
        ("lun-ven 9h-18h30", [0, 1, 2, 3, 4], "09:00", "18:30", "mon-fri 09:00-18:30"),
        ("Lundi, Mercredi 8h-12h", [0, 2], "08:00", "12:00", "mon,wed 08:00-12:00"),
        ("Mon - Fri  09:00 - 18:00", [0, 1, 2, 3, 4], "09:00", "18:00", "mon-fri 09:00-18:00"),
        ("fri-mon 10:00-16:00", [0, 4, 5, 6], "10:00", "16:00", "mon,fri-sun 10:00-16:00"),
        ("sam,dim 00:00-24:00", [5, 6], "00:00", "24:00", "sat-sun 00:00-24:00"),
        ("fri 22:00-02:00", [4], "22:00", "02:00", "fri 22:00-02:00"),
    ],
)
def test_parse_and_format_windows(
    text: str, days: list[int], start: str, end: str, canonical: str
) -> None:
    window = parse_window(text)
    assert window == {"days": days, "start": start, "end": end, "timezone": "contact"}
    assert format_window(window) == canonical
    assert parse_window(canonical) == window


def test_account_timezone_and_french_formatting() -> None:
    window = parse_window("lun-ven 09:00-18:00 compte")
    assert window is not None and window["timezone"] == "account"
    assert format_window(window) == "mon-fri 09:00-18:00 account"
    assert format_window(window, "fr") == "lun-ven 09:00-18:00 compte"
    assert parse_window("mon-fri 09:00-18:00 account") == window
    assert parse_window("") is None and format_window(None) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon-fri", "not understood"),
        ("mon-fri 09:00", "not understood"),
        ("xyz 09:00-18:00", "'xyz' is not a day"),
        ("mon-funday 09:00-18:00", "'funday' is not a day"),
        ("mon-fri 25:00-26:00", "'25:00' is not a time of day"),
        ("mon-fri 09:60-18:00", "'09:60' is not a time of day"),
        ("mon-fri 24:00-10:00", "'24:00' is not a time of day"),
        ("mon-fri 09:00-09:00", "never be open"),
        ("every day from 9 to 18", "not understood"),
    ],
)
def test_bad_windows_are_refused(text: str, expected: str) -> None:
    with pytest.raises(InvalidInput, match=expected):
        parse_window(text)


def test_validate_window_dicts_from_an_editor() -> None:
    assert validate_window({"days": [4, 0, 0], "start": "9:00", "end": "18:00"}) == {
        "days": [0, 4],
        "start": "09:00",
        "end": "18:00",
        "timezone": "contact",
    }
    assert validate_window(None) is None
    with pytest.raises(InvalidInput, match="at least one day"):
        validate_window({"days": [], "start": "09:00", "end": "18:00"})
    with pytest.raises(InvalidInput, match="at least one day"):
        validate_window({"days": [7], "start": "09:00", "end": "18:00"})
    with pytest.raises(InvalidInput, match="'contact' or 'account'"):
        validate_window({"days": [0], "start": "09:00", "end": "18:00", "timezone": "Mars"})
    with pytest.raises(InvalidInput, match="needs days, a start and an end"):
        validate_window({"days": [0]})


# --- next_open --------------------------------------------------------------------------------


def test_no_window_means_now_in_utc() -> None:
    when = datetime(2024, 3, 31, 2, 30, tzinfo=ZoneInfo("America/New_York"))
    assert next_open(when, None, PARIS) == when
    assert next_open(when, None, PARIS).tzinfo is UTC
    with pytest.raises(ValueError):
        next_open(datetime(2024, 1, 1, 9, 0), WEEKDAYS, PARIS)


def test_inside_at_the_edges_and_after_closing() -> None:
    # Tuesday 2024-01-16, Paris is UTC+1.
    assert next_open(utc(2024, 1, 16, 10, 0), WEEKDAYS, PARIS) == utc(2024, 1, 16, 10, 0)
    assert next_open(utc(2024, 1, 16, 8, 0), WEEKDAYS, PARIS) == utc(2024, 1, 16, 8, 0)  # 09:00
    assert next_open(utc(2024, 1, 16, 7, 59, 59), WEEKDAYS, PARIS) == utc(2024, 1, 16, 8, 0)
    # 18:00 itself is closed: Wednesday 09:00.
    assert next_open(utc(2024, 1, 16, 17, 0), WEEKDAYS, PARIS) == utc(2024, 1, 17, 8, 0)
    # Friday evening: Monday morning.
    assert next_open(utc(2024, 1, 19, 20, 0), WEEKDAYS, PARIS) == utc(2024, 1, 22, 8, 0)


def test_weekends_with_a_dst_change_in_paris() -> None:
    # Spring: clocks go forward on Sunday 2024-03-31; Friday is UTC+1, Monday UTC+2.
    friday_evening = utc(2024, 3, 29, 17, 30)  # 18:30 in Paris
    assert next_open(friday_evening, WEEKDAYS, PARIS) == utc(2024, 4, 1, 7, 0)  # 09:00 CEST
    assert next_open(utc(2024, 3, 30, 12, 0), WEEKDAYS, PARIS) == utc(2024, 4, 1, 7, 0)
    # Autumn: clocks go back on Sunday 2024-10-27; Friday is UTC+2, Monday UTC+1.
    assert next_open(utc(2024, 10, 25, 16, 30), WEEKDAYS, PARIS) == utc(2024, 10, 28, 8, 0)
    # A weekend window on the very days of the change keeps its wall-clock hours.
    weekend = parse_window("sat-sun 10:00-12:00")
    assert next_open(utc(2024, 3, 30, 11, 0), weekend, PARIS) == utc(2024, 3, 31, 8, 0)
    assert next_open(utc(2024, 10, 26, 10, 30), weekend, PARIS) == utc(2024, 10, 27, 9, 0)
    # Sunday 12:00 CET (11:00 UTC) is closed again, until next Saturday 10:00.
    assert next_open(utc(2024, 10, 27, 11, 0), weekend, PARIS) == utc(2024, 11, 2, 9, 0)


def test_hours_that_do_not_exist_or_happen_twice() -> None:
    # 02:00-04:00 on 2024-03-31 in Paris: 02:00-03:00 never happens, the window opens at 03:00
    # CEST (01:00 UTC, the instant after the gap) and closes at 04:00 CEST.
    night = parse_window("sun 02:00-04:00")
    assert next_open(utc(2024, 3, 30, 22, 0), night, PARIS) == utc(2024, 3, 31, 1, 0)
    assert next_open(utc(2024, 3, 31, 1, 30), night, PARIS) == utc(2024, 3, 31, 1, 30)
    assert next_open(utc(2024, 3, 31, 2, 0), night, PARIS) == utc(2024, 4, 7, 0, 0)
    # On 2024-10-27, 02:00-03:00 happens twice: the window opens at the first 02:00 (00:00 UTC)
    # and closes at 04:00 CET (03:00 UTC), three real hours later.
    assert next_open(utc(2024, 10, 26, 23, 0), night, PARIS) == utc(2024, 10, 27, 0, 0)
    assert next_open(utc(2024, 10, 27, 2, 59), night, PARIS) == utc(2024, 10, 27, 2, 59)
    assert next_open(utc(2024, 10, 27, 3, 0), night, PARIS) == utc(2024, 11, 3, 1, 0)


def test_windows_past_midnight_and_until_midnight() -> None:
    late = parse_window("fri 22:00-02:00")  # Friday 22:00 to Saturday 02:00
    # Saturday 01:00 in Paris (00:00 UTC) is still inside Friday's window.
    assert next_open(utc(2024, 1, 20, 0, 0), late, PARIS) == utc(2024, 1, 20, 0, 0)
    # Saturday 03:00: the next Friday 22:00.
    assert next_open(utc(2024, 1, 20, 2, 0), late, PARIS) == utc(2024, 1, 26, 21, 0)
    evening = parse_window("mon 20:00-24:00")
    assert next_open(utc(2024, 1, 15, 22, 59), evening, PARIS) == utc(2024, 1, 15, 22, 59)
    assert next_open(utc(2024, 1, 15, 23, 0), evening, PARIS) == utc(2024, 1, 22, 19, 0)


def test_the_day_is_the_one_of_the_timezone() -> None:
    # Monday 03:00 UTC is still Sunday evening in New York: it opens Monday 09:00 there.
    new_york = ZoneInfo("America/New_York")
    assert next_open(utc(2024, 7, 15, 3, 0), WEEKDAYS, new_york) == utc(2024, 7, 15, 13, 0)
    # ... while in Tokyo it is already Monday noon, inside the window.
    tokyo = ZoneInfo("Asia/Tokyo")
    assert next_open(utc(2024, 7, 15, 3, 0), WEEKDAYS, tokyo) == utc(2024, 7, 15, 3, 0)
