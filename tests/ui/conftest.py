"""GUI test fixtures: a real AppContext over a temporary SQLite database, offscreen Qt."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.config import Settings, resolve_paths
from app.db import Database
from ui.context import AppContext, ChangeBus
from ui.tasks import TaskRunner


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
