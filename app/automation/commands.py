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

    schedule = groups.add_parser(
        "schedule", help="the scheduled sends and the scheduler's settings", parents=[common]
    )
    verbs = schedule.add_subparsers(dest="verb", metavar="VERB", required=True)
    lst = verbs.add_parser("list", help="upcoming runs (the next 10)", parents=[common])
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--limit", type=int, default=10, help=argparse.SUPPRESS)
    lst.set_defaults(func=cmd_schedule_list)
    grace = verbs.add_parser(
        "grace",
        help="how late a missed run may still go out (show, or set with an ISO-8601 duration)",
        parents=[common],
    )
    grace.add_argument("duration", nargs="?", metavar="DURATION", help="e.g. PT1H (the default)")
    grace.set_defaults(func=cmd_schedule_grace)

    rule_commands.register(groups, common)
    sequence_commands.register(groups, common)
    event_commands.register(groups, common)
    daemon = groups.add_parser(
        "daemon",
        help="run the schedules, automations and sending with no window, until stopped "
        "(SIGTERM or Ctrl+C)",
        parents=[common],
    )
    daemon.set_defaults(func=cmd_daemon)


def cmd_schedule_list(db: Database, args: argparse.Namespace) -> int:
    from app.automation.cron import describe, parse_cron
    from app.cli import print_json
    from app.sending.campaigns import upcoming

    items = upcoming(db, limit=max(1, args.limit))
    if args.json:
        print_json([u.to_json() for u in items])
        return 0
    if not items:
        print("Nothing scheduled.", file=sys.stderr)
    for u in items:
        how = describe(parse_cron(u.cron, u.timezone)) if u.recurring else "once"
        print(f"{u.when.isoformat()}\t{u.campaign}\t{how}")
    return 0


def cmd_schedule_grace(db: Database, args: argparse.Namespace) -> int:
    from app.automation.durations import format_duration, parse_duration
    from app.automation.settings import misfire_grace_seconds, set_misfire_grace_seconds

    if args.duration:
        set_misfire_grace_seconds(db, parse_duration(args.duration))
    print(format_duration(misfire_grace_seconds(db)))
    return 0


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
        if event.kind == "missed":
            log.warning("campaign %r: the run of %s was missed", event.campaign, event.message)
        elif event.kind in ("finished", "paused", "started"):
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
