"""The relay's configuration, read from the environment (a hosted service has no settings file).

Required: ``FACTEUR_RELAY_SECRET`` (signs the tokens; the desktop holds the same one) and
``FACTEUR_RELAY_API_KEY`` (the desktop's pull key, and web platforms' push key). Everything else
has a default fit for a small deployment; docs/relay.md lists every variable.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.errors import FacteurError

DEFAULT_DB_URL = "sqlite:///relay.db"
PREFIX = "FACTEUR_RELAY_"


@dataclass(frozen=True)
class RelaySettings:
    """Everything the relay needs; ``from_env`` builds it, tests build it directly."""

    secret: str
    api_key: str
    db_url: str = DEFAULT_DB_URL
    host: str = "127.0.0.1"
    port: int = 8000
    # Behind a reverse proxy (Render, nginx): take the client address from X-Forwarded-For.
    trust_proxy: bool = False
    retention_days: int = 90
    # Opens and clicks are buffered and written in batches (one transaction per batch).
    flush_interval: float = 0.05
    flush_rows: int = 500
    # Per-IP token buckets: (requests per second, burst). Mail proxies (Gmail, Apple) fetch for
    # thousands of people from a few addresses, so pixels and clicks get a generous bucket.
    rate_limit: bool = True
    rate_tracking: tuple[float, float] = (200.0, 2000.0)
    rate_strict: tuple[float, float] = (1.0, 10.0)
    max_body: int = 64 * 1024
    max_webhook_body: int = 1024 * 1024
    # The longest a GET /api/v1/events waits for something new.
    long_poll_max: float = 25.0
    # A click this soon after sending is a link scanner, not a person.
    bot_click_seconds: float = 2.0
    # Provider webhooks (app.relay.webhooks reads these; empty = that check is off or the
    # provider is refused, as that module documents).
    sendgrid_public_key: str = ""
    mailgun_signing_key: str = ""
    postmark_auth: str = ""  # "user:password" set in Postmark's webhook URL (Basic auth)
    ses_topic_arn: str = ""
    # Any other FACTEUR_RELAY_* variables, lower-cased without the prefix (for extensions).
    extra: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.secret or len(self.secret) < 16:
            raise FacteurError("FACTEUR_RELAY_SECRET must be set, at least 16 characters long.")
        if not self.api_key or len(self.api_key) < 16:
            raise FacteurError("FACTEUR_RELAY_API_KEY must be set, at least 16 characters long.")

    def replace(self, **changes: Any) -> RelaySettings:
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> RelaySettings:
        """Settings from ``FACTEUR_RELAY_*`` variables (and ``PORT``, set by Render/Heroku)."""
        env = os.environ if environ is None else environ

        def get(name: str, default: str = "") -> str:
            return env.get(PREFIX + name, default).strip()

        values: dict[str, Any] = {
            "secret": get("SECRET"),
            "api_key": get("API_KEY"),
            "db_url": normalise_db_url(get("DB_URL") or DEFAULT_DB_URL),
            "host": get("HOST") or "127.0.0.1",
            "port": _int(get("PORT") or env.get("PORT", "") or "8000", "PORT"),
            "trust_proxy": _bool(get("TRUST_PROXY")),
            "retention_days": _int(get("RETENTION_DAYS") or "90", "RETENTION_DAYS"),
            "flush_interval": _float(get("FLUSH_INTERVAL") or "0.05", "FLUSH_INTERVAL"),
            "flush_rows": _int(get("FLUSH_ROWS") or "500", "FLUSH_ROWS"),
            "rate_limit": get("RATE_LIMIT").lower() not in ("0", "off", "false", "no"),
            "max_body": _int(get("MAX_BODY") or str(64 * 1024), "MAX_BODY"),
            "max_webhook_body": _int(
                get("MAX_WEBHOOK_BODY") or str(1024 * 1024), "MAX_WEBHOOK_BODY"
            ),
            "sendgrid_public_key": get("SENDGRID_PUBLIC_KEY"),
            "mailgun_signing_key": get("MAILGUN_SIGNING_KEY"),
            "postmark_auth": get("POSTMARK_AUTH"),
            "ses_topic_arn": get("SES_TOPIC_ARN"),
        }
        if get("RATE_TRACKING"):
            values["rate_tracking"] = _rate(get("RATE_TRACKING"), "RATE_TRACKING")
        if get("RATE_STRICT"):
            values["rate_strict"] = _rate(get("RATE_STRICT"), "RATE_STRICT")
        known = {
            "SECRET", "API_KEY", "DB_URL", "HOST", "PORT", "TRUST_PROXY", "RETENTION_DAYS",
            "FLUSH_INTERVAL", "FLUSH_ROWS", "RATE_LIMIT", "MAX_BODY", "MAX_WEBHOOK_BODY",
            "SENDGRID_PUBLIC_KEY", "MAILGUN_SIGNING_KEY", "POSTMARK_AUTH", "SES_TOPIC_ARN",
            "RATE_TRACKING", "RATE_STRICT",
        }  # fmt: skip
        values["extra"] = {
            key[len(PREFIX) :].lower(): value
            for key, value in env.items()
            if key.startswith(PREFIX) and key[len(PREFIX) :] not in known
        }
        values.update(overrides)
        return cls(**values)


def normalise_db_url(url: str) -> str:
    """Render and Heroku hand out ``postgres://`` URLs: use the psycopg 3 driver for them."""
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise FacteurError(
            "{name} must be a whole number, not {value!r}.", name=PREFIX + name, value=value
        ) from None


def _float(value: str, name: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise FacteurError(
            "{name} must be a number, not {value!r}.", name=PREFIX + name, value=value
        ) from None


def _bool(value: str) -> bool:
    return value.lower() in ("1", "true", "yes", "on")


def _rate(value: str, name: str) -> tuple[float, float]:
    """``"RATE/BURST"`` (requests per second, bucket size), e.g. ``"200/2000"``."""
    rate, _, burst = value.partition("/")
    return (_float(rate, name), _float(burst or rate, name))
