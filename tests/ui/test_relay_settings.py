"""Settings > Relay against the real relay (uvicorn on a loopback port) and a real database:
test, save, disconnect, sync now. Nothing network-bound runs on the GUI thread."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from app.contacts.service import get_contact
from app.db.models import TrackingEvent
from app.tracking import relay_config
from tests.relay_server import API_KEY, SECRET, RelayServer
from tests.ui import relay_fixtures
from tests.ui.conftest import wait_idle
from ui.widgets.relay_settings import ERROR_STYLE, SUCCESS_STYLE, RelaySettings

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

# The shared fixtures (pytest finds them as this module's names).
network_calls = relay_fixtures.network_calls
relay = relay_fixtures.relay
section = relay_fixtures.section


def test_nothing_connected_at_first(qtbot, ctx, section) -> None:  # type: ignore[no-untyped-def]
    assert section.status_url.text() == "Not connected"
    assert section.status_last_sync.text() == "Never"
    assert section.url_edit.text() == "" and section.secret_edit.text() == ""
    assert not section.sync_button.isEnabled() and not section.disconnect_button.isEnabled()
    assert section.test_button.isEnabled() and section.save_button.isEnabled()
    # The secrets are masked until shown.
    assert section.secret_edit.edit.echoMode() == section.secret_edit.edit.EchoMode.Password
    section.secret_edit.toggle.click()
    assert section.secret_edit.edit.echoMode() == section.secret_edit.edit.EchoMode.Normal
    assert section.api_key_edit.edit.echoMode() == section.api_key_edit.edit.EchoMode.Password


def test_test_button_checks_the_real_relay_in_the_background(
    qtbot, ctx, section, relay, network_calls
) -> None:  # type: ignore[no-untyped-def]
    relay_fixtures.fill(section, relay.url)
    with qtbot.waitSignal(section.sig_check_finished, timeout=15_000) as finished:
        section.test_button.click()
        # The click returned at once: the check runs on a worker, the buttons wait for it.
        assert section.check_result.text() == "Checking the relay…"
        assert not section.test_button.isEnabled() and not section.save_button.isEnabled()
    result = finished.args[0]
    assert result.ok and result.version
    assert section.check_result.text().startswith("✓ ")
    assert f"(version {result.version})" in section.check_result.text()
    assert section.check_result.styleSheet() == SUCCESS_STYLE
    assert section.test_button.isEnabled()
    assert network_calls == [("check_relay", False)]
    # Testing saves nothing.
    assert relay_config.load_relay(ctx.db, ctx.paths.home) is None


def test_a_wrong_secret_says_so_and_save_offers_to_save_anyway(qtbot, ctx, section, relay) -> None:  # type: ignore[no-untyped-def]
    relay_fixtures.fill(section, relay.url, secret="not-the-relay-secret-at-all")
    with qtbot.waitSignal(section.sig_check_finished, timeout=15_000):
        section.test_button.click()
    text = section.check_result.text()
    assert text.startswith("✗ ") and "uses another secret" in text, text
    assert section.check_result.styleSheet() == ERROR_STYLE
    assert not section.save_anyway_button.isVisible()  # only after Save was refused

    with qtbot.waitSignal(section.sig_check_finished, timeout=15_000):
        section.save_button.click()
    assert "uses another secret" in section.check_result.text()
    assert section.save_anyway_button.isVisible()
    assert relay_config.load_relay(ctx.db, ctx.paths.home) is None
    # Typing again: what was refused changed, the offer goes.
    section.secret_edit.edit.textEdited.emit("x")
    assert not section.save_anyway_button.isVisible()

    with qtbot.waitSignal(section.sig_check_finished, timeout=15_000):
        section.save_button.click()
    with qtbot.waitSignal(section.sig_relay_changed, timeout=10_000):
        section.save_anyway_button.click()
    assert section.check_result.text() == "✓ Saved without checking the relay."
    saved = relay_config.load_relay(ctx.db, ctx.paths.home)
    assert saved is not None and saved.secret == "not-the-relay-secret-at-all"


def test_a_wrong_api_key_and_an_unreachable_relay(qtbot, ctx, section, relay) -> None:  # type: ignore[no-untyped-def]
    relay_fixtures.fill(section, relay.url, api_key="wrong-key")
    with qtbot.waitSignal(section.sig_check_finished, timeout=15_000):
        section.test_button.click()
    assert "refused the API key" in section.check_result.text()

    with socket_closed_port() as port:
        relay_fixtures.fill(section, f"http://127.0.0.1:{port}")
        with qtbot.waitSignal(section.sig_check_finished, timeout=15_000):
            section.test_button.click()
    assert "Could not reach the relay" in section.check_result.text()

    relay_fixtures.fill(section, "ftp://relay.example.fr")
    with qtbot.waitSignal(section.sig_check_finished, timeout=15_000):
        section.test_button.click()
    assert "is not a web address" in section.check_result.text()


class socket_closed_port:  # noqa: N801 - used as a context manager
    """A loopback port nothing listens on."""

    def __enter__(self) -> int:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])

    def __exit__(self, *exc: object) -> None:
        return None


def test_save_then_disconnect(qtbot, ctx, section, relay) -> None:  # type: ignore[no-untyped-def]
    relay_fixtures.connect(qtbot, section, relay)
    assert section.check_result.text().startswith("✓ Saved. ")
    saved = relay_config.load_relay(ctx.db, ctx.paths.home)
    assert saved == relay_config.RelayConfig(relay.url, SECRET, API_KEY)
    assert section.status_url.text() == relay.url
    assert section.sync_button.isEnabled() and section.disconnect_button.isEnabled()

    # Shown again later, the saved connection fills the fields.
    other = RelaySettings(ctx)
    qtbot.addWidget(other)
    other.show()
    qtbot.waitUntil(lambda: other.loaded)
    assert other.url_edit.text() == relay.url
    assert other.secret_edit.text() == SECRET and other.api_key_edit.text() == API_KEY
    assert other.status_url.text() == relay.url

    asked: list[str] = []
    section.confirm = lambda title, text: asked.append(text) or False  # type: ignore[method-assign]
    section.disconnect_button.click()
    assert asked and relay.url in asked[0]
    assert relay_config.load_relay(ctx.db, ctx.paths.home) is not None  # refused: kept

    section.confirm = lambda title, text: True  # type: ignore[method-assign]
    with qtbot.waitSignal(section.sig_relay_changed, timeout=10_000) as changed:
        section.disconnect_button.click()
    assert changed.args == [False]
    assert relay_config.load_relay(ctx.db, ctx.paths.home) is None
    assert ctx.secrets.get(relay_config.SECRET_REF) is None
    assert section.url_edit.text() == "" and section.secret_edit.text() == ""
    assert section.status_url.text() == "Not connected"
    assert not section.sync_button.isEnabled()


def test_sync_now_applies_an_event_posted_to_the_relay(
    qtbot, ctx, section, relay, network_calls
) -> None:  # type: ignore[no-untyped-def]
    relay_fixtures.connect(qtbot, section, relay)
    posted = httpx.post(
        f"{relay.url}/api/v1/events",
        headers=relay.headers,
        json={"event": "order_paid", "email": "anne@example.fr", "data": {"total": 42}},
    )
    assert posted.status_code == 202, posted.text

    with qtbot.waitSignal(section.sig_sync_finished, timeout=20_000) as finished:
        section.sync_button.click()
        assert section.sync_busy.isVisible() and not section.sync_button.isEnabled()
        assert section.sync_result.text() == "Collecting events…"
    result = finished.args[0]
    assert result.applied == 1, result
    # "1 event applied" once facteur_en.ts has the plural forms ("1 event(s) applied" until then).
    assert section.sync_result.text() in ("1 event applied", "1 event(s) applied")
    assert not section.sync_busy.isVisible() and section.sync_button.isEnabled()
    with ctx.db.session() as s:
        event = s.scalar(select(TrackingEvent))
        assert event is not None and event.relay_id == posted.json()["id"]
        assert event.email == "anne@example.fr"
    assert get_contact(ctx.db, "anne@example.fr").email == "anne@example.fr"
    # The status block follows: last sync time, no error, events applied.
    qtbot.waitUntil(lambda: section.status_applied.text() == "1", timeout=5000)
    assert section.status_last_sync.text() not in ("", "Never")
    assert section.status_error.text() == "None"

    # Again: nothing new (the same event is not applied twice).
    with qtbot.waitSignal(section.sig_sync_finished, timeout=20_000) as finished:
        section.sync_button.click()
    assert finished.args[0].applied == 0
    assert section.sync_result.text() in ("0 events applied", "0 event(s) applied")
    assert ("sync_once", False) in network_calls


def test_sync_now_with_the_relay_down_shows_the_error(qtbot, ctx, section, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with RelayServer(tmp_path=tmp_path) as server:
        relay_fixtures.connect(qtbot, section, server)
        wait_idle(qtbot, ctx)
    with qtbot.waitSignal(section.sig_sync_finished, timeout=20_000) as finished:
        section.sync_button.click()
    assert isinstance(finished.args[0], Exception)
    assert "Could not reach the relay" in section.sync_result.text()
    assert section.sync_result.styleSheet() == ERROR_STYLE
    # The sync recorded its error: the status block shows it.
    qtbot.waitUntil(
        lambda: "Could not reach the relay" in section.status_error.text(), timeout=5000
    )


def test_the_status_is_read_again_while_visible(qtbot, ctx, section, relay) -> None:  # type: ignore[no-untyped-def]
    assert section._status_timer.isActive()
    # Another process (the daemon, the CLI) connects the relay: the tab catches up.
    relay_config.save_relay(ctx.db, ctx.paths.home, relay.url, SECRET, API_KEY)
    section._status_timer.setInterval(50)
    qtbot.waitUntil(lambda: section.status_url.text() == relay.url, timeout=5000)
    section.hide()
    assert not section._status_timer.isActive()


def test_a_stored_sync_error_is_shown_in_french(qapp) -> None:  # type: ignore[no-untyped-def]
    """The sync stores its last error formatted in English; the tab shows it in French."""
    from PySide6.QtCore import QTranslator

    from ui.resources import translation_file
    from ui.widgets.relay_settings import stored_text

    stored = "The relay at https://relais.exemple.fr did not answer in time."
    translator = QTranslator()
    assert translator.load(str(translation_file("fr")))
    qapp.installTranslator(translator)
    try:
        assert stored_text(stored) == "Le relais https://relais.exemple.fr n’a pas répondu à temps."
        assert stored_text("502 Bad Gateway") == "502 Bad Gateway"  # not ours: as it is
    finally:
        qapp.removeTranslator(translator)
