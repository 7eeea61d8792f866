"""Connecting to a relay: addresses, secrets in the store, the check against a real relay, the CLI."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import main
from app.db import Database
from app.db.models import AppSetting
from app.errors import InvalidInput
from app.sending.secrets import open_secret_store
from app.tracking import relay_config
from app.tracking.relay_config import (
    check_relay,
    load_relay,
    normalise_url,
    relay_status,
    remove_relay,
    save_relay,
)
from tests.http_servers import closed_port_url
from tests.relay_server import API_KEY, SECRET, RelayServer


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://relay.example.com/", "https://relay.example.com"),
        ("  HTTPS://Relay.Example.com:8443/facteur//  ", "https://relay.example.com:8443/facteur"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
        ("http://localhost:9000", "http://localhost:9000"),
        ("http://[::1]:9000/", "http://[::1]:9000"),
    ],
)
def test_normalise_url(given: str, expected: str) -> None:
    assert normalise_url(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("", "address is required"),
        ("http://relay.example.com", "must be reached over https"),
        ("ftp://relay.example.com", "is not a web address"),
        ("relay.example.com", "is not a web address"),
        ("https://relay.example.com/?x=1", "cannot hold a query"),
        ("https://user:pw@relay.example.com", "cannot hold a query, a fragment or a login"),
        ("https://relay.example.com:99999", "not a valid web address"),
    ],
)
def test_bad_urls(given: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        normalise_url(given)


def test_save_load_remove(db: Database, facteur_home: Path) -> None:
    assert load_relay(db, facteur_home) is None
    assert relay_status(db).connected is False
    with pytest.raises(InvalidInput, match="at least 16 characters"):
        save_relay(db, facteur_home, "https://relay.example.com", "short", API_KEY)
    with pytest.raises(InvalidInput, match="API key is required"):
        save_relay(db, facteur_home, "https://relay.example.com", SECRET, "")
    config = save_relay(db, facteur_home, "https://relay.example.com/", SECRET, API_KEY)
    assert config.url == "https://relay.example.com"
    assert SECRET not in repr(config) and API_KEY not in repr(config)
    assert load_relay(db, facteur_home) == config
    # The database holds the address only; the secrets are in the secret store.
    with db.session() as s:
        assert s.get(AppSetting, "relay").value == {"url": "https://relay.example.com"}
    store = open_secret_store(facteur_home)
    assert (store.get("relay:secret"), store.get("relay:api_key")) == (SECRET, API_KEY)

    # The sync's state is read as the sync helper writes it ...
    now = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
    with db.session() as s:
        s.add(
            AppSetting(
                key="relay_sync",
                value={
                    "cursor": "42",
                    "last_sync_at": now.isoformat(),
                    "last_error": "",
                    "applied": 17,
                },
            )
        )
    status = relay_status(db, facteur_home)
    assert (status.url, status.connected, status.cursor, status.applied) == (
        "https://relay.example.com",
        True,
        "42",
        17,
    )
    assert status.last_sync_at == now
    # ... kept when the same relay is saved again, dropped for another relay (its ids differ).
    save_relay(db, facteur_home, "https://relay.example.com", SECRET, API_KEY)
    assert relay_status(db).cursor == "42"
    save_relay(db, facteur_home, "https://other.example.com", SECRET, API_KEY)
    assert relay_status(db).cursor == "" and relay_status(db).last_sync_at is None

    assert remove_relay(db, facteur_home) == "https://other.example.com"
    assert load_relay(db, facteur_home) is None
    assert store.get("relay:secret") is None and store.get("relay:api_key") is None
    assert remove_relay(db, facteur_home) == ""


def test_missing_secrets_are_an_error_not_a_silent_none(db: Database, facteur_home: Path) -> None:
    save_relay(db, facteur_home, "https://relay.example.com", SECRET, API_KEY)
    open_secret_store(facteur_home).delete("relay:api_key")
    with pytest.raises(relay_config.FacteurError, match="missing from the secret store"):
        load_relay(db, facteur_home)


# --- checking a real relay ------------------------------------------------------------------


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[RelayServer]:
    with RelayServer(tmp_path=tmp_path) as server:
        yield server


class _NotARelay(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = b"<html><body>A web site</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def web_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotARelay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_check_relay(relay: RelayServer, web_site: str) -> None:
    ok = check_relay(relay.url + "/", SECRET, API_KEY)
    assert ok.ok and ok.version and ok.version in ok.message

    wrong_secret = check_relay(relay.url, "another-secret-0123456789", API_KEY)
    assert not wrong_secret.ok and "uses another secret" in wrong_secret.message
    assert wrong_secret.error is not None and "{url}" in wrong_secret.error.template

    wrong_key = check_relay(relay.url, SECRET, "not-the-key")
    assert not wrong_key.ok and "refused the API key" in wrong_key.message

    down = check_relay(closed_port_url(), SECRET, API_KEY, timeout=2)
    assert not down.ok and down.message.startswith("Could not reach the relay at http://127.0.0.1")

    site = check_relay(web_site, SECRET, API_KEY)
    assert not site.ok and "did not answer like a Facteur relay (HTTP 200)" in site.message

    not_https = check_relay("http://relay.example.com", SECRET, API_KEY)
    assert not not_https.ok and "https" in not_https.message


# --- the commands ---------------------------------------------------------------------------


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], home: Path, db: Database) -> None:
        self.capsys = capsys
        self.options = ["--home", str(home), "--db", db.url]

    def __call__(self, *args: str, expect: int = 0) -> tuple[str, str]:
        self.capsys.readouterr()
        code = main.main([*self.options, *args])
        out, err = self.capsys.readouterr()
        assert code == expect, (args, out, err)
        assert "Traceback" not in err
        assert SECRET not in out + err and API_KEY not in out + err
        return out, err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db: Database, tmp_path: Path) -> Cli:
    return Cli(capsys, tmp_path / "home", db)


def test_relay_commands(cli: Cli, db: Database, relay: RelayServer, tmp_path: Path) -> None:
    home = tmp_path / "home"
    out, _ = cli("relay", "status", "--json")
    assert json.loads(out) == {
        "url": None,
        "connected": False,
        "last_sync_at": None,
        "last_error": "",
        "cursor": "",
        "applied": 0,
    }

    # A wrong secret, a wrong key: refused with the reason, nothing saved.
    _, err = cli(
        "relay", "connect", relay.url, "--secret", "x" * 20, "--api-key", API_KEY, expect=1
    )
    assert err.startswith("facteur: error: The relay at ") and "uses another secret" in err
    _, err = cli("relay", "connect", relay.url, "--secret", SECRET, "--api-key", "nope", expect=1)
    assert "refused the API key" in err
    _, err = cli("relay", "connect", closed_port_url(), "--secret", SECRET, "--api-key", API_KEY,
                 expect=1)  # fmt: skip
    assert "Could not reach the relay" in err
    assert load_relay(db, home) is None

    out, _ = cli("relay", "connect", relay.url + "/", "--secret", SECRET, "--api-key", API_KEY,
                 "--json")  # fmt: skip
    connected = json.loads(out)
    assert connected["url"] == relay.url and connected["connected"] is True
    assert connected["version"]
    assert load_relay(db, home) == relay_config.RelayConfig(relay.url, SECRET, API_KEY)

    out, _ = cli("relay", "status", "--check", "--json")
    status = json.loads(out)
    assert status["url"] == relay.url and status["connected"] is True
    assert status["check"]["ok"] is True and status["check"]["version"] == connected["version"]
    out, _ = cli("relay", "status")
    assert f"Relay: {relay.url}" in out and "Last sync: never" in out

    out, err = cli("relay", "disconnect")
    assert err == f"Disconnected from the relay {relay.url}.\n"
    out, _ = cli("relay", "status", "--check", "--json", expect=1)
    assert json.loads(out)["check"]["ok"] is False

    # --no-check saves an address nobody answers at (the relay is not deployed yet).
    out, _ = cli("relay", "connect", "https://relay.example.com", "--secret", SECRET,
                 "--api-key", API_KEY, "--no-check")  # fmt: skip
    assert out == "Connected to the relay https://relay.example.com (not checked).\n"
    _, err = cli("relay", "connect", "http://relay.example.com", "--secret", SECRET,
                 "--api-key", API_KEY, "--no-check", expect=1)  # fmt: skip
    assert "must be reached over https" in err
