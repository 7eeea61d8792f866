"""The desktop's connection to its tracking relay: where it is, its secrets, and a check.

The relay's address lives in the database (``app_setting`` key ``"relay"``: ``{"url": ...}``), so
the desktop and the daemon sharing a database agree on it; the shared signing secret and the API
key live in the secret store (refs ``relay:secret`` and ``relay:api_key``), never in the
database. The sync's state (key ``"relay_sync"``) is written by ``app.tracking.sync``; it is only
read here, and reset when the relay's address changes (another relay's cursor means nothing).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.db import Database
from app.db.models import AppSetting
from app.errors import FacteurError, InvalidInput

SETTING = "relay"
SYNC_SETTING = "relay_sync"
SECRET_REF = "relay:secret"
API_KEY_REF = "relay:api_key"
MIN_SECRET = 16
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class RelayConfig:
    """A connected relay: its base address (no trailing slash) and both secrets."""

    url: str
    secret: str = field(repr=False)
    api_key: str = field(repr=False)


@dataclass(frozen=True)
class RelayCheck:
    """What contacting a relay found: ``ok``, a sentence to show, the relay's version."""

    ok: bool
    message: str
    version: str = ""
    # The error behind a failure, for the interface to translate its template.
    error: FacteurError | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "message": self.message, "version": self.version}


@dataclass(frozen=True)
class RelayStatus:
    """The connected relay (``url`` "" when none) and the state of the last sync."""

    url: str
    connected: bool
    last_sync_at: datetime | None
    last_error: str
    cursor: str
    applied: int

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url or None,
            "connected": self.connected,
            "last_sync_at": self.last_sync_at.isoformat() if self.last_sync_at else None,
            "last_error": self.last_error,
            "cursor": self.cursor,
            "applied": self.applied,
        }


# --- validation -------------------------------------------------------------------------------


def normalise_url(url: str) -> str:
    """The relay's base address: https (plain http only on this machine), no trailing slash."""
    text = (url or "").strip()
    if not text:
        raise InvalidInput("The relay's address is required (https://...).")
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        port = parts.port
    except ValueError as exc:
        raise InvalidInput("{url!r} is not a valid web address.", url=url) from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not host:
        raise InvalidInput(
            "{url!r} is not a web address: give the relay's address, such as "
            "https://relay.example.com.",
            url=url,
        )
    if scheme == "http" and host.lower() not in _LOOPBACK:
        raise InvalidInput(
            "The relay must be reached over https (tracking links and unsubscribe pages are "
            "public): {url!r}.",
            url=url,
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise InvalidInput(
            "The relay's address cannot hold a query, a fragment or a login: {url!r}.", url=url
        )
    if any(c.isspace() for c in text) or not text.isascii():
        raise InvalidInput(
            "The relay's address cannot hold spaces or accented letters: {url!r}.", url=url
        )
    netloc = host.lower()
    if ":" in netloc:
        netloc = f"[{netloc}]"
    if port is not None:
        netloc += f":{port}"
    return f"{scheme}://{netloc}{parts.path.rstrip('/')}"


def _check_secrets(secret: str, api_key: str) -> None:
    if not secret or len(secret) < MIN_SECRET:
        raise InvalidInput(
            "The relay secret must be at least {min} characters long.", min=MIN_SECRET
        )
    if not api_key:
        raise InvalidInput("The relay's API key is required.")
    for value in (secret, api_key):
        if not value.isprintable() or value != value.strip():
            raise InvalidInput(
                "The relay secret and API key cannot hold spaces at their ends or line breaks."
            )


# --- storage ----------------------------------------------------------------------------------


def _setting(db: Database, key: str) -> dict[str, Any]:
    with db.session() as s:
        row = s.get(AppSetting, key)
        value = dict(row.value or {}) if row is not None else {}
    # Settings written by ``app.automation.settings.set_setting`` are wrapped in {"value": ...}.
    if set(value) == {"value"} and isinstance(value["value"], dict):
        value = dict(value["value"])
    return value


def relay_url(db: Database) -> str:
    """The connected relay's address, or "" (no secret store needed)."""
    return str(_setting(db, SETTING).get("url") or "")


def load_relay(db: Database, home: Path) -> RelayConfig | None:
    """The connected relay, or None; ``FacteurError`` when its secrets cannot be read."""
    url = relay_url(db)
    if not url:
        return None
    from app.sending.secrets import open_secret_store

    store = open_secret_store(home)
    secret = store.get(SECRET_REF)
    api_key = store.get(API_KEY_REF)
    if not secret or not api_key:
        raise FacteurError(
            "The relay's secret or API key is missing from the secret store: connect to the "
            "relay again."
        )
    return RelayConfig(url, secret, api_key)


def save_relay(db: Database, home: Path, url: str, secret: str, api_key: str) -> RelayConfig:
    """Connect to a relay (without contacting it: ``check_relay`` does that)."""
    from app.sending.secrets import open_secret_store

    url = normalise_url(url)
    _check_secrets(secret, api_key)
    store = open_secret_store(home)
    store.set(SECRET_REF, secret)
    store.set(API_KEY_REF, api_key)
    with db.session() as s:
        row = s.get(AppSetting, SETTING)
        previous = str((row.value or {}).get("url") or "") if row is not None else ""
        if row is None:
            s.add(AppSetting(key=SETTING, value={"url": url}))
        else:
            row.value = {"url": url}
        if previous != url:
            # Another relay: its event ids start over, the old cursor would skip them.
            sync = s.get(AppSetting, SYNC_SETTING)
            if sync is not None:
                s.delete(sync)
    return RelayConfig(url, secret, api_key)


def remove_relay(db: Database, home: Path) -> str:
    """Stop using the relay (its secrets are deleted); the address it had, or ""."""
    from app.sending.secrets import open_secret_store

    with db.session() as s:
        row = s.get(AppSetting, SETTING)
        url = str((row.value or {}).get("url") or "") if row is not None else ""
        if row is not None:
            s.delete(row)
    if url:
        store = open_secret_store(home)
        store.delete(SECRET_REF)
        store.delete(API_KEY_REF)
    return url


def _parse_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
    elif isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    else:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def relay_status(db: Database, home: Path | None = None) -> RelayStatus:
    """The connected relay and the last sync (``home`` is not needed: no secret is read)."""
    url = relay_url(db)
    sync = _setting(db, SYNC_SETTING)
    try:
        applied = int(sync.get("applied") or 0)
    except (TypeError, ValueError):
        applied = 0
    return RelayStatus(
        url=url,
        connected=bool(url),
        last_sync_at=_parse_time(sync.get("last_sync_at")),
        last_error=str(sync.get("last_error") or ""),
        cursor=str(sync.get("cursor") or ""),
        applied=applied,
    )


# --- checking ---------------------------------------------------------------------------------


def _failure(error: FacteurError) -> RelayCheck:
    return RelayCheck(False, error.message, "", error)


def check_relay(url: str, secret: str, api_key: str, timeout: float = 10.0) -> RelayCheck:
    """Contact the relay: is it one, does it take the API key, does it share the secret?"""
    import httpx

    from app.tracking.tokens import TokenSigner

    try:
        base = normalise_url(url)
        _check_secrets(secret, api_key)
        token = TokenSigner(secret).check_token()
    except FacteurError as exc:
        return _failure(exc)
    headers = {"Authorization": f"Bearer {api_key}", "Accept": "application/json"}
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, headers=headers) as client:
            status = client.get(f"{base}/api/v1/status")
            if status.status_code == 401:
                return _failure(
                    FacteurError(
                        "The relay at {url} refused the API key: check that it is the relay's "
                        "FACTEUR_RELAY_API_KEY.",
                        url=base,
                    )
                )
            body = _json(status)
            if status.status_code != 200 or not isinstance(body, dict) or "version" not in body:
                return _failure(
                    FacteurError(
                        "{url} did not answer like a Facteur relay (HTTP {status}): check the "
                        "address.",
                        url=base,
                        status=status.status_code,
                    )
                )
            version = str(body.get("version") or "")
            check = client.get(f"{base}/api/v1/check", params={"token": token})
    except httpx.TimeoutException:
        return _failure(
            FacteurError(
                "The relay at {url} did not answer within {seconds} seconds.",
                url=base,
                seconds=f"{timeout:g}",
            )
        )
    except httpx.HTTPError as exc:
        return _failure(
            FacteurError(
                "Could not reach the relay at {url}: {reason}", url=base, reason=_reason(exc)
            )
        )
    if check.status_code == 403:
        return _failure(
            FacteurError(
                "The relay at {url} uses another secret: the secret given must be the relay's "
                "FACTEUR_RELAY_SECRET.",
                url=base,
            )
        )
    if check.status_code == 401:
        return _failure(
            FacteurError(
                "The relay at {url} refused the API key: check that it is the relay's "
                "FACTEUR_RELAY_API_KEY.",
                url=base,
            )
        )
    answer = _json(check)
    if check.status_code != 200 or not isinstance(answer, dict) or answer.get("secret") != "ok":
        return _failure(
            FacteurError(
                "{url} did not answer like a Facteur relay (HTTP {status}): check the address.",
                url=base,
                status=check.status_code,
            )
        )
    ok = FacteurError(
        "The relay at {url} answers (version {version}) and shares this secret.",
        url=base,
        version=version or "?",
    )
    return RelayCheck(True, ok.message, version, ok)


def _json(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# --- commands ---------------------------------------------------------------------------------


def cmd_connect(db: Database, args: argparse.Namespace) -> int:
    from app.cli import print_json

    url = normalise_url(args.url)
    _check_secrets(args.secret, args.api_key)
    version = ""
    if not args.no_check:
        result = check_relay(url, args.secret, args.api_key)
        if not result.ok:
            assert result.error is not None
            raise result.error
        version = result.version
    config = save_relay(db, args.paths.home, url, args.secret, args.api_key)
    if args.json:
        print_json({"url": config.url, "connected": True, "version": version or None})
    elif version:
        print(f"Connected to the relay {config.url} (version {version}).")
    else:
        print(f"Connected to the relay {config.url} (not checked).")
    return 0


def cmd_status(db: Database, args: argparse.Namespace) -> int:
    from app.cli import print_json

    status = relay_status(db, args.paths.home)
    check: RelayCheck | None = None
    if args.check:
        if not status.url:
            check = _failure(FacteurError("No relay is connected: use “facteur relay connect”."))
        else:
            try:
                config = load_relay(db, args.paths.home)
            except FacteurError as exc:
                check = _failure(exc)
            else:
                assert config is not None
                check = check_relay(config.url, config.secret, config.api_key)
    if args.json:
        doc = status.to_json()
        if check is not None:
            doc["check"] = check.to_json()
        print_json(doc)
    else:
        if not status.url:
            print("No relay is connected.")
        else:
            print(f"Relay: {status.url}")
            last = status.last_sync_at.isoformat() if status.last_sync_at else "never"
            print(f"Last sync: {last}")
            print(f"Events applied: {status.applied}")
            if status.last_error:
                print(f"Last error: {status.last_error}")
        if check is not None:
            print(f"Check: {check.message}")
    return 1 if check is not None and not check.ok else 0


def cmd_disconnect(db: Database, args: argparse.Namespace) -> int:
    url = remove_relay(db, args.paths.home)
    if url:
        print(f"Disconnected from the relay {url}.", file=sys.stderr)
    else:
        print("No relay was connected.", file=sys.stderr)
    return 0
