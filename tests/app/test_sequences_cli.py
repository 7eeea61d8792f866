"""The sequences command group (a contract), through the real entry point, on both backends."""

from __future__ import annotations

import email
import email.policy
import time
from pathlib import Path
from typing import Any

import pytest

from app.db import Database
from app.sending import campaign_commands
from app.sending.campaign_commands import live_sender_exists
from tests.app.test_cli import Cli
from tests.smtp_servers import SmtpServer

SEQUENCE_KEYS = {
    "name",
    "account",
    "steps",
    "window",
    "window_rule",
    "exit_on",
    "transactional",
    "enabled",
    "active",
    "completed",
    "exited",
    "created_at",
    "updated_at",
}
ENROLLMENT_KEYS = {
    "email",
    "name",
    "status",
    "step_index",
    "steps_total",
    "steps_sent",
    "next_template",
    "next_run_at",
    "exit_reason",
    "enrolled_at",
    "finished_at",
}


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db: Database, tmp_path: Path) -> Cli:
    return Cli(capsys, ["--home", str(tmp_path / "home"), "--db", db.url])


def _setup(cli: Cli, tmp_path: Path, port: int) -> None:
    """Templates (one with a colon in its name), an SMTP account, three contacts."""
    html = tmp_path / "t.html"
    html.write_text("<p>Bonjour {{ contact.first_name }} {{ data.code }}</p>", encoding="utf-8")
    for name in ("Bienvenue", "Relance", "Offre: été"):
        cli("templates", "add", name, "--subject", f"{name} {{{{ contact.first_name }}}}",
            "--html", str(html))  # fmt: skip
    cli("accounts", "add", "Local", "--kind", "smtp", "--host", "127.0.0.1", "--port", str(port),
        "--security", "none", "--from", "Boutique <shop@exemple.fr>")  # fmt: skip
    for who in ("anne", "paul", "zoe"):
        cli("contacts", "add", f"{who}@exemple.fr", "--first-name", who.title())
    cli("contacts", "edit", "zoe@exemple.fr", "--status", "unsubscribed")


@pytest.fixture
def ready(cli: Cli, tmp_path: Path) -> None:
    _setup(cli, tmp_path, 2525)  # nothing listens there: these tests send nothing


@pytest.fixture
def background(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Records the background senders the commands ask for (none is started)."""
    calls: list[Any] = []

    def record(db: Database, args: Any) -> bool:
        calls.append(args.verb)
        return True

    monkeypatch.setattr(campaign_commands, "ensure_background_sender", record)
    return calls


def create(cli: Cli, name: str, *args: str) -> Any:
    return cli.json("sequences", "create", name, *args)


def test_create_show_list_contract(cli: Cli, ready: None) -> None:
    created = create(
        cli,
        "Accueil",
        "--step", "Bienvenue:PT0S",
        "--step", "Relance:P2D",
        "--step", "Offre: été:P1DT12H",
        "--window", "mon-fri 09:00-18:00",
        "--exit-on", "purchase",
        "--exit-on", "signup",
    )  # fmt: skip
    assert set(created) == SEQUENCE_KEYS
    assert created["steps"] == [
        {"template": "Bienvenue", "delay": "PT0S", "delay_seconds": 0},
        {"template": "Relance", "delay": "P2D", "delay_seconds": 172800},
        {"template": "Offre: été", "delay": "P1DT12H", "delay_seconds": 129600},
    ]
    assert created["window"] == "mon-fri 09:00-18:00"
    assert created["window_rule"]["days"] == [0, 1, 2, 3, 4]
    assert created["exit_on"] == ["purchase", "signup"]
    assert created["account"] == "Local" and created["enabled"] is True
    assert created["transactional"] is False and created["active"] == 0
    assert cli.json("sequences", "show", "Accueil") == created
    out, _ = cli("sequences", "show", "Accueil")
    assert "step 3: Offre: été after P1DT12H" in out and "window: mon-fri 09:00-18:00" in out
    assert "exit on: purchase, signup" in out
    _, err = cli("sequences", "create", "Commandes", "--step", "Bienvenue:PT30S",
                 "--transactional", "--account", "Local")  # fmt: skip
    assert "Sequence 'Commandes' created" in err
    listed = cli.json("sequences", "list")
    assert [(s["name"], s["transactional"], s["window"]) for s in listed] == [
        ("Accueil", False, "mon-fri 09:00-18:00"),
        ("Commandes", True, None),
    ]
    out, _ = cli("sequences", "list")
    assert out.splitlines()[0].startswith("Accueil\tactive\t3 steps")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--step", "Bienvenue"], "TEMPLATE:DURATION"),
        (["--step", "Bienvenue:"], "TEMPLATE:DURATION"),
        (["--step", "Bienvenue:P1M"], "months or years"),
        (["--step", "Bienvenue:2 days"], "not an ISO-8601 duration"),
        (["--step", "Nope:PT0S"], "No template named 'Nope'"),
        (["--step", "Bienvenue:PT0S", "--window", "weekdays"], "sending window"),
        (["--step", "Bienvenue:PT0S", "--account", "Nope"], "No sending account"),
    ],
)
def test_bad_input_is_a_clear_error(cli: Cli, ready: None, args: list[str], message: str) -> None:
    _, err = cli("sequences", "create", "X", *args, expect=1)
    assert message in err
    assert cli.json("sequences", "list") == []


def test_names_and_accounts(cli: Cli, ready: None) -> None:
    create(cli, "Accueil", "--step", "Bienvenue:PT0S")
    _, err = cli("sequences", "create", "Accueil", "--step", "Bienvenue:PT0S", expect=1)
    assert "already exists" in err
    _, err = cli("sequences", "show", "Nope", expect=1)
    assert "No sequence named 'Nope'" in err
    cli("accounts", "add", "Autre", "--kind", "smtp", "--host", "127.0.0.1", "--port", "2526",
        "--security", "none", "--from", "shop@exemple.fr")  # fmt: skip
    _, err = cli("sequences", "create", "Deux", "--step", "Bienvenue:PT0S", expect=1)
    assert "Several sending accounts" in err and "--account" not in err
    assert create(cli, "Deux", "--step", "Bienvenue:PT0S", "--account", "Autre")["account"] == (
        "Autre"
    )


def test_update(cli: Cli, ready: None) -> None:
    create(cli, "Accueil", "--step", "Bienvenue:PT0S", "--step", "Relance:P2D",
           "--window", "mon-fri 09:00-18:00", "--exit-on", "purchase")  # fmt: skip
    # Only what is given changes.
    changed = cli.json("sequences", "update", "Accueil", "--transactional", "--rename", "Welcome")
    assert changed["name"] == "Welcome" and changed["transactional"] is True
    assert [s["template"] for s in changed["steps"]] == ["Bienvenue", "Relance"]
    assert changed["window"] == "mon-fri 09:00-18:00" and changed["exit_on"] == ["purchase"]
    changed = cli.json(
        "sequences", "update", "Welcome",
        "--step", "Bienvenue:PT0S", "--step", "Offre: été:PT12H", "--step", "Relance:P3D",
        "--window", "", "--exit-on", "", "--marketing",
    )  # fmt: skip
    assert [(s["template"], s["delay"]) for s in changed["steps"]] == [
        ("Bienvenue", "PT0S"),
        ("Offre: été", "PT12H"),
        ("Relance", "P3D"),
    ]
    assert changed["window"] is None and changed["exit_on"] == []
    assert changed["transactional"] is False
    _, err = cli("sequences", "update", "Welcome", "--step", "Nope:PT0S", expect=1)
    assert "No template named 'Nope'" in err
    assert len(cli.json("sequences", "show", "Welcome")["steps"]) == 3
    _, err = cli("sequences", "update", "Nope", "--rename", "X", expect=1)
    assert "No sequence named 'Nope'" in err


def test_enroll_remove_enrollments_pause_resume_delete(
    cli: Cli, ready: None, background: list[Any]
) -> None:
    create(cli, "Accueil", "--step", "Bienvenue:PT0S", "--step", "Relance:P2D",
           "--exit-on", "purchase")  # fmt: skip
    result = cli.json("sequences", "enroll", "Accueil", "--email", "anne@exemple.fr",
                      "--email", "zoe@exemple.fr", "--data", "code=BIENVENUE10")  # fmt: skip
    assert result == {"name": "Accueil", "enrolled": 1, "skipped": 1}
    assert background == ["enroll"]
    _, err = cli("sequences", "enroll", "Accueil", "--email", "Paul@Exemple.fr")
    assert "1 contact(s) enrolled in 'Accueil'" in err and "Sending in the background" in err
    _, err = cli("sequences", "enroll", "Accueil", "--email", "paul@exemple.fr")
    assert "0 contact(s) enrolled" in err and "already enrolled" in err
    assert background == ["enroll", "enroll"]  # nothing new: no sender needed
    _, err = cli("sequences", "enroll", "Accueil", "--email", "nobody@exemple.fr", expect=1)
    assert "nobody@exemple.fr" in err
    _, err = cli("sequences", "enroll", "Accueil", "--email", "anne@exemple.fr",
                 "--data", "oops", expect=1)  # fmt: skip
    assert "KEY=VALUE" in err
    rows = cli.json("sequences", "enrollments", "Accueil")
    assert {r["email"] for r in rows} == {"anne@exemple.fr", "paul@exemple.fr"}
    assert all(set(r) == ENROLLMENT_KEYS for r in rows)
    anne = next(r for r in rows if r["email"] == "anne@exemple.fr")
    assert anne["status"] == "active" and anne["next_template"] == "Bienvenue"
    assert (anne["step_index"], anne["steps_total"], anne["steps_sent"]) == (0, 2, 0)
    assert anne["name"] == "Anne" and anne["exit_reason"] is None
    assert cli.json("sequences", "remove", "Accueil", "--email", "anne@exemple.fr") == {
        "name": "Accueil",
        "removed": 1,
    }
    out, _ = cli("sequences", "enrollments", "Accueil")
    lines = dict(line.split("\t", 1) for line in out.splitlines())
    assert lines["anne@exemple.fr"] == "exited\t0/2 sent\tRemoved from the sequence"
    assert lines["paul@exemple.fr"].startswith("active\tstep 1/2 Bienvenue\tat ")
    shown = cli.json("sequences", "show", "Accueil")
    assert (shown["active"], shown["exited"]) == (1, 1)
    _, err = cli("sequences", "pause", "Accueil")
    assert "paused" in err and cli.json("sequences", "show", "Accueil")["enabled"] is False
    _, err = cli("sequences", "resume", "Accueil")
    assert "active" in err and cli.json("sequences", "show", "Accueil")["enabled"] is True
    assert background == ["enroll", "enroll", "resume"]
    cli("sequences", "delete", "Accueil")
    assert cli.json("sequences", "list") == []
    cli("sequences", "delete", "Accueil", expect=1)


def test_enroll_starts_a_background_sender_that_sends_the_first_step(
    cli: Cli, db: Database, tmp_path: Path
) -> None:
    with SmtpServer() as server:
        _setup(cli, tmp_path, server.port)
        create(cli, "Accueil", "--step", "Bienvenue:PT0S", "--step", "Relance:P2D")
        _, err = cli("sequences", "enroll", "Accueil", "--email", "anne@exemple.fr",
                     "--data", "code=B10")  # fmt: skip
        assert "Sending in the background" in err
        (received,) = server.wait_for(1, timeout=60)
        message = email.message_from_bytes(received.data, policy=email.policy.default)
        assert message["Subject"] == "Bienvenue Anne" and received.rcpt_tos == ("anne@exemple.fr",)
        assert "Bonjour Anne B10" in message.get_body(("html",)).get_content()
        deadline = time.monotonic() + 30
        while live_sender_exists(db):
            assert time.monotonic() < deadline, "the background sender did not exit"
            time.sleep(0.2)
    (row,) = cli.json("sequences", "enrollments", "Accueil")
    assert row["steps_sent"] == 1 and row["next_template"] == "Relance"
