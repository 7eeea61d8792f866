"""The background runner: results on the GUI thread, failures, progress, cancel, dead parents."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QWidget

from app.errors import FacteurError
from tests.ui.conftest import wait_idle
from ui.tasks import Op


class Host(QObject):
    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.ctx = ctx


def test_result_is_delivered_on_the_gui_thread(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    host = Host(ctx)
    worker_threads: list[int] = []
    seen: list[tuple[int, bool]] = []

    def work() -> int:
        worker_threads.append(threading.get_ident())
        return 42

    Op(host, work).success(
        lambda v: seen.append((v, QThread.currentThread() is host.thread()))
    ).run_in_background()
    wait_idle(qtbot, ctx)
    assert seen == [(42, True)]
    assert worker_threads[0] != threading.get_ident()


def test_failure_reaches_the_failure_callback(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    host = Host(ctx)
    errors: list[BaseException] = []

    def work() -> None:
        raise FacteurError("disk full")

    Op(host, work).failure(errors.append).run_in_background()
    wait_idle(qtbot, ctx)
    assert [str(e) for e in errors] == ["disk full"]


def test_progress_and_cancel(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    host = Host(ctx)
    progress: list[tuple[int, int | None]] = []
    started = threading.Event()
    results: list[str] = []

    def work(handle) -> str:  # type: ignore[no-untyped-def]
        handle.progress(1, 10)
        started.set()
        for _ in range(500):
            if handle.cancelled():
                return "cancelled"
            threading.Event().wait(0.01)
        return "finished"

    op = Op(host, work, handle=True).progress(lambda d, t: progress.append((d, t)))
    op.success(results.append).run_in_background()
    assert started.wait(5)
    op.cancel()
    wait_idle(qtbot, ctx)
    assert results == ["cancelled"]
    assert progress == [(1, 10)]


def test_callbacks_skip_a_deleted_parent(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    widget.ctx = ctx  # type: ignore[attr-defined]
    gate = threading.Event()
    called: list[object] = []

    def work() -> int:
        gate.wait(5)
        return 1

    Op(widget, work).success(called.append).run_in_background()
    widget.deleteLater()
    qtbot.waitUntil(lambda: not _alive(widget))
    gate.set()
    wait_idle(qtbot, ctx)
    assert called == []


def _alive(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_unhandled_failure_is_logged_and_shown(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[BaseException] = []
    monkeypatch.setattr("ui.errors.show_error", lambda parent, exc: shown.append(exc))
    host = Host(ctx)

    def work() -> None:
        raise ZeroDivisionError("bug")

    Op(host, work).run_in_background()
    wait_idle(qtbot, ctx)
    assert len(shown) == 1 and isinstance(shown[0], ZeroDivisionError)


@pytest.mark.parametrize("pool", ["db", "io"])
def test_both_pools_run_work(qtbot, ctx, pool) -> None:  # type: ignore[no-untyped-def]
    host = Host(ctx)
    out: list[str] = []
    Op(host, lambda: pool).success(out.append).run_in_background(pool)
    wait_idle(qtbot, ctx)
    assert out == [pool]
