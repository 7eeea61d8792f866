"""SendGrid (Twilio) v3 Mail Send API.

``POST /v3/mail/send`` with a Bearer key, one request per message: every Facteur message is fully
personalised (HTML and text differ per recipient: names, unsubscribe links), and SendGrid's
``personalizations`` can vary the recipient, subject and substitutions but not the HTML itself.
Accepted: 202 with the id in ``X-Message-Id``. The connection test reads ``GET /v3/scopes`` and
checks the key may send mail.
"""

from __future__ import annotations

import base64
import time
from typing import TYPE_CHECKING, Any

import httpx

from app.sending.transports.base import AuthenticationFailed
from app.sending.transports.http_api import HttpApiTransport, mailbox_json, split_address

if TYPE_CHECKING:
    from app.templates.mime import Outgoing

DEFAULT_BASE_URL = "https://api.sendgrid.com"
# Headers SendGrid sets itself and refuses in ``headers`` (its Mail Send reference).
RESERVED_HEADERS = frozenset(
    h.lower()
    for h in (
        "x-sg-id",
        "x-sg-eid",
        "received",
        "dkim-signature",
        "Content-Type",
        "Content-Transfer-Encoding",
        "To",
        "From",
        "Subject",
        "Reply-To",
        "CC",
        "BCC",
    )
)


class SendGridTransport(HttpApiTransport):
    provider = "SendGrid"
    batch_size = 1

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        ca_file: str = "",
        timeout: float = 30.0,
    ) -> None:
        super().__init__(base_url, ca_file=ca_file, timeout=timeout)
        self._api_key = api_key

    def _auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._api_key}"}

    def _request_for(self, item: Outgoing) -> tuple[str, str, dict[str, Any]]:
        payload: dict[str, Any] = {
            "personalizations": [{"to": [mailbox_json(item.to.name, item.to.email)]}],
            "from": mailbox_json(item.sender.name, item.sender.email),
            "subject": item.subject,
            # SendGrid wants text/plain before text/html.
            "content": [
                {"type": kind, "value": value}
                for kind, value in (("text/plain", item.text), ("text/html", item.html))
                if value
            ],
        }
        if item.reply_to:
            payload["reply_to"] = mailbox_json(*split_address(item.reply_to))
        headers = {k: v for k, v in item.headers.items() if k.lower() not in RESERVED_HEADERS}
        if headers:
            payload["headers"] = headers
        if item.attachments:
            payload["attachments"] = [
                {
                    "content": base64.b64encode(a.data).decode("ascii"),
                    "filename": a.filename,
                    "type": a.content_type,
                    "disposition": "attachment",
                }
                for a in item.attachments
            ]
        return "POST", "/v3/mail/send", {"json": payload}

    def _provider_id(self, response: httpx.Response) -> str:
        return response.headers.get("x-message-id", "")

    def _rate_limit_reset(self, response: httpx.Response) -> float | None:
        # X-RateLimit-Reset is the Unix time at which the limit resets.
        try:
            reset = float(response.headers["x-ratelimit-reset"])
        except (KeyError, ValueError):
            return None
        return max(0.0, reset - time.time())

    def _check_path(self) -> str:
        return "/v3/scopes"

    def _describe(self, response: httpx.Response) -> str:
        try:
            scopes = response.json().get("scopes") or []
        except (ValueError, AttributeError):
            scopes = []
        if "mail.send" not in scopes:
            raise AuthenticationFailed(
                "The SendGrid API key is valid but may not send mail: give it the "
                "“Mail Send” permission."
            )
        return "SendGrid accepted the API key; it may send mail."
