"""Background work off the GUI thread, results handed back through queued signals.

    Op(parent, fn).success(cb).failure(cb).run_in_background()

``fn`` runs on a worker thread; ``cb`` runs on the GUI thread, and only if ``parent`` still lives.
Database writes go through a single-worker pool so they never contend with each other; reads and
network work use a small shared pool. A function that wants progress and cancellation takes a
``TaskHandle`` (``Op(parent, fn, handle=True)``) and calls ``handle.progress(done, total)`` and
``handle.cancelled()``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.errors import FacteurError
from app.logs import log_unexpected


class TaskHandle:
    """What a background function sees: progress reporting and a cancel flag."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def progress(self, done: int, total: int | None = None) -> None:
        self._signals.sig_progress_changed.emit(done, total)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Signals(QObject):
    """Lives on the GUI thread, so emitting from a worker queues the call to the GUI thread."""

    sig_succeeded = Signal(object)
    """The function returned this value."""
    sig_failed = Signal(object)
    """The function raised this exception."""
    sig_progress_changed = Signal(int, object)
    """Done count and total (``None`` when unknown)."""


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._fn = fn
        self._signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - a worker reports every failure by signal
            self._signals.sig_failed.emit(exc)
        else:
            self._signals.sig_succeeded.emit(result)


class TaskRunner(QObject):
    """The two pools, and a count of tasks in flight (tests wait for it to drop to zero)."""

    sig_idle = Signal()
    """No task is running any more."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_pool = QThreadPool(self)
        self.db_pool.setMaxThreadCount(1)
        self.io_pool = QThreadPool(self)
        self.io_pool.setMaxThreadCount(4)
        self._running = 0

    @property
    def running(self) -> int:
        return self._running

    def _started(self) -> None:
        self._running += 1

    def _ended(self) -> None:
        self._running -= 1
        if self._running == 0:
            self.sig_idle.emit()

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        self.db_pool.waitForDone(timeout_ms)
        self.io_pool.waitForDone(timeout_ms)


class Op:
    """One background operation: a builder, then ``run_in_background``."""

    def __init__(
        self,
        parent: QObject,
        fn: Callable[..., Any],
        *,
        handle: bool = False,
        runner: TaskRunner | None = None,
    ) -> None:
        self._parent = parent
        self._fn = fn
        self._wants_handle = handle
        self._runner = runner or _default_runner(parent)
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_progress: Callable[[int, int | None], None] | None = None
        self.handle: TaskHandle | None = None

    def success(self, cb: Callable[[Any], None]) -> Op:
        self._on_success = cb
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> Op:
        self._on_failure = cb
        return self

    def progress(self, cb: Callable[[int, int | None], None]) -> Op:
        self._on_progress = cb
        return self

    def run_in_background(self, pool: str = "db") -> Op:
        """Start; ``pool`` is ``"db"`` (serialised writes) or ``"io"`` (reads, network)."""
        signals = _Signals()
        handle = TaskHandle(signals)
        self.handle = handle
        fn = self._fn
        call: Callable[[], Any] = (lambda: fn(handle)) if self._wants_handle else fn
        parent, runner = self._parent, self._runner

        def alive() -> bool:
            return shiboken6.isValid(parent)

        def done(result: Any) -> None:
            try:
                if self._on_success and alive():
                    self._on_success(result)
            finally:
                _finish()

        def failed(exc: BaseException) -> None:
            try:
                if not alive():
                    # Nobody to tell: a known error (cancelled, refused) is expected; a bug is logged.
                    if not isinstance(exc, FacteurError):
                        log_unexpected(exc, "background task of a closed window")
                elif self._on_failure:
                    self._on_failure(exc)
                else:
                    from ui.errors import show_error

                    show_error(parent if hasattr(parent, "window") else None, exc)
            finally:
                _finish()

        def moved(done_count: int, total: int | None) -> None:
            if self._on_progress and alive():
                self._on_progress(done_count, total)

        def _finish() -> None:
            signals.deleteLater()
            runner._ended()

        signals.sig_succeeded.connect(done)
        signals.sig_failed.connect(failed)
        signals.sig_progress_changed.connect(moved)
        runner._started()
        (runner.db_pool if pool == "db" else runner.io_pool).start(_Runnable(call, signals))
        return self

    def cancel(self) -> None:
        if self.handle:
            self.handle.cancel()


_RUNNER: TaskRunner | None = None


def set_default_runner(runner: TaskRunner | None) -> None:
    global _RUNNER
    _RUNNER = runner


def _default_runner(parent: QObject) -> TaskRunner:
    ctx = getattr(parent, "ctx", None)
    if ctx is not None:
        return ctx.tasks
    if _RUNNER is None:
        raise RuntimeError("no TaskRunner: pass runner= or give the parent a ctx")
    return _RUNNER
