"""Sending accounts: an SMTP server or a provider API key, with limits and policies.

Each function opens a short session and returns plain dataclasses. An account's password or API
key lives in a ``SecretStore`` (``app.sending.secrets``) under ``Account.secret_ref``; it never
goes into the database, the JSON output, logs or error messages.

Kind-specific values live in ``Account.settings``:

- SMTP: ``host``, ``port``, ``security`` (none | starttls | ssl), ``username``,
  ``allow_insecure_auth``;
- APIs: ``base_url`` (only when not the provider's default), ``region`` (Mailgun "us"/"eu", SES
  "eu-west-3"...), ``domain`` (Mailgun), ``message_stream`` (Postmark);
- all: ``ca_file`` (a CA bundle instead of certifi's), ``in_doubt_campaign`` and
  ``in_doubt_transactional`` ("hold" | "resend", see ``outbox.in_doubt_policy``),
  ``require_tracking_consent`` (stored only when false; absent means true: no open pixel and no
  per-person click id for contacts without ``tracking_consent``, CNIL's position on pixels).
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import getaddresses
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.contacts.emails import normalise_email
from app.db import Database
from app.db.models import ACCOUNT_KINDS, Account, Campaign, Message
from app.db.types import utcnow
from app.errors import N_, FacteurError, InvalidInput, NotFound

if TYPE_CHECKING:
    from app.sending.secrets import SecretStore
    from app.sending.transports.base import Transport

__all__ = [
    "ACCOUNT_KINDS",
    "SECURITY",
    "AccountData",
    "AccountInput",
    "TestResult",
    "create_account",
    "delete_account",
    "get_account",
    "list_accounts",
    "open_transport",
    "test_account",
    "update_account",
]

SECURITY = ("none", "starttls", "ssl")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}
IN_DOUBT_POLICIES = ("hold", "resend")
API_KINDS = tuple(k for k in ACCOUNT_KINDS if k != "smtp")
KIND_LABELS = {
    "smtp": "SMTP",
    "sendgrid": "SendGrid",
    "mailgun": "Mailgun",
    "ses": "Amazon SES",
    "postmark": "Postmark",
    "brevo": "Brevo",
}
MAILGUN_REGIONS = ("us", "eu")
SES_DEFAULT_REGION = "eu-west-3"
MAX_CONCURRENCY = 32
NAME_MAX_LEN = 100

_SES_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d\Z")
_DOMAIN = re.compile(r"(?=.{1,253}\Z)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}\Z")
_HOST = re.compile(r"[A-Za-z0-9._:\[\]-]{1,253}\Z")
_STREAM = re.compile(r"[A-Za-z0-9_-]{1,100}\Z")


@dataclass
class AccountInput:
    """Values for creating or replacing an account (the form, or ``accounts add``)."""

    name: str
    kind: str
    from_address: str  # "Name <addr>" or "addr"
    reply_to: str = ""
    host: str = ""
    port: int | None = None  # None: the usual port for ``security``
    security: str = "starttls"
    username: str = ""
    allow_insecure_auth: bool = False
    ca_file: str = ""
    base_url: str = ""  # "": the provider's own (from ``region`` for Mailgun and SES)
    region: str = ""
    domain: str = ""  # Mailgun sending domain; "": the From address's domain
    rate_per_second: float | None = None
    rate_per_hour: int | None = None
    rate_per_day: int | None = None
    concurrency: int = 4
    in_doubt_campaign: str = "hold"
    in_doubt_transactional: str = "resend"
    message_stream: str = ""  # Postmark; "": "outbound"
    # Contacts without tracking consent get no open pixel and anonymous click links.
    require_tracking_consent: bool = True


@dataclass(frozen=True)
class AccountData:
    """An account as the UI and the CLI see it (never its secret)."""

    id: int
    name: str
    kind: str
    from_name: str
    from_email: str
    reply_to: str
    settings: dict[str, Any]
    rate_per_second: float | None
    rate_per_hour: int | None
    rate_per_day: int | None
    concurrency: int
    has_secret: bool
    created_at: datetime | None
    updated_at: datetime | None
    # Where the secret is in the store (not the secret); "" when the account has none.
    secret_ref: str = field(default="", repr=False)

    @property
    def from_address(self) -> str:
        return format_mailbox(self.from_name, self.from_email)

    @property
    def require_tracking_consent(self) -> bool:
        """Whether tracking a contact needs their ``tracking_consent`` (the default)."""
        return bool(self.settings.get("require_tracking_consent", True))

    @property
    def base_url(self) -> str:
        """The API's address in use ("" for SMTP)."""
        return effective_base_url(self.kind, self.settings)

    def to_input(self) -> AccountInput:
        """The values of this account, to edit them."""
        s = self.settings
        return AccountInput(
            name=self.name,
            kind=self.kind,
            from_address=self.from_address,
            reply_to=self.reply_to,
            host=s.get("host", ""),
            port=s.get("port"),
            security=s.get("security", "starttls"),
            username=s.get("username", ""),
            allow_insecure_auth=bool(s.get("allow_insecure_auth", False)),
            ca_file=s.get("ca_file", ""),
            base_url=s.get("base_url", ""),
            region=s.get("region", ""),
            domain=s.get("domain", ""),
            rate_per_second=self.rate_per_second,
            rate_per_hour=self.rate_per_hour,
            rate_per_day=self.rate_per_day,
            concurrency=self.concurrency,
            in_doubt_campaign=s.get("in_doubt_campaign", "hold"),
            in_doubt_transactional=s.get("in_doubt_transactional", "resend"),
            message_stream=s.get("message_stream", ""),
            require_tracking_consent=self.require_tracking_consent,
        )

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``accounts ... --json`` shape (a contract). Never holds the secret."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "from": self.from_address,
            "from_name": self.from_name,
            "from_email": self.from_email,
            "reply_to": self.reply_to,
            "settings": dict(self.settings),
            "base_url": self.base_url,
            "rate_per_second": self.rate_per_second,
            "rate_per_hour": self.rate_per_hour,
            "rate_per_day": self.rate_per_day,
            "concurrency": self.concurrency,
            "has_secret": self.has_secret,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
        }


@dataclass(frozen=True)
class TestResult:
    """What "Test connection" found: ``ok`` and a sentence to show."""

    __test__ = False  # not a pytest test class

    ok: bool
    message: str
    # The error behind a failure, for the interface to translate its template.
    error: FacteurError | None = field(default=None, compare=False, repr=False)


# --- addresses ----------------------------------------------------------------------------


def format_mailbox(name: str, email: str) -> str:
    """``Name <addr>`` (the name quoted when it holds header specials), or ``addr``."""
    if not name:
        return email
    if any(c in name for c in '()<>@,;:\\".[]'):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{email}>"


def parse_mailbox(value: str, header: str) -> tuple[str, str]:
    """``(name, normalised address)`` from ``"Name <addr>"`` or ``"addr"``."""
    value = value.strip()
    if not value:
        raise InvalidInput("The {header} address is required.", header=header)
    if "\r" in value or "\n" in value:
        raise InvalidInput("The {header} address cannot hold a line break.", header=header)
    found = [(n, a) for n, a in getaddresses([value]) if n or a]
    if len(found) != 1 or not found[0][1]:
        if "<" not in value and "," not in value:
            return "", normalise_email(value)  # a bare address: say what is wrong with it
        raise InvalidInput(
            "{value!r} is not one address such as “Name <name@example.com>” ({header}).",
            value=value,
            header=header,
        )
    name, addr = found[0]
    return name.strip(), normalise_email(addr)


# --- validation ---------------------------------------------------------------------------


@dataclass
class _Clean:
    """Validated columns and settings for an ``Account`` row."""

    name: str
    kind: str
    from_name: str
    from_email: str
    reply_to: str
    settings: dict[str, Any]
    rate_per_second: float | None
    rate_per_hour: int | None
    rate_per_day: int | None
    concurrency: int

    @property
    def needs_secret(self) -> bool:
        return self.kind != "smtp" or bool(self.settings.get("username"))


def _validate(data: AccountInput) -> _Clean:
    name = (data.name or "").strip()
    if not name:
        raise InvalidInput("An account name cannot be empty.")
    if len(name) > NAME_MAX_LEN:
        raise InvalidInput(
            "An account name is limited to {max_len} characters.", max_len=NAME_MAX_LEN
        )
    kind = (data.kind or "").strip().lower()
    if kind not in ACCOUNT_KINDS:
        raise InvalidInput(
            "Unknown kind of account {kind!r}: use one of {choices}.",
            kind=data.kind,
            choices=", ".join(ACCOUNT_KINDS),
        )
    from_name, from_email = parse_mailbox(data.from_address, "From")
    reply_to = ""
    if data.reply_to.strip():
        reply_to = format_mailbox(*parse_mailbox(data.reply_to, "Reply-To"))

    settings: dict[str, Any] = {}
    if kind == "smtp":
        settings.update(_smtp_settings(data))
    else:
        settings.update(_api_settings(data, kind, from_email))
    if data.ca_file.strip():
        path = Path(data.ca_file.strip()).expanduser()
        if not path.is_file():
            raise InvalidInput(
                "The CA certificate file {path} does not exist.", path=str(data.ca_file)
            )
        settings["ca_file"] = str(path.resolve())
    for key, value in (
        ("in_doubt_campaign", data.in_doubt_campaign),
        ("in_doubt_transactional", data.in_doubt_transactional),
    ):
        if value not in IN_DOUBT_POLICIES:
            raise InvalidInput(
                "Unknown policy {value!r} for messages in doubt: use “hold” or “resend”.",
                value=value,
            )
        settings[key] = value
    if not data.require_tracking_consent:
        settings["require_tracking_consent"] = False

    rate_per_second = data.rate_per_second
    if rate_per_second is not None and not rate_per_second > 0:
        raise InvalidInput("The rate per second must be more than 0 (or left empty for no limit).")
    for value, message in (
        (
            data.rate_per_hour,
            N_(
                "The rate per hour must be a whole number of at least 1 (or left empty for no limit)."
            ),
        ),
        (
            data.rate_per_day,
            N_(
                "The rate per day must be a whole number of at least 1 (or left empty for no limit)."
            ),
        ),
    ):
        if value is not None and (int(value) != value or value < 1):
            raise InvalidInput(message)
    if not 1 <= data.concurrency <= MAX_CONCURRENCY or int(data.concurrency) != data.concurrency:
        raise InvalidInput(
            "The number of simultaneous connections must be between 1 and {max}.",
            max=MAX_CONCURRENCY,
        )
    return _Clean(
        name=name,
        kind=kind,
        from_name=from_name,
        from_email=from_email,
        reply_to=reply_to,
        settings=settings,
        rate_per_second=float(rate_per_second) if rate_per_second is not None else None,
        rate_per_hour=int(data.rate_per_hour) if data.rate_per_hour is not None else None,
        rate_per_day=int(data.rate_per_day) if data.rate_per_day is not None else None,
        concurrency=int(data.concurrency),
    )


def _not_for(kind: str, **values: Any) -> None:
    """Refuse values that belong to another kind of account (a typo in a script, likely)."""
    for option, value in values.items():
        if value:
            raise InvalidInput(
                "The {option} setting does not apply to {kind} accounts.",
                option=option.replace("_", "-"),
                kind=KIND_LABELS[kind],
            )


def _smtp_settings(data: AccountInput) -> dict[str, Any]:
    _not_for(
        "smtp",
        base_url=data.base_url.strip(),
        region=data.region.strip(),
        domain=data.domain.strip(),
        message_stream=data.message_stream.strip(),
    )
    host = data.host.strip()
    if not host:
        raise InvalidInput("The SMTP server's host name is required.")
    if "://" in host or "/" in host or not _HOST.match(host):
        raise InvalidInput(
            "{host!r} is not a host name: give the server's name only, such as smtp.example.com.",
            host=host,
        )
    security = data.security
    if security not in SECURITY:
        raise InvalidInput(
            "Unknown security {security!r}: use none, starttls or ssl.", security=security
        )
    port = DEFAULT_PORTS[security] if data.port is None else data.port
    if int(port) != port or not 1 <= port <= 65535:
        raise InvalidInput("The port must be a number from 1 to 65535.")
    username = data.username.strip()
    if username and security == "none" and not data.allow_insecure_auth:
        raise InvalidInput(
            "With security “none”, the user name and password would cross the network "
            "unencrypted. Choose starttls or ssl, or allow insecure authentication explicitly "
            "(only for a server on a trusted network)."
        )
    return {
        "host": host,
        "port": int(port),
        "security": security,
        "username": username,
        "allow_insecure_auth": bool(data.allow_insecure_auth),
    }


def _api_settings(data: AccountInput, kind: str, from_email: str) -> dict[str, Any]:
    _not_for(kind, host=data.host.strip(), username=data.username.strip())
    if data.port is not None:
        _not_for(kind, port=str(data.port))
    settings: dict[str, Any] = {}
    region = data.region.strip().lower()
    if kind == "mailgun":
        region = region or "us"
        if region not in MAILGUN_REGIONS:
            raise InvalidInput(
                "Unknown Mailgun region {region!r}: use “eu” or “us”.", region=data.region
            )
        settings["region"] = region
        domain = data.domain.strip().lower() or from_email.rpartition("@")[2]
        if not _DOMAIN.match(domain):
            raise InvalidInput("{domain!r} is not a domain name.", domain=domain)
        settings["domain"] = domain
    elif kind == "ses":
        region = region or SES_DEFAULT_REGION
        if not _SES_REGION.match(region):
            raise InvalidInput(
                "{region!r} is not an AWS region such as eu-west-3.", region=data.region
            )
        settings["region"] = region
    else:
        _not_for(kind, region=region)
    if kind != "mailgun":
        _not_for(kind, domain=data.domain.strip())
    if kind == "postmark":
        stream = data.message_stream.strip() or "outbound"
        if not _STREAM.match(stream):
            raise InvalidInput("{stream!r} is not a Postmark message stream.", stream=stream)
        settings["message_stream"] = stream
    else:
        _not_for(kind, message_stream=data.message_stream.strip())
    base_url = data.base_url.strip().rstrip("/")
    if base_url:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidInput(
                "{url!r} is not a web address such as https://api.example.com.", url=base_url
            )
        insecure = parts.scheme == "http" and not _is_loopback(parts.hostname)
        if insecure and not data.allow_insecure_auth:
            raise InvalidInput(
                "The address {url} is not encrypted (http): the API key would cross the "
                "network in clear. Use https, or allow insecure authentication explicitly.",
                url=base_url,
            )
        settings["base_url"] = base_url
    if data.allow_insecure_auth:
        settings["allow_insecure_auth"] = True
    return settings


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_secret(kind: str, secret: str) -> None:
    if not secret:
        raise InvalidInput("The password or API key cannot be empty.")
    if kind == "ses":
        key_id, sep, key = secret.partition(":")
        if not sep or not key_id.strip() or not key.strip():
            raise InvalidInput(
                "An Amazon SES key is written ACCESS_KEY_ID:SECRET_ACCESS_KEY (the two parts "
                "separated by a colon)."
            )


def _secret_missing(clean: _Clean) -> InvalidInput:
    if clean.kind == "smtp":
        return InvalidInput("A password is required with a user name.")
    return InvalidInput("An API key is required for {kind} accounts.", kind=KIND_LABELS[clean.kind])


def effective_base_url(kind: str, settings: dict[str, Any]) -> str:
    """The API address an account uses: its own setting, else the provider's for its region."""
    if kind == "smtp":
        return ""
    if settings.get("base_url"):
        return str(settings["base_url"])
    if kind == "mailgun":
        from app.sending.transports.mailgun import BASE_URLS

        return BASE_URLS[settings.get("region") or "us"]
    if kind == "ses":
        from app.sending.transports.ses import default_base_url

        return default_base_url(settings.get("region") or SES_DEFAULT_REGION)
    module = __import__(f"app.sending.transports.{kind}", fromlist=["DEFAULT_BASE_URL"])
    return str(module.DEFAULT_BASE_URL)


# --- reading ------------------------------------------------------------------------------


def _to_data(a: Account) -> AccountData:
    return AccountData(
        id=a.id,
        name=a.name,
        kind=a.kind,
        from_name=a.from_name,
        from_email=a.from_email,
        reply_to=a.reply_to,
        settings=dict(a.settings or {}),
        rate_per_second=a.rate_per_second,
        rate_per_hour=a.rate_per_hour,
        rate_per_day=a.rate_per_day,
        concurrency=a.concurrency,
        has_secret=bool(a.secret_ref),
        created_at=a.created_at,
        updated_at=a.updated_at,
        secret_ref=a.secret_ref,
    )


def _find(session: Session, name_or_id: str | int) -> Account:
    if isinstance(name_or_id, int):
        account = session.get(Account, name_or_id)
    else:
        account = session.scalar(select(Account).where(Account.name == name_or_id.strip()))
    if account is None:
        raise NotFound("No account named {name!r}.", name=name_or_id)
    return account


def list_accounts(db: Database) -> list[AccountData]:
    with db.session() as s:
        return [_to_data(a) for a in s.scalars(select(Account).order_by(Account.name))]


def choose_account(session: Session, name: str, *, no_account: str, several: str) -> Account:
    """The account named ``name``; with no name, the only one there is.

    ``no_account`` (no account at all) and ``several`` (with ``{accounts}``: which to choose)
    are the caller's ``N_()`` messages, saying what the account is for.
    """
    name = name.strip()
    if name:
        account = session.scalar(select(Account).where(Account.name == name))
        if account is None:
            raise NotFound("No sending account named {name!r}.", name=name)
        return account
    accounts = list(session.scalars(select(Account).order_by(Account.name)))
    if not accounts:
        raise InvalidInput(no_account)
    if len(accounts) > 1:
        raise InvalidInput(several, accounts=", ".join(repr(a.name) for a in accounts))
    return accounts[0]


def get_account(db: Database, name_or_id: str | int) -> AccountData:
    """The account with this name (or id); ``NotFound`` otherwise."""
    with db.session() as s:
        return _to_data(_find(s, name_or_id))


# --- changes ------------------------------------------------------------------------------


def _taken(name: str) -> InvalidInput:
    return InvalidInput("An account named {name!r} already exists.", name=name)


# Settings keys an ``AccountInput`` decides; any other key (retry tuning set by the sender's
# configuration) is kept when an account is edited.
_MANAGED_SETTINGS = frozenset(
    {
        "host", "port", "security", "username", "allow_insecure_auth", "ca_file", "base_url",
        "region", "domain", "message_stream", "in_doubt_campaign", "in_doubt_transactional",
        "require_tracking_consent",
    }
)  # fmt: skip


def _apply(account: Account, clean: _Clean) -> None:
    account.name = clean.name
    account.kind = clean.kind
    account.from_name = clean.from_name
    account.from_email = clean.from_email
    account.reply_to = clean.reply_to
    kept = {k: v for k, v in (account.settings or {}).items() if k not in _MANAGED_SETTINGS}
    account.settings = {**kept, **clean.settings}
    account.rate_per_second = clean.rate_per_second
    account.rate_per_hour = clean.rate_per_hour
    account.rate_per_day = clean.rate_per_day
    account.concurrency = clean.concurrency


def _new_ref() -> str:
    return f"account:{uuid.uuid4()}"


def create_account(
    db: Database, secrets: SecretStore, data: AccountInput, secret: str | None = None
) -> AccountData:
    """Save a new account; ``secret`` (password or API key) goes to ``secrets``, not the db."""
    clean = _validate(data)
    if clean.needs_secret:
        if secret is None:
            raise _secret_missing(clean)
        _check_secret(clean.kind, secret)
    elif secret is not None:
        raise InvalidInput("A password was given without a user name.")
    ref = _new_ref() if clean.needs_secret else ""
    stored = False
    try:
        with db.session() as s:
            if s.scalar(select(Account.id).where(Account.name == clean.name)) is not None:
                raise _taken(clean.name)
            now = utcnow()
            account = Account(secret_ref=ref, created_at=now, updated_at=now)
            _apply(account, clean)
            s.add(account)
            try:
                s.flush()
            except IntegrityError as exc:
                raise _taken(clean.name) from exc
            if ref:
                # Stored before the commit: a store that refuses leaves no account behind.
                secrets.set(ref, secret or "")
                stored = True
            result = _to_data(account)
    except BaseException:
        if stored:
            secrets.delete(ref)
        raise
    return result


def update_account(
    db: Database,
    secrets: SecretStore,
    name_or_id: str | int,
    data: AccountInput,
    secret: str | None = None,
) -> AccountData:
    """Replace an account's values; ``secret=None`` keeps the stored password or API key."""
    clean = _validate(data)
    if secret is not None:
        if not clean.needs_secret:
            raise InvalidInput("A password was given without a user name.")
        _check_secret(clean.kind, secret)
    # A new secret gets a new reference, so a failed save never loses the old one.
    new_ref = _new_ref() if secret is not None else ""
    old_ref = ""
    stored = False
    try:
        with db.session() as s:
            account = _find(s, name_or_id)
            if clean.name != account.name and s.scalar(
                select(Account.id).where(Account.name == clean.name)
            ):
                raise _taken(clean.name)
            if new_ref:
                old_ref = account.secret_ref
                secrets.set(new_ref, secret or "")
                stored = True
                account.secret_ref = new_ref
            elif not clean.needs_secret:
                old_ref, account.secret_ref = account.secret_ref, ""
            elif not account.secret_ref or clean.kind != account.kind:
                # Another provider's key (or none yet) cannot serve: ask for this one's.
                raise _secret_missing(clean)
            _apply(account, clean)
            account.updated_at = utcnow()
            try:
                s.flush()
            except IntegrityError as exc:
                raise _taken(clean.name) from exc
            result = _to_data(account)
    except BaseException:
        if stored:
            secrets.delete(new_ref)
        raise
    if old_ref:
        secrets.delete(old_ref)
    return result


def delete_account(db: Database, secrets: SecretStore, name_or_id: str | int) -> None:
    """Delete an account and its secret; refused while a campaign or a message uses it."""
    with db.session() as s:
        account = _find(s, name_or_id)
        campaigns = list(
            s.scalars(
                select(Campaign.name)
                .where(Campaign.account_id == account.id)
                .order_by(Campaign.name)
            )
        )
        if campaigns:
            raise InvalidInput(
                "The account {name!r} is used by the campaign(s) {campaigns}: delete them or "
                "choose another account for them first.",
                name=account.name,
                campaigns=", ".join(campaigns),
            )
        from app.db.models import Rule, RuleAction, Sequence

        users = sorted(
            {
                *s.scalars(
                    select(Rule.name).join(RuleAction).where(RuleAction.account_id == account.id)
                ),
                *s.scalars(select(Sequence.name).where(Sequence.account_id == account.id)),
            }
        )
        if users:
            raise InvalidInput(
                "The account {name!r} is used by the automations {users}: change them first.",
                name=account.name,
                users=", ".join(repr(u) for u in users),
            )
        messages = s.scalar(select(func.count(Message.id)).where(Message.account_id == account.id))
        if messages:
            raise InvalidInput(
                "The account {name!r} still has {count} message(s) in the outbox and its "
                "history: it cannot be deleted.",
                name=account.name,
                count=messages,
            )
        ref = account.secret_ref
        s.delete(account)
    if ref:
        secrets.delete(ref)


# --- using --------------------------------------------------------------------------------


def open_transport(account: AccountData, secrets: SecretStore) -> Transport:
    """A transport for ``account`` (not connected yet), its secret read from ``secrets``."""
    secret = ""
    if account.secret_ref:
        found = secrets.get(account.secret_ref)
        if found is None:
            raise FacteurError(
                "The password or API key of the account {name!r} is not in the {store}: "
                "enter it again in the account's settings.",
                name=account.name,
                store=getattr(secrets, "backend_name", "secret store"),
            )
        secret = found
    s = account.settings
    ca_file = str(s.get("ca_file", ""))
    if account.kind == "smtp":
        from app.sending.transports.smtp import SmtpTransport  # written alongside; lazy

        return SmtpTransport(
            str(s["host"]),
            int(s["port"]),
            str(s["security"]),
            str(s.get("username", "")),
            secret,
            allow_insecure_auth=bool(s.get("allow_insecure_auth", False)),
            ca_file=ca_file,
        )
    base_url = effective_base_url(account.kind, s)
    if account.kind == "sendgrid":
        from app.sending.transports.sendgrid import SendGridTransport

        return SendGridTransport(secret, base_url, ca_file=ca_file)
    if account.kind == "mailgun":
        from app.sending.transports.mailgun import MailgunTransport

        return MailgunTransport(secret, str(s["domain"]), base_url, ca_file=ca_file)
    if account.kind == "ses":
        from app.sending.transports.ses import SesTransport

        key_id, _, key = secret.partition(":")
        region = str(s.get("region") or SES_DEFAULT_REGION)
        return SesTransport(key_id.strip(), key.strip(), region, base_url, ca_file=ca_file)
    if account.kind == "postmark":
        from app.sending.transports.postmark import PostmarkTransport

        return PostmarkTransport(
            secret, base_url, message_stream=str(s.get("message_stream", "")), ca_file=ca_file
        )
    if account.kind == "brevo":
        from app.sending.transports.brevo import BrevoTransport

        return BrevoTransport(secret, base_url, ca_file=ca_file)
    raise FacteurError("Unknown kind of account {kind!r}.", kind=account.kind)


def test_account(db: Database, secrets: SecretStore, name_or_id: str | int) -> TestResult:
    """Connect and authenticate with the account, send nothing. Network: off the GUI thread."""
    from app.sending.transports.base import AuthenticationFailed, TransportUnavailable

    account = get_account(db, name_or_id)
    try:
        transport = open_transport(account, secrets)
    except FacteurError as exc:
        return TestResult(False, str(exc), exc)
    try:
        return TestResult(True, transport.check())
    except (AuthenticationFailed, TransportUnavailable) as exc:
        return TestResult(False, str(exc), exc)
    finally:
        transport.close()


test_account.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
