"""The relay's storage: its own tables (not the desktop's), SQLite by default, PostgreSQL by URL.

Tables are prefixed ``relay_`` and created on start; ``relay_meta`` holds the schema version, so a
later relay can migrate (or refuse a database written by a newer one). Event ids are the cursor the
desktop pulls with, so they must become visible in id order: every write transaction is serialised
(a lock in the process, and on PostgreSQL an advisory lock held until commit, for several workers).

Opens and clicks are not written one by one: ``EventBuffer`` collects them and a background thread
writes them in batches. Everything else (unsubscribes, signups, confirmations, API events, webhooks)
is written before the relay answers.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from app.errors import FacteurError

log = logging.getLogger("facteur.relay.store")

SCHEMA_VERSION = 1
# Any constant: the advisory lock serialising event writes across workers on PostgreSQL.
_PG_LOCK_KEY = 0x46_52_45_4C  # "FREL"

metadata = MetaData()

# BigInteger ids on PostgreSQL, INTEGER PRIMARY KEY (the rowid) on SQLite.
_Id = BigInteger().with_variant(Integer(), "sqlite")

meta_table = Table(
    "relay_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

events_table = Table(
    "relay_event",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),
    Column("occurred_at", DateTime, nullable=False),  # UTC, naive
    Column("message_id", BigInteger),
    Column("contact_id", BigInteger),
    Column("run_id", BigInteger),
    Column("sent_at", BigInteger),
    Column("email", String(320), nullable=False, default=""),
    Column("url", Text, nullable=False, default=""),
    Column("ip", String(64), nullable=False, default=""),
    Column("bot", Boolean, nullable=False, default=False),
    Column("source", String(20), nullable=False, default=""),
    Column("name", String(100), nullable=False, default=""),
    Column("provider_message_id", String(255), nullable=False, default=""),
    Column("data", JSON, nullable=False, default=dict),
    # Makes a fact idempotent: "unsubscribe:<message>:<contact>", "confirm:<signup>", ...
    Column("dedupe", String(255), unique=True),
    Index("ix_relay_event_occurred_at", "occurred_at"),
)

forms_table = Table(
    "relay_form",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("double_opt_in", Boolean, nullable=False, default=True),
    Column("consent_text", Text, nullable=False, default=""),
    Column("redirect_url", Text, nullable=False, default=""),
    Column("confirm_redirect_url", Text, nullable=False, default=""),
    Column("fields", JSON, nullable=False, default=list),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("updated_at", DateTime, nullable=False),
)

signups_table = Table(
    "relay_signup",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("form", String(64), nullable=False),
    Column("email", String(320), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("confirmed_at", DateTime),
    Index("ix_relay_signup_created_at", "created_at"),
)

EVENT_COLUMNS = (
    "kind",
    "occurred_at",
    "message_id",
    "contact_id",
    "run_id",
    "sent_at",
    "email",
    "url",
    "ip",
    "bot",
    "source",
    "name",
    "provider_message_id",
    "data",
    "dedupe",
)


def utcnow() -> datetime:
    """Now in UTC, naive (how the relay's tables store times on both databases)."""
    return datetime.now(UTC).replace(tzinfo=None)


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).isoformat(timespec="seconds")


def new_event(kind: str, **values: Any) -> dict[str, Any]:
    """A row for ``relay_event`` with every column set (executemany needs the same keys)."""
    row: dict[str, Any] = {
        "kind": kind,
        "occurred_at": utcnow(),
        "message_id": None,
        "contact_id": None,
        "run_id": None,
        "sent_at": None,
        "email": "",
        "url": "",
        "ip": "",
        "bot": False,
        "source": "",
        "name": "",
        "provider_message_id": "",
        "data": {},
        "dedupe": None,
    }
    unknown = set(values) - set(row)
    if unknown:
        raise ValueError(f"unknown event columns: {sorted(unknown)}")
    row.update(values)
    return row


def event_json(row: Any) -> dict[str, Any]:
    """The event object of the HTTP contract (relay -> desktop)."""
    m = row._mapping
    return {
        "id": str(m["id"]),
        "kind": m["kind"],
        "occurred_at": iso(m["occurred_at"]),
        "message": m["message_id"],
        "contact": m["contact_id"],
        "run": m["run_id"],
        "sent_at": m["sent_at"],
        "email": m["email"],
        "url": m["url"],
        "ip": m["ip"],
        "bot": bool(m["bot"]),
        "source": m["source"],
        "name": m["name"],
        "provider_message_id": m["provider_message_id"],
        "data": m["data"] or {},
    }


@dataclass(frozen=True)
class Form:
    """A signup form as the desktop last pushed it (``PUT /api/v1/forms``)."""

    name: str
    double_opt_in: bool = True
    consent_text: str = ""
    redirect_url: str = ""
    confirm_redirect_url: str = ""
    fields: tuple[str, ...] = ()
    enabled: bool = True


@dataclass(frozen=True)
class Signup:
    id: int
    form: str
    email: str
    created_at: datetime
    confirmed_at: datetime | None


@dataclass(frozen=True)
class Written:
    """The result of writing one event: its id, and False when it was already recorded."""

    id: int
    created: bool


class RelayStore:
    """The relay's database: events, forms, signups. Thread-safe; all methods are blocking."""

    def __init__(self, url: str, *, on_write: Callable[[], None] | None = None) -> None:
        self.url = url
        self.dialect = url.split(":", 1)[0].split("+", 1)[0]
        if self.dialect == "postgres":
            self.dialect = "postgresql"
        self.engine = _make_engine(url, self.dialect)
        self._lock = threading.Lock()
        # Called after every committed write of events (wakes the long-polls).
        self.on_write = on_write

    # Set-up.

    def create(self) -> None:
        """Create the tables if needed and check the schema version."""
        with self._write() as conn:
            metadata.create_all(conn)
            version = conn.execute(
                select(meta_table.c.value).where(meta_table.c.key == "schema_version")
            ).scalar()
            if version is None:
                conn.execute(
                    insert(meta_table).values(key="schema_version", value=str(SCHEMA_VERSION))
                )
            elif int(version) > SCHEMA_VERSION:
                raise FacteurError(
                    "The relay database was written by a newer relay (schema {found}; this "
                    "relay knows {known}). Update the relay.",
                    found=version,
                    known=SCHEMA_VERSION,
                )

    def dispose(self) -> None:
        self.engine.dispose()

    def ping(self) -> bool:
        try:
            with self._read() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - the health page reports it, the log has the cause
            log.exception("relay database unreachable")
            return False

    # Transactions.

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._lock, self.engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(relay_read=True)
            yield conn

    def _written(self) -> None:
        if self.on_write is not None:
            self.on_write()

    # Events.

    def add_events(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert many events in one transaction (the batched opens and clicks)."""
        if not rows:
            return
        with self._write() as conn:
            if self.dialect == "sqlite":
                # The hot path (thousands of opens a second): SQLAlchemy's per-row processing
                # would cost more than SQLite's insert; the values are converted here the way
                # its SQLite types store them.
                conn.exec_driver_sql(_SQLITE_INSERT, [_sqlite_values(row) for row in rows])
            else:
                conn.execute(insert(events_table), list(rows))
        self._written()

    def add_event(self, row: dict[str, Any]) -> Written:
        """Insert one event now; with a ``dedupe`` key already used, keep the first one."""
        written = self._add_events_once([row])[0]
        return written

    def add_events_once(self, rows: Sequence[dict[str, Any]]) -> list[Written]:
        """Insert events in one transaction, each skipped if its ``dedupe`` key exists."""
        return self._add_events_once(rows)

    def _add_events_once(self, rows: Sequence[dict[str, Any]]) -> list[Written]:
        results: list[Written] = []
        with self._write() as conn:
            for row in rows:
                results.append(_insert_once(conn, row))
        if any(w.created for w in results):
            self._written()
        return results

    def events_after(self, after: int, limit: int) -> tuple[list[dict[str, Any]], bool]:
        """Up to ``limit`` events with an id above ``after``, and whether more follow."""
        with self._read() as conn:
            rows = conn.execute(
                select(events_table)
                .where(events_table.c.id > after)
                .order_by(events_table.c.id)
                .limit(limit + 1)
            ).all()
        return [event_json(r) for r in rows[:limit]], len(rows) > limit

    def latest_id(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.max(events_table.c.id))).scalar() or 0)

    def events(self, **where: Any) -> list[dict[str, Any]]:
        """Every event matching ``column=value`` filters, oldest first (tests, tools)."""
        query = select(events_table).order_by(events_table.c.id)
        for column, value in where.items():
            query = query.where(events_table.c[column] == value)
        with self._read() as conn:
            return [event_json(r) for r in conn.execute(query).all()]

    def prune(self, older_than: datetime) -> int:
        """Delete events and signups older than ``older_than``; the number of events deleted."""
        with self._write() as conn:
            deleted = conn.execute(
                delete(events_table).where(events_table.c.occurred_at < older_than)
            ).rowcount
            conn.execute(delete(signups_table).where(signups_table.c.created_at < older_than))
        return int(deleted or 0)

    # Forms.

    def replace_forms(self, forms: Iterable[Form]) -> int:
        forms = list(forms)
        now = utcnow()
        with self._write() as conn:
            conn.execute(delete(forms_table))
            if forms:
                conn.execute(
                    insert(forms_table),
                    [
                        {
                            "name": f.name,
                            "double_opt_in": f.double_opt_in,
                            "consent_text": f.consent_text,
                            "redirect_url": f.redirect_url,
                            "confirm_redirect_url": f.confirm_redirect_url,
                            "fields": list(f.fields),
                            "enabled": f.enabled,
                            "updated_at": now,
                        }
                        for f in forms
                    ],
                )
        return len(forms)

    def form(self, name: str) -> Form | None:
        with self._read() as conn:
            row = conn.execute(select(forms_table).where(forms_table.c.name == name)).first()
        return _form(row) if row is not None else None

    def forms(self) -> list[Form]:
        with self._read() as conn:
            rows = conn.execute(select(forms_table).order_by(forms_table.c.name)).all()
        return [_form(r) for r in rows]

    # Signups.

    def add_signup(
        self, form: str, email: str, build_event: Callable[[int], dict[str, Any]]
    ) -> tuple[int, int]:
        """Record a signup and its event in one transaction: (signup id, event id)."""
        with self._write() as conn:
            signup_id = conn.execute(
                insert(signups_table).values(form=form, email=email, created_at=utcnow())
            ).inserted_primary_key[0]
            event_id = _insert_once(conn, build_event(int(signup_id))).id
        self._written()
        return int(signup_id), event_id

    def signup(self, signup_id: int) -> Signup | None:
        with self._read() as conn:
            row = conn.execute(select(signups_table).where(signups_table.c.id == signup_id)).first()
        if row is None:
            return None
        m = row._mapping
        return Signup(m["id"], m["form"], m["email"], m["created_at"], m["confirmed_at"])

    def confirm_signup(
        self, signup_id: int, build_event: Callable[[Signup], dict[str, Any]]
    ) -> Written | None:
        """Mark a signup confirmed and record the confirm event once; None if it is unknown."""
        with self._write() as conn:
            row = conn.execute(select(signups_table).where(signups_table.c.id == signup_id)).first()
            if row is None:
                return None
            m = row._mapping
            signup = Signup(m["id"], m["form"], m["email"], m["created_at"], m["confirmed_at"])
            if signup.confirmed_at is None:
                conn.execute(
                    update(signups_table)
                    .where(signups_table.c.id == signup_id)
                    .values(confirmed_at=utcnow())
                )
            written = _insert_once(conn, build_event(signup))
        if written.created:
            self._written()
        return written


_SQLITE_INSERT = (
    f"INSERT INTO relay_event ({', '.join(EVENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in EVENT_COLUMNS)})"
)


def _sqlite_values(row: dict[str, Any]) -> tuple[Any, ...]:
    values = []
    for column in EVENT_COLUMNS:
        value = row[column]
        if column == "occurred_at":
            value = value.strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's SQLite DATETIME
        elif column == "bot":
            value = 1 if value else 0
        elif column == "data":
            value = json.dumps(value)
        values.append(value)
    return tuple(values)


def _insert_once(conn: Connection, row: dict[str, Any]) -> Written:
    dedupe = row.get("dedupe")
    if dedupe:
        existing = conn.execute(
            select(events_table.c.id).where(events_table.c.dedupe == dedupe)
        ).scalar()
        if existing is not None:
            return Written(int(existing), False)
    try:
        with conn.begin_nested():
            new_id = conn.execute(insert(events_table).values(**row)).inserted_primary_key[0]
    except IntegrityError:
        # Only a concurrent writer outside this relay's locks gets here.
        existing = conn.execute(
            select(events_table.c.id).where(events_table.c.dedupe == dedupe)
        ).scalar()
        if existing is None:
            raise
        return Written(int(existing), False)
    return Written(int(new_id), True)


def _form(row: Any) -> Form:
    m = row._mapping
    return Form(
        name=m["name"],
        double_opt_in=bool(m["double_opt_in"]),
        consent_text=m["consent_text"] or "",
        redirect_url=m["redirect_url"] or "",
        confirm_redirect_url=m["confirm_redirect_url"] or "",
        fields=tuple(m["fields"] or ()),
        enabled=bool(m["enabled"]),
    )


def _make_engine(url: str, dialect: str) -> Engine:
    if dialect == "sqlite":
        path = url.split("///", 1)[1] if "///" in url else ""
        memory = path in ("", ":memory:")
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            # Pooled (opening a connection and closing the last one, which checkpoints the
            # WAL, would cost more than the batch); ``dispose`` closes them all.
            pool_size=8,
            max_overflow=32,
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # The driver's own transaction handling off: SQLAlchemy's begin below decides.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            if not memory:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            # Write transactions take the write lock at once: with several workers, a deferred
            # transaction upgrading to a writer could fail with "database is locked".
            # Reads run in the driver's autocommit mode (each statement its own snapshot).
            if not conn.get_execution_options().get("relay_read"):
                conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


@dataclass
class EventBuffer:
    """Opens and clicks waiting to be written: a background thread flushes them in batches.

    ``add`` is called from the event loop (no I/O); the flusher writes every ``interval`` seconds,
    or at once when ``max_rows`` are waiting. ``close`` writes what is left.
    """

    store: RelayStore
    interval: float = 0.05
    max_rows: int = 500
    _rows: list[dict[str, Any]] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _stopping: bool = False
    _thread: threading.Thread | None = None
    flushed: int = 0
    failures: int = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="relay-flusher", daemon=True)
        self._thread.start()

    def add(self, row: dict[str, Any]) -> None:
        with self._cond:
            self._rows.append(row)
            if len(self._rows) >= self.max_rows:
                self._cond.notify()

    def pending(self) -> int:
        with self._cond:
            return len(self._rows)

    def close(self, timeout: float = 30.0) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.flush()

    def flush(self) -> int:
        """Write what is waiting now (from any thread); the number of rows written."""
        with self._cond:
            rows, self._rows = self._rows, []
        if not rows:
            return 0
        try:
            self.store.add_events(rows)
        except Exception:
            # Keep them for the next round rather than losing them (the database may be back).
            self.failures += 1
            log.exception("could not write %d tracking events; will retry", len(rows))
            with self._cond:
                self._rows[:0] = rows
                # Bound memory if the database stays down.
                del self._rows[: max(0, len(self._rows) - 200_000)]
            return 0
        self.flushed += len(rows)
        return len(rows)

    def _run(self) -> None:
        while True:
            with self._cond:
                if not self._stopping and len(self._rows) < self.max_rows:
                    self._cond.wait(self.interval)
                stopping = self._stopping
            if stopping:
                return
            failed_before = self.failures
            self.flush()
            if self.failures != failed_before:
                time.sleep(1.0)


class Pruner:
    """Deletes events older than the retention period, at start and then every hour."""

    def __init__(self, store: RelayStore, retention_days: int, every: float = 3600.0) -> None:
        self.store = store
        self.retention_days = retention_days
        self.every = every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.retention_days <= 0:
            return
        self._thread = threading.Thread(target=self._run, name="relay-pruner", daemon=True)
        self._thread.start()

    def prune_now(self) -> int:
        return self.store.prune(utcnow() - timedelta(days=self.retention_days))

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                deleted = self.prune_now()
                if deleted:
                    log.info("pruned %d events older than %d days", deleted, self.retention_days)
            except Exception:  # noqa: BLE001 - retried at the next round
                log.exception("pruning old events failed")
            self._stop.wait(self.every)
