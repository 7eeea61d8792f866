"""``facteur events ...`` (names, flags and JSON keys are a contract: add, never rename)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.db import Database
from app.errors import InvalidInput


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    events = groups.add_parser(
        "events", help="custom events that trigger rules and sequences", parents=[common]
    )
    verbs = events.add_subparsers(dest="verb", metavar="VERB", required=True)

    emit = verbs.add_parser(
        "emit",
        help="record an event for a contact (an unknown address becomes a contact)",
        parents=[common],
    )
    emit.add_argument("event", metavar="EVENT", help="the event's name, e.g. signup or order.paid")
    emit.add_argument("--email", required=True, metavar="E", help="the contact's address")
    emit.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="event data, for data.KEY in templates (repeatable); first_name, last_name, company, "
        "phone and locale also fill a contact created by the event, other keys its attributes",
    )
    emit.add_argument("--json", action="store_true", help="print the event as JSON")
    emit.set_defaults(func=cmd_emit)

    lst = verbs.add_parser("list", help="the latest events, newest first", parents=[common])
    lst.add_argument("--limit", type=int, default=100, metavar="N")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_list)


def _data(pairs: list[str]) -> dict[str, str]:
    data: dict[str, str] = {}
    for item in pairs:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidInput("--data {item!r} must look like KEY=VALUE.", item=item)
        data[key.strip()] = value
    return data


def cmd_emit(db: Database, args: argparse.Namespace) -> int:
    from app.automation.events import emit
    from app.sending.campaign_commands import ensure_background_sender

    event = emit(db, args.event, args.email, _data(args.data), source="cli")
    if args.json:
        from app.cli import print_json

        print_json(event.to_json())
    else:
        created = " (new contact)" if event.contact_created else ""
        print(f"Event {event.name!r} recorded for {event.email}{created}.", file=sys.stderr)
    # Nothing runs the automations for this database (no daemon, no desktop): start a
    # background sender that applies the event, sends what it queues, and exits when idle.
    if ensure_background_sender(db, args) and not args.json:
        print("Processing in the background.", file=sys.stderr)
    return 0


def cmd_list(db: Database, args: argparse.Namespace) -> int:
    from app.automation.events import list_events

    events = list_events(db, args.limit)
    if args.json:
        from app.cli import print_json

        print_json([e.to_json() for e in events])
        return 0
    for e in events:
        state = e.processed_at.isoformat() if e.processed_at else "waiting"
        data = ", ".join(f"{k}={v}" for k, v in e.data.items())
        print(f"{e.created_at.isoformat()}\t{e.name}\t{e.email}\t{state}\t{data}")
    print(f"{len(events)} event(s)", file=sys.stderr)
    return 0
