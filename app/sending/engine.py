"""The sender: claims due outbox rows, builds and sends them, records what happened.

One ``Sender`` per process (the desktop app, ``campaigns send --wait``, the background sender).
A supervisor thread starts scheduled campaigns, recovers rows left in flight by dead processes,
marks finished runs and keeps one ``AccountPool`` per account with due messages: a few threads,
each holding one transport (one SMTP connection) and working in small claimed batches. For a big
backlog the pool also starts worker processes (same code) so rendering and MIME building use
every core. Several senders, even on several machines sharing a PostgreSQL database, never send
a row twice: claiming is atomic and every outcome is recorded only for its claimer.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.db import Database
from app.db.models import Campaign, CampaignRun
from app.db.types import utcnow
from app.errors import FacteurError
from app.sending import outbox
from app.sending.outbox import CONTACT_DELETED, GAVE_UP, NOW_SUPPRESSED, TEMPLATE_DELETED

log = logging.getLogger("facteur.sending")

CLAIM_SIZE = 50  # rows claimed at once by one connection: one commit per batch, little in flight
HEARTBEAT_EVERY = 5.0
RECOVER_EVERY = 15.0


@dataclass(frozen=True)
class SenderEvent:
    # "finished" | "paused" | "started" | "missed" (message: the occurrence, ISO) | "standby"
    # (message: who sends) | "active"
    kind: str
    campaign: str
    message: str = ""


EventSink = Callable[[SenderEvent], None]


@contextlib.contextmanager
def _turn(lock: Any) -> Iterator[None]:
    """Hold ``lock`` if it comes within a few seconds (a killed holder must not block us)."""
    got = lock.acquire(timeout=5.0)
    try:
        yield
    finally:
        if got:
            lock.release()


class TokenBucket:
    """Messages-per-second limit shared by the threads of one process."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.capacity = max(1.0, rate)
        self.tokens = self.capacity
        self.stamp = time.monotonic()
        self.lock = threading.Lock()

    def acquire(self, n: int, stop: threading.Event) -> bool:
        """Wait for ``n`` tokens; False if ``stop`` was set meanwhile."""
        while True:
            with self.lock:
                now = time.monotonic()
                self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
                self.stamp = now
                need = min(float(n), self.capacity)
                if self.tokens >= need:
                    self.tokens -= need
                    return True
                wait = (need - self.tokens) / self.rate
            if stop.wait(wait):
                return False


class AccountPool:
    """The threads (and worker processes) sending one account's due messages."""

    def __init__(
        self,
        db: Database,
        home: Path,
        account_id: int,
        owner: str,
        *,
        on_event: EventSink | None,
        idle_timeout: float,
        processes: int = 0,
        process_share: int = 1,
        db_lock: Any = None,
    ) -> None:
        from app.sending.accounts import get_account
        from app.sending.secrets import open_secret_store

        self.db = db
        self.home = home
        self.account = get_account(db, account_id)
        # An SMTP relay without a login needs no secret store (nor a keyring or passphrase).
        self.secrets = open_secret_store(home) if self.account.secret_ref else None
        self.owner = owner
        self.on_event = on_event
        self.idle_timeout = idle_timeout
        self.stop_event = threading.Event()
        settings = self.account.settings or {}
        self.max_attempts = int(settings.get("max_attempts") or outbox.DEFAULT_MAX_ATTEMPTS)
        self.retry_base = float(settings.get("retry_base_seconds") or outbox.DEFAULT_RETRY_BASE)
        self.unavailable_base = float(settings.get("unavailable_retry_seconds") or 15.0)
        rate = self.account.rate_per_second
        self.bucket = TokenBucket(rate / process_share) if rate else None
        self.backoff_until = 0.0
        self.unavailable_streak = 0
        self.lock = threading.Lock()
        # Serialises this pool's write transactions, across its worker processes too: waiting on a
        # lock wakes at once, where SQLite's busy handler sleeps in steps of up to 100 ms.
        self.db_lock = db_lock if db_lock is not None else threading.Lock()
        self.builders: dict[Any, Any] = {}
        #: Whether the messages of a builder's key get tracked links and the pixel.
        self.tracks: dict[Any, bool] = {}
        # The tracking relay, loaded at the first batch (the probe pool never sends).
        self._tracker: Any = None
        self._tracker_loaded = False
        self.require_consent = bool(settings.get("require_tracking_consent", True))
        self.threads: list[threading.Thread] = []
        self.children: list[Any] = []
        self.child_stop: Any = None
        self.processes = processes

    # -- lifecycle --

    def start(self, threads: int) -> None:
        if self.processes > 0:
            ctx = multiprocessing.get_context("spawn")
            self.child_stop = ctx.Event()
            self.db_lock = ctx.Lock()
            for _ in range(self.processes):
                p = ctx.Process(
                    target=worker_process_main,
                    args=(
                        self.db.url,
                        str(self.home),
                        self.account.id,
                        max(1, threads),
                        self.processes + 1,
                        self.idle_timeout,
                        self.child_stop,
                        self.db_lock,
                    ),
                    daemon=True,
                )
                p.start()
                self.children.append(p)
        for i in range(max(1, threads)):
            t = threading.Thread(
                target=self._work, name=f"facteur-send-{self.account.name}-{i}", daemon=True
            )
            self.threads.append(t)
            t.start()

    @property
    def alive(self) -> bool:
        return any(t.is_alive() for t in self.threads) or any(p.is_alive() for p in self.children)

    def stop(self, timeout: float = 10.0) -> None:
        self.stop_event.set()
        if self.child_stop is not None:
            self.child_stop.set()
        deadline = time.monotonic() + timeout
        for t in self.threads:
            t.join(max(0.0, deadline - time.monotonic()))
        for p in self.children:
            p.join(max(0.0, deadline - time.monotonic()))
            if p.is_alive():
                p.terminate()
                p.join(1.0)

    # -- work --

    def _work(self) -> None:
        from app.sending.accounts import open_transport

        transport = None
        idle_since = time.monotonic()
        pending: list[outbox.Result] = []
        in_flight: list[int] = []
        try:
            while not self.stop_event.is_set():
                wait = self.backoff_until - time.monotonic()
                if wait > 0:
                    pending = self._flush(pending)
                    self.stop_event.wait(min(wait, 1.0))
                    continue
                if transport is None:
                    try:
                        transport = open_transport(self.account, self.secrets)
                    except FacteurError as exc:  # a missing secret, an unusable setting
                        log.warning("account %s cannot send: %s", self.account.name, exc)
                        self._pause_account(exc.message)
                        return
                limit = max(CLAIM_SIZE, transport.batch_size)
                limit = min(limit, self._quota_allowance())
                if limit <= 0:
                    pending = self._flush(pending)
                    self.stop_event.wait(1.0)
                    continue
                # One short write transaction records the last batch and claims the next; the
                # threads of a process take turns (SQLite's busy wait would sleep far longer).
                with _turn(self.db_lock), self.db.session() as s:
                    outbox.record(s, pending, self.owner)
                    pending = []
                    rows = outbox.claim(s, self.account.id, self.owner, limit)
                if not rows:
                    if time.monotonic() - idle_since > self.idle_timeout:
                        return
                    self.stop_event.wait(0.2)
                    continue
                in_flight = [r.id for r in rows]
                pending = self._send(rows, transport)
                in_flight = []
                idle_since = time.monotonic()
            pending = self._flush(pending)
        except Exception as exc:  # noqa: BLE001 - a bug: log it, don't leave rows stuck
            log.exception("sending thread for account %s stopped: %s", self.account.name, exc)
            # This process lives on, so recovery would never see these rows: they may or may
            # not have gone out, which is exactly "in doubt".
            if in_flight:
                pending = [outbox.Result(i, "in_doubt", outbox.INTERRUPTED) for i in in_flight]
        finally:
            if pending:
                try:
                    self._flush(pending)
                except Exception:  # noqa: BLE001 - left ``sending``: recovery makes them in doubt
                    log.exception("could not record %d outcome(s)", len(pending))
            if transport is not None:
                try:
                    transport.close()
                except Exception:  # noqa: BLE001
                    log.debug("closing transport failed", exc_info=True)

    def _flush(self, results: list[outbox.Result]) -> list[outbox.Result]:
        if results:
            with _turn(self.db_lock), self.db.session() as s:
                outbox.record(s, results, self.owner)
        return []

    def _quota_allowance(self) -> int:
        """Rows that may be claimed now under the per-hour and per-day limits."""
        acc = self.account
        if not acc.rate_per_hour and not acc.rate_per_day:
            return 1_000_000
        from sqlalchemy import func

        from app.db.models import Message

        allowed = 1_000_000
        now = utcnow()
        with self.db.session() as s:
            for limit, window in ((acc.rate_per_hour, 1), (acc.rate_per_day, 24)):
                if not limit:
                    continue
                since = now - timedelta(hours=window)
                used = s.scalar(
                    select(func.count())
                    .select_from(Message)
                    .where(
                        Message.account_id == acc.id,
                        ((Message.status == "sent") & (Message.sent_at >= since))
                        | (Message.status == "sending"),
                    )
                )
                allowed = min(allowed, int(limit) - int(used or 0))
        return allowed

    def _builder(self, row: outbox.Claimed) -> Any:
        """The message builder of a row: its campaign's template, or its own (automation)."""
        key = ("run", row.run_id) if row.run_id is not None else ("template", row.template_id)
        with self.lock:
            builder = self.builders.get(key)
        if builder is not None:
            return builder
        from app.templates.mime import Address, load_builder

        if row.run_id is not None:
            with self.db.session() as s:
                template_id, name, tracks = s.execute(
                    select(Campaign.template_id, Campaign.name, Campaign.tracking)
                    .join(CampaignRun, CampaignRun.campaign_id == Campaign.id)
                    .where(CampaignRun.id == row.run_id)
                ).one()
        elif row.template_id is not None:
            # Automation messages have no campaign to say: tracked whenever a relay is connected
            # (transactional ones never are, see ``_tracking``).
            template_id, name, tracks = row.template_id, "", True
        else:
            raise FacteurError(TEMPLATE_DELETED)
        builder = load_builder(
            self.db,
            template_id,
            sender=Address(self.account.from_name, self.account.from_email),
            reply_to=self.account.reply_to,
            campaign_name=name,
        )
        with self.lock:
            self.tracks[key] = bool(tracks)
            self.builders[key] = builder
        return builder

    def _relay(self) -> Any:
        """The ``Tracker`` of the connected relay, or None (no relay, or its secrets unreadable)."""
        if self._tracker_loaded:
            return self._tracker
        from app.tracking.relay_config import load_relay, relay_url

        tracker = None
        try:
            # One query when no relay is connected: the secret store is not even opened.
            if relay_url(self.db):
                from app.tracking.links import Tracker

                config = load_relay(self.db, self.home)
                if config is not None:
                    tracker = Tracker(config.url, config.secret)
        except Exception as exc:  # noqa: BLE001 - tracking trouble must never stop sending
            log.warning("the tracking relay cannot be used, sending untracked: %s", exc)
        with self.lock:
            self._tracker, self._tracker_loaded = tracker, True
        return tracker

    def _tracking(
        self, tracker: Any, row: outbox.Claimed, contact: dict[str, Any], sent_at: int
    ) -> tuple[str | None, Any]:
        """The ``unsubscribe_url`` and ``Tracking`` of one row (None, None: plain mail)."""
        if tracker is None or row.kind == "transactional" or row.contact_id is None:
            return None, None
        unsubscribe = tracker.unsubscribe_url(row.id, row.contact_id)
        key = ("run", row.run_id) if row.run_id is not None else ("template", row.template_id)
        if not self.tracks.get(key):
            return unsubscribe, None
        consent = bool(contact.get("tracking_consent")) or not self.require_consent
        return unsubscribe, tracker.tracking(
            message_id=row.id,
            contact_id=row.contact_id,
            run_id=row.run_id,
            consent=consent,
            sent_at=sent_at,
        )

    def _contacts(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        from app.contacts.service import template_contacts

        with self.db.session() as s:
            return template_contacts(s, ids)

    def _send(self, rows: list[outbox.Claimed], transport: Any) -> list[outbox.Result]:
        from app.sending.transports.base import (
            AuthenticationFailed,
            Outcome,
            TransportUnavailable,
        )
        from app.templates.mime import Address

        results: dict[int, outbox.Result] = {}
        by_id = {r.id: r for r in rows}
        contacts = self._contacts([r.contact_id for r in rows if r.contact_id is not None])
        tracker = self._relay()
        sent_at = int(time.time())  # the tokens' "t": when the message is built
        items = []
        for row in rows:
            contact = contacts.get(row.contact_id) if row.contact_id is not None else None
            if contact is None:
                results[row.id] = outbox.Result(row.id, "failed", CONTACT_DELETED)
                continue
            if not outbox.may_receive(row.kind, contact["status"]):
                results[row.id] = outbox.Result(
                    row.id, "suppressed", NOW_SUPPRESSED.format(status=contact["status"])
                )
                continue
            try:
                builder = self._builder(row)
                name = " ".join(p for p in (contact["first_name"], contact["last_name"]) if p)
                unsubscribe_url = tracking = None
                if tracker is not None:
                    unsubscribe_url, tracking = self._tracking(tracker, row, contact, sent_at)
                items.append(
                    builder.build(
                        row.id,
                        contact,
                        to=Address(name, row.email),
                        data=row.data,
                        unsubscribe_url=unsubscribe_url,
                        tracking=tracking,
                    )
                )
            except FacteurError as exc:
                results[row.id] = outbox.Result(row.id, "failed", exc.message)

        message_ids = {item.key: item.headers.get("Message-ID", "") for item in items}

        def report(outcome: Outcome) -> None:
            results[outcome.key] = self._result(outcome, by_id[outcome.key], message_ids)

        size = max(1, transport.batch_size)
        try:
            for start in range(0, len(items), size):
                chunk = items[start : start + size]
                if self.bucket is not None and not self.bucket.acquire(len(chunk), self.stop_event):
                    break
                transport.send_batch(chunk, report)
            self.unavailable_streak = 0
        except AuthenticationFailed as exc:
            log.warning("account %s: authentication refused: %s", self.account.name, exc)
            self._pause_account(exc.message)
        except TransportUnavailable as exc:
            self.unavailable_streak += 1
            delay = exc.retry_after or min(
                300.0, self.unavailable_base * (2 ** (self.unavailable_streak - 1))
            )
            self.backoff_until = time.monotonic() + delay
            log.warning(
                "account %s unavailable (retry in %.0fs): %s", self.account.name, delay, exc
            )
            later = utcnow() + timedelta(seconds=delay)
            for item in items:
                if item.key not in results:
                    results[item.key] = outbox.Result(
                        item.key, "queued", exc.message, next_attempt_at=later, refund_attempt=True
                    )
        # Claimed but never handed to the transport (stopping, paused): back to the queue as is.
        for row in rows:
            if row.id not in results:
                results[row.id] = outbox.Result(row.id, "queued", refund_attempt=True)
        return list(results.values())

    def _result(
        self, outcome: Any, row: outbox.Claimed, message_ids: dict[int, str]
    ) -> outbox.Result:
        mid = message_ids.get(row.id, "")
        if outcome.status == "sent":
            return outbox.Result(row.id, "sent", "", outcome.provider_id, mid)
        if outcome.status == "failed":
            return outbox.Result(row.id, "failed", outcome.detail, message_id=mid)
        if outcome.status == "in_doubt":
            policy = outbox.in_doubt_policy(self.account.settings or {}, row.kind)
            if policy == "resend":
                return outbox.Result(row.id, "queued", outcome.detail, message_id=mid)
            return outbox.Result(row.id, "in_doubt", outcome.detail, message_id=mid)
        # retry
        if row.attempts >= self.max_attempts:
            return outbox.Result(
                row.id,
                "failed",
                GAVE_UP.format(attempts=row.attempts, reason=outcome.detail),
                message_id=mid,
            )
        if outcome.retry_after:
            # The server asked everyone to slow down: the whole account waits.
            self.backoff_until = max(self.backoff_until, time.monotonic() + outcome.retry_after)
            delay = outcome.retry_after
        else:
            delay = outbox.retry_delay(row.attempts, self.retry_base)
        return outbox.Result(
            row.id,
            "queued",
            outcome.detail,
            message_id=mid,
            next_attempt_at=utcnow() + timedelta(seconds=delay),
        )

    def _pause_account(self, reason: str) -> None:
        from app.sending.campaigns import pause_account_campaigns

        self.stop_event.set()
        if self.child_stop is not None:
            self.child_stop.set()
        names = pause_account_campaigns(self.db, self.account.id, reason)
        if self.on_event is not None:
            for name in names:
                self.on_event(SenderEvent("paused", name, reason))


class Sender:
    """Sends in the background of this process until ``stop()``."""

    def __init__(
        self,
        db_url: str,
        home: Path,
        *,
        on_event: EventSink | None = None,
        poll_interval: float = 1.0,
        idle_timeout: float = 3.0,
        processes: int | None = None,
        process_threshold: int = 2000,
        kind: str = "desktop",
        exclusive: bool = True,
        standby_interval: float = 5.0,
        schedule: bool = True,
    ) -> None:
        self.db_url = db_url
        self.home = Path(home)
        self.on_event = on_event
        self.poll_interval = poll_interval
        self.idle_timeout = idle_timeout
        cpus = os.cpu_count() or 1
        self.processes = max(0, (cpus if processes is None else processes) - 1)
        self.process_threshold = process_threshold
        self.owner = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.db: Database | None = None
        self.pools: dict[int, AccountPool] = {}
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_heartbeat = 0.0
        self._last_recover = 0.0
        self.kind = kind
        self.exclusive = exclusive
        self.standby_interval = standby_interval
        #: Run the campaign scheduler (APScheduler) while this process holds the database.
        self.schedule = schedule
        self.lock: Any = None
        self._registered = False
        #: Who runs the senders when this one stands by (``app.automation.lock.Holder``).
        self.holder: Any = None
        #: Events, rules, sequences and schedules, while this process runs the database.
        self.automation: Any = None

    @property
    def active(self) -> bool:
        """Whether this process holds the runner lock and sends (False while standing by)."""
        return self._registered

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the supervisor thread (it registers this process and recovers crashed sends)."""
        if self.running:
            return
        self.db = Database(self.db_url)
        self._stop.clear()
        self._thread = threading.Thread(target=self._supervise, name="facteur-sender", daemon=True)
        self._thread.start()

    def _register(self) -> None:
        assert self.db is not None
        with self.db.session() as s:
            outbox.register_process(s, self.owner)
        with self.db.session() as s:
            recovered = outbox.recover(s)
        if recovered:
            log.warning("%d message(s) were interrupted mid-send: marked in doubt", recovered)
        self._last_recover = self._last_heartbeat = time.monotonic()

    def wake(self) -> None:
        """New work was queued: look now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._stop_automation()
        for pool in self.pools.values():
            pool.stop(timeout)
        self.pools.clear()
        if self.db is not None:
            if self._registered:
                try:
                    with self.db.session() as s:
                        outbox.unregister_process(s, self.owner)
                except Exception:  # noqa: BLE001 - the database may be gone; recovery handles it
                    log.debug("could not unregister the sender", exc_info=True)
                self._registered = False
            if self.lock is not None:
                self.lock.release()
                self.lock = None
            self.db.dispose()
            self.db = None

    def idle(self, horizon: float = 60.0) -> bool:
        """Nothing to do soon: no row of an active run waiting or in flight, no event waiting,
        no sequence step or scheduled campaign due within ``horizon`` seconds.

        (Later work is for the desktop or the daemon: a background sender does not wait days.)
        """

        assert self.db is not None
        if any(p.alive for p in self.pools.values()):
            return False
        with self.db.session() as s:
            if outbox.has_pending(s):
                return False
        if self.automation is None:
            return True  # standing by: the process holding the database does the work
        due = self.automation.next_due()
        return due is None or due > utcnow() + timedelta(seconds=horizon)

    def _emit(self, event: SenderEvent) -> None:
        if self.on_event is not None:
            try:
                self.on_event(event)
            except Exception:  # noqa: BLE001 - a listener's bug must not stop sending
                log.exception("sender event listener failed")

    def _supervise(self) -> None:
        # Database work happens here, never on the caller's (possibly GUI) thread.
        while not self._stop.is_set():
            try:
                if not self._registered and not self._take_over():
                    self._wake.wait(self.standby_interval)
                    self._wake.clear()
                    continue
                self._tick()
            except Exception as exc:  # noqa: BLE001 - keep going through a passing fault
                log.exception("sender: %s", exc)
            self._wake.wait(self.poll_interval)
            self._wake.clear()

    def _take_over(self) -> bool:
        """Take the runner lock (or not, when exclusive and held elsewhere) and register."""
        from app.automation.lock import RunnerLock

        assert self.db is not None
        if self.exclusive:
            if self.lock is None:
                self.lock = RunnerLock(self.db, self.owner, self.kind)
            if not self.lock.try_acquire():
                holder = self.lock.holder()
                if holder != self.holder:
                    self.holder = holder
                    who = holder.describe() if holder else "another process"
                    log.info("standing by: the senders of this database run in %s", who)
                    self._emit(SenderEvent("standby", "", who))
                return False
        self.holder = None
        self._register()
        self._registered = True
        self._start_automation()
        log.info("sending for %s (%s, pid %d)", self.db.describe(), self.kind, os.getpid())
        self._emit(SenderEvent("active", ""))
        return True

    def _start_automation(self) -> None:
        from app.automation.runtime import Automation

        assert self.db is not None
        self.automation = Automation(
            self.db, on_event=self._emit, wake=self.wake, scheduler=self.schedule, home=self.home
        )
        self.automation.start()

    def _stop_automation(self) -> None:
        if self.automation is not None:
            try:
                self.automation.stop()
            except Exception:  # noqa: BLE001 - stopping must go on
                log.exception("stopping the automation failed")
            self.automation = None

    def _lost_lock(self) -> None:
        log.error("the runner lock was lost (database restarted?): sending stops until retaken")
        self._stop_automation()
        for pool in self.pools.values():
            pool.stop()
        self.pools.clear()
        self._registered = False

    def _tick(self) -> None:
        from app.sending.campaigns import finish_runs

        assert self.db is not None
        now = time.monotonic()
        if now - self._last_heartbeat >= HEARTBEAT_EVERY:
            if self.lock is not None and not self.lock.still_held():
                self._lost_lock()
                return
            with self.db.session() as s:
                outbox.heartbeat(s, self.owner)
            if self.lock is not None:
                self.lock.heartbeat()
            self._last_heartbeat = now
        if now - self._last_recover >= RECOVER_EVERY:
            with self.db.session() as s:
                outbox.recover(s)
            self._last_recover = now
        if self.automation is not None:
            try:
                self.automation.tick()
            except Exception as exc:  # noqa: BLE001 - automation trouble must not stop sending
                log.exception("automation: %s", exc)
        with self.db.session() as s:
            accounts = outbox.accounts_with_due_work(s)
        for account_id in accounts:
            pool = self.pools.get(account_id)
            if pool is not None and pool.alive:
                continue
            self._start_pool(account_id)
        for name, status in finish_runs(self.db):
            self._emit(SenderEvent("finished", name, status))

    def _start_pool(self, account_id: int) -> None:
        assert self.db is not None
        with self.db.session() as s:
            backlog = outbox.due_count(s, account_id)
        try:
            probe = AccountPool(
                self.db, self.home, account_id, self.owner, on_event=self.on_event, idle_timeout=0
            )
        except FacteurError as exc:
            log.warning("cannot send for account %s: %s", account_id, exc)
            self._pause_for(account_id, exc.message)
            return
        threads = max(1, min(probe.account.concurrency, (backlog + CLAIM_SIZE - 1) // CLAIM_SIZE))
        processes = 0
        if (
            self.processes
            and backlog >= self.process_threshold
            and not probe.account.rate_per_second
        ):
            processes = self.processes
        pool = AccountPool(
            self.db,
            self.home,
            account_id,
            self.owner,
            on_event=self.on_event,
            idle_timeout=self.idle_timeout,
            processes=processes,
            process_share=processes + 1,
        )
        self.pools[account_id] = pool
        pool.start(threads)

    def _pause_for(self, account_id: int, reason: str) -> None:
        from app.sending.campaigns import pause_account_campaigns

        assert self.db is not None
        for name in pause_account_campaigns(self.db, account_id, reason):
            self._emit(SenderEvent("paused", name, reason))


def worker_process_main(
    db_url: str,
    home: str,
    account_id: int,
    threads: int,
    share: int,
    idle_timeout: float,
    stop: Any,
    db_lock: Any = None,
) -> None:
    """A worker process: the same pool, registered as its own sender so recovery sees it."""
    parent = multiprocessing.parent_process()
    db = Database(db_url)
    owner = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
    with db.session() as s:
        outbox.register_process(s, owner)
    pool = AccountPool(
        db,
        Path(home),
        account_id,
        owner,
        on_event=None,
        idle_timeout=idle_timeout,
        process_share=share,
        db_lock=db_lock,
    )
    pool.start(threads)
    last_beat = time.monotonic()
    try:
        while pool.alive:
            if stop.is_set() or (parent is not None and not parent.is_alive()):
                pool.stop_event.set()
            if time.monotonic() - last_beat >= HEARTBEAT_EVERY:
                with db.session() as s:
                    outbox.heartbeat(s, owner)
                last_beat = time.monotonic()
            time.sleep(0.2)
        pool.stop()
    finally:
        with db.session() as s:
            outbox.unregister_process(s, owner)
        db.dispose()
