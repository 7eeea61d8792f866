"""The automation runtime of the process that runs a database (DESIGN §5).

``Automation`` lives inside the ``Sender`` of the process holding the runner lock (the desktop,
``facteur daemon`` or a background sender): its ``tick()`` runs on the sender's supervisor
thread, about once a second, and turns what happened into queued messages:

- events waiting in the ``event`` table go through the rules (``app.automation.events``);
- sequence enrollments whose next step is due queue that step (``app.automation.sequences``);
- date triggers (birthdays, N days before a date attribute) are checked every minute
  (``app.automation.rules``);
- the APScheduler scheduler (``app.automation.scheduler``) starts campaign occurrences.

The sender then sends the queued rows like a campaign's.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from app.db import Database

log = logging.getLogger("facteur.automation")

DATE_CHECK_EVERY = 60.0  # seconds between two looks at the date triggers


class Automation:
    """Events, rules, sequences and schedules for one database, in the runner process."""

    def __init__(
        self,
        db: Database,
        *,
        on_event: Callable[[Any], None] | None = None,
        wake: Callable[[], None] | None = None,
        scheduler: bool = True,
    ) -> None:
        self.db = db
        self.on_event = on_event
        self.wake = wake
        self.use_scheduler = scheduler
        self.scheduler: Any = None
        self._last_date_check = 0.0

    def start(self) -> None:
        if self.use_scheduler:
            from app.automation.scheduler import CampaignScheduler

            self.scheduler = CampaignScheduler(self.db, on_event=self.on_event, wake=self.wake)
            self.scheduler.start()

    def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.stop()
            self.scheduler = None

    def tick(self) -> int:
        """Do what is due now; returns how many messages were queued."""
        from app.automation import events, rules, sequences

        if self.scheduler is not None:
            self.scheduler.tick()
        queued = events.process_pending(self.db)
        queued += sequences.advance_due(self.db)
        now = time.monotonic()
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
