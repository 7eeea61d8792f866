"""Mailgun Messages API, MIME flavour.

``POST /v3/{domain}/messages.mime`` (basic auth ``api``:key, multipart form: ``to`` and
``message`` = our complete MIME message), one request per message; accepted: 200
``{"id": "<...>", "message": "Queued. Thank you."}``. Mailgun keeps EU and US data apart: an EU
domain is only known to ``https://api.eu.mailgun.net``. The connection test reads
``GET /v3/domains/{domain}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from app.sending.transports.http_api import HttpApiTransport

if TYPE_CHECKING:
    from app.templates.mime import Outgoing

BASE_URLS = {"us": "https://api.mailgun.net", "eu": "https://api.eu.mailgun.net"}
DEFAULT_BASE_URL = BASE_URLS["us"]


class MailgunTransport(HttpApiTransport):
    provider = "Mailgun"
    batch_size = 1

    def __init__(
        self,
        api_key: str,
        domain: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        ca_file: str = "",
        timeout: float = 30.0,
    ) -> None:
        super().__init__(base_url, ca_file=ca_file, timeout=timeout)
        self._api_key = api_key
        self.domain = domain

    def _auth(self) -> tuple[str, str]:
        return ("api", self._api_key)

    def _request_for(self, item: Outgoing) -> tuple[str, str, dict[str, Any]]:
        return (
            "POST",
            f"/v3/{quote(self.domain, safe='')}/messages.mime",
            {
                "data": {"to": item.to.email},
                "files": {"message": ("message.eml", item.mime, "message/rfc822")},
            },
        )

    def _provider_id(self, response: httpx.Response) -> str:
        try:
            return str(response.json().get("id") or "")
        except (ValueError, AttributeError):
            return ""

    def _account_problem(self, response: httpx.Response) -> bool:
        # 404 on the messages endpoint: the sending domain is not on this account (or lives in
        # the other region); every message would fail the same way.
        return response.status_code == 404

    def _check_path(self) -> str:
        return f"/v3/domains/{quote(self.domain, safe='')}"

    def _describe(self, response: httpx.Response) -> str:
        try:
            state = response.json().get("domain", {}).get("state", "")
        except (ValueError, AttributeError):
            state = ""
        if state and state != "active":
            return f"Mailgun accepted the API key; the domain {self.domain} is {state}."
        return f"Mailgun accepted the API key; the domain {self.domain} is ready."
