"""The rules and events command groups (a contract): create/list/show/pause/resume/delete, emit
with data, and the background sender that applies an emitted event when nothing else runs."""

from __future__ import annotations

import email
import email.policy
import time
from pathlib import Path

import pytest

from app.automation.events import list_events
from app.contacts.service import get_contact
from app.db import Database
from app.sending.campaign_commands import live_sender_exists
from tests.app.test_cli import Cli
from tests.smtp_servers import SmtpServer

RULE_KEYS = {
    "name",
    "on",
    "trigger",
    "trigger_param",
    "filter",
    "actions",
    "transactional",
    "cap",
    "enabled",
    "firings",
    "failures",
    "last_fired_at",
    "created_at",
}


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db: Database, tmp_path: Path) -> Cli:
    return Cli(capsys, ["--home", str(tmp_path / "home"), "--db", db.url])


@pytest.fixture
def ready(cli: Cli, tmp_path: Path) -> SmtpServer:
    """A template using the event's data and an SMTP account to a local server."""
    server = SmtpServer()
    server.start()
    html = tmp_path / "w.html"
    html.write_text("<p>Bonjour {{ contact.first_name }}, formule {{ data.plan }}</p>", "utf-8")
    cli("templates", "add", "Welcome", "--subject", "Bienvenue", "--html", str(html))
    cli(
        "accounts", "add", "Local", "--kind", "smtp", "--host", "127.0.0.1",
        "--port", str(server.port), "--security", "none", "--from", "Boutique <shop@exemple.fr>",
    )  # fmt: skip
    yield server
    server.stop()


def test_rules_create_list_show_pause_resume_delete(cli: Cli, ready: SmtpServer) -> None:
    created = cli.json(
        "rules", "create", "Bienvenue", "--on", "signup", "--send", "Welcome",
        "--filter", '{"all": [{"field": "attributes.plan", "op": "eq", "value": "pro"}]}',
        "--cap", "P1D", "--add-tag", "client",
    )  # fmt: skip
    assert set(created) == RULE_KEYS
    assert created["on"] == "signup" and created["cap"] == "P1D" and created["enabled"]
    assert created["actions"] == [
        {"kind": "send", "template": "Welcome", "account": "Local", "sequence": "", "name": ""},
        {"kind": "add_tag", "template": "", "account": "", "sequence": "", "name": "client"},
    ]
    assert created["filter"]["all"][0]["value"] == "pro" and not created["transactional"]
    _, err = cli(
        "rules", "create", "Anniversaire", "--on", "birthday", "--send", "Welcome",
        "--account", "Local", "--transactional", "--hour", "8",
    )  # fmt: skip
    assert "Rule 'Anniversaire' created" in err
    cli(
        "rules", "create", "Rappel", "--on", "date:renouvellement", "--add-tag", "relance",
        "--days-before", "3",
    )  # fmt: skip
    cli("rules", "create", "VIP", "--on", "tag_added:vip", "--remove-tag", "prospect")
    listed = cli.json("rules", "list")
    assert [r["name"] for r in listed] == ["Anniversaire", "Bienvenue", "Rappel", "VIP"]
    birthday = listed[0]
    assert (birthday["on"], birthday["hour"], birthday["yearly"]) == ("birthday", 8, True)
    assert birthday["transactional"]
    assert (listed[2]["on"], listed[2]["offset_days"]) == ("date:renouvellement", -3)
    assert listed[3]["trigger"] == "tag_added" and listed[3]["trigger_param"] == "vip"
    out, _ = cli("rules", "list")
    assert "Bienvenue\tactive\tsignup" in out
    out, _ = cli("rules", "show", "Rappel")
    assert "date:renouvellement at 09:00, 3 day(s) before" in out
    cli("rules", "pause", "Bienvenue")
    assert not cli.json("rules", "show", "Bienvenue")["enabled"]
    cli("rules", "resume", "Bienvenue")
    assert cli.json("rules", "show", "Bienvenue")["enabled"]
    cli("rules", "delete", "VIP")
    assert len(cli.json("rules", "list")) == 3
    # Errors: exit 1 with the reason, never a traceback.
    for args in (
        ["rules", "create", "X", "--on", "signup"],  # no action
        ["rules", "create", "X", "--on", "signup", "--send", "Nope"],
        ["rules", "create", "X", "--on", "Sign Up", "--send", "Welcome"],
        ["rules", "create", "X", "--on", "signup", "--send", "Welcome", "--filter", "{"],
        ["rules", "create", "X", "--on", "signup", "--send", "Welcome", "--cap", "demain"],
        ["rules", "create", "Bienvenue", "--on", "signup", "--send", "Welcome"],
        ["rules", "show", "VIP"],
        ["rules", "pause", "VIP"],
        ["events", "emit", "signup", "--email", "pas-une-adresse"],
        ["events", "emit", "signup", "--email", "a@exemple.fr", "--data", "sans-egal"],
    ):
        cli(*args, expect=1)


def test_emit_is_applied_by_a_background_sender(cli: Cli, ready: SmtpServer, db: Database) -> None:
    """No daemon or desktop runs: ``events emit`` starts a background sender that applies the
    event, sends the welcome mail and exits when idle."""
    cli("rules", "create", "Bienvenue", "--on", "signup", "--send", "Welcome")
    out = cli.json(
        "events", "emit", "signup", "--email", "New@Exemple.fr",
        "--data", "first_name=Léa", "--data", "plan=pro",
    )  # fmt: skip
    assert out == {"id": out["id"], "name": "signup", "email": "new@exemple.fr",
                   "contact_created": True}  # fmt: skip
    assert get_contact(db, "new@exemple.fr").first_name == "Léa"
    received = ready.wait_for(1, timeout=30)
    parsed = email.message_from_bytes(received[0].data, policy=email.policy.default)
    assert received[0].rcpt_tos == ("new@exemple.fr",)
    assert "Bonjour Léa, formule pro" in parsed.get_body(("html",)).get_content()
    events = cli.json("events", "list")
    assert events[0]["name"] == "signup" and events[0]["data"] == {
        "first_name": "Léa",
        "plan": "pro",
    }
    assert events[0]["processed_at"] is not None
    out, _ = cli("events", "list")
    assert "signup\tnew@exemple.fr" in out
    deadline = time.monotonic() + 30
    while live_sender_exists(db):
        assert time.monotonic() < deadline, "the background sender did not exit"
        time.sleep(0.2)
    assert len(list_events(db)) == 1 and len(ready.messages) == 1
