"""Brevo (ex-Sendinblue) transactional email API.

``POST /v3/smtp/email`` with the ``api-key`` header; accepted: 201 ``{"messageId": ...}``. One
request per message: Brevo's batch form (``messageVersions``) lets each version override its
recipients, subject, HTML and parameters, but its documentation lists no per-version text part
or headers, and every Facteur message has its own text part, Message-ID and unsubscribe link.
Rate limits answer 429 with ``x-sib-ratelimit-reset`` (seconds until the reset). The connection
test reads ``GET /v3/account``.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

import httpx

from app.sending.transports.http_api import HttpApiTransport, mailbox_json, split_address

if TYPE_CHECKING:
    from app.templates.mime import Outgoing

DEFAULT_BASE_URL = "https://api.brevo.com"


class BrevoTransport(HttpApiTransport):
    provider = "Brevo"
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
        return {"api-key": self._api_key}

    def _request_for(self, item: Outgoing) -> tuple[str, str, dict[str, Any]]:
        payload: dict[str, Any] = {
            "sender": mailbox_json(item.sender.name, item.sender.email),
            "to": [mailbox_json(item.to.name, item.to.email)],
            "subject": item.subject,
        }
        if item.html:
            payload["htmlContent"] = item.html
        if item.text:
            payload["textContent"] = item.text
        if item.reply_to:
            payload["replyTo"] = mailbox_json(*split_address(item.reply_to))
        if item.headers:
            payload["headers"] = dict(item.headers)
        if item.attachments:
            payload["attachment"] = [
                {"content": base64.b64encode(a.data).decode("ascii"), "name": a.filename}
                for a in item.attachments
            ]
        return "POST", "/v3/smtp/email", {"json": payload}

    def _provider_id(self, response: httpx.Response) -> str:
        try:
            return str(response.json().get("messageId") or "")
        except (ValueError, AttributeError):
            return ""

    def _rate_limit_reset(self, response: httpx.Response) -> float | None:
        try:
            return max(0.0, float(response.headers["x-sib-ratelimit-reset"]))
        except (KeyError, ValueError):
            return None

    def _check_path(self) -> str:
        return "/v3/account"

    def _describe(self, response: httpx.Response) -> str:
        try:
            data = response.json()
        except ValueError:
            data = {}
        who = (data.get("companyName") or data.get("email") or "") if isinstance(data, dict) else ""
        if who:
            return f"Brevo accepted the API key (account “{who}”)."
        return "Brevo accepted the API key."
