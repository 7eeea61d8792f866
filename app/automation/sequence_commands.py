"""Scaffolding: being written in this session."""

from __future__ import annotations

import argparse
from typing import Any


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    return None
