"""The ``relay`` fixture: the real relay under uvicorn on a loopback port, with a fresh SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.relay_server import RelayServer


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[RelayServer]:
    with RelayServer(tmp_path=tmp_path) as server:
        yield server
