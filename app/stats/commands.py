"""``facteur stats`` (the JSON keys are a contract)."""

from __future__ import annotations

import argparse
from typing import Any


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    stats = groups.add_parser(
        "stats",
        help="sent, opened, clicked, bounced, unsubscribed (all mail or one campaign)",
        parents=[common],
    )
    stats.add_argument("--campaign", metavar="NAME", help="one campaign's figures")
    stats.add_argument("--json", action="store_true")
    # A repair: recompute the roll-ups from the messages and tracking events first.
    stats.add_argument("--rebuild", action="store_true", help=argparse.SUPPRESS)
    stats.set_defaults(func=cmd_stats)


_LABELS = (
    ("Sent", "sent", None),
    ("Failed", "failed", None),
    ("Opened", "opened", None),
    ("Unique opens", "unique_opened", "open_rate"),
    ("Clicked", "clicked", None),
    ("Unique clicks", "unique_clicked", "click_rate"),
    ("Click-to-open", None, "click_to_open_rate"),
    ("Bounced", "bounced", "bounce_rate"),
    ("Complaints", "complained", "complaint_rate"),
    ("Unsubscribed", "unsubscribed", "unsubscribe_rate"),
)


def cmd_stats(db: Any, args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.stats.service import rebuild_rollups, totals

    if getattr(args, "rebuild", False):
        rebuild_rollups(db)
    figures = totals(db, campaign=args.campaign)
    if args.json:
        print_json(figures.to_json())
        return 0
    print(f"Campaign: {args.campaign}" if args.campaign else "All mail")
    for label, count, rate in _LABELS:
        value = f"{getattr(figures, count):>10,}" if count else " " * 10
        share = f"{getattr(figures, rate) * 100:6.1f} %" if rate else ""
        print(f"  {label:<15}{value}  {share}".rstrip())
    return 0
