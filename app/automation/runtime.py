"""The automation runtime of the process that runs a database (DESIGN §5).

``Automation`` lives inside the ``Sender`` of the process holding the runner lock (the desktop,
``facteur daemon`` or a background sender): its ``tick()`` runs on the sender's supervisor
thread, about once a second, and turns what happened into queued messages:

- events waiting in the ``event`` table go through the rules (``app.automation.events``);
- sequence enrollments whose next step is due queue that step (``app.automation.sequences``);
- date triggers (birthdays, N days before a date attribute) are checked every minute
  (``app.automation.rules``);
- the APScheduler scheduler (``app.automation.scheduler``) starts campaign occurrences;
- with a tracking relay connected, ``app.tracking.sync.RelaySync`` long-polls it in a thread of
  its own (opens, clicks, unsubscribes, signups); whether a relay is connected (or another one)
  is looked at every minute.

The sender then sends the queued rows like a campaign's.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from app.db import Database

log = logging.getLogger("facteur.automation")

DATE_CHECK_EVERY = 60.0  # seconds between two looks at the date triggers
RELAY_CHECK_EVERY = 60.0  # seconds between two looks at the relay's connection


class Automation:
    """Events, rules, sequences and schedules for one database, in the runner process."""

    def __init__(
        self,
        db: Database,
        *,
        on_event: Callable[[Any], None] | None = None,
        wake: Callable[[], None] | None = None,
        scheduler: bool = True,
        home: Path | None = None,
        relay: bool = True,
    ) -> None:
        self.db = db
        self.on_event = on_event
        self.wake = wake
        self.use_scheduler = scheduler
        self.scheduler: Any = None
        self._last_date_check = 0.0
        # The Facteur home holds the relay's secrets; the sender's own when not given.
        self.home = (
            home if home is not None else getattr(getattr(wake, "__self__", None), "home", None)
        )
        self.use_relay = relay and self.home is not None
        #: The relay sync thread (``app.tracking.sync.RelaySync``) while a relay is connected.
        self.relay_sync: Any = None
        self._relay_config: Any = None
        self._last_relay_check = 0.0

    def start(self) -> None:
        if self.use_scheduler:
            from app.automation.scheduler import CampaignScheduler

            self.scheduler = CampaignScheduler(self.db, on_event=self.on_event, wake=self.wake)
            self.scheduler.start()
        self.check_relay()

    def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.stop()
            self.scheduler = None
        self._stop_relay_sync()

    def check_relay(self) -> None:
        """Start, restart or stop the relay sync after the relay's connection (or not)."""
        self._last_relay_check = time.monotonic()
        if not self.use_relay:
            return
        from app.tracking.relay_config import load_relay

        try:
            config = load_relay(self.db, self.home)
        except Exception as exc:  # noqa: BLE001 - secrets unreadable: no sync, sending goes on
            log.warning("the relay's connection cannot be read: %s", exc)
            config = None
        running = self.relay_sync is not None and self.relay_sync.alive
        if config == self._relay_config and (running or config is None):
            return
        self._stop_relay_sync()
        self._relay_config = config
        if config is not None:
            from app.tracking.sync import RelaySync

            self.relay_sync = RelaySync(self.db, config, wake=self.wake)
            self.relay_sync.start()

    def _stop_relay_sync(self) -> None:
        if self.relay_sync is not None:
            try:
                self.relay_sync.stop()
            except Exception:  # noqa: BLE001 - stopping must go on
                log.exception("stopping the relay sync failed")
            self.relay_sync = None

    def tick(self) -> int:
        """Do what is due now; returns how many messages were queued."""
        from app.automation import events, rules, sequences

        if self.scheduler is not None:
            self.scheduler.tick()
        queued = events.process_pending(self.db)
        queued += sequences.advance_due(self.db)
        now = time.monotonic()
        if self.use_relay and now - self._last_relay_check >= RELAY_CHECK_EVERY:
            self.check_relay()
        if now - self._last_date_check >= DATE_CHECK_EVERY:
            self._last_date_check = now
            queued += rules.check_date_triggers(self.db)
        if queued and self.wake is not None:
            self.wake()
        return queued

    def next_due(self) -> datetime | None:
        """When something is next due (an event waiting counts as now), for idle checks."""
        from app.automation import events, sequences

        times = [t for t in (events.next_due(self.db), sequences.next_due(self.db)) if t]
        if self.scheduler is not None:
            t = self.scheduler.next_due()
            if t is not None:
                times.append(t)
        return min(times) if times else None
