"""Engine and session factory; SQLite tuned for a desktop app's durability, PostgreSQL for teams."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import FacteurError

log = logging.getLogger("facteur.db")
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` / ``postgres://`` and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets the GUI read while the sender writes; FULL makes a committed outbox row survive power loss.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()
    # SQLite's own lower() folds ASCII only, so "Élodie" would not match "élodie" in searches and
    # segments as it does on PostgreSQL: replace it with Python's Unicode lower-casing.
    dbapi_conn.create_function("lower", 1, _sqlite_lower, deterministic=True)


def _sqlite_lower(value: Any) -> Any:
    if isinstance(value, str):
        return value.lower()
    if value is None or isinstance(value, bytes):
        return value
    return str(value)  # numbers: SQLite's lower() returns their text too


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise FacteurError("Invalid database URL: {url!r}", url=url) from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise FacteurError(
                    "Cannot create the database folder {folder}: {reason}",
                    folder=str(folder),
                    reason=exc.strerror or str(exc),
                ) from exc
        engine = create_engine(parsed, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
    elif parsed.get_backend_name() == "postgresql":
        engine = create_engine(parsed, pool_pre_ping=True)
    else:
        raise FacteurError(
            "Unsupported database {backend!r}: use SQLite or PostgreSQL.",
            backend=parsed.get_backend_name(),
        )
    return engine


class Database:
    """One database: its engine and a factory of short-lived sessions.

    Services call ``with db.session() as s:`` per operation; no session crosses threads.
    """

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on any error."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def migrate(self) -> None:
        """Bring the schema to the newest revision (run at every start-up)."""
        from alembic import command

        cfg = alembic_config()
        try:
            conn = self.engine.connect()
        except (DBAPIError, self.engine.dialect.loaded_dbapi.Error) as exc:
            # Unreachable server, unknown database, bad credentials or options, a file that is
            # not a database: all things the user can fix, none a bug.
            raise FacteurError(
                "Cannot open the database ({database}): {reason}",
                database=self.describe(),
                reason=str(getattr(exc, "orig", exc)),
            ) from exc
        try:
            with conn, conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except OperationalError as exc:
            raise FacteurError(
                "Cannot open the database ({database}): {reason}",
                database=self.describe(),
                reason=str(exc.orig),
            ) from exc

    def describe(self) -> str:
        """The URL without its password, for messages and logs."""
        return make_url(self.url).render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg
