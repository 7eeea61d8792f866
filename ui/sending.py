"""The in-process sender seen from Qt: its events as signals, and sending progress while it sends.

``app.sending.engine.Sender`` sends on threads of its own and calls ``on_event`` there; the bridge
re-emits those events as Qt signals on the GUI thread. While a campaign is sending, the bridge
polls the campaigns' counts once a second in the background and tells the pages through the change
bus when they moved; when nothing is sending it stays quiet.

Also here, as plain data and functions: the scheduled work ahead (``ScheduleState``, read by
``load_schedule``) and what quitting this desktop would leave undone (``quit_advice``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from app.automation.settings import DEFAULT_MISFIRE_GRACE, misfire_grace_seconds
from app.db import Database
from app.logs import log_unexpected
from app.sending.campaigns import (
    CampaignData,
    RunData,
    StatusCounts,
    Upcoming,
    list_campaigns,
    missed_runs,
    upcoming,
)
from app.sending.engine import Sender, SenderEvent
from ui.context import AppContext, Changes
from ui.tasks import Op
from ui.tray import Tray

POLL_INTERVAL_MS = 1000
# A scheduled campaign is looked at again when it is due, and at least this often (the sender
# starts it; if it says nothing the poll still notices).
SCHEDULE_CHECK_MAX_MS = 60_000


class SenderLike(Protocol):
    def start(self) -> None: ...
    def wake(self) -> None: ...
    def stop(self, timeout: float = 10.0) -> None: ...


SenderFactory = Callable[..., SenderLike]


# --- scheduled work, and what quitting leaves undone ----------------------------------------------


@dataclass(frozen=True)
class ScheduleState:
    """The scheduled work of a database, as the schedule strip and the quit warning need it."""

    upcoming: tuple[Upcoming, ...] = ()
    """The next scheduled campaign sends, soonest first."""
    missed: tuple[RunData, ...] = ()
    """Missed occurrences waiting for the user (send now or dismiss), newest first."""
    sequence_due: datetime | None = None
    """When the next step of an active sequence enrollment falls due."""
    grace_seconds: int = DEFAULT_MISFIRE_GRACE
    """How late a missed send still goes out when the runner is back."""


def load_schedule(db: Database, limit: int = 10) -> ScheduleState:
    """Read the scheduled work (a few small queries: run it in the background)."""
    from app.automation import sequences

    due: datetime | None = None
    # Sequences are optional here: an older core without next_due has nothing to add.
    if hasattr(sequences, "next_due"):
        due = sequences.next_due(db)
        if due is not None and due.tzinfo is None:
            due = due.replace(tzinfo=UTC)
    return ScheduleState(
        upcoming=tuple(upcoming(db, limit)),
        missed=tuple(missed_runs(db)),
        sequence_due=due,
        grace_seconds=misfire_grace_seconds(db),
    )


@dataclass(frozen=True)
class QuitAdvice:
    """What quitting this desktop would leave undone."""

    warn: bool
    """Ask before quitting: this process sends, and work is pending."""
    inform: bool = False
    """Say before quitting that scheduled work goes on elsewhere: ``holder`` sends, work is pending."""
    holder: str = ""
    """Who keeps sending when it is not this process ("" when it is, or nobody)."""
    sending: tuple[str, ...] = ()
    """Campaigns sending now: they stop, and go on when Facteur is opened again."""
    upcoming: tuple[Upcoming, ...] = ()
    """The next scheduled sends that would not go out."""
    sequence_due: datetime | None = None
    """When the next sequence step would have gone out."""
    grace_seconds: int = DEFAULT_MISFIRE_GRACE


def quit_advice(
    state: ScheduleState | None,
    *,
    runner: bool,
    holder: str = "",
    sending: Sequence[str] = (),
    show: int = 5,
) -> QuitAdvice:
    """Whether quitting needs a warning, and what it would say.

    ``runner``: this process runs the senders and the scheduler; ``holder``: who does instead
    (a daemon on the same database: quitting here stops nothing, so no warning, only a word that
    the scheduled sends go on there); ``sending``: the
    campaigns sending now; ``show``: how many upcoming sends to list at most.
    """
    state = state or ScheduleState()
    if holder:
        pending = bool(state.upcoming or state.sequence_due)
        return QuitAdvice(False, inform=pending, holder=holder, upcoming=state.upcoming[:show])
    if not runner:
        return QuitAdvice(False)
    names = tuple(sending)
    return QuitAdvice(
        warn=bool(names or state.upcoming or state.sequence_due),
        sending=names,
        upcoming=state.upcoming[:show],
        sequence_due=state.sequence_due,
        grace_seconds=state.grace_seconds,
    )


def _default_sender(
    db_url: str, home: Path, *, on_event: Callable[[SenderEvent], None]
) -> SenderLike:
    return Sender(db_url, home, on_event=on_event)


class SendingBridge(QObject):
    """Owns the sender of this process and reports what it does as signals."""

    sig_campaign_finished = Signal(str)
    """A campaign has no message left to send; carries its name."""
    sig_campaign_paused = Signal(str, str)
    """A campaign was paused by the sender (an error, e.g. authentication); name and reason."""
    sig_progress_changed = Signal(object)
    """Counts of the campaigns sending now: a list of ``CampaignData`` (empty when none)."""
    sig_runner_changed = Signal(str)
    """Who sends for this database: "" when this app does, else who does (a daemon, another desktop)."""
    sig_run_missed = Signal(str, object)
    """A scheduled send was missed (Facteur not running in time); campaign name and the
    occurrence's time (an aware ``datetime``, or ``None`` if unreadable)."""
    sig_schedule_changed = Signal()
    """Campaigns' schedules or missed runs changed: the next sends are worth reading again."""
    _sig_sender_event = Signal(object)
    """Private: a ``SenderEvent`` emitted on the sender's thread, delivered on the GUI thread."""

    def __init__(
        self,
        ctx: AppContext,
        tray: Tray | None = None,
        parent: QObject | None = None,
        *,
        sender_factory: SenderFactory = _default_sender,
        poll_interval_ms: int = POLL_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._sender_factory = sender_factory
        self._sender: SenderLike | None = None
        self._polling = False
        self._poll_again = False
        # Name -> (status, counts) at the last poll; None before the first one.
        self._last: dict[str, tuple[str, StatusCounts]] | None = None
        # Name -> what decides its next sends, at the last poll.
        self._last_schedule: dict[str, tuple[object, ...]] | None = None
        self.sending: list[CampaignData] = []
        #: Who runs the senders when it is not this app ("" when this app does).
        self.standby_holder = ""
        self._timer = QTimer(self)
        self._timer.setInterval(poll_interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._schedule_timer = QTimer(self)
        self._schedule_timer.setSingleShot(True)
        self._schedule_timer.timeout.connect(self._on_schedule_timer_timeout)
        # Emitted on the sender's thread; the bridge lives on the GUI thread: a queued call.
        self._sig_sender_event.connect(self._on_sender_event)
        if tray is not None:
            tray.follow_sending(self)

    @property
    def running(self) -> bool:
        return self._sender is not None

    @property
    def polling(self) -> bool:
        """True while progress is followed (something is sending)."""
        return self._timer.isActive()

    def start(self) -> None:
        """Start the sender; a send interrupted by the last quit goes on and is followed."""
        if self._sender is not None:
            return
        self._sender = self._sender_factory(
            self.ctx.db.url, self.ctx.paths.home, on_event=self._emit_sender_event
        )
        self._sender.start()
        self.poll()

    def stop(self) -> None:
        """Stop following and stop the sender (waits for messages on the wire)."""
        self._timer.stop()
        self._schedule_timer.stop()
        sender, self._sender = self._sender, None
        if sender is not None:
            sender.stop()

    def wake(self) -> None:
        """New work was queued (a campaign started, resumed, retried): send and follow it now."""
        if self._sender is not None:
            self._sender.wake()
        self.poll()

    def _emit_sender_event(self, event: SenderEvent) -> None:
        # Called on the sender's thread, possibly while the app is closing.
        if shiboken6.isValid(self):
            self._sig_sender_event.emit(event)

    def _on_sender_event(self, event: SenderEvent) -> None:
        if event.kind in ("standby", "active"):
            # One process sends for a database: another one (a daemon) does while we stand by.
            self.standby_holder = self._holder_text(event) if event.kind == "standby" else ""
            self.sig_runner_changed.emit(self.standby_holder)
            self.poll()
        elif event.kind == "finished":
            self.sig_campaign_finished.emit(event.campaign)
            self.poll()
        elif event.kind == "paused":
            self.sig_campaign_paused.emit(event.campaign, event.message)
            self.poll()
        elif event.kind == "missed":
            self.sig_run_missed.emit(event.campaign, _occurrence_time(event.message))
            self.sig_schedule_changed.emit()
            self.poll()
        elif not self._timer.isActive():
            # Progress: polled at the timer's pace, not at the pace of the events.
            self.poll()

    def _holder_text(self, event: SenderEvent) -> str:
        holder = getattr(self._sender, "holder", None)
        if holder is None:
            return event.message or self.tr("another process")
        kinds = {
            "daemon": self.tr("the daemon"),
            "desktop": self.tr("the Facteur app"),
            "cli": self.tr("a command-line send"),
        }
        return self.tr("{kind} on {host} (pid {pid})").format(
            kind=kinds.get(holder.kind, holder.kind), host=holder.hostname, pid=holder.pid
        )

    # --- progress ------------------------------------------------------------------------------

    def poll(self) -> None:
        """Read the campaigns' counts in the background (one read at a time)."""
        if self._polling:
            self._poll_again = True
            return
        self._polling = True
        db = self.ctx.db
        Op(self, lambda: list_campaigns(db)).success(self._on_poll_succeeded).failure(
            self._on_poll_failed
        ).run_in_background("io")

    def _on_timer_timeout(self) -> None:
        self.poll()

    def _on_schedule_timer_timeout(self) -> None:
        self.poll()

    def _on_poll_succeeded(self, campaigns: list[CampaignData]) -> None:
        self._polling = False
        snapshot = {c.name: (c.status, c.counts) for c in campaigns}
        moved = self._last is not None and snapshot != self._last
        self._last = snapshot
        sending = [c for c in campaigns if c.status == "sending"]
        was_sending = bool(self.sending)
        self.sending = sending
        if sending or was_sending:
            self.sig_progress_changed.emit(sending)
        if moved:
            self.ctx.bus.notify(Changes(campaigns=True, messages=True))
        schedule = {
            c.name: (c.status, c.cron, c.timezone, c.scheduled_at, c.next_run_at) for c in campaigns
        }
        if self._last_schedule is not None and schedule != self._last_schedule:
            self.sig_schedule_changed.emit()
        self._last_schedule = schedule
        # Followed even without a sender here: another Facteur may send from a shared database.
        if sending:
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
        self._watch_schedule(campaigns)
        if self._poll_again:
            self._poll_again = False
            self.poll()

    def _on_poll_failed(self, exc: BaseException) -> None:
        # A failed poll (database busy, network share gone) is tried again at the next tick.
        self._polling = False
        self._poll_again = False
        log_unexpected(exc, "polling the sending progress")

    def _watch_schedule(self, campaigns: Sequence[CampaignData]) -> None:
        """Poll again when the next scheduled send (one-off or a recurring occurrence) is due."""
        due = [c.next_run_at for c in campaigns if c.next_run_at is not None]
        if not due:
            self._schedule_timer.stop()
            return
        wait = (min(due) - datetime.now(UTC)).total_seconds() * 1000 + 500
        self._schedule_timer.start(int(min(max(wait, 1000), SCHEDULE_CHECK_MAX_MS)))


def _occurrence_time(text: str) -> datetime | None:
    """The time a "missed" event carries (ISO 8601), as an aware datetime."""
    try:
        when = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
