"""Campaign schedules on APScheduler 3 (DESIGN §5).

The campaigns are the truth: each one scheduled once (``--at``) or recurring (``--cron``) has a
job in APScheduler's ``SQLAlchemyJobStore``, in the application database. ``reconcile()`` keeps
the jobs in line with the campaigns (other processes, the CLI, change them), and keeps a job
untouched while its campaign is unchanged: the stored ``next_run_time`` is how a run that fell
due while nothing ran (the computer asleep, Facteur closed) is noticed when the runner is back.

Then APScheduler's own rules apply, with ``coalesce=True`` and ``misfire_grace_time`` from the
database setting (default one hour): the missed runs of a job collapse into the latest one,
which runs if it is less late than the grace period and is otherwise reported missed
(``EVENT_JOB_MISSED``), recorded as a ``missed`` run and shown to the user. Never days late,
never twice: each occurrence is one ``campaign_run`` row, unique per (campaign, scheduled time).

A thread waiting for the next run sleeps on the monotonic clock, which stops while the computer
sleeps; ``tick()`` (about every second) wakes the scheduler when the wall clock jumped.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor as Pool
from datetime import UTC, datetime
from typing import Any

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.base import run_job
from apscheduler.executors.pool import BasePoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger
from sqlalchemy import select

from app.db import Database
from app.db.models import Campaign

log = logging.getLogger("facteur.scheduler")

JOBS_TABLE = "apscheduler_jobs"
RECONCILE_EVERY = 1.0  # seconds: campaigns changed by another process are seen this fast
WAKEUP_EVERY = 30.0  # a periodic look at the job store, whatever the clocks say
CLOCK_JUMP = 5.0  # wall clock ahead of the monotonic one by this much: we slept (or it was set)

_context = threading.local()


def job_id(campaign_id: int) -> str:
    return f"campaign:{campaign_id}"


def fire_campaign(campaign_id: int, **_signature: Any) -> None:
    """The job function (a textual reference in the job store): start this occurrence."""
    owner: CampaignScheduler = _context.scheduler
    owner.fire(campaign_id, _context.run_time)


def _run_occurrences(
    owner: CampaignScheduler, job: Any, alias: str, run_times: list[datetime], logger: str
) -> list[JobExecutionEvent]:
    """APScheduler's ``run_job`` (misfire check included), one run time at a time, telling the
    job function which occurrence it runs: that time is the run's idempotency key."""
    events: list[JobExecutionEvent] = []
    _context.scheduler = owner
    for run_time in run_times:
        _context.run_time = run_time
        events.extend(run_job(job, alias, [run_time], logger))
    return events


class _SharedEngineJobStore(SQLAlchemyJobStore):
    """The job store on the application's engine, which is not its to dispose at shutdown."""

    def shutdown(self) -> None:
        pass


class _OccurrenceExecutor(BasePoolExecutor):
    """A thread pool executor whose jobs know their scheduled run time and their scheduler."""

    def __init__(self, owner: CampaignScheduler) -> None:
        super().__init__(Pool(max_workers=2, thread_name_prefix="facteur-schedule"))
        self._owner = owner

    def _do_submit_job(self, job: Any, run_times: list[datetime]) -> None:
        def callback(f: Any) -> None:
            exc = f.exception()
            if exc:
                self._run_job_error(job.id, exc, getattr(exc, "__traceback__", None))
            else:
                self._run_job_success(job.id, f.result())

        f = self._pool.submit(
            _run_occurrences, self._owner, job, job._jobstore_alias, run_times, self._logger.name
        )
        f.add_done_callback(callback)


class CampaignScheduler:
    """APScheduler's ``BackgroundScheduler`` for the campaigns of one database."""

    def __init__(
        self,
        db: Database,
        *,
        on_event: Callable[[Any], None] | None = None,
        wake: Callable[[], None] | None = None,
    ) -> None:
        self.db = db
        self.on_event = on_event
        self.wake = wake
        self.scheduler: BackgroundScheduler | None = None
        self._signatures: dict[str, str] = {}
        self._last_reconcile = 0.0
        self._last_wakeup = 0.0
        self._clock = (time.time(), time.monotonic())

    # -- lifecycle --

    def start(self) -> None:
        from app.automation.settings import misfire_grace_seconds

        grace = misfire_grace_seconds(self.db)
        self.scheduler = BackgroundScheduler(
            jobstores={
                "default": _SharedEngineJobStore(engine=self.db.engine, tablename=JOBS_TABLE)
            },
            executors={"default": _OccurrenceExecutor(self)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": grace},
            timezone=UTC,
        )
        self.scheduler.add_listener(self._on_missed, EVENT_JOB_MISSED)
        # Paused while the jobs are brought in line with the campaigns, so a job about to be
        # replaced does not fire first.
        self.scheduler.start(paused=True)
        self._signatures = {
            job.id: str(job.kwargs.get("signature", "")) for job in self.scheduler.get_jobs()
        }
        self.reconcile()
        self.scheduler.resume()
        self._last_wakeup = time.monotonic()
        log.info("scheduler started (%d job(s), grace %d s)", len(self._signatures), grace)

    def stop(self) -> None:
        if self.scheduler is not None:
            scheduler, self.scheduler = self.scheduler, None
            scheduler.shutdown(wait=True)

    # -- keeping jobs in line with the campaigns --

    def desired(self) -> dict[str, tuple[str, Any]]:
        """job id -> (signature, trigger) for every campaign that should have a job."""
        from app.automation.cron import parse_cron
        from app.automation.settings import misfire_grace_seconds

        grace = misfire_grace_seconds(self.db)
        wanted: dict[str, tuple[str, Any]] = {}
        with self.db.session() as s:
            rows = s.execute(
                select(
                    Campaign.id,
                    Campaign.status,
                    Campaign.cron,
                    Campaign.timezone,
                    Campaign.scheduled_at,
                ).where(Campaign.status.in_(("scheduled", "sending")))
            ).all()
        for cid, status, cron, tz, at in rows:
            if cron:
                try:
                    schedule = parse_cron(cron, tz)
                except Exception:  # noqa: BLE001 - saved before a validation change: skip it
                    log.warning("campaign %s has an unusable schedule %r", cid, cron)
                    continue
                sig = f"cron|{schedule.expression}|{schedule.timezone}|{grace}"
                wanted[job_id(cid)] = (sig, schedule.trigger())
            elif status == "scheduled" and at is not None:
                sig = f"date|{at.isoformat()}|{grace}"
                wanted[job_id(cid)] = (sig, DateTrigger(run_date=at, timezone=UTC))
        return wanted

    def reconcile(self) -> bool:
        """Add, replace or remove jobs so they match the campaigns; True if anything changed."""
        from app.automation.settings import misfire_grace_seconds

        scheduler = self.scheduler
        if scheduler is None:
            return False
        self._last_reconcile = time.monotonic()
        wanted = self.desired()
        changed = False
        grace = misfire_grace_seconds(self.db)
        for jid, (sig, trigger) in wanted.items():
            if self._signatures.get(jid) == sig and scheduler.get_job(jid) is not None:
                continue
            campaign_id = int(jid.split(":", 1)[1])
            scheduler.add_job(
                fire_campaign,
                trigger,
                args=[campaign_id],
                kwargs={"signature": sig},
                id=jid,
                name=jid,
                replace_existing=True,
                misfire_grace_time=grace,
                coalesce=True,
                max_instances=1,
            )
            self._signatures[jid] = sig
            changed = True
        for jid in [j for j in self._signatures if j not in wanted]:
            with contextlib.suppress(JobLookupError):
                scheduler.remove_job(jid)
            self._signatures.pop(jid, None)
            changed = True
        return changed

    def tick(self) -> None:
        """Called about every second by the runner: follow changes, notice sleep and wake."""
        if self.scheduler is None:
            return
        now_wall, now_mono = time.time(), time.monotonic()
        last_wall, last_mono = self._clock
        self._clock = (now_wall, now_mono)
        jumped = abs((now_wall - last_wall) - (now_mono - last_mono)) > CLOCK_JUMP
        if jumped:
            log.info(
                "the clock jumped by %.0f s (sleep?): looking at the schedule", now_wall - last_wall
            )
        changed = False
        if now_mono - self._last_reconcile >= RECONCILE_EVERY:
            changed = self.reconcile()
        if jumped or changed or now_mono - self._last_wakeup >= WAKEUP_EVERY:
            self._last_wakeup = now_mono
            self.scheduler.wakeup()

    def next_due(self) -> datetime | None:
        if self.scheduler is None:
            return None
        times = [j.next_run_time for j in self.scheduler.get_jobs() if j.next_run_time]
        return min(times) if times else None

    # -- occurrences --

    def fire(self, campaign_id: int, run_time: datetime) -> None:
        from app.sending.campaigns import start_occurrence
        from app.sending.engine import SenderEvent

        outcome = start_occurrence(self.db, campaign_id, run_time)
        if outcome is None:
            return
        name, status, reason = outcome
        self._emit(SenderEvent("started" if status == "sending" else status, name, reason))
        if self.wake is not None:
            self.wake()

    def _on_missed(self, event: JobExecutionEvent) -> None:
        from app.sending.campaigns import record_missed
        from app.sending.engine import SenderEvent

        when = event.scheduled_run_time.astimezone(UTC)
        try:
            campaign_id = int(str(event.job_id).split(":", 1)[1])
            name = record_missed(self.db, campaign_id, when)
        except Exception:  # noqa: BLE001 - a listener must not kill the scheduler thread
            log.exception("could not record the missed run of %s", event.job_id)
            return
        if name is not None:
            log.warning(
                "campaign %r: the run of %s was missed (Facteur was not running in time)",
                name,
                when.isoformat(),
            )
            self._emit(SenderEvent("missed", name, when.isoformat()))

    def _emit(self, event: Any) -> None:
        if self.on_event is not None:
            try:
                self.on_event(event)
            except Exception:  # noqa: BLE001
                log.exception("scheduler event listener failed")
