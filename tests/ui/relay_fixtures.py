"""Fixtures of the Relay tab's tests: the real relay, the tab over a real database, and a check
that nothing network-bound ran on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from app.tracking import relay_config, sync
from tests.relay_server import API_KEY, SECRET, RelayServer
from tests.ui.conftest import wait_idle
from ui.pages.settings_page import SettingsPage
from ui.widgets.relay_settings import RelaySettings


@pytest.fixture
def relay(tmp_path) -> Iterator[RelayServer]:  # type: ignore[no-untyped-def]
    with RelayServer(tmp_path=tmp_path) as server:
        yield server


@pytest.fixture
def network_calls(monkeypatch) -> list[tuple[str, bool]]:  # type: ignore[no-untyped-def]
    """The real network functions, recording whether each call ran on the GUI thread."""
    calls: list[tuple[str, bool]] = []

    def record(module: Any, name: str) -> None:
        real: Callable[..., Any] = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls.append((name, threading.current_thread() is threading.main_thread()))
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    record(relay_config, "check_relay")
    record(sync, "sync_once")
    record(sync, "push_forms")
    return calls


@pytest.fixture
def section(qtbot, ctx, network_calls) -> Iterator[RelaySettings]:  # type: ignore[no-untyped-def]
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(page.relay)
    qtbot.waitUntil(lambda: page.relay.loaded)
    yield page.relay
    wait_idle(qtbot, ctx)
    assert not [name for name, on_gui in network_calls if on_gui], network_calls


def fill(section: RelaySettings, url: str, secret: str = SECRET, api_key: str = API_KEY) -> None:
    section.url_edit.setText(url)
    section.secret_edit.setText(secret)
    section.api_key_edit.setText(api_key)


def connect(qtbot, section: RelaySettings, relay: RelayServer) -> None:  # type: ignore[no-untyped-def]
    fill(section, relay.url)
    with qtbot.waitSignal(section.sig_relay_changed, timeout=15_000):
        section.save_button.click()
