"""GUI test fixtures: a real AppContext over a temporary SQLite database, offscreen Qt."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.config import Settings, resolve_paths
from app.db import Database
from ui.context import AppContext, ChangeBus
from ui.tasks import TaskRunner


@pytest.fixture(scope="session", autouse=True)
def english_plurals(qapp):  # type: ignore[no-untyped-def]
    """The app always loads facteur_en.qm for English ("1 contact" / "2 contacts"): so do the tests."""
    from PySide6.QtCore import QTranslator

    from ui.resources import translation_file

    translator = QTranslator()
    assert translator.load(str(translation_file("en"))), "make translations builds facteur_en.qm"
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


@pytest.fixture
def ctx(qapp, sqlite_db: Database, facteur_home) -> Iterator[AppContext]:  # type: ignore[no-untyped-def]
    """A real context; at teardown every background task must have finished (no leaked threads)."""
    paths = resolve_paths(home=facteur_home, db_url=sqlite_db.url)
    runner = TaskRunner()
    context = AppContext(
        paths=paths, settings=Settings(language="en"), db=sqlite_db, tasks=runner, bus=ChangeBus()
    )
    yield context
    runner.shutdown()
    assert runner.db_pool.activeThreadCount() == 0 and runner.io_pool.activeThreadCount() == 0


def wait_idle(qtbot, ctx: AppContext, timeout: int = 10_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until no background task is running and its result has been delivered."""
    qtbot.waitUntil(lambda: ctx.tasks.running == 0, timeout=timeout)
