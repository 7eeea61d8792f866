"""One process at a time runs the scheduler and the senders for a database (DESIGN §5).

The lock is one the operating system or the server drops by itself when its holder dies, so a
crash never leaves the database locked:
- SQLite: an exclusive ``flock`` (``msvcrt.locking`` on Windows) on ``<database>.runner.lock``;
- PostgreSQL: a session advisory lock, keyed by the schema, held on a dedicated connection.
The ``runner_lease`` row says who holds it (kind, host, pid, since, heartbeat) so that a second
desktop or daemon can show it. DESIGN.md planned a lease row with an expiry for PostgreSQL; the
advisory lock is released the moment the holder's connection drops, with no expiry to wait for.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from sqlalchemy import delete, make_url, select, text, update
from sqlalchemy.engine import Connection

from app.db import Database
from app.db.models import RunnerLease
from app.db.types import utcnow

log = logging.getLogger("facteur.lock")

LEASE_ID = 1
LOCK_NAME = "/facteur-runner"  # with the schema, the advisory lock's key
# A holder whose heartbeat is older than this is shown as "not responding".
STALE_AFTER = timedelta(seconds=60)


@dataclass(frozen=True)
class Holder:
    """Who runs the scheduler and the senders."""

    kind: str
    hostname: str
    pid: int
    since: datetime
    heartbeat_at: datetime

    @property
    def stale(self) -> bool:
        return utcnow() - self.heartbeat_at > STALE_AFTER

    def describe(self) -> str:
        return (
            f"{self.kind} on {self.hostname} (pid {self.pid}) since {self.since:%Y-%m-%d %H:%M} UTC"
        )


def current_holder(db: Database) -> Holder | None:
    with db.session() as s:
        row = s.get(RunnerLease, LEASE_ID)
        if row is None:
            return None
        return Holder(row.kind, row.hostname, row.pid, row.acquired_at, row.heartbeat_at)


class RunnerLock:
    """The database's runner lock, for one process; ``try_acquire`` does not wait."""

    def __init__(self, db: Database, owner: str, kind: str) -> None:
        self.db = db
        self.owner = owner
        self.kind = kind
        self.held = False
        self._file: IO[bytes] | None = None
        self._conn: Connection | None = None

    # -- the lock itself ---------------------------------------------------------------------

    def _lock_path(self) -> Path | None:
        url = make_url(self.db.url)
        if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
            return None
        return Path(url.database).with_name(Path(url.database).name + ".runner.lock")

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; record who we are. Returns whether we hold it."""
        if self.held:
            return True
        postgres = self.db.dialect == "postgresql"
        got = self._acquire_advisory() if postgres else self._acquire_file()
        if got:
            self.held = True
            self._write_lease()
        return got

    def _acquire_file(self) -> bool:
        path = self._lock_path()
        if path is None:
            return True  # an in-memory database: only this process can see it
        handle = open(path, "a+b")  # noqa: SIM115 - kept open while held
        try:
            if sys.platform == "win32":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    def _acquire_advisory(self) -> bool:
        conn = self.db.engine.connect()
        try:
            got = bool(
                conn.execute(
                    text("SELECT pg_try_advisory_lock(hashtext(current_schema() || :name))"),
                    {"name": LOCK_NAME},
                ).scalar()
            )
            conn.commit()
        except Exception:
            conn.close()
            raise
        if not got:
            conn.close()
            return False
        self._conn = conn
        return True

    def still_held(self) -> bool:
        """Whether the lock is still ours (a PostgreSQL restart drops advisory locks)."""
        if not self.held:
            return False
        if self._conn is None:
            return True
        try:
            count = self._conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    "AND pid = pg_backend_pid()"
                )
            ).scalar()
            self._conn.commit()
        except Exception:  # noqa: BLE001 - the connection is gone, and the lock with it
            log.warning("lost the runner lock's connection", exc_info=True)
            self._drop()
            return False
        if not count:
            self._drop()
            return False
        return True

    def release(self) -> None:
        if not self.held:
            return
        try:
            with self.db.session() as s:
                s.execute(
                    delete(RunnerLease).where(
                        RunnerLease.id == LEASE_ID, RunnerLease.owner == self.owner
                    )
                )
        except Exception:  # noqa: BLE001 - the lease row is only informative
            log.debug("could not clear the runner lease", exc_info=True)
        if self._conn is not None:
            try:
                self._conn.execute(
                    text("SELECT pg_advisory_unlock(hashtext(current_schema() || :name))"),
                    {"name": LOCK_NAME},
                )
                self._conn.commit()
            except Exception:  # noqa: BLE001
                log.debug("could not unlock", exc_info=True)
        self._drop()

    def _drop(self) -> None:
        self.held = False
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:  # noqa: BLE001
                log.debug("closing the lock connection failed", exc_info=True)
            self._conn = None
        if self._file is not None:
            self._file.close()  # closing releases flock / msvcrt locks
            self._file = None

    # -- who holds it --------------------------------------------------------------------------

    def _write_lease(self) -> None:
        now = utcnow()
        values: dict[str, Any] = {
            "owner": self.owner,
            "kind": self.kind,
            "hostname": socket.gethostname(),
            "pid": os.getpid(),
            "acquired_at": now,
            "heartbeat_at": now,
        }
        with self.db.session() as s:
            row = s.get(RunnerLease, LEASE_ID)
            if row is None:
                s.add(RunnerLease(id=LEASE_ID, **values))
            else:
                for key, value in values.items():
                    setattr(row, key, value)

    def heartbeat(self) -> None:
        if not self.held:
            return
        with self.db.session() as s:
            s.execute(
                update(RunnerLease)
                .where(RunnerLease.id == LEASE_ID, RunnerLease.owner == self.owner)
                .values(heartbeat_at=utcnow())
            )

    def holder(self) -> Holder | None:
        """Who holds the lock, as recorded (``None`` when nobody said so)."""
        return current_holder(self.db)


def lease_owner(db: Database) -> str | None:
    with db.session() as s:
        return s.scalar(select(RunnerLease.owner).where(RunnerLease.id == LEASE_ID))
