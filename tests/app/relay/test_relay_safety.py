"""Rate limits, security headers, size limits, webhook delegation, storage, config, the CLI."""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from app.errors import FacteurError
from app.relay.config import RelaySettings
from app.relay.privacy import truncate_ip
from app.relay.ratelimit import TokenBuckets
from app.relay.store import Pruner, RelayStore, new_event, utcnow
from app.tracking.tokens import TokenSigner
from tests.conftest import PG_BASE_URL
from tests.relay_server import API_KEY, SECRET, RelayServer

ROOT = Path(__file__).resolve().parents[3]
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0 Safari/537.36"


def test_security_headers_on_every_response(relay):
    token = relay.signer.open_token(1, 1)
    with httpx.Client(base_url=relay.url) as client:
        responses = [
            client.get("/"),
            client.get(f"/o/{token}.gif"),
            client.get("/c/bad"),
            client.get("/no/such/page"),
            client.get("/api/v1/status"),
            client.post("/f/x", content=b"x" * 70_000),
        ]
    assert [r.status_code for r in responses] == [200, 200, 404, 404, 401, 413]
    for response in responses:
        h = response.headers
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "no-referrer"
        assert h["x-frame-options"] == "DENY"
        assert "default-src 'none'" in h["content-security-policy"]
        assert "form-action 'self'" in h["content-security-policy"]
        assert "script-src" not in h["content-security-policy"]
        assert h["strict-transport-security"].startswith("max-age=")
        assert "server" not in h


def test_health_page(relay):
    with httpx.Client(base_url=relay.url) as client:
        page = client.get("/", headers={"accept-language": "fr"})
        as_json = client.get("/", headers={"accept": "application/json"})
    assert "Le relais fonctionne" in page.text
    assert as_json.json()["ok"] is True and as_json.json()["version"]


def test_body_size_limits(relay):
    unsubscribe = relay.signer.unsubscribe_token(1, 1)
    with httpx.Client(base_url=relay.url, headers=relay.headers) as client:
        big_api = client.post(
            "/api/v1/events",
            json={"event": "x", "email": "a@exemple.fr", "data": {"pad": "x" * 70_000}},
        )
        big_form = client.post("/f/quick", data={"email": "a@exemple.fr", "pad": "x" * 70_000})
        big_unsubscribe = client.post(f"/u/{unsubscribe}", content=b"x" * 70_000)

        # Streamed without Content-Length: counted as it arrives.
        def chunks():
            for _ in range(20):
                yield b"x" * 8192

        streamed = client.post("/api/v1/events", content=chunks())
        # Webhooks may be bigger (SendGrid batches), up to 1 MB.
        webhook_big = client.post("/webhooks/postmark", content=b"x" * (1024 * 1024 + 1))
    assert big_api.status_code == 413
    assert big_form.status_code == 413
    assert big_unsubscribe.status_code == 413
    assert streamed.status_code == 413
    assert webhook_big.status_code == 413
    assert relay.store.events() == []


def test_rate_limits(tmp_path):
    with RelayServer(
        tmp_path=tmp_path,
        rate_limit=True,
        rate_strict=(0.01, 3),
        rate_tracking=(0.01, 20),
    ) as relay:
        with httpx.Client(base_url=relay.url, headers={"user-agent": BROWSER}) as client:
            strict = [client.post("/f/none", data={"email": "a@exemple.fr"}) for _ in range(4)]
            # Unauthenticated API calls share the strict bucket of the address: no key guessing.
            refused_api = client.get("/api/v1/status", headers={"Authorization": "Bearer nope"})
            pixel = relay.signer.open_token(1, 1, time.time() - 60)
            opens = [client.get(f"/o/{pixel}.gif") for _ in range(21)]
            # The right key is not throttled by the failures of others.
            authorised = client.get("/api/v1/status", headers=relay.headers)
        assert [r.status_code for r in strict] == [404, 404, 404, 429]
        assert int(strict[-1].headers["retry-after"]) >= 1
        assert refused_api.status_code == 429
        assert [r.status_code for r in opens].count(200) == 20
        assert opens[-1].status_code == 429
        assert authorised.status_code == 200
        assert len(relay.wait_for_events(kind="open")) == 20


def test_token_buckets_refill():
    now = [0.0]
    buckets = TokenBuckets(rate=2, burst=2, clock=lambda: now[0])
    assert buckets.take("a") == 0 and buckets.take("a") == 0
    assert buckets.take("a") == pytest.approx(0.5)
    assert buckets.take("b") == 0  # per address
    now[0] += 0.5
    assert buckets.take("a") == 0


@pytest.mark.parametrize(
    ("ip", "stored"),
    [
        ("192.0.2.123", "192.0.2.0"),
        ("2a01:cb00:1234:5678::1", "2a01:cb00:1234::"),
        ("::ffff:198.51.100.8", "198.51.100.0"),
        ("[2a01:cb00:1234:5678::1]:443", "2a01:cb00:1234::"),
        ("not an ip", ""),
    ],
)
def test_truncate_ip(ip, stored):
    assert truncate_ip(ip) == stored


# Webhooks: the route delegates to app.relay.webhooks.handle and stores what it returns.


def test_webhook_route_stores_the_handlers_events(tmp_path):
    with RelayServer(tmp_path=tmp_path, postmark_auth="hook:s3cret-pass") as relay:
        auth = "Basic " + base64.b64encode(b"hook:s3cret-pass").decode()
        bounce = {
            "RecordType": "Bounce",
            "ID": 4323372036854775807,
            "Type": "HardBounce",
            "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
            "Email": "gone@exemple.fr",
            "BouncedAt": "2026-11-24T13:00:00Z",
            "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist",
            "Inactive": True,
        }
        with httpx.Client(base_url=relay.url) as client:
            accepted = client.post(
                "/webhooks/postmark", json=bounce, headers={"authorization": auth}
            )
            again = client.post("/webhooks/postmark", json=bounce, headers={"authorization": auth})
            refused = client.post("/webhooks/postmark", json=bounce)
            unknown = client.post("/webhooks/nobody", json=bounce)
        assert accepted.status_code == 200, accepted.text
        assert again.status_code == 200
        assert refused.status_code == 401 and refused.json()["error"]
        assert unknown.status_code == 404
        # The provider retried: stored once.
        [event] = relay.store.events(kind="bounce")
        assert event["email"] == "gone@exemple.fr"
        assert event["source"] == "postmark"
        assert event["provider_message_id"] == "883953f4-6105-42a2-a16a-77a8eac79483"
        assert event["occurred_at"] == "2026-11-24T13:00:00+00:00"
        assert event["data"]["permanent"] is True


# Storage.


def _pg_schema_url() -> tuple[str, str] | None:
    import psycopg

    try:
        with psycopg.connect(PG_BASE_URL.replace("+psycopg", ""), connect_timeout=3):
            pass
    except psycopg.Error:
        return None
    schema = f"relay_test_{uuid.uuid4().hex[:10]}"
    return schema, f"{PG_BASE_URL}?options=-csearch_path%3D{schema}"


@pytest.mark.postgres
def test_relay_on_postgresql():
    found = _pg_schema_url()
    if found is None:
        pytest.skip(f"PostgreSQL not reachable at {PG_BASE_URL}")
    schema, url = found
    admin = create_engine(PG_BASE_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        with (
            RelayServer(db_url=url) as relay,
            httpx.Client(base_url=relay.url, headers={"user-agent": BROWSER}) as client,
        ):
            assert relay.store.dialect == "postgresql"
            for n in range(3):
                client.get(f"/o/{relay.signer.open_token(n, n, time.time() - 60)}.gif")
            unsubscribe = relay.signer.unsubscribe_token(5, 6)
            client.post(f"/u/{unsubscribe}", content=b"List-Unsubscribe=One-Click")
            client.post(f"/u/{unsubscribe}", content=b"List-Unsubscribe=One-Click")
            posted = client.post(
                "/api/v1/events",
                json={"event": "order_paid", "email": "a@exemple.fr", "data": {"n": 1}},
                headers=relay.headers,
            )
            assert posted.status_code == 202
            relay.flush()
            page = client.get(
                "/api/v1/events", params={"wait": 0, "limit": 2}, headers=relay.headers
            ).json()
            assert len(page["events"]) == 2 and page["more"] is True
            kinds = sorted(e["kind"] for e in relay.store.events())
            assert kinds == ["custom", "open", "open", "open", "unsubscribe"]
        with admin.connect() as conn:
            tables = conn.execute(
                text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"),
                {"s": schema},
            ).scalars()
            assert set(tables) == {"relay_meta", "relay_event", "relay_form", "relay_signup"}
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_retention_prunes_old_events(tmp_path):
    store = RelayStore(f"sqlite:///{tmp_path / 'relay.db'}")
    try:
        store.create()
        old = utcnow() - timedelta(days=91)
        store.add_events(
            [
                new_event("open", occurred_at=old, message_id=1),
                new_event("open", occurred_at=utcnow() - timedelta(days=89), message_id=2),
                new_event("click", message_id=3),
            ]
        )
        assert Pruner(store, retention_days=90).prune_now() == 1
        assert [e["message"] for e in store.events()] == [2, 3]
    finally:
        store.dispose()


def test_newer_schema_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'relay.db'}"
    store = RelayStore(url)
    store.create()
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE relay_meta SET value = '99' WHERE key = 'schema_version'"))
    try:
        with pytest.raises(FacteurError, match="newer relay"):
            store.create()
    finally:
        store.dispose()


# Configuration and the command.


def test_settings_from_env():
    settings = RelaySettings.from_env(
        {
            "FACTEUR_RELAY_SECRET": SECRET,
            "FACTEUR_RELAY_API_KEY": API_KEY,
            "FACTEUR_RELAY_DB_URL": "postgres://u:p@db.internal:5432/relay",
            "FACTEUR_RELAY_TRUST_PROXY": "1",
            "FACTEUR_RELAY_RATE_LIMIT": "off",
            "FACTEUR_RELAY_RATE_STRICT": "2/20",
            "FACTEUR_RELAY_SES_TOPICS": "arn:a,arn:b",
            "PORT": "10000",
        }
    )
    assert settings.db_url == "postgresql+psycopg://u:p@db.internal:5432/relay"
    assert settings.trust_proxy is True
    assert settings.rate_limit is False
    assert settings.rate_strict == (2.0, 20.0)
    assert settings.port == 10000
    assert settings.retention_days == 90
    assert settings.extra == {"ses_topics": "arn:a,arn:b"}
    with pytest.raises(FacteurError, match="FACTEUR_RELAY_SECRET"):
        RelaySettings.from_env({"FACTEUR_RELAY_API_KEY": API_KEY})
    with pytest.raises(FacteurError, match="RETENTION_DAYS"):
        RelaySettings.from_env(
            {
                "FACTEUR_RELAY_SECRET": SECRET,
                "FACTEUR_RELAY_API_KEY": API_KEY,
                "FACTEUR_RELAY_RETENTION_DAYS": "many",
            }
        )


def test_facteur_relay_serve_runs_without_qt(tmp_path):
    """The real command in a subprocess: serves, stops on SIGTERM, never imports PySide6."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "FACTEUR_RELAY_SECRET": SECRET,
        "FACTEUR_RELAY_API_KEY": API_KEY,
        "FACTEUR_HOME": str(tmp_path / "home"),
    }
    env.pop("FACTEUR_RELAY_DB_URL", None)
    code = "import sys, main; sys.exit(main.main(sys.argv[1:]))"
    command = [sys.executable, "-X", "importtime", "-c", code, "relay", "serve"]
    command += ["--port", str(port), "--db", f"sqlite:///{tmp_path / 'relay.db'}"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 20
        health = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                health = httpx.get(
                    f"http://127.0.0.1:{port}/", headers={"accept": "application/json"}
                )
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert health is not None and health.json()["ok"] is True
        signer = TokenSigner(SECRET)
        pixel = httpx.get(
            f"http://127.0.0.1:{port}/o/{signer.open_token(3, 4, time.time() - 60)}.gif",
            headers={"user-agent": BROWSER},
        )
        assert pixel.status_code == 200
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    # uvicorn stops gracefully, then re-raises the signal it caught (exit status -SIGTERM).
    assert process.returncode in (0, -signal.SIGTERM), stderr.decode()[-2000:]
    imported = [line for line in stderr.decode().splitlines() if "import time:" in line]
    assert any("app.relay.server" in line for line in imported)
    assert not [line for line in imported if "PySide6" in line]
    # The buffered open was written on the way out.
    store = RelayStore(f"sqlite:///{tmp_path / 'relay.db'}")
    try:
        [event] = store.events()
        assert (event["kind"], event["message"], event["contact"]) == ("open", 3, 4)
    finally:
        store.dispose()
