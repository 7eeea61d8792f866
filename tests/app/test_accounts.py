"""Sending accounts: validation, storage (SQLite and PostgreSQL), secrets, connection tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.db import Database
from app.db.models import Account, Campaign, Template
from app.errors import FacteurError, InvalidInput, NotFound
from app.sending import accounts
from app.sending.accounts import AccountInput
from app.sending.secrets import EncryptedFileStore, SecretStore, open_secret_store
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


@pytest.fixture
def secrets(facteur_home: Path) -> SecretStore:
    return open_secret_store(facteur_home)


def smtp(**changes: Any) -> AccountInput:
    values: dict[str, Any] = {
        "name": "Boutique",
        "kind": "smtp",
        "from_address": "Boulangerie Dupont <Contact@Boulangerie.FR>",
        "host": "smtp.boulangerie.fr",
        "username": "contact",
    }
    values.update(changes)
    return AccountInput(**values)


def api(kind: str, **changes: Any) -> AccountInput:
    values: dict[str, Any] = {
        "name": kind.title(),
        "kind": kind,
        "from_address": "Boulangerie <contact@boulangerie.fr>",
    }
    values.update(changes)
    return AccountInput(**values)


# --- creating and reading -------------------------------------------------------------------


def test_create_smtp_account(db: Database, secrets: SecretStore) -> None:
    created = accounts.create_account(
        db,
        secrets,
        smtp(reply_to="SAV <Sav@Boulangerie.fr>", rate_per_second=2.5, rate_per_hour=500,
             rate_per_day=2000, concurrency=3),
        PASSWORD,
    )  # fmt: skip
    assert created.name == "Boutique" and created.kind == "smtp"
    assert (created.from_name, created.from_email) == (
        "Boulangerie Dupont",
        "contact@boulangerie.fr",
    )
    assert created.from_address == "Boulangerie Dupont <contact@boulangerie.fr>"
    assert created.reply_to == "SAV <sav@boulangerie.fr>"
    assert created.settings == {
        "host": "smtp.boulangerie.fr",
        "port": 587,  # starttls's port
        "security": "starttls",
        "username": "contact",
        "allow_insecure_auth": False,
        "in_doubt_campaign": "hold",
        "in_doubt_transactional": "resend",
    }
    assert (created.rate_per_second, created.rate_per_hour, created.rate_per_day) == (
        2.5,
        500,
        2000,
    )
    assert created.concurrency == 3 and created.has_secret
    assert created.secret_ref.startswith("account:")
    assert secrets.get(created.secret_ref) == PASSWORD
    assert accounts.get_account(db, "Boutique") == created
    assert accounts.get_account(db, created.id) == created
    assert accounts.list_accounts(db) == [created]
    # to_input gives back what was entered (normalised), to edit it.
    again = accounts.update_account(db, secrets, created.id, created.to_input())
    assert again.settings == created.settings and again.from_address == created.from_address


def test_default_ports_follow_security(db: Database, secrets: SecretStore) -> None:
    for name, security, port in (("a", "none", 25), ("b", "starttls", 587), ("c", "ssl", 465)):
        acc = accounts.create_account(db, secrets, smtp(name=name, security=security, username=""))
        assert acc.settings["port"] == port and not acc.has_secret
    acc = accounts.create_account(db, secrets, smtp(name="d", port=2525), PASSWORD)
    assert acc.settings["port"] == 2525


@pytest.mark.parametrize(
    ("kind", "extra", "base_url", "settings"),
    [
        ("sendgrid", {}, "https://api.sendgrid.com", {}),
        ("mailgun", {}, "https://api.mailgun.net", {"region": "us", "domain": "boulangerie.fr"}),
        ("mailgun", {"region": "EU", "domain": "mg.boulangerie.fr"}, "https://api.eu.mailgun.net",
         {"region": "eu", "domain": "mg.boulangerie.fr"}),
        ("ses", {}, "https://email.eu-west-3.amazonaws.com", {"region": "eu-west-3"}),
        ("ses", {"region": "us-east-1"}, "https://email.us-east-1.amazonaws.com", {"region": "us-east-1"}),
        ("postmark", {}, "https://api.postmarkapp.com", {"message_stream": "outbound"}),
        ("brevo", {}, "https://api.brevo.com", {}),
        ("brevo", {"base_url": "https://proxy.example/brevo/"}, "https://proxy.example/brevo",
         {"base_url": "https://proxy.example/brevo"}),
    ],
)  # fmt: skip
def test_api_accounts_and_their_addresses(
    db: Database,
    secrets: SecretStore,
    kind: str,
    extra: dict[str, str],
    base_url: str,
    settings: dict[str, str],
) -> None:
    key = "AKID:secret/key" if kind == "ses" else "api-key-123"
    acc = accounts.create_account(db, secrets, api(kind, **extra), key)
    assert acc.base_url == base_url
    assert {k: v for k, v in acc.settings.items() if not k.startswith("in_doubt")} == settings
    assert secrets.get(acc.secret_ref) == key


def test_secret_is_never_in_the_database_or_json(
    db: Database, secrets: SecretStore, facteur_home: Path
) -> None:
    acc = accounts.create_account(db, secrets, smtp(), PASSWORD)
    with db.session() as s:
        row = s.scalar(select(Account))
        assert row is not None
        stored = json.dumps(
            {c.name: getattr(row, c.name) for c in Account.__table__.columns}, default=str
        )
    assert PASSWORD not in stored
    assert PASSWORD not in json.dumps(acc.to_json()) and PASSWORD not in repr(acc)
    assert "secret_ref" not in acc.to_json()
    for path in facteur_home.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path
    if db.url.startswith("sqlite"):
        assert PASSWORD.encode() not in Path(db.url.removeprefix("sqlite:///")).read_bytes()


def test_to_json_shape(db: Database, secrets: SecretStore) -> None:
    acc = accounts.create_account(db, secrets, api("postmark"), "pm-token")
    data = acc.to_json()
    assert set(data) == {
        "id", "name", "kind", "from", "from_name", "from_email", "reply_to", "settings",
        "base_url", "rate_per_second", "rate_per_hour", "rate_per_day", "concurrency",
        "has_secret", "created_at", "updated_at",
    }  # fmt: skip
    assert data["from"] == "Boulangerie <contact@boulangerie.fr>"
    assert json.loads(json.dumps(data)) == data


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "secret", "message"),
    [
        (smtp(name="  "), PASSWORD, "account name cannot be empty"),
        (smtp(name="x" * 101), PASSWORD, "limited to 100"),
        (smtp(kind="fax"), PASSWORD, "Unknown kind of account 'fax'"),
        (smtp(from_address=""), PASSWORD, "From address is required"),
        (smtp(from_address="Jean <jean@>"), PASSWORD, "not one address"),
        (smtp(from_address="jean@"), PASSWORD, "not a valid email address"),
        (smtp(from_address="a@b.fr, c@d.fr"), PASSWORD, "not one address"),
        (smtp(from_address="Bob <bob@x.fr>\r\nBcc: all@x.fr"), PASSWORD, "line break"),
        (smtp(reply_to="nope"), PASSWORD, "not a valid email address"),
        (smtp(host=""), PASSWORD, "host name is required"),
        (smtp(host="smtp://mail.example.com"), PASSWORD, "not a host name"),
        (smtp(security="tls"), PASSWORD, "Unknown security 'tls'"),
        (smtp(port=70000), PASSWORD, "port must be a number from 1 to 65535"),
        (smtp(), None, "password is required with a user name"),
        (smtp(username=""), PASSWORD, "password was given without a user name"),
        (smtp(base_url="https://x.fr"), PASSWORD, "base-url setting does not apply to SMTP"),
        (smtp(rate_per_second=0), PASSWORD, "rate per second must be more than 0"),
        (smtp(rate_per_hour=0), PASSWORD, "rate per hour must be a whole number"),
        (smtp(rate_per_day=-5), PASSWORD, "rate per day must be a whole number"),
        (smtp(concurrency=0), PASSWORD, "between 1 and 32"),
        (smtp(concurrency=33), PASSWORD, "between 1 and 32"),
        (smtp(in_doubt_campaign="retry"), PASSWORD, "Unknown policy 'retry'"),
        (smtp(ca_file="/no/such/ca.pem"), PASSWORD, "CA certificate file /no/such/ca.pem does not exist"),
        (api("sendgrid"), None, "An API key is required for SendGrid accounts"),
        (api("sendgrid"), "", "cannot be empty"),
        (api("sendgrid", host="smtp.x.fr"), "API-KEY-123", "host setting does not apply to SendGrid"),
        (api("sendgrid", region="eu"), "API-KEY-123", "region setting does not apply to SendGrid"),
        (api("brevo", domain="x.fr"), "API-KEY-123", "domain setting does not apply to Brevo"),
        (api("sendgrid", base_url="ftp://x.fr"), "API-KEY-123", "not a web address"),
        (api("sendgrid", base_url="http://api.example.com"), "API-KEY-123", "not encrypted \\(http\\)"),
        (api("mailgun", region="asia"), "API-KEY-123", "Unknown Mailgun region 'asia'"),
        (api("mailgun", domain="not a domain"), "API-KEY-123", "is not a domain name"),
        (api("ses", region="paris"), "AKID:key", "not an AWS region"),
        (api("ses"), "AKIDONLY", "ACCESS_KEY_ID:SECRET_ACCESS_KEY"),
        (api("ses"), ":key", "ACCESS_KEY_ID:SECRET_ACCESS_KEY"),
        (api("postmark", message_stream="a stream"), "API-KEY-123", "not a Postmark message stream"),
    ],
)  # fmt: skip
def test_validation_errors(
    db: Database, secrets: SecretStore, data: AccountInput, secret: str | None, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as info:
        accounts.create_account(db, secrets, data, secret)
    if secret:
        assert secret not in str(info.value)
    assert accounts.list_accounts(db) == []


def test_no_authentication_over_an_unencrypted_link_unless_allowed(
    db: Database, secrets: SecretStore
) -> None:
    with pytest.raises(InvalidInput, match="unencrypted") as info:
        accounts.create_account(db, secrets, smtp(security="none"), PASSWORD)
    assert "allow insecure authentication" in str(info.value)
    acc = accounts.create_account(
        db, secrets, smtp(security="none", allow_insecure_auth=True), PASSWORD
    )
    assert acc.settings["allow_insecure_auth"] is True and acc.settings["port"] == 25
    # Without a user name nothing secret crosses the link: no option needed.
    accounts.create_account(db, secrets, smtp(name="Relais", security="none", username=""))
    # An API over plain http sends its key in clear: only on this machine, or when allowed.
    accounts.create_account(
        db, secrets, api("brevo", name="Local", base_url="http://127.0.0.1:8080"), "k"
    )
    remote = api("brevo", name="Remote", base_url="http://api.lan:8080", allow_insecure_auth=True)
    assert accounts.create_account(db, secrets, remote, "k").settings["allow_insecure_auth"]


def test_ca_file_is_kept_as_an_absolute_path(
    db: Database, secrets: SecretStore, tmp_path: Path
) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    acc = accounts.create_account(db, secrets, smtp(ca_file=str(ca)), PASSWORD)
    assert acc.settings["ca_file"] == str(ca.resolve())


def test_duplicate_names(db: Database, secrets: SecretStore) -> None:
    first = accounts.create_account(db, secrets, smtp(), PASSWORD)
    with pytest.raises(InvalidInput, match="already exists"):
        accounts.create_account(db, secrets, smtp(), "other")
    other = accounts.create_account(db, secrets, api("brevo"), "k")
    with pytest.raises(InvalidInput, match="already exists"):
        accounts.update_account(db, secrets, other.id, api("brevo", name="Boutique"))
    # The refused creation left no secret behind.
    assert isinstance(secrets, EncryptedFileStore)
    assert secrets._load()[1].keys() == {first.secret_ref, other.secret_ref}


def test_unknown_account(db: Database, secrets: SecretStore) -> None:
    with pytest.raises(NotFound, match="No account named 'Nope'"):
        accounts.get_account(db, "Nope")
    with pytest.raises(NotFound):
        accounts.update_account(db, secrets, "Nope", smtp(), PASSWORD)
    with pytest.raises(NotFound):
        accounts.delete_account(db, secrets, 42)


# --- updating and deleting ------------------------------------------------------------------


def test_update_keeps_or_replaces_the_secret(db: Database, secrets: SecretStore) -> None:
    acc = accounts.create_account(db, secrets, smtp(), PASSWORD)
    kept = accounts.update_account(db, secrets, "Boutique", smtp(host="mail.boulangerie.fr"))
    assert kept.settings["host"] == "mail.boulangerie.fr"
    assert kept.secret_ref == acc.secret_ref and secrets.get(kept.secret_ref) == PASSWORD
    changed = accounts.update_account(db, secrets, acc.id, smtp(name="Atelier"), "nouveau")
    assert changed.name == "Atelier" and secrets.get(changed.secret_ref) == "nouveau"
    assert secrets.get(acc.secret_ref) is None  # the old one is forgotten
    # No user name any more: no password either.
    plain = accounts.update_account(db, secrets, acc.id, smtp(name="Atelier", username=""))
    assert not plain.has_secret and secrets.get(changed.secret_ref) is None


def test_changing_kind_needs_the_new_providers_key(db: Database, secrets: SecretStore) -> None:
    acc = accounts.create_account(db, secrets, smtp(), PASSWORD)
    with pytest.raises(InvalidInput, match="API key is required for Brevo"):
        accounts.update_account(db, secrets, acc.id, api("brevo", name="Boutique"))
    moved = accounts.update_account(db, secrets, acc.id, api("brevo", name="Boutique"), "xkey")
    assert moved.kind == "brevo" and "host" not in moved.settings
    assert secrets.get(moved.secret_ref) == "xkey" and secrets.get(acc.secret_ref) is None


def test_update_keeps_settings_it_does_not_manage(db: Database, secrets: SecretStore) -> None:
    acc = accounts.create_account(db, secrets, smtp(), PASSWORD)
    with db.session() as s:
        row = s.get(Account, acc.id)
        assert row is not None
        row.settings = {**row.settings, "retry_base_seconds": 5}
    updated = accounts.update_account(db, secrets, acc.id, smtp(in_doubt_campaign="resend"))
    assert updated.settings["retry_base_seconds"] == 5
    assert updated.settings["in_doubt_campaign"] == "resend"


def test_delete_removes_the_secret(db: Database, secrets: SecretStore) -> None:
    acc = accounts.create_account(db, secrets, smtp(), PASSWORD)
    accounts.delete_account(db, secrets, "Boutique")
    assert accounts.list_accounts(db) == []
    assert secrets.get(acc.secret_ref) is None


def test_delete_is_refused_while_a_campaign_uses_the_account(
    db: Database, secrets: SecretStore
) -> None:
    acc = accounts.create_account(db, secrets, smtp(), PASSWORD)
    with db.session() as s:
        template = Template(name="Soldes", subject="Soldes", html="<p>x</p>")
        s.add(template)
        s.flush()
        s.add(Campaign(name="Soldes d'été", template_id=template.id, account_id=acc.id))
    with pytest.raises(InvalidInput, match="used by the campaign\\(s\\) Soldes d'été"):
        accounts.delete_account(db, secrets, "Boutique")
    assert accounts.get_account(db, "Boutique").has_secret
    assert secrets.get(acc.secret_ref) == PASSWORD


# --- connection tests -------------------------------------------------------------------------

FAKES: dict[str, tuple[Callable[[], FakeApiServer], str, dict[str, str]]] = {
    "sendgrid": (lambda: FakeSendGrid("SG.k"), "SG.k", {}),
    "mailgun": (lambda: FakeMailgun("key-k", "boulangerie.fr"), "key-k", {}),
    "ses": (lambda: FakeSes("AKID", "s/ecret", "eu-west-3"), "AKID:s/ecret", {}),
    "postmark": (lambda: FakePostmark("pm-k"), "pm-k", {}),
    "brevo": (lambda: FakeBrevo("xk"), "xk", {}),
}


@pytest.mark.parametrize("kind", sorted(FAKES))
def test_test_account_for_each_api(db: Database, secrets: SecretStore, kind: str) -> None:
    make, key, extra = FAKES[kind]
    with make() as server:
        acc = accounts.create_account(db, secrets, api(kind, base_url=server.url, **extra), key)
        result = accounts.test_account(db, secrets, acc.name)
        assert result.ok, result.message
        assert "accepted" in result.message and result.error is None
        assert server.messages == []  # a test sends nothing
        wrong = "AKID:wrong" if kind == "ses" else "wrong-key"
        accounts.update_account(db, secrets, acc.id, acc.to_input(), wrong)
        result = accounts.test_account(db, secrets, acc.name)
        assert not result.ok
        assert "refuse" in result.message and wrong.split(":")[-1] not in result.message
        assert isinstance(result.error, FacteurError)


def test_test_account_unreachable(db: Database, secrets: SecretStore) -> None:
    accounts.create_account(db, secrets, api("brevo", base_url=closed_port_url()), "xk")
    result = accounts.test_account(db, secrets, "Brevo")
    assert not result.ok and "Cannot reach Brevo" in result.message


def test_missing_secret_is_reported(db: Database, secrets: SecretStore) -> None:
    acc = accounts.create_account(db, secrets, api("brevo"), "xk")
    secrets.delete(acc.secret_ref)  # e.g. a keyring emptied, another computer
    result = accounts.test_account(db, secrets, "Brevo")
    assert not result.ok and "not in the encrypted file" in result.message
    with pytest.raises(FacteurError, match="enter it again"):
        accounts.open_transport(acc, secrets)


def test_open_transport_builds_each_kind(db: Database, secrets: SecretStore) -> None:
    from app.sending.transports.brevo import BrevoTransport
    from app.sending.transports.mailgun import MailgunTransport
    from app.sending.transports.postmark import PostmarkTransport
    from app.sending.transports.sendgrid import SendGridTransport
    from app.sending.transports.ses import SesTransport

    expected = {
        "sendgrid": SendGridTransport,
        "mailgun": MailgunTransport,
        "ses": SesTransport,
        "postmark": PostmarkTransport,
        "brevo": BrevoTransport,
    }
    for kind, cls in expected.items():
        key = "AKID:secret" if kind == "ses" else "key"
        acc = accounts.create_account(
            db, secrets, api(kind, region="eu" if kind == "mailgun" else ""), key
        )
        transport = accounts.open_transport(acc, secrets)
        try:
            assert isinstance(transport, cls)
            assert transport.base_url == acc.base_url
        finally:
            transport.close()
    smtp_account = accounts.create_account(db, secrets, smtp(), PASSWORD)
    transport = accounts.open_transport(smtp_account, secrets)
    try:
        assert type(transport).__name__ == "SmtpTransport"
    finally:
        transport.close()


def test_pytest_does_not_collect_the_api() -> None:
    # test_account and TestResult live in the core; pytest must not take them for tests.
    assert accounts.test_account.__test__ is False  # type: ignore[attr-defined]
    assert accounts.TestResult.__test__ is False
