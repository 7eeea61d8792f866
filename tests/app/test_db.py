"""The database layer: migrations, SQLite settings, cascades, URLs and connection errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import delete, func, insert, inspect, select

from app.contacts.service import ContactInput, add_contact, count_contacts, get_contact
from app.db import Database
from app.db.engine import alembic_config, make_engine, normalise_url
from app.db.models import Base, Contact, ContactTag, ListMembership, Tag
from app.db.types import UTCDateTime
from app.errors import FacteurError

TABLES = {"contact", "contact_list", "contact_tag", "list_membership", "segment", "tag"}


def head() -> str:
    rev = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert rev is not None
    return rev


def current(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_migrations_on_a_fresh_sqlite_file_are_idempotent(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'sub' / 'dir' / 'new.db'}")  # folders are created
    try:
        assert current(db) is None
        db.migrate()
        assert current(db) == head()
        with db.engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) >= TABLES
        add_contact(db, ContactInput(email="a@exemple.fr"))
        db.migrate()  # at every start: nothing to do, nothing lost
        assert current(db) == head()
        assert count_contacts(db) == 1
    finally:
        db.dispose()


def test_downgrade_to_base_then_upgrade(sqlite_db: Database) -> None:
    cfg = alembic_config()
    with sqlite_db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    with sqlite_db.engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) & TABLES == set()
    assert current(sqlite_db) is None
    sqlite_db.migrate()
    assert current(sqlite_db) == head()
    assert_models_match_database(sqlite_db)


def assert_models_match_database(db: Database) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], "the models and the migrations differ: write a migration"


def test_alembic_head_matches_the_models(db: Database) -> None:
    assert current(db) == head()
    assert_models_match_database(db)


def test_sqlite_pragmas(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000


def test_sqlite_lower_folds_unicode_like_postgresql(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(select(func.lower("ÉLODIE Ça"))).scalar() == "élodie ça"
        assert conn.execute(select(func.lower(None))).scalar() is None
        if db.dialect == "sqlite":
            assert conn.exec_driver_sql("SELECT lower(42)").scalar() == "42"


def test_deleting_a_contact_cascades_memberships_and_tags(db: Database) -> None:
    a = add_contact(db, ContactInput(email="a@exemple.fr", tags=["t"], lists=["L"]))
    add_contact(db, ContactInput(email="b@exemple.fr", tags=["t"], lists=["L"]))
    with db.session() as s:
        # A plain SQL delete: the database's ON DELETE CASCADE must do the work.
        s.execute(delete(Contact).where(Contact.id == a.id))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ContactTag)) == 1
        assert s.scalar(select(func.count()).select_from(ListMembership)) == 1
        assert s.scalar(select(func.count()).select_from(Tag)) == 1  # the tag itself stays


def test_foreign_keys_are_enforced(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.session() as s:
        s.execute(insert(ContactTag).values(contact_id=424242, tag_id=424242))


def test_session_commits_or_rolls_back(db: Database) -> None:
    with pytest.raises(RuntimeError), db.session() as s:
        s.add(Contact(email="x@exemple.fr", attributes={}))
        s.flush()
        raise RuntimeError("boom")
    assert count_contacts(db) == 0
    with db.session() as s:
        s.add(Contact(email="x@exemple.fr", attributes={}))
    assert count_contacts(db) == 1


def test_datetimes_are_utc_aware_on_both_backends(db: Database) -> None:
    c = add_contact(db, ContactInput(email="a@exemple.fr"))
    paris = timezone(timedelta(hours=2))
    with db.session() as s:
        row = s.get(Contact, c.id)
        assert row is not None
        row.last_activity_at = datetime(2024, 6, 1, 12, 0, tzinfo=paris)
    got = get_contact(db, c.id).last_activity_at
    assert got == datetime(2024, 6, 1, 10, 0, tzinfo=UTC)
    assert got is not None and got.utcoffset() == timedelta(0)
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2024, 1, 1), db.engine.dialect)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:p@h:5432/db", "postgresql+psycopg://u:p@h:5432/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///C:/x/facteur.db", "sqlite:///C:/x/facteur.db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


def test_postgres_scheme_gets_the_psycopg_driver() -> None:
    engine = make_engine("postgres://someone@127.0.0.1:1/x")  # no connection is made
    try:
        assert engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg"
    finally:
        engine.dispose()


def test_describe_hides_the_password() -> None:
    db = Database("postgresql://facteur:s3cret@127.0.0.1:1/x")
    try:
        assert "s3cret" not in db.describe() and "facteur" in db.describe()
    finally:
        db.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://postgres@127.0.0.1:1/x",  # nothing listens there
        "postgresql://postgres:s3cret@127.0.0.1:1/x",
        "not a url",
        "mysql://u@127.0.0.1/x",  # unsupported
    ],
)
def test_bad_or_unreachable_url_is_a_facteur_error(url: str) -> None:
    with pytest.raises(FacteurError) as info:
        db = Database(url)
        try:
            db.migrate()
        finally:
            db.dispose()
    assert "Traceback" not in str(info.value)
    assert "s3cret" not in str(info.value)


@pytest.mark.postgres
def test_postgres_errors_on_connect_are_facteur_errors(pg_url: str) -> None:
    base = pg_url.split("?")[0]
    for url in (base.rsplit("/", 1)[0] + "/no_such_database_here", base + "?bogus_option=1"):
        db = Database(url)
        try:
            with pytest.raises(FacteurError, match="Cannot open the database"):
                db.migrate()
        finally:
            db.dispose()


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "facteur.db"
    path.write_bytes(b"certainly not SQLite " * 200)
    db = Database(f"sqlite:///{path}")
    try:
        with pytest.raises(FacteurError, match="Cannot open the database"):
            db.migrate()
    finally:
        db.dispose()


def test_a_database_folder_that_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(FacteurError, match="Cannot create the database folder"):
        Database(f"sqlite:///{tmp_path / 'file' / 'sub' / 'facteur.db'}")
