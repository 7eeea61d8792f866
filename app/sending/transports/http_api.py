"""What the provider API transports share: a pooled HTTP client and the mapping of answers.

Each provider (``sendgrid.py``, ``mailgun.py``, ``ses.py``, ``postmark.py``, ``brevo.py``)
subclasses ``HttpApiTransport`` and says how to build its request and read its answer. The
mapping to outcomes is the same for all (DESIGN §4):

- 2xx: ``sent``, with the provider's message id;
- 429, 408, 5xx (and the provider's own throttling errors): ``retry``, after ``Retry-After``
  (seconds or an HTTP date) or the provider's rate-limit reset header when there is one;
- 401/403 (and the provider's account-wide refusals): ``AuthenticationFailed`` is raised;
- other 4xx: ``failed``, with the API's error text;
- no connection (DNS, refused, TLS handshake, connect timeout): ``TransportUnavailable`` is
  raised, nothing was sent;
- the request was written but no answer came (read timeout, connection dropped): ``in_doubt``.
"""

from __future__ import annotations

import json
import ssl
import time
from collections.abc import Sequence
from email.utils import parseaddr, parsedate_to_datetime
from typing import TYPE_CHECKING, Any, ClassVar

import httpx

from app.sending.transports.base import AuthenticationFailed, Outcome, Report, TransportUnavailable

if TYPE_CHECKING:
    from app.templates.mime import Address, Outgoing

#: Seconds to wait for a connection (and TLS handshake); reads wait the transport's ``timeout``.
CONNECT_TIMEOUT = 15.0


def mailbox_json(name: str, email: str) -> dict[str, str]:
    """``{"email", "name"}`` as SendGrid and Brevo take a mailbox (no empty name)."""
    return {"email": email, "name": name} if name else {"email": email}


class NotSent(Exception):
    """The request broke off while being written: the provider cannot have accepted it."""


class NoAnswer(Exception):
    """The request went out whole but no answer came: it may or may not have been accepted."""


def tls_context(ca_file: str = "") -> ssl.SSLContext:
    """Certificate-verifying TLS: the given CA file, else certifi's bundle."""
    import certifi

    try:
        return ssl.create_default_context(cafile=ca_file or certifi.where())
    except (OSError, ssl.SSLError) as exc:
        raise TransportUnavailable(
            "Cannot use the CA certificate file {path}: {reason}",
            path=ca_file,
            reason=getattr(exc, "strerror", None) or str(exc),
        ) from exc


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000": UTC by RFC 5322
        from datetime import UTC

        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def split_address(value: str) -> tuple[str, str]:
    """``("Name", "addr")`` from ``"Name <addr>"`` or ``"addr"``."""
    name, addr = parseaddr(value)
    return name, addr


def format_address(address: Address) -> str:
    """``Name <addr>``, the name quoted when it holds characters special in a header."""
    return join_address(address.name, address.email)


def join_address(name: str, email: str) -> str:
    if not name:
        return email
    if any(c in name for c in '()<>@,;:\\".[]'):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{email}>"


class HttpApiTransport:
    """A provider API behind the ``Transport`` interface, over one pooled ``httpx.Client``.

    Subclasses set ``provider`` (for messages) and implement ``_request_for`` (one message),
    ``_provider_id``, ``_check_path`` and ``_describe``; providers with a batch endpoint
    override ``send_batch``.
    """

    provider: ClassVar[str] = "API"
    batch_size: int = 1

    def __init__(self, base_url: str, *, ca_file: str = "", timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.ca_file = ca_file
        self.timeout = timeout
        self._client: httpx.Client | None = None

    # --- the client -----------------------------------------------------------------------

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                base_url=self.base_url,
                headers={"Accept": "application/json", **self._auth_headers()},
                auth=self._auth(),
                timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, CONNECT_TIMEOUT)),
                verify=tls_context(self.ca_file),
                follow_redirects=False,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> HttpApiTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _auth_headers(self) -> dict[str, str]:
        """Headers sent with every request (the API key, for most providers)."""
        return {}

    def _auth(self) -> httpx.Auth | tuple[str, str] | None:
        return None

    def _prepare(self, request: httpx.Request) -> None:
        """Last touch before sending (SES signs the request here)."""

    def exchange(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One request and its answer.

        Raises ``TransportUnavailable`` when no connection could be made (nothing sent),
        ``NotSent`` when the request broke off while being written, ``NoAnswer`` when it went
        out whole and no answer came.
        """
        request = self.client.build_request(method, path, **kwargs)
        self._prepare(request)
        try:
            return self.client.send(request)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise TransportUnavailable(
                "Cannot reach {provider} at {url}: {reason}",
                provider=self.provider,
                url=self.base_url,
                reason=_reason(exc),
            ) from exc
        except (httpx.ProxyError, httpx.UnsupportedProtocol) as exc:
            raise TransportUnavailable(
                "Cannot reach {provider} at {url}: {reason}",
                provider=self.provider,
                url=self.base_url,
                reason=_reason(exc),
            ) from exc
        except (httpx.WriteError, httpx.WriteTimeout) as exc:
            raise NotSent(_reason(exc)) from exc
        except httpx.TimeoutException as exc:
            raise NoAnswer(
                f"no answer from {self.provider} within {self.timeout:g} s after the message "
                "was sent: it may or may not have been accepted"
            ) from exc
        except httpx.TransportError as exc:
            # Read errors and dropped connections after the request was written: whether the
            # provider took the message is unknown, so never assume either way.
            raise NoAnswer(
                f"the connection to {self.provider} broke before its answer ({_reason(exc)}): "
                "the message may or may not have been accepted"
            ) from exc

    # --- sending --------------------------------------------------------------------------

    def send_batch(self, items: Sequence[Outgoing], report: Report) -> None:
        """One request per message (providers with a batch endpoint override this)."""
        for item in items:
            method, path, kwargs = self._request_for(item)
            try:
                response = self.exchange(method, path, **kwargs)
            except NotSent as exc:
                report(Outcome(item.key, "retry", detail=str(exc)))
                continue
            except NoAnswer as exc:
                report(Outcome(item.key, "in_doubt", detail=str(exc)))
                continue
            report(self.outcome(item.key, response))

    def _request_for(self, item: Outgoing) -> tuple[str, str, dict[str, Any]]:
        """``(method, path, httpx keyword arguments)`` sending ``item``."""
        raise NotImplementedError

    def _provider_id(self, response: httpx.Response) -> str:
        return ""

    def outcome(self, key: int, response: httpx.Response) -> Outcome:
        """The outcome of one message from the API's answer (raises for account problems)."""
        status = response.status_code
        if 200 <= status < 300:
            return Outcome(key, "sent", provider_id=self._provider_id(response))
        self.raise_for_account(response)
        if self._is_temporary(response):
            return Outcome(
                key,
                "retry",
                detail=self.error_text(response),
                retry_after=self.retry_after(response),
            )
        return Outcome(key, "failed", detail=self.error_text(response))

    def _is_temporary(self, response: httpx.Response) -> bool:
        status = response.status_code
        return status in (408, 425, 429) or status >= 500

    def _account_problem(self, response: httpx.Response) -> bool:
        """A refusal that concerns every message of the account (sending disabled...)."""
        return False

    def raise_for_account(self, response: httpx.Response) -> None:
        """Raise ``AuthenticationFailed`` when the answer refuses the account itself."""
        status = response.status_code
        if status == 401:
            raise AuthenticationFailed(
                "{provider} refused the API key (HTTP {status}): {reason}",
                provider=self.provider,
                status=status,
                reason=self.error_message(response),
            )
        if status == 403 or self._account_problem(response):
            raise AuthenticationFailed(
                "{provider} refuses to send for this account (HTTP {status}): {reason}",
                provider=self.provider,
                status=status,
                reason=self.error_message(response),
            )

    # --- reading answers ------------------------------------------------------------------

    def retry_after(self, response: httpx.Response) -> float | None:
        """Seconds to wait before trying again, from the answer's headers (None: unknown)."""
        seconds = parse_retry_after(response.headers.get("retry-after"))
        if seconds is None:
            seconds = self._rate_limit_reset(response)
        return seconds

    def _rate_limit_reset(self, response: httpx.Response) -> float | None:
        """The provider's own "rate limit resets in/at" header, as seconds from now."""
        return None

    def error_message(self, response: httpx.Response) -> str:
        """The API's explanation, as plain text."""
        try:
            data = response.json()
        except ValueError:
            data = None
        text = self._message_from(data) if data is not None else ""
        if not text:
            text = " ".join(response.text.split())[:500] or response.reason_phrase
        return text

    def error_text(self, response: httpx.Response) -> str:
        """``HTTP <status>: <the API's explanation>``, kept as a message's ``detail``."""
        return f"HTTP {response.status_code}: {self.error_message(response)}"

    def _message_from(self, data: Any) -> str:
        """The error text in a decoded JSON answer (shapes common to the providers)."""
        if isinstance(data, dict):
            errors = data.get("errors")
            if isinstance(errors, list):
                texts = [
                    str(e.get("message") or e) if isinstance(e, dict) else str(e) for e in errors
                ]
                return "; ".join(t for t in texts if t)
            for key in ("message", "Message", "error", "detail"):
                if data.get(key):
                    return str(data[key])
        if data in (None, "", {}, []):
            return ""
        return json.dumps(data, ensure_ascii=False)[:500]

    # --- checking -------------------------------------------------------------------------

    def _check_path(self) -> str:
        raise NotImplementedError

    def _describe(self, response: httpx.Response) -> str:
        """A short description of the account from the check's answer."""
        return f"Connected to {self.provider}."

    def check(self) -> str:
        """Call a read-only endpoint with the credentials; return a short description."""
        try:
            response = self.exchange("GET", self._check_path())
        except (NotSent, NoAnswer) as exc:
            raise TransportUnavailable(
                "{provider} did not answer: {reason}", provider=self.provider, reason=str(exc)
            ) from exc
        if 200 <= response.status_code < 300:
            return self._describe(response)
        self.raise_for_account(response)
        raise TransportUnavailable(
            "{provider} answered HTTP {status} to the connection test: {reason}",
            provider=self.provider,
            status=response.status_code,
            reason=self.error_message(response),
        )


def _reason(exc: Exception) -> str:
    """A readable reason for a network error (httpx often wraps the useful one)."""
    cause: BaseException | None = exc
    for _ in range(10):
        if cause is None:
            break
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"certificate verification failed ({cause.verify_message})"
        cause = cause.__cause__ or cause.__context__
    return str(exc) or type(exc).__name__
