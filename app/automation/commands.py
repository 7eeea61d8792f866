"""``facteur daemon``: the scheduler and the senders with no GUI (names and flags are a contract)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from typing import Any

from app.db import Database

log = logging.getLogger("facteur.daemon")


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    from app.automation import event_commands, rule_commands, sequence_commands

    rule_commands.register(groups, common)
    sequence_commands.register(groups, common)
    event_commands.register(groups, common)
    daemon = groups.add_parser(
        "daemon",
        help="send (and later schedule) with no window, until stopped (SIGTERM or Ctrl+C)",
        parents=[common],
    )
    daemon.set_defaults(func=cmd_daemon)


def cmd_daemon(db: Database, args: argparse.Namespace) -> int:
    from app.sending.engine import Sender, SenderEvent

    console = logging.StreamHandler(sys.stdout)
    console.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("facteur")
    root.addHandler(console)
    stop = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        log.info("stopping (signal %d): messages in flight finish first", signum)
        stop.set()

    def on_event(event: SenderEvent) -> None:
        if event.kind in ("finished", "paused", "started"):
            log.info(
                "campaign %r %s%s",
                event.campaign,
                event.kind,
                f": {event.message}" if event.message and event.kind == "paused" else "",
            )

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    sender = Sender(db.url, args.paths.home, on_event=on_event, kind="daemon")
    log.info("Facteur daemon started on %s", db.describe())
    sender.start()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        sender.stop(timeout=60.0)
        log.info("Facteur daemon stopped")
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        root.removeHandler(console)
    return 0
