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
    stats.set_defaults(func=cmd_stats)


def cmd_stats(db: Any, args: argparse.Namespace) -> int:
    raise NotImplementedError  # the stats helper writes this
