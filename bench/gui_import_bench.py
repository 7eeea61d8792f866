"""Does the GUI stay responsive while a 100,000-row file is imported?

Offscreen: an empty database, a generated 100,000-row French CSV, and the import wizard's own
import (the same ``Op`` on the "db" pool the user triggers with the Import button). A 10 ms timer on
the GUI thread records the largest gap between two of its ticks: that gap is the longest the GUI
thread was unable to handle events (repaint, a click) during the import.

    .venv/bin/python bench/gui_import_bench.py [--rows N] [--limit-ms 50]

Prints the largest gap (PASS when under the limit), the few largest gaps, and the import's
wall time. The exit code is 0 either way: this is a figure to read, not a timed test.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.config import Settings, resolve_paths  # noqa: E402
from app.contacts.service import count_contacts  # noqa: E402
from app.db import Database  # noqa: E402
from ui.context import AppContext, ChangeBus  # noqa: E402
from ui.dialogs.import_wizard import ImportWizard  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402

HEARTBEAT_MS = 10
CITIES = ("Lyon", "Paris", "Marseille", "Besançon", "Orléans", "Saint-Étienne", "Nîmes", "Créteil")


def write_csv(path: Path, rows: int) -> None:
    """A French Excel export: cp1252, ';', a few invalid addresses."""
    with path.open("w", encoding="cp1252", newline="") as f:
        f.write("Prénom;Nom;E-mail;Société;Téléphone;Ville;Code postal\r\n")
        for i in range(rows):
            email = f"contact.{i}@exemple.fr" if i % 1000 != 999 else f"pas-une-adresse-{i}"
            f.write(
                f"Hélène{i};Lefèvre{i};{email};Société {i % 300};06 12 34 {i % 100:02d} 00;"
                f"{CITIES[i % len(CITIES)]};{69000 + i % 1000}\r\n"
            )


def wait_for(condition, timeout_s: float) -> None:  # type: ignore[no-untyped-def]
    """Run the event loop (idle, not polling in a busy loop) until ``condition()`` holds."""
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(
        lambda: loop.quit() if condition() or time.monotonic() > deadline else None
    )
    poll.start()
    if not condition():
        loop.exec()
    poll.stop()
    if not condition():
        raise SystemExit("timed out")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--limit-ms", type=float, default=50.0)
    parser.add_argument(
        "--switch-interval",
        type=float,
        default=None,
        help="sys.setswitchinterval() in seconds (Python's default is 0.005)",
    )
    parser.add_argument(
        "--no-gc-freeze",
        dest="gc_freeze",
        action="store_false",
        help="skip ui.bootstrap.tune_gc() (the app calls it once after start-up)",
    )
    args = parser.parse_args()
    if args.switch_interval is not None:
        sys.setswitchinterval(args.switch_interval)
    # The offscreen platform's "This plugin does not support ..." notices are noise here.
    previous = qInstallMessageHandler(None)
    qInstallMessageHandler(
        lambda kind, context, message: (
            None
            if message.startswith("This plugin does not support")
            else (previous(kind, context, message) if previous else print(message, file=sys.stderr))
        )
    )

    app = QApplication.instance() or QApplication(sys.argv)  # noqa: F841 - kept alive
    with tempfile.TemporaryDirectory(prefix="facteur-bench-") as tmp:
        home = Path(tmp)
        db = Database(f"sqlite:///{home / 'facteur.db'}")
        db.migrate()
        source = home / "contacts.csv"
        t = time.perf_counter()
        write_csv(source, args.rows)
        print(
            f"generated {args.rows:,} rows ({source.stat().st_size / 1e6:.1f} MB) "
            f"in {time.perf_counter() - t:.1f} s"
        )

        runner = TaskRunner()
        ctx = AppContext(
            paths=resolve_paths(home=home, db_url=db.url),
            settings=Settings(language="en"),
            db=db,
            tasks=runner,
            bus=ChangeBus(),
        )
        wizard = ImportWizard(ctx, None, str(source))
        wizard.show()
        wait_for(
            lambda: wizard.preview is not None or wizard.preview_page.error_label.isVisible(), 60
        )
        if wizard.preview is None:
            print("preview failed:", wizard.preview_page.error_label.text())
            return 1
        print(f"preview: {wizard.preview_page.info_label.text().splitlines()[0]}")
        wizard.next()
        wizard.next()
        assert wizard.currentId() == ImportWizard.PAGE_OPTIONS
        wizard.options_page.lists.combo.setEditText("Bench")

        gaps: list[tuple[float, float]] = []  # (gap in ms, when in s since the start)
        state = {"last": 0.0, "start": 0.0, "end": 0.0, "progress": 0}
        heartbeat = QTimer()
        heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        heartbeat.setInterval(HEARTBEAT_MS)

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(((now - state["last"]) * 1000, now - state["start"]))
            state["last"] = now

        # Full (generation 2) collections stop every thread: the likeliest cause of a stall.
        full_collections = [0]
        pauses: list[float] = []
        started: dict[int, float] = {}

        def on_gc(phase: str, info: dict[str, int]) -> None:
            if info["generation"] != 2:
                return
            if phase == "start":
                started[threading.get_ident()] = time.perf_counter()
            elif threading.get_ident() in started:
                full_collections[0] += 1
                pauses.append((time.perf_counter() - started.pop(threading.get_ident())) * 1000)

        results: list[object] = []
        heartbeat.timeout.connect(tick)
        wizard.sig_import_finished.connect(results.append)
        wizard.progress_page.bar.valueChanged.connect(
            lambda _v: state.__setitem__("progress", state["progress"] + 1)
        )

        if args.gc_freeze:
            # As the app does after start-up (ui.bootstrap.run).
            from ui.bootstrap import tune_gc

            tune_gc()
        state["start"] = state["last"] = time.perf_counter()
        gc.callbacks.append(on_gc)
        heartbeat.start()
        wizard.next()  # the Import button
        wait_for(lambda: not wizard.importing, 1800)
        state["end"] = time.perf_counter()
        heartbeat.stop()
        gc.callbacks.remove(on_gc)
        wall = state["end"] - state["start"]
        runner.shutdown()

        if not results:
            print("import did not finish:", wizard.progress_page.status_label.text())
            return 1
        result = results[0]
        stored = count_contacts(db)
        worst = sorted(gaps, reverse=True)[:5]
        max_gap = worst[0][0] if worst else 0.0
        verdict = "PASS" if max_gap <= args.limit_ms else "FAIL"
        print(
            f"imported {result.imported:,}, updated {result.updated:,}, "  # type: ignore[attr-defined]
            f"rejected {len(result.invalid):,}; {stored:,} contacts in the database"  # type: ignore[attr-defined]
        )
        print(f"import wall time: {wall:.2f} s ({args.rows / wall:,.0f} rows/s)")
        print(f"progress updates shown: {state['progress']:,}; heartbeats: {len(gaps):,}")
        print(
            "largest heartbeat gaps: " + ", ".join(f"{g:.1f} ms at {at:.2f} s" for g, at in worst)
        )
        print(
            f"GIL switch interval: {sys.getswitchinterval() * 1000:g} ms; "
            f"full garbage collections during the import: {full_collections[0]}, "
            f"longest {max(pauses, default=0):.1f} ms; gc.freeze(): {args.gc_freeze}"
        )
        print(
            f"max GUI stall: {max_gap:.1f} ms (heartbeat {HEARTBEAT_MS} ms, "
            f"limit {args.limit_ms:.0f} ms): {verdict}"
        )
        wizard.close()
        wizard.deleteLater()
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
