"""The campaigns command group (a contract): create, send, status, pause/resume/cancel, check."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

import main
from app.db import Database
from app.sending import campaigns
from app.sending.campaign_commands import live_sender_exists
from tests.app.test_cli import Cli
from tests.smtp_servers import SmtpServer

STATUS_KEYS = {"name", "status", "total", "queued", "sent", "failed", "in_doubt", "suppressed"}


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db: Database, tmp_path: Path) -> Cli:
    return Cli(capsys, ["--home", str(tmp_path / "home"), "--db", db.url])


@pytest.fixture
def ready(cli: Cli, tmp_path: Path) -> SmtpServer:
    """Contacts in a list (one unsubscribed), a template, an SMTP account to a local server."""
    server = SmtpServer()
    server.start()
    for i in range(5):
        cli("contacts", "add", f"c{i}@exemple.fr", "--first-name", f"Jean{i}", "--list", "Clients")
    cli("contacts", "edit", "c4@exemple.fr", "--status", "unsubscribed")
    html = tmp_path / "t.html"
    html.write_text("<p>Bonjour {{ contact.first_name }}</p>", encoding="utf-8")
    cli(
        "templates",
        "add",
        "Promo",
        "--subject",
        "Promo {{ contact.first_name }}",
        "--html",
        str(html),
    )
    cli(
        "accounts",
        "add",
        "Local",
        "--kind",
        "smtp",
        "--host",
        "127.0.0.1",
        "--port",
        str(server.port),
        "--security",
        "none",
        "--from",
        "Boutique <shop@exemple.fr>",
    )
    yield server
    server.stop()


def create(
    cli: Cli, name: str, *args: str, template: str = "Promo", expect: int = 0, as_json: bool = False
) -> Any:
    """``facteur campaigns create NAME --template T --account Local ARGS...``."""
    command = ["campaigns", "create", name, "--template", template, "--account", "Local", *args]
    if as_json:
        return cli.json(*command)
    return cli(*command, expect=expect)


def test_create_send_wait_and_status_contract(cli: Cli, ready: SmtpServer) -> None:
    created = create(cli, "Noel", "--audience", "list:Clients", as_json=True)
    assert created["status"] == "draft" and created["include"] == ["list:Clients"]
    status = cli.json("campaigns", "status", "Noel")
    assert set(status) >= STATUS_KEYS and status["status"] == "draft" and status["total"] == 0
    out, err = cli("campaigns", "send", "Noel", "--wait", "--json")
    final = json.loads(out)
    assert {k: final[k] for k in STATUS_KEYS} == {
        "name": "Noel",
        "status": "done",
        "total": 5,
        "queued": 0,
        "sent": 4,
        "failed": 0,
        "in_doubt": 0,
        "suppressed": 1,
    }
    assert "4 sent" in err
    assert len(ready.messages) == 4
    listed = cli.json("campaigns", "list")
    assert [c["name"] for c in listed] == ["Noel"] and listed[0]["sent"] == 4
    # Sending twice is refused with a clear message.
    cli("campaigns", "send", "Noel", expect=1)


def test_check_pause_resume_cancel(cli: Cli, ready: SmtpServer, db: Database) -> None:
    create(cli, "Noel", "--audience", "all", "--exclude", "list:Clients")
    # Exit 1 when sending would be refused; the reasons are in the report.
    cli.capsys.readouterr()
    assert main.main([*cli.options, "campaigns", "check", "Noel", "--json"]) == 1
    report = json.loads(cli.capsys.readouterr().out)
    assert report["recipients"] == 0 and report["errors"]
    cli("campaigns", "delete", "Noel")
    create(cli, "Noel", "--audience", "list:Clients", "--at", "2099-01-01T09:00")
    assert cli.json("campaigns", "check", "Noel")["recipients"] == 4
    cli("campaigns", "send", "Noel")
    status = cli.json("campaigns", "status", "Noel")
    assert status["status"] == "scheduled"
    assert status["scheduled_at"].startswith("2099-01-01T08:00")  # Paris time, stored in UTC
    cli("campaigns", "pause", "Noel")
    assert cli.json("campaigns", "status", "Noel")["status"] == "draft"
    cli("campaigns", "resume", "Noel", expect=1)
    cli("campaigns", "cancel", "Noel")
    assert cli.json("campaigns", "status", "Noel")["status"] == "cancelled"


def test_bad_input_is_a_clear_error(cli: Cli, ready: SmtpServer) -> None:
    _, err = create(cli, "X", "--audience", "groupe:Clients", expect=1)
    assert "not understood" in err
    _, err = create(cli, "X", "--audience", "all", template="Nope", expect=1)
    assert "No template named 'Nope'" in err
    _, err = create(cli, "X", "--audience", "all", "--at", "demain", expect=1)
    assert "ISO 8601" in err
    cli("campaigns", "status", "Nope", expect=1)


def test_send_without_wait_sends_in_the_background(
    cli: Cli, ready: SmtpServer, db: Database
) -> None:
    """``send`` returns at once; a detached sender finishes the job and exits when idle."""
    create(cli, "Noel", "--audience", "list:Clients")
    _, err = cli("campaigns", "send", "Noel")
    assert "Sending in the background" in err
    ready.wait_for(4, timeout=60)
    deadline = time.monotonic() + 60
    while campaigns.campaign_status(db, "Noel")["status"] != "done":
        assert time.monotonic() < deadline, "the background sender did not finish"
        time.sleep(0.1)
    # The background sender leaves once nothing is left to do.
    deadline = time.monotonic() + 30
    while live_sender_exists(db):
        assert time.monotonic() < deadline, "the background sender did not exit"
        time.sleep(0.2)
