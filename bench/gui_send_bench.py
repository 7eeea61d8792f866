"""Does the GUI stay responsive while a 10,000-recipient campaign is sent?

Offscreen: the main window on the Campaigns page, the in-process sender (``ui.sending``), and
Postfix's smtp-sink as the server (``apt install postfix``). A 10 ms timer on the GUI thread
records the largest gap between two of its ticks: the longest the GUI could not handle events.

    .venv/bin/python bench/gui_send_bench.py [--contacts N] [--limit-ms 50]

Prints the largest gaps (PASS when under the limit) and the send's speed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FACTEUR_SECRETS", "file")
os.environ.setdefault("FACTEUR_SECRETS_PASSPHRASE", "bench")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, Qt, QTimer, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.send_bench import free_port, start_sink  # noqa: E402

HEARTBEAT_MS = 10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--limit-ms", type=float, default=50.0)
    args = parser.parse_args()
    previous = qInstallMessageHandler(None)
    qInstallMessageHandler(
        lambda kind, context, message: (
            None
            if message.startswith("This plugin does not support")
            else (previous(kind, context, message) if previous else print(message, file=sys.stderr))
        )
    )
    app = QApplication.instance() or QApplication(sys.argv)  # noqa: F841 - kept alive
    port = free_port()
    sink = start_sink(port)
    home = Path(tempfile.mkdtemp(prefix="facteur-bench-"))
    try:
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "send_bench.py"),
                "--setup",
                str(home),
                str(port),
                str(args.contacts),
            ],
            check=True,
            cwd=ROOT,
        )
        from app.cli import open_database
        from app.config import Settings, resolve_paths
        from app.sending import campaigns
        from app.sending.secrets import open_secret_store
        from ui.bootstrap import tune_gc
        from ui.context import AppContext, ChangeBus
        from ui.main_window import MainWindow
        from ui.sending import SendingBridge
        from ui.tasks import TaskRunner

        paths = resolve_paths(str(home), None)
        db = open_database(paths)
        runner = TaskRunner()
        ctx = AppContext(
            paths=paths, settings=Settings(language="en"), db=db, tasks=runner, bus=ChangeBus()
        )
        ctx.secrets = open_secret_store(home)
        ctx.sending = SendingBridge(ctx, None)
        window = MainWindow(ctx)
        window.show()
        window.show_page("campaigns")
        ctx.sending.start()
        tune_gc()

        gaps: list[tuple[float, float]] = []
        state = {"last": 0.0, "start": 0.0}
        heartbeat = QTimer()
        heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        heartbeat.setInterval(HEARTBEAT_MS)

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(((now - state["last"]) * 1000, now - state["start"]))
            state["last"] = now

        heartbeat.timeout.connect(tick)
        finished: list[str] = []
        ctx.sending.sig_campaign_finished.connect(finished.append)
        # Starting the send (writing the outbox) runs in the background, as the page does.
        from ui.tasks import Op

        state["start"] = state["last"] = time.perf_counter()
        heartbeat.start()
        Op(window, lambda: campaigns.start_campaign(db, "Bench")).success(
            lambda _c: ctx.sending.wake()
        ).run_in_background("db")
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(50)
        deadline = time.monotonic() + 600
        poll.timeout.connect(
            lambda: loop.quit() if finished or time.monotonic() > deadline else None
        )
        poll.start()
        loop.exec()
        wall = time.perf_counter() - state["start"]
        heartbeat.stop()
        poll.stop()
        status = campaigns.campaign_status(db, "Bench")
        ctx.sending.stop()
        runner.shutdown()
        window.close()
        db.dispose()
        worst = sorted(gaps, reverse=True)[:5]
        max_gap = worst[0][0] if worst else 0.0
        print(
            f"sent {status['sent']:,} of {status['total']:,} in {wall:.2f} s "
            f"({status['sent'] / wall:,.0f} msg/s) with the main window open"
        )
        print("largest heartbeat gaps: " + ", ".join(f"{g:.1f} ms at {t:.2f} s" for g, t in worst))
        print(
            f"GUI stall during the send: {max_gap:.1f} ms [limit {args.limit_ms:g} ms: "
            f"{'PASS' if max_gap <= args.limit_ms else 'FAIL'}]"
        )
    finally:
        sink.terminate()
        sink.wait(5)
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
