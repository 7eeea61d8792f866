"""``facteur accounts ...``: the command-line contract, secrets read from standard input."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import main
from app.db import Database
from app.sending.accounts import get_account
from app.sending.secrets import open_secret_store
from tests.http_servers import (
    FakeApiServer,
    FakeBrevo,
    FakeMailgun,
    FakePostmark,
    FakeSendGrid,
    FakeSes,
    closed_port_url,
)

PASSWORD = "Mot-de-passe-très-secret-42"
ACCOUNT_KEYS = {
    "id", "name", "kind", "from", "from_name", "from_email", "reply_to", "settings", "base_url",
    "rate_per_second", "rate_per_hour", "rate_per_day", "concurrency", "has_secret",
    "created_at", "updated_at",
}  # fmt: skip


class Cli:
    """Runs ``facteur`` in-process on one database and home; ``stdin`` feeds the next run."""

    def __init__(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        home: Path,
        db: Database,
    ) -> None:
        self.capsys = capsys
        self.monkeypatch = monkeypatch
        self.home = home
        self.options = ["--home", str(home), "--db", db.url]

    def __call__(self, *args: str, stdin: str = "", expect: int = 0) -> tuple[str, str]:
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        self.capsys.readouterr()
        code = main.main([*self.options, *args])
        out, err = self.capsys.readouterr()
        assert code == expect, (args, out, err)
        if expect == 1:
            assert err.startswith("facteur: error: "), err
            assert "Traceback" not in err and "unexpected" not in err
        assert PASSWORD not in out + err
        return out, err

    def json(self, *args: str, stdin: str = "") -> Any:
        out, _ = self(*args, "--json", stdin=stdin)
        return json.loads(out)


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: Database,
    tmp_path: Path,
) -> Cli:
    return Cli(capsys, monkeypatch, tmp_path / "home", db)


SMTP_ADD = (
    "accounts", "add", "Boutique", "--kind", "smtp", "--host", "smtp.boulangerie.fr",
    "--port", "587", "--security", "starttls", "--username", "contact", "--password-stdin",
    "--from", "Boulangerie Dupont <contact@boulangerie.fr>",
)  # fmt: skip


def test_add_smtp_account(cli: Cli, db: Database) -> None:
    out, _ = cli(*SMTP_ADD, "--reply-to", "sav@boulangerie.fr", "--rate-per-second", "2",
                 "--rate-per-hour", "300", "--rate-per-day", "1000", "--concurrency", "2",
                 stdin=PASSWORD + "\n")  # fmt: skip
    assert out == (
        "Account 'Boutique' added: SMTP smtp.boulangerie.fr:587 (starttls) as contact, "
        "from Boulangerie Dupont <contact@boulangerie.fr>\n"
    )
    account = get_account(db, "Boutique")
    assert account.settings["username"] == "contact" and account.reply_to == "sav@boulangerie.fr"
    assert (account.rate_per_second, account.rate_per_hour, account.rate_per_day) == (2, 300, 1000)
    assert account.concurrency == 2
    # The line was read without its newline, into the secret store of --home.
    assert open_secret_store(cli.home).get(account.secret_ref) == PASSWORD


def test_add_json_list_show_delete(cli: Cli) -> None:
    added = cli.json(*SMTP_ADD, stdin=PASSWORD + "\r\n")
    assert set(added) == ACCOUNT_KEYS
    assert added["from"] == "Boulangerie Dupont <contact@boulangerie.fr>" and added["has_secret"]
    assert added["settings"]["security"] == "starttls"
    cli("accounts", "add", "Relais", "--kind", "smtp", "--host", "relay.lan", "--security", "none",
        "--from", "shop@boulangerie.fr")  # fmt: skip
    listed = cli.json("accounts", "list")
    assert [a["name"] for a in listed] == ["Boutique", "Relais"]
    assert listed[1]["settings"]["port"] == 25 and not listed[1]["has_secret"]
    out, err = cli("accounts", "list")
    assert out.splitlines()[1].startswith("Relais\tsmtp\tshop@boulangerie.fr\tSMTP relay.lan:25")
    assert "2 account(s)" in err
    assert cli.json("accounts", "show", "Boutique") == listed[0]
    out, _ = cli("accounts", "show", "Boutique")
    assert "Host: smtp.boulangerie.fr" in out and "Secret stored: yes" in out
    cli("accounts", "delete", "Relais")
    assert [a["name"] for a in cli.json("accounts", "list")] == ["Boutique"]
    _, err = cli("accounts", "show", "Relais", expect=1)
    assert "No account named 'Relais'" in err


def test_insecure_authentication_needs_the_option(cli: Cli) -> None:
    args = ("accounts", "add", "Local", "--kind", "smtp", "--host", "mail.lan", "--security",
            "none", "--username", "u", "--password-stdin", "--from", "a@b.fr")  # fmt: skip
    _, err = cli(*args, stdin=PASSWORD + "\n", expect=1)
    assert "unencrypted" in err
    added = cli.json(*args, "--allow-insecure-auth", stdin=PASSWORD + "\n")
    assert added["settings"]["allow_insecure_auth"] is True


def test_secret_input_errors(cli: Cli) -> None:
    _, err = cli(*SMTP_ADD, stdin="", expect=1)
    assert "No password was read from standard input" in err
    _, err = cli(*SMTP_ADD[:-3], "--from", "a@b.fr", expect=1)  # user name, no password
    assert "A password is required with a user name" in err
    _, err = cli("accounts", "add", "SG", "--kind", "sendgrid", "--password-stdin",
                 "--from", "a@b.fr", stdin="k\n", expect=1)  # fmt: skip
    assert "use --api-key-stdin" in err
    _, err = cli("accounts", "add", "SES", "--kind", "ses", "--api-key-stdin", "--from", "a@b.fr",
                 stdin="only-an-id\n", expect=1)  # fmt: skip
    assert "ACCESS_KEY_ID:SECRET_ACCESS_KEY" in err
    assert cli.json("accounts", "list") == []


def test_bad_values_are_refused(cli: Cli) -> None:
    cli(*SMTP_ADD, stdin=PASSWORD + "\n")
    _, err = cli(*SMTP_ADD, stdin=PASSWORD + "\n", expect=1)
    assert "already exists" in err
    _, err = cli("accounts", "add", "X", "--kind", "brevo", "--api-key-stdin", "--host", "h",
                 "--from", "a@b.fr", stdin="k\n", expect=1)  # fmt: skip
    assert "host setting does not apply to Brevo" in err
    # argparse refuses unknown choices (exit 2, its usage message).
    with pytest.raises(SystemExit) as info:
        main.main([*cli.options, "accounts", "add", "X", "--kind", "fax", "--from", "a@b.fr"])
    assert info.value.code == 2


def test_edit(cli: Cli, db: Database) -> None:
    cli(*SMTP_ADD, stdin=PASSWORD + "\n")
    ref = get_account(db, "Boutique").secret_ref
    out, _ = cli("accounts", "edit", "Boutique", "--host", "mail.boulangerie.fr", "--port", "465",
                 "--security", "ssl", "--name", "Atelier")  # fmt: skip
    assert out.startswith("Account 'Atelier' updated: SMTP mail.boulangerie.fr:465 (ssl)")
    edited = get_account(db, "Atelier")
    assert edited.settings["username"] == "contact" and edited.secret_ref == ref  # kept
    cli("accounts", "edit", "Atelier", "--password-stdin", stdin="nouveau\n")
    store = open_secret_store(cli.home)
    assert store.get(get_account(db, "Atelier").secret_ref) == "nouveau"
    assert store.get(ref) is None
    # Another kind: the SMTP settings go, the new provider's key is required.
    _, err = cli("accounts", "edit", "Atelier", "--kind", "brevo", expect=1)
    assert "API key is required for Brevo" in err
    moved = cli.json(
        "accounts", "edit", "Atelier", "--kind", "brevo", "--api-key-stdin", stdin="xk\n"
    )
    assert moved["kind"] == "brevo" and "host" not in moved["settings"]


def test_an_account_without_secret_needs_no_secret_store(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FACTEUR_SECRETS_PASSPHRASE")
    cli("accounts", "add", "Relais", "--kind", "smtp", "--host", "relay.lan", "--security", "none",
        "--from", "shop@boulangerie.fr")  # fmt: skip
    _, err = cli(*SMTP_ADD, stdin=PASSWORD + "\n", expect=1)
    assert "FACTEUR_SECRETS_PASSPHRASE" in err
    cli("accounts", "delete", "Relais")


def test_wrong_passphrase_is_reported_without_traceback(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeBrevo("xk") as api:
        cli("accounts", "add", "Brevo", "--kind", "brevo", "--api-key-stdin", "--base-url", api.url,
            "--from", "a@boulangerie.fr", stdin="xk\n")  # fmt: skip
        monkeypatch.setenv("FACTEUR_SECRETS_PASSPHRASE", "wrong")
        _, err = cli("accounts", "test", "Brevo", expect=1)
        assert "Cannot decrypt the secrets file" in err
        assert api.requests == []


# --- accounts test ----------------------------------------------------------------------------

APIS: dict[str, tuple[Callable[[], FakeApiServer], str, tuple[str, ...]]] = {
    "sendgrid": (lambda: FakeSendGrid("SG.k"), "SG.k", ()),
    "mailgun": (lambda: FakeMailgun("key-k", "mg.boulangerie.fr"), "key-k",
                ("--region", "eu", "--domain", "mg.boulangerie.fr")),
    "ses": (lambda: FakeSes("AKID", "s/ecret", "eu-west-1"), "AKID:s/ecret", ("--region", "eu-west-1")),
    "postmark": (lambda: FakePostmark("pm-k"), "pm-k", ("--message-stream", "broadcast")),
    "brevo": (lambda: FakeBrevo("xk"), "xk", ()),
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(APIS))
def test_add_and_test_api_accounts(cli: Cli, kind: str) -> None:
    make, key, extra = APIS[kind]
    with make() as api:
        added = cli.json("accounts", "add", "Compte", "--kind", kind, "--api-key-stdin",
                         "--base-url", api.url, "--from", "Boulangerie <contact@boulangerie.fr>",
                         *extra, stdin=key + "\n")  # fmt: skip
        assert added["kind"] == kind and added["base_url"] == api.url and added["has_secret"]
        out, err = cli("accounts", "test", "Compte")
        assert "accepted" in out and err == ""
        result = cli.json("accounts", "test", "Compte")
        assert result["ok"] is True and result["name"] == "Compte"
        assert api.messages == []
        # A wrong key: exit 1 and the reason on stderr.
        cli(
            "accounts",
            "edit",
            "Compte",
            "--api-key-stdin",
            stdin=("AKID:bad" if kind == "ses" else "bad") + "\n",
        )
        out, err = cli("accounts", "test", "Compte", expect=1)
        assert out == "" and "refuse" in err


def test_test_unreachable_account(cli: Cli) -> None:
    cli("accounts", "add", "Loin", "--kind", "brevo", "--api-key-stdin", "--base-url",
        closed_port_url(), "--from", "a@b.fr", stdin="xk\n")  # fmt: skip
    out, err = cli("accounts", "test", "Loin", "--json", expect=1)
    assert json.loads(out)["ok"] is False
    assert "Cannot reach Brevo" in err
