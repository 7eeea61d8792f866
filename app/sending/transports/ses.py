"""Amazon SES v2 ``SendEmail`` with raw MIME content, signed with AWS Signature Version 4.

``POST /v2/email/outbound-emails`` with ``{"FromEmailAddress", "Destination": {"ToAddresses"},
"Content": {"Raw": {"Data": <base64 MIME>}}}``, one request per message (SES's bulk endpoint
only sends SES-stored templates). Accepted: 200 ``{"MessageId": ...}``. The connection test
reads ``GET /v2/email/account`` (quota, sandbox, sending enabled).

The signature is computed here with hmac/hashlib (no boto): ``sigv4_authorization`` is checked
against AWS's published test vectors, and the test server recomputes it from what it received.
Errors name their type in the ``x-amzn-ErrorType`` header.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote

import httpx

from app.sending.transports.base import AuthenticationFailed
from app.sending.transports.http_api import HttpApiTransport

if TYPE_CHECKING:
    from app.templates.mime import Outgoing

DEFAULT_REGION = "eu-west-3"  # Paris
SERVICE = "ses"
ALGORITHM = "AWS4-HMAC-SHA256"

# Errors that hold for the whole account: sending stops until the user acts.
ACCOUNT_ERRORS = frozenset(
    {"SendingPausedException", "AccountSuspendedException", "MailFromDomainNotVerifiedException"}
)
# Throttling and quotas: try again later.
THROTTLING_ERRORS = frozenset(
    {"TooManyRequestsException", "ThrottlingException", "Throttling", "LimitExceededException"}
)


def default_base_url(region: str) -> str:
    return f"https://email.{region}.amazonaws.com"


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def _canonical_query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    encoded = [(quote(k, safe="-_.~"), quote(v, safe="-_.~")) for k, v in pairs]
    return "&".join(f"{k}={v}" for k, v in sorted(encoded))


def sigv4_authorization(
    *,
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, str],
    body: bytes,
    access_key_id: str,
    secret_access_key: str,
    region: str,
    service: str,
    amz_date: str,
) -> str:
    """The ``Authorization`` header value for a request (AWS Signature Version 4).

    ``path`` and ``query`` are as sent on the wire; ``headers`` are the headers to sign (at
    least ``host`` and ``x-amz-date``), names in any case. The path is encoded once more, as
    AWS does for every service but S3.
    """
    canonical = {k.lower(): " ".join(str(v).split()) for k, v in headers.items()}
    signed = ";".join(sorted(canonical))
    canonical_headers = "".join(f"{k}:{canonical[k]}\n" for k in sorted(canonical))
    canonical_request = "\n".join(
        [
            method.upper(),
            quote(path or "/", safe="/-_.~"),
            _canonical_query(query),
            canonical_headers,
            signed,
            hashlib.sha256(body).hexdigest(),
        ]
    )
    date = amz_date[:8]
    scope = f"{date}/{region}/{service}/aws4_request"
    string_to_sign = "\n".join(
        [ALGORITHM, amz_date, scope, hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()]
    )
    key = _hmac(("AWS4" + secret_access_key).encode("utf-8"), date)
    for part in (region, service, "aws4_request"):
        key = _hmac(key, part)
    signature = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    return (
        f"{ALGORITHM} Credential={access_key_id}/{scope}, "
        f"SignedHeaders={signed}, Signature={signature}"
    )


def error_type(response: httpx.Response) -> str:
    """SES's error type ("MessageRejected"...) from the header or the JSON body."""
    value = response.headers.get("x-amzn-errortype", "")
    if not value:
        try:
            data = response.json()
            value = (
                str(data.get("__type") or data.get("code") or "") if isinstance(data, dict) else ""
            )
        except ValueError:
            value = ""
    # "MessageRejected:http://internal.amazon.com/coral/..." or "com.amazonaws...#MessageRejected"
    return value.split(":")[0].rsplit("#", 1)[-1]


class SesTransport(HttpApiTransport):
    provider = "Amazon SES"
    batch_size = 1

    def __init__(
        self,
        access_key_id: str,
        secret_access_key: str,
        region: str = DEFAULT_REGION,
        base_url: str = "",
        *,
        ca_file: str = "",
        timeout: float = 30.0,
    ) -> None:
        super().__init__(base_url or default_base_url(region), ca_file=ca_file, timeout=timeout)
        self._access_key_id = access_key_id
        self._secret_access_key = secret_access_key
        self.region = region

    def _prepare(self, request: httpx.Request) -> None:
        amz_date = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        request.headers["x-amz-date"] = amz_date
        to_sign = {"host": request.headers["host"], "x-amz-date": amz_date}
        if "content-type" in request.headers:
            to_sign["content-type"] = request.headers["content-type"]
        path, _, query = request.url.raw_path.decode("ascii").partition("?")
        request.headers["authorization"] = sigv4_authorization(
            method=request.method,
            path=path,
            query=query,
            headers=to_sign,
            body=request.content,
            access_key_id=self._access_key_id,
            secret_access_key=self._secret_access_key,
            region=self.region,
            service=SERVICE,
            amz_date=amz_date,
        )

    def _request_for(self, item: Outgoing) -> tuple[str, str, dict[str, Any]]:
        payload = {
            "FromEmailAddress": item.sender.email,
            "Destination": {"ToAddresses": [item.to.email]},
            "Content": {"Raw": {"Data": base64.b64encode(item.mime).decode("ascii")}},
        }
        return "POST", "/v2/email/outbound-emails", {"json": payload}

    def _provider_id(self, response: httpx.Response) -> str:
        try:
            return str(response.json().get("MessageId") or "")
        except (ValueError, AttributeError):
            return ""

    def _account_problem(self, response: httpx.Response) -> bool:
        return error_type(response) in ACCOUNT_ERRORS

    def _is_temporary(self, response: httpx.Response) -> bool:
        return super()._is_temporary(response) or error_type(response) in THROTTLING_ERRORS

    def error_message(self, response: httpx.Response) -> str:
        text = super().error_message(response)
        kind = error_type(response)
        return f"{kind}: {text}" if kind and kind not in text else text

    def _check_path(self) -> str:
        return "/v2/email/account"

    def _describe(self, response: httpx.Response) -> str:
        try:
            data = response.json()
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        if data.get("SendingEnabled") is False:
            raise AuthenticationFailed(
                "Amazon SES accepted the keys, but sending is disabled for this account "
                "(region {region}).",
                region=self.region,
            )
        quota = data.get("SendQuota") or {}
        parts = [f"Amazon SES ({self.region}) accepted the keys"]
        if quota:
            parts.append(
                f"quota {quota.get('Max24HourSend', 0):g} messages a day, "
                f"{quota.get('MaxSendRate', 0):g} a second"
            )
        if data.get("ProductionAccessEnabled") is False:
            parts.append("sandbox: only verified recipients")
        return "; ".join(parts) + "."
