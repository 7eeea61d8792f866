"""The sender end to end: a real SMTP server, retries, refusals, pauses, crashes and restarts."""

from __future__ import annotations

import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from app.db import Database
from app.db.models import Account, Contact, ContactList, ListMembership, Message
from app.db.types import utcnow
from app.sending import campaigns
from app.sending.accounts import AccountInput, create_account, get_account, update_account
from app.sending.campaigns import CampaignInput
from app.sending.engine import CLAIM_SIZE, Sender, SenderEvent
from app.sending.secrets import open_secret_store
from app.templates.service import TemplateInput, create_template
from tests.smtp_servers import DroppingSmtpServer, SmtpServer

ROOT = Path(__file__).resolve().parents[2]


def wait_until(condition: Callable[[], bool], timeout: float = 20.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        time.sleep(0.02)


def add_contacts(db: Database, n: int, list_name: str = "Clients") -> None:
    """``n`` subscribed contacts in one list, inserted in bulk."""
    now = utcnow()
    with db.session() as s:
        s.execute(
            insert(Contact),
            [
                {
                    "email": f"client{i:05d}@example.com",
                    "first_name": f"Prénom{i}",
                    "last_name": "Dupont",
                    "company": "",
                    "phone": "",
                    "locale": "",
                    "attributes": {"ville": "Lyon"},
                    "status": "subscribed",
                    "consent_source": "",
                    "consent_text": "",
                    "consent_ip": "",
                    "tracking_consent": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(n)
            ],
        )
        lst = ContactList(name=list_name)
        s.add(lst)
        s.flush()
        ids = s.scalars(select(Contact.id)).all()
        s.execute(
            insert(ListMembership),
            [
                {"list_id": lst.id, "contact_id": i, "status": "subscribed", "subscribed_at": now}
                for i in ids
            ],
        )


def setup_campaign(
    db: Database,
    home: Path,
    server_port: int,
    n: int,
    *,
    name: str = "Soldes",
    settings: dict | None = None,
    **account: object,
) -> None:
    add_contacts(db, n)
    create_template(
        db,
        TemplateInput(
            name="Soldes",
            subject="Soldes pour {{ contact.first_name }}",
            html="<p>Bonjour {{ contact.first_name }} de {{ contact.ville }} !</p>",
        ),
    )
    fields: dict = {
        "name": "Boutique",
        "kind": "smtp",
        "from_address": "Boutique <shop@example.com>",
        "host": "127.0.0.1",
        "port": server_port,
        "security": "none",
        "concurrency": 2,
    }
    fields.update(account)
    secret = fields.pop("password", None)
    create_account(db, open_secret_store(home), AccountInput(**fields), secret)
    # Short retry delays so a test sees the second attempt.
    with db.session() as s:
        acc = s.scalar(select(Account).where(Account.name == "Boutique"))
        acc.settings = {
            **acc.settings,
            "retry_base_seconds": 0.05,
            "unavailable_retry_seconds": 0.1,
            **(settings or {}),
        }
    campaigns.create_campaign(
        db,
        CampaignInput(name=name, template="Soldes", account="Boutique", include=["list:Clients"]),
    )


@pytest.fixture
def sender_factory(db: Database, facteur_home: Path) -> Iterator[Callable[..., Sender]]:
    made: list[Sender] = []

    def make(**kw: object) -> Sender:
        kw.setdefault("poll_interval", 0.05)
        kw.setdefault("idle_timeout", 0.5)
        kw.setdefault("processes", 1)
        sender = Sender(db.url, facteur_home, **kw)
        made.append(sender)
        sender.start()
        return sender

    yield make
    for sender in made:
        sender.stop()


def status(db: Database, name: str = "Soldes") -> dict:
    return campaigns.campaign_status(db, name)


def test_campaign_is_sent_personalised_and_finishes(
    db: Database, facteur_home: Path, sender_factory
) -> None:
    events: list[SenderEvent] = []
    with SmtpServer() as server:
        setup_campaign(db, facteur_home, server.port, 60)
        campaigns.start_campaign(db, "Soldes")
        sender_factory(on_event=events.append)
        server.wait_for(60, timeout=30)
        wait_until(lambda: status(db)["status"] == "done", what="campaign done")
    st = status(db)
    assert (st["sent"], st["queued"], st["failed"], st["in_doubt"]) == (60, 0, 0, 0)
    assert [e.kind for e in events if e.campaign == "Soldes"] == ["finished"]
    rcpts = Counter(r for m in server.messages for r in m.rcpt_tos)
    assert len(rcpts) == 60 and set(rcpts.values()) == {1}
    one = next(m for m in server.messages if "client00007@example.com" in m.rcpt_tos)
    parsed = email.message_from_bytes(one.data, policy=email.policy.default)
    assert parsed["Subject"] == "Soldes pour Prénom7"
    assert "Lyon" in parsed.get_body(("html",)).get_content()
    assert parsed["List-Unsubscribe"].startswith("<mailto:")
    with db.session() as s:
        row = s.scalar(select(Message).where(Message.email == "client00007@example.com"))
        assert row.status == "sent" and row.sent_at is not None
        assert row.message_id == parsed["Message-ID"]


def test_temporary_refusal_is_retried_and_permanent_one_kept(
    db: Database, facteur_home: Path, sender_factory
) -> None:
    with SmtpServer() as server:
        server.reply_for("client00003@example.com", "451 4.3.0 Greylisted, try later", times=2)
        server.reply_for(
            "client00005@example.com", "550 5.1.1 <client00005@example.com>: unknown", times=99
        )
        setup_campaign(db, facteur_home, server.port, 10)
        campaigns.start_campaign(db, "Soldes")
        sender_factory()
        wait_until(lambda: status(db)["status"] == "done", what="campaign done")
    st = status(db)
    assert (st["sent"], st["failed"]) == (9, 1)
    with db.session() as s:
        retried = s.scalar(select(Message).where(Message.email == "client00003@example.com"))
        refused = s.scalar(select(Message).where(Message.email == "client00005@example.com"))
    assert retried.status == "sent" and retried.attempts == 3
    assert (
        refused.status == "failed"
        and "550 5.1.1" in refused.last_error
        and "unknown" in refused.last_error
    )
    assert Counter(r for m in server.messages for r in m.rcpt_tos)["client00003@example.com"] == 1


def test_gives_up_after_max_attempts(db: Database, facteur_home: Path, sender_factory) -> None:
    with SmtpServer() as server:
        server.reply_for("client00001@example.com", "421 4.7.0 Too busy", times=99)
        setup_campaign(db, facteur_home, server.port, 3, settings={"max_attempts": 3})
        campaigns.start_campaign(db, "Soldes")
        sender_factory()
        wait_until(lambda: status(db)["status"] == "done", what="campaign done")
    with db.session() as s:
        row = s.scalar(select(Message).where(Message.email == "client00001@example.com"))
    assert row.status == "failed" and row.attempts == 3
    assert row.last_error.startswith("Gave up after 3 attempts") and "421" in row.last_error


def test_refused_credentials_pause_then_resume(
    db: Database, facteur_home: Path, sender_factory
) -> None:
    events: list[SenderEvent] = []
    with SmtpServer(auth={"shop": "right"}, auth_require_tls=False) as server:
        setup_campaign(
            db,
            facteur_home,
            server.port,
            20,
            username="shop",
            password="wrong",
            allow_insecure_auth=True,
        )
        campaigns.start_campaign(db, "Soldes")
        sender = sender_factory(on_event=events.append)
        wait_until(lambda: status(db)["status"] == "paused", what="paused")
        st = status(db)
        assert st["last_error"] and st["queued"] == 20 and st["sent"] == 0
        assert any(e.kind == "paused" and e.campaign == "Soldes" for e in events)
        assert server.messages == []
        # The user fixes the password and resumes: everything goes, once.
        secrets = open_secret_store(facteur_home)
        account = get_account(db, "Boutique")
        update_account(db, secrets, "Boutique", account.to_input(), "right")
        campaigns.resume_campaign(db, "Soldes")
        sender.wake()
        server.wait_for(20, timeout=30)
        wait_until(lambda: status(db)["status"] == "done", what="done")
    assert status(db)["sent"] == 20
    assert len({r for m in server.messages for r in m.rcpt_tos}) == 20


def test_server_down_then_back_loses_nothing(
    db: Database, facteur_home: Path, sender_factory
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    setup_campaign(db, facteur_home, port, 15)
    campaigns.start_campaign(db, "Soldes")
    sender = sender_factory()
    # Nothing listens: rows go back to the queue with the reason, no attempt used up.
    wait_until(
        lambda: "127.0.0.1" in _last_error(db) or "onnect" in _last_error(db),
        what="an unavailability recorded",
    )
    assert status(db)["sent"] == 0 and status(db)["failed"] == 0
    with SmtpServer(port=port) as server:
        sender.wake()
        server.wait_for(15, timeout=30)
        wait_until(lambda: status(db)["status"] == "done", what="done")
    assert status(db)["sent"] == 15


def _last_error(db: Database) -> str:
    with db.session() as s:
        return " ".join(s.scalars(select(Message.last_error)).all())


def test_connection_dropped_after_data_is_in_doubt_and_held(
    db: Database, facteur_home: Path, sender_factory
) -> None:
    with DroppingSmtpServer(mode="after_dot") as server:
        setup_campaign(db, facteur_home, server.port, 2, concurrency=1)
        campaigns.start_campaign(db, "Soldes")
        sender_factory()
        wait_until(lambda: status(db)["status"] == "done", what="done")
    st = status(db)
    # The server drops the first transaction after the final dot, then accepts the next one.
    assert st["in_doubt"] == 1 and st["sent"] == 1
    assert len(server.messages) == 1
    # Resending in-doubt messages is the user's decision.
    assert campaigns.resend_in_doubt(db, "Soldes") == 1
    assert status(db)["queued"] == 1


def test_pause_stops_and_resume_finishes_without_duplicates(
    db: Database, facteur_home: Path, sender_factory
) -> None:
    with SmtpServer() as server:
        setup_campaign(db, facteur_home, server.port, 400, rate_per_second=200.0)
        campaigns.start_campaign(db, "Soldes")
        sender = sender_factory()
        server.wait_for(40, timeout=30)
        campaigns.pause_campaign(db, "Soldes")
        wait_until(lambda: status(db)["sending"] == 0, what="in-flight rows settled")
        paused_at = len(server.messages)
        st = status(db)
        assert st["status"] == "paused" and st["sent"] == paused_at < 400
        time.sleep(0.3)  # a paused campaign sends nothing more, even given time
        assert len(server.messages) == paused_at
        campaigns.resume_campaign(db, "Soldes")
        sender.wake()
        server.wait_for(400, timeout=60)
        wait_until(lambda: status(db)["status"] == "done", what="done")
    rcpts = Counter(r for m in server.messages for r in m.rcpt_tos)
    assert len(rcpts) == 400 and set(rcpts.values()) == {1}


def test_worker_processes_share_the_queue(db: Database, facteur_home: Path, sender_factory) -> None:
    with SmtpServer() as server:
        setup_campaign(db, facteur_home, server.port, 300)
        campaigns.start_campaign(db, "Soldes")
        sender_factory(processes=2, process_threshold=100)
        server.wait_for(300, timeout=60)
        wait_until(lambda: status(db)["status"] == "done", what="done")
    rcpts = Counter(r for m in server.messages for r in m.rcpt_tos)
    assert len(rcpts) == 300 and set(rcpts.values()) == {1}
    assert status(db)["sent"] == 300


def test_unsubscribed_after_queueing_is_not_sent(
    db: Database, facteur_home: Path, sender_factory
) -> None:
    with SmtpServer() as server:
        setup_campaign(db, facteur_home, server.port, 5)
        campaigns.start_campaign(db, "Soldes")
        with db.session() as s:
            s.execute(
                update(Contact)
                .where(Contact.email == "client00002@example.com")
                .values(status="unsubscribed")
            )
        sender_factory()
        wait_until(lambda: status(db)["status"] == "done", what="done")
    assert status(db)["sent"] == 4 and status(db)["suppressed"] == 1
    assert "client00002@example.com" not in {r for m in server.messages for r in m.rcpt_tos}


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
def test_kill_9_then_restart_skips_nobody_and_duplicates_nobody(
    sqlite_db: Database, facteur_home: Path
) -> None:
    """A sending process killed mid-campaign; a new one finishes it.

    Every recipient gets exactly one message, except the few rows in flight at the kill: those
    are ``in_doubt`` (held for review) and got at most one.
    """
    db = sqlite_db
    n = 3000
    with SmtpServer() as server:
        setup_campaign(db, facteur_home, server.port, n)
        campaigns.start_campaign(db, "Soldes")
        env = {**os.environ, "FACTEUR_HOME": str(facteur_home)}
        cmd = [
            sys.executable,
            "-c",
            "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))",
            "sender",
            "run",
            "--db",
            db.url,
        ]
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            server.wait_for(600, timeout=60)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
            proc.stderr.close()
        mid = status(db)
        assert mid["sent"] < n and mid["status"] == "sending"
        restart = subprocess.run(
            [*cmd, "--until-idle"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert restart.returncode == 0, restart.stderr
        wait_until(lambda: status(db)["status"] == "done", what="done")
        received = Counter(r for m in server.messages for r in m.rcpt_tos)
    final = status(db)
    with db.session() as s:
        rows = dict(s.execute(select(Message.email, Message.status)).all())
    assert len(rows) == n
    assert max(received.values()) == 1, "a message was sent twice"
    for address, state in rows.items():
        if state == "sent":
            assert received[address] == 1
        else:
            assert state == "in_doubt", (address, state)
    assert final["in_doubt"] <= 2 * CLAIM_SIZE  # at most what two connections had claimed
    assert final["sent"] + final["in_doubt"] == n


def test_campaign_through_postmark_batches_and_throttling(
    db: Database, facteur_home: Path, sender_factory
) -> None:
    """The batch path: Postmark takes up to 500 messages a request; a 429 is honoured."""
    from tests.http_servers import FakePostmark

    with FakePostmark() as api:
        api.fail_next(429, 1, retry_after="1")
        add_contacts(db, 120)
        create_template(
            db,
            TemplateInput(
                name="Soldes", subject="Pour {{ contact.first_name }}", html="<p>Salut</p>"
            ),
        )
        create_account(
            db,
            open_secret_store(facteur_home),
            AccountInput(
                name="Boutique",
                kind="postmark",
                from_address="Boutique <shop@example.com>",
                base_url=api.url,
                concurrency=1,
            ),
            "pm-test-token",
        )
        campaigns.create_campaign(
            db, CampaignInput(name="Soldes", template="Soldes", account="Boutique", include=["all"])
        )
        campaigns.start_campaign(db, "Soldes")
        started = time.monotonic()
        sender_factory()
        wait_until(lambda: status(db)["status"] == "done", what="done")
        elapsed = time.monotonic() - started
    assert status(db)["sent"] == 120
    assert len(api.messages) == 120
    assert len({m["to"] for m in api.messages}) == 120
    # The refused first request (429, Retry-After: 1) made the account wait before the retry.
    assert elapsed >= 1.0
    # Batches: far fewer requests than messages.
    assert len(api.requests) <= 1 + 120 // 50 + 2
    with db.session() as s:
        ids = s.scalars(select(Message.provider_id)).all()
    assert all(ids)


def test_missing_secret_pauses_with_the_reason(
    db: Database, facteur_home: Path, sender_factory
) -> None:
    """A password lost from the keyring (another computer...) pauses, it does not spin."""
    with SmtpServer(auth={"shop": "right"}, auth_require_tls=False) as server:
        setup_campaign(
            db,
            facteur_home,
            server.port,
            3,
            username="shop",
            password="right",
            allow_insecure_auth=True,
        )
        secrets = open_secret_store(facteur_home)
        secrets.delete(get_account(db, "Boutique").secret_ref)
        campaigns.start_campaign(db, "Soldes")
        sender_factory()
        wait_until(lambda: status(db)["status"] == "paused", what="paused")
    st = status(db)
    assert st["last_error"] and st["queued"] == 3 and server.messages == []


def test_a_bug_mid_batch_leaves_rows_in_doubt_not_stuck(
    db: Database, facteur_home: Path, sender_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.sending import engine

    def broken(self: object, ids: list[int]) -> dict:
        raise RuntimeError("a bug")

    monkeypatch.setattr(engine.AccountPool, "_contacts", broken)
    with SmtpServer() as server:
        setup_campaign(db, facteur_home, server.port, 3, concurrency=1)
        campaigns.start_campaign(db, "Soldes")
        sender_factory()
        wait_until(lambda: status(db)["in_doubt"] == 3, what="rows in doubt")
    st = status(db)
    assert st["sending"] == 0 and st["sent"] == 0 and server.messages == []
