"""Recurring and one-off campaign schedules on APScheduler, on a controllable clock (time-machine).

The clock is moved with time-machine (``tick=True``: it runs on from where it was put); the
scheduler's own threads and waits are real. ``tick()`` is what the runner calls every second.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from app.automation.cron import describe, parse_cron
from app.automation.scheduler import CampaignScheduler
from app.automation.settings import set_misfire_grace_seconds
from app.contacts.service import ContactInput, add_contact, create_list, set_list_membership
from app.db import Database
from app.db.models import CampaignRun, SchedulerJob
from app.errors import InvalidInput
from app.sending import campaigns
from app.sending.accounts import AccountInput, create_account
from app.sending.campaigns import CampaignInput
from app.sending.secrets import open_secret_store
from app.templates.service import TemplateInput, create_template

PARIS = ZoneInfo("Europe/Paris")


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


# --- cron expressions ---------------------------------------------------------------------------


def test_cron_reads_weekdays_as_cron_does_not_as_apscheduler_3() -> None:
    # APScheduler 3 counts weekdays from Monday = 0; cron from Sunday = 0.
    after = paris(2026, 11, 24, 12)  # a Tuesday
    for expr in ("0 9 * * mon", "0 9 * * 1", "0 9 * * MON", "0 9 * * monday"):
        assert parse_cron(expr).next_times(1, after=after) == [paris(2026, 11, 30, 9)]
    assert parse_cron("0 9 * * 0").next_times(1, after=after) == [paris(2026, 11, 29, 9)]
    assert parse_cron("0 9 * * 7").next_times(1, after=after) == [paris(2026, 11, 29, 9)]
    weekdays = parse_cron("30 8 * * 1-5").next_times(5, after=after)
    assert [t.weekday() for t in weekdays] == [2, 3, 4, 0, 1]


def test_cron_in_a_time_zone_across_dst_changes() -> None:
    sundays = parse_cron("0 9 * * sun", "Europe/Paris").next_times(3, after=paris(2027, 3, 20, 12))
    # 2027-03-28: clocks go forward at 02:00; 09:00 Paris stays 09:00 Paris.
    assert [t.astimezone(PARIS).hour for t in sundays] == [9, 9, 9]
    assert [t.astimezone(UTC).hour for t in sundays] == [8, 7, 7]
    autumn = parse_cron("0 9 * * sun").next_times(2, after=paris(2026, 10, 15))
    assert [t.astimezone(UTC).hour for t in autumn] == [7, 8]  # back to winter time on 25 Oct
    # A time that happens twice (02:30 on 25 October 2026) runs once.
    night = parse_cron("30 2 * * *").next_times(3, after=paris(2026, 10, 24, 12))
    assert len({t.astimezone(UTC) for t in night}) == 3
    assert [t.astimezone(PARIS).day for t in night] == [25, 26, 27]
    # A time that does not exist (02:30 on 28 March 2027) is not run twice the next day either.
    spring = parse_cron("30 2 * * *").next_times(3, after=paris(2027, 3, 27, 12))
    assert len(spring) == 3 and len({t.date() for t in spring}) == 3
    # ... it runs once that night, at 03:30 summer time, right after the clocks went forward.
    assert spring[0].astimezone(UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)  # 03:30 CEST
    other = parse_cron("0 9 * * mon", "America/New_York").next_times(1, after=paris(2026, 11, 24))
    assert other[0].astimezone(UTC) == datetime(2026, 11, 30, 14, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expr", "words"),
    [
        ("0 9 * * mon", "Every Monday at 09:00 (Europe/Paris)"),
        ("30 8 * * 1-5", "Every weekday (Monday to Friday) at 08:30 (Europe/Paris)"),
        ("0 9,14 * * *", "Every day at 09:00 and 14:00 (Europe/Paris)"),
        ("0 10 1 * *", "On day 1 of every month at 10:00 (Europe/Paris)"),
        ("15 * * * *", "Every hour at minute 15 (Europe/Paris)"),
        ("*/10 * * * *", "On the cron schedule '*/10 * * * *' (Europe/Paris)"),
    ],
)
def test_cron_in_words(expr: str, words: str) -> None:
    assert describe(parse_cron(expr)) == words


@pytest.mark.parametrize(
    ("expr", "tz", "message"),
    [
        ("0 9 * *", "Europe/Paris", "five fields"),
        ("61 9 * * *", "Europe/Paris", "not a valid cron expression"),
        ("0 9 * * 8", "Europe/Paris", "not a valid cron expression"),
        ("0 9 31 2 *", "Europe/Paris", "never happens"),
        ("0 9 * * mon", "Europe/Lutece", "Unknown time zone"),
    ],
)
def test_bad_schedules_are_refused_with_the_reason(expr: str, tz: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_cron(expr, tz)


# --- campaigns and the scheduler ----------------------------------------------------------------


@pytest.fixture
def world(db: Database, facteur_home: Path) -> Database:
    """Three subscribed contacts in list Clients, template Lettre, SMTP account Boutique."""
    ids = [add_contact(db, ContactInput(email=f"c{i}@example.com")).id for i in range(3)]
    create_list(db, "Clients")
    set_list_membership(db, ids, ["Clients"])
    create_template(db, TemplateInput(name="Lettre", subject="Nouvelles", html="<p>Bonjour</p>"))
    create_account(
        db,
        open_secret_store(facteur_home),
        AccountInput(
            name="Boutique",
            kind="smtp",
            from_address="shop@example.com",
            host="127.0.0.1",
            port=2525,
            security="none",
        ),
    )
    return db


def recurring(db: Database, name: str = "Lettre du lundi", cron: str = "0 9 * * mon") -> int:
    campaigns.create_campaign(
        db,
        CampaignInput(
            name=name, template="Lettre", account="Boutique", include=["list:Clients"], cron=cron
        ),
    )
    return campaigns.start_campaign(db, name).id


def runs(db: Database, campaign_id: int) -> list[tuple[str, datetime | None, int]]:
    with db.session() as s:
        rows = s.execute(
            select(CampaignRun.status, CampaignRun.scheduled_for, CampaignRun.id)
            .where(CampaignRun.campaign_id == campaign_id)
            .order_by(CampaignRun.scheduled_for)
        ).all()
    return [(status, when, rid) for status, when, rid in rows]


@pytest.fixture
def start_scheduler(world: Database) -> Iterator[Callable[[], CampaignScheduler]]:
    started: list[CampaignScheduler] = []
    events: list[object] = []

    def start() -> CampaignScheduler:
        sched = CampaignScheduler(world, on_event=events.append)
        sched.events = events  # type: ignore[attr-defined]
        sched.start()
        started.append(sched)
        return sched

    yield start
    for sched in started:
        sched.stop()


def until(sched: CampaignScheduler, check: Callable[[], bool], timeout: float = 8.0) -> None:
    """Call the runner's tick until ``check()`` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sched.tick()
        if check():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_recurring_campaign_runs_at_its_time_with_its_own_snapshot(world, start_scheduler) -> None:
    with time_machine.travel(paris(2026, 11, 30, 8, 59, 58), tick=True):
        cid = recurring(world)
        campaign = campaigns.get_campaign(world, "Lettre du lundi")
        assert (campaign.status, campaign.next_run_at) == ("scheduled", paris(2026, 11, 30, 9))
        sched = start_scheduler()
        until(sched, lambda: len(runs(world, cid)) == 1)
        ((status, when, _),) = runs(world, cid)
        assert (status, when) == ("sending", paris(2026, 11, 30, 9))
        assert campaigns.campaign_status(world, "Lettre du lundi")["queued"] == 3
        assert [e.kind for e in sched.events] == ["started"]  # type: ignore[attr-defined]
        # The next occurrence is next Monday, same Paris time.
        assert campaigns.get_campaign(world, "Lettre du lundi").next_run_at == paris(2026, 12, 7, 9)
        sched.stop()


def test_a_run_fired_twice_is_sent_once(world) -> None:
    cid = recurring(world)
    at = paris(2026, 11, 30, 9)
    assert campaigns.start_occurrence(world, cid, at) == ("Lettre du lundi", "sending", "")
    assert campaigns.start_occurrence(world, cid, at) is None
    assert len(runs(world, cid)) == 1
    assert campaigns.campaign_status(world, "Lettre du lundi")["total"] == 3


def test_sleep_and_wake_within_the_grace_period_runs_once(world, start_scheduler) -> None:
    with time_machine.travel(paris(2026, 11, 30, 8, 0), tick=True) as clock:
        cid = recurring(world)
        sched = start_scheduler()
        until(sched, lambda: sched.next_due() == paris(2026, 11, 30, 9))
        # The computer sleeps from 08:00 to 09:20: the scheduler's wait (monotonic) stood still.
        clock.shift(timedelta(minutes=80))
        until(sched, lambda: len(runs(world, cid)) == 1)
        ((status, when, _),) = runs(world, cid)
        assert (status, when) == ("sending", paris(2026, 11, 30, 9))
        time.sleep(0.5)
        sched.tick()
        assert len(runs(world, cid)) == 1  # never twice
        sched.stop()


def test_sleep_beyond_the_grace_period_is_recorded_missed(world, start_scheduler) -> None:
    with time_machine.travel(paris(2026, 11, 30, 8, 0), tick=True) as clock:
        cid = recurring(world)
        sched = start_scheduler()
        until(sched, lambda: sched.next_due() is not None)
        clock.shift(timedelta(hours=3))  # woke at 11:00: two hours late, grace is one
        until(sched, lambda: len(runs(world, cid)) == 1)
        ((status, when, run_id),) = runs(world, cid)
        assert (status, when) == ("missed", paris(2026, 11, 30, 9))
        assert campaigns.campaign_status(world, "Lettre du lundi")["total"] == 0  # nothing sent
        assert [(e.kind, e.message) for e in sched.events] == [  # type: ignore[attr-defined]
            ("missed", paris(2026, 11, 30, 9).astimezone(UTC).isoformat())
        ]
        assert campaigns.get_campaign(world, "Lettre du lundi").status == "scheduled"
        assert [r.id for r in campaigns.missed_runs(world)] == [run_id]
        # The user sends it after all: same run, the audience of now.
        assert campaigns.send_missed_run(world, run_id).status == "sending"
        assert runs(world, cid) == [("sending", paris(2026, 11, 30, 9), run_id)]
        assert campaigns.missed_runs(world) == []
        sched.stop()


def test_closed_for_weeks_runs_the_latest_once_and_records_the_others(
    world, start_scheduler
) -> None:
    with time_machine.travel(paris(2026, 11, 30, 8, 0), tick=True):
        cid = recurring(world)
        start_scheduler().stop()  # the job (next run: 30 Nov 09:00) is in the database
    # Facteur stays closed three weeks; it is opened on Monday 21 December at 09:30.
    with time_machine.travel(paris(2026, 12, 21, 9, 30), tick=True):
        sched = start_scheduler()
        until(sched, lambda: any(s == "sending" for s, _, _ in runs(world, cid)))
        sched.tick()
        got = [(s, w) for s, w, _ in runs(world, cid)]
        assert got == [
            ("missed", paris(2026, 11, 30, 9)),
            ("missed", paris(2026, 12, 7, 9)),
            ("missed", paris(2026, 12, 14, 9)),
            ("sending", paris(2026, 12, 21, 9)),
        ]
        sched.stop()
    # Opened a day later instead: even the latest is too late, everything is recorded missed.


def test_closed_past_the_grace_period_sends_nothing_late(world, start_scheduler) -> None:
    with time_machine.travel(paris(2026, 11, 30, 8, 0), tick=True):
        cid = recurring(world)
        start_scheduler().stop()
    with time_machine.travel(paris(2026, 12, 8, 10, 0), tick=True):
        sched = start_scheduler()
        until(sched, lambda: len(runs(world, cid)) == 2)
        assert [(s, w) for s, w, _ in runs(world, cid)] == [
            ("missed", paris(2026, 11, 30, 9)),
            ("missed", paris(2026, 12, 7, 9)),
        ]
        assert sched.next_due() == paris(2026, 12, 14, 9)
        sched.stop()


def test_one_off_campaign_missed_while_closed(world, start_scheduler) -> None:
    with time_machine.travel(paris(2026, 11, 30, 8, 0), tick=True):
        campaigns.create_campaign(
            world,
            CampaignInput(
                name="Soldes",
                template="Lettre",
                account="Boutique",
                include=["list:Clients"],
                scheduled_at=paris(2026, 11, 30, 10).astimezone(UTC),
            ),
        )
        cid = campaigns.start_campaign(world, "Soldes").id
        start_scheduler().stop()
    with time_machine.travel(paris(2026, 11, 30, 14, 0), tick=True):
        sched = start_scheduler()
        until(sched, lambda: len(runs(world, cid)) == 1)
        assert [(s, w) for s, w, _ in runs(world, cid)] == [("missed", paris(2026, 11, 30, 10))]
        assert campaigns.get_campaign(world, "Soldes").status == "missed"
        (missed,) = campaigns.missed_runs(world)
        campaigns.dismiss_missed_run(world, missed.id)
        assert campaigns.get_campaign(world, "Soldes").status == "draft"
        assert runs(world, cid)[0][0] == "skipped"
        sched.stop()


def test_one_off_campaign_late_within_grace_goes_out(world, start_scheduler) -> None:
    with time_machine.travel(paris(2026, 11, 30, 8, 0), tick=True):
        campaigns.create_campaign(
            world,
            CampaignInput(
                name="Soldes",
                template="Lettre",
                account="Boutique",
                include=["list:Clients"],
                scheduled_at=paris(2026, 11, 30, 10).astimezone(UTC),
            ),
        )
        cid = campaigns.start_campaign(world, "Soldes").id
        start_scheduler().stop()
    with time_machine.travel(paris(2026, 11, 30, 10, 40), tick=True):
        sched = start_scheduler()
        until(sched, lambda: len(runs(world, cid)) == 1)
        assert [(s, w) for s, w, _ in runs(world, cid)] == [("sending", paris(2026, 11, 30, 10))]
        sched.stop()


def test_the_grace_period_is_a_database_setting(world, start_scheduler) -> None:
    set_misfire_grace_seconds(world, 4 * 3600)
    with time_machine.travel(paris(2026, 11, 30, 8, 0), tick=True):
        cid = recurring(world)
        start_scheduler().stop()
    with time_machine.travel(paris(2026, 11, 30, 12, 0), tick=True):  # 3 h late: within 4 h
        sched = start_scheduler()
        until(sched, lambda: len(runs(world, cid)) == 1)
        assert runs(world, cid)[0][0] == "sending"
        sched.stop()


def test_changes_from_other_processes_are_followed(world, start_scheduler) -> None:
    with time_machine.travel(paris(2026, 11, 30, 8, 0), tick=True):
        sched = start_scheduler()
        assert sched.next_due() is None
        cid = recurring(world)  # as the CLI would, in another process
        until(sched, lambda: sched.next_due() == paris(2026, 11, 30, 9))
        campaigns.pause_campaign(world, "Lettre du lundi")
        assert campaigns.get_campaign(world, "Lettre du lundi").status == "paused"
        until(sched, lambda: sched.next_due() is None)
        with world.session() as s:
            assert s.scalar(select(func.count()).select_from(SchedulerJob)) == 0
        campaigns.resume_campaign(world, "Lettre du lundi")
        assert campaigns.get_campaign(world, "Lettre du lundi").status == "scheduled"
        until(sched, lambda: sched.next_due() == paris(2026, 11, 30, 9))
        campaigns.cancel_campaign(world, "Lettre du lundi")
        until(sched, lambda: sched.next_due() is None)
        assert runs(world, cid) == []
        sched.stop()


def test_dst_sunday_fires_at_nine_paris_time(world, start_scheduler) -> None:
    with time_machine.travel(paris(2027, 3, 28, 8, 59, 58), tick=True):
        cid = recurring(world, "Dimanche", "0 9 * * sun")
        sched = start_scheduler()
        until(sched, lambda: len(runs(world, cid)) == 1)
        ((_, when, _),) = runs(world, cid)
        assert when == datetime(2027, 3, 28, 7, tzinfo=UTC)
        sched.stop()


def test_recurring_campaign_returns_to_scheduled_after_each_run(world) -> None:
    cid = recurring(world)
    campaigns.start_occurrence(world, cid, paris(2026, 11, 30, 9))
    with world.session() as s:
        from sqlalchemy import update

        from app.db.models import Message

        s.execute(update(Message).values(status="sent"))
    assert campaigns.finish_runs(world) == [("Lettre du lundi", "scheduled")]
    history = campaigns.list_runs(world, "Lettre du lundi")
    assert [(r.status, r.counts.sent) for r in history] == [("done", 3)]


def test_upcoming_lists_the_next_sends_soonest_first(world) -> None:
    now = paris(2026, 11, 24, 12)
    recurring(world, "Lundi", "0 9 * * mon")
    recurring(world, "Jeudi", "0 18 * * thu")
    items = campaigns.upcoming(world, limit=4, now=now)
    assert [(u.campaign, u.when.astimezone(PARIS)) for u in items] == [
        ("Jeudi", paris(2026, 11, 26, 18)),
        ("Lundi", paris(2026, 11, 30, 9)),
        ("Jeudi", paris(2026, 12, 3, 18)),
        ("Lundi", paris(2026, 12, 7, 9)),
    ]
