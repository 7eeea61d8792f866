"""The ``accounts`` and ``campaigns`` command groups (names, flags and JSON keys are a contract)."""

from __future__ import annotations

import argparse
from typing import Any


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    from app.sending import account_commands, campaign_commands

    account_commands.register(groups, common)
    campaign_commands.register(groups, common)
