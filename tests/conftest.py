"""Shared fixtures: an isolated Facteur home, and a migrated database on SQLite and PostgreSQL.

The ``db`` fixture runs each test on SQLite always and on PostgreSQL (127.0.0.1:5432, user postgres,
database test) when it is reachable; when it is not, the PostgreSQL run is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.db import Database  # noqa: E402
from app.db.models import Base  # noqa: E402

PG_BASE_URL = os.environ.get(
    "FACTEUR_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(autouse=True)
def facteur_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own home: settings, logs and the default database never leak out."""
    home = tmp_path / "facteur-home"
    monkeypatch.setenv("FACTEUR_HOME", str(home))
    monkeypatch.delenv("FACTEUR_DB_URL", raising=False)
    # No OS keyring in CI: secrets go to the documented encrypted-file fallback.
    monkeypatch.setenv("FACTEUR_SECRETS", "file")
    monkeypatch.setenv("FACTEUR_SECRETS_PASSPHRASE", "test passphrase")
    return home


def _pg_unreachable_reason() -> str | None:
    import psycopg

    try:
        with psycopg.connect(PG_BASE_URL.replace("+psycopg", ""), connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"PostgreSQL not reachable at {PG_BASE_URL}: {str(exc).strip().splitlines()[0]}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating every time would be slow)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A private schema in the test database, migrated once for the session."""
    reason = _pg_unreachable_reason()
    if reason:
        pytest.skip(reason)
    schema = f"facteur_test_{uuid.uuid4().hex[:10]}"
    admin = Database(PG_BASE_URL)
    with admin.engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG_BASE_URL}?options=-csearch_path%3D{schema}"
    db = Database(url)
    db.migrate()
    db.dispose()
    yield url
    with admin.engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "facteur.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A migrated, empty database (SQLite, then PostgreSQL when reachable)."""
    database = Database(db_url)
    yield database
    if database.dialect == "postgresql":
        _empty_postgresql(database)
    database.dispose()


def _empty_postgresql(database: Database) -> None:
    """Empty the tables a test wrote to and restart every id sequence.

    TRUNCATE costs about 10 ms per table named, whether it holds rows or not: with ~25 tables,
    truncating them all after each of hundreds of tests was minutes of the suite.
    """
    tables = [t.name for t in Base.metadata.sorted_tables]
    probe = " UNION ALL ".join(
        f"SELECT '{name}' WHERE EXISTS (SELECT 1 FROM \"{name}\")" for name in tables
    )
    with database.engine.begin() as conn:
        used = [row[0] for row in conn.execute(text(probe))]
        if used:
            names = ", ".join(f'"{name}"' for name in used)
            conn.execute(text(f"TRUNCATE {names} CASCADE"))
        conn.execute(
            text(
                "SELECT setval(c.oid, 1, false) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'S' AND n.nspname = current_schema()"
            )
        )


@pytest.fixture
def sqlite_db(tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    """SQLite only, for tests about SQLite itself or the GUI (which uses the default local file)."""
    path = tmp_path / "facteur.db"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()
