"""Postmark batch email API.

``POST /email/batch`` (``X-Postmark-Server-Token``): a JSON array of up to 500 messages and at
most 50 MB; the answer is 200 with one result per message, in order: ``ErrorCode`` 0 is
accepted (``MessageID``), others are refusals (406 inactive recipient, 300 invalid request...).
Each message names its message stream (``outbound`` for transactional, or a broadcast stream).
The connection test reads ``GET /server``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import httpx

from app.sending.transports.base import AuthenticationFailed, Outcome, Report
from app.sending.transports.http_api import (
    HttpApiTransport,
    NoAnswer,
    NotSent,
    format_address,
)

if TYPE_CHECKING:
    from app.templates.mime import Outgoing

DEFAULT_BASE_URL = "https://api.postmarkapp.com"
DEFAULT_STREAM = "outbound"
MAX_BATCH = 500
# Postmark's limit is 50 MB a request; keep a margin for the JSON around the messages.
MAX_PAYLOAD = 45 * 1024 * 1024

# Error codes refusing the account or the sender, not one message: 10 bad token, 400/401
# sender signature missing or unconfirmed, 405 not allowed to send, 412 account pending,
# 413 account may not send.
ACCOUNT_CODES = frozenset({10, 400, 401, 405, 412, 413})
# 100 maintenance, 429 rate limit: try again later.
TEMPORARY_CODES = frozenset({100, 429})


class PostmarkTransport(HttpApiTransport):
    provider = "Postmark"
    batch_size = MAX_BATCH

    def __init__(
        self,
        server_token: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        message_stream: str = DEFAULT_STREAM,
        ca_file: str = "",
        timeout: float = 60.0,
    ) -> None:
        super().__init__(base_url, ca_file=ca_file, timeout=timeout)
        self._token = server_token
        self.message_stream = message_stream or DEFAULT_STREAM

    def _auth_headers(self) -> dict[str, str]:
        return {"X-Postmark-Server-Token": self._token}

    def message(self, item: Outgoing) -> dict[str, Any]:
        """One message in Postmark's JSON."""
        msg: dict[str, Any] = {
            "From": format_address(item.sender),
            "To": format_address(item.to),
            "Subject": item.subject,
            "MessageStream": self.message_stream,
        }
        if item.html:
            msg["HtmlBody"] = item.html
        if item.text:
            msg["TextBody"] = item.text
        if item.reply_to:
            msg["ReplyTo"] = item.reply_to
        if item.headers:
            msg["Headers"] = [{"Name": k, "Value": v} for k, v in item.headers.items()]
        if item.attachments:
            msg["Attachments"] = [
                {
                    "Name": a.filename,
                    "Content": base64.b64encode(a.data).decode("ascii"),
                    "ContentType": a.content_type,
                }
                for a in item.attachments
            ]
        return msg

    def _chunks(self, items: Sequence[Outgoing]) -> Iterator[list[tuple[Outgoing, bytes]]]:
        """Requests of at most 500 messages and ``MAX_PAYLOAD`` bytes."""
        chunk: list[tuple[Outgoing, bytes]] = []
        size = 2
        for item in items:
            data = json.dumps(self.message(item), ensure_ascii=False).encode("utf-8")
            if chunk and (len(chunk) >= MAX_BATCH or size + len(data) + 1 > MAX_PAYLOAD):
                yield chunk
                chunk, size = [], 2
            chunk.append((item, data))
            size += len(data) + 1
        if chunk:
            yield chunk

    def send_batch(self, items: Sequence[Outgoing], report: Report) -> None:
        for chunk in self._chunks(items):
            body = b"[" + b",".join(data for _, data in chunk) + b"]"
            keys = [item.key for item, _ in chunk]
            try:
                response = self.exchange(
                    "POST",
                    "/email/batch",
                    content=body,
                    headers={"Content-Type": "application/json"},
                )
            except NotSent as exc:
                for key in keys:
                    report(Outcome(key, "retry", detail=str(exc)))
                continue
            except NoAnswer as exc:
                for key in keys:
                    report(Outcome(key, "in_doubt", detail=str(exc)))
                continue
            self._report_batch(keys, response, report)

    def _report_batch(self, keys: list[int], response: httpx.Response, report: Report) -> None:
        if response.status_code != 200:
            self.raise_for_account(response)
            for key in keys:
                report(self.outcome(key, response))
            return
        try:
            results = response.json()
        except ValueError:
            results = None
        if not isinstance(results, list) or len(results) != len(keys):
            # Postmark took the request but its answer cannot be matched to the messages.
            for key in keys:
                report(
                    Outcome(key, "in_doubt", detail="Postmark's answer to the batch was unreadable")
                )
            return
        refused: dict[str, Any] | None = None
        for key, result in zip(keys, results, strict=True):
            result = result if isinstance(result, dict) else {}
            code = _int(result.get("ErrorCode"))
            text = f"Postmark error {code}: {result.get('Message', '')}".strip()
            if code == 0:
                report(Outcome(key, "sent", provider_id=str(result.get("MessageID") or "")))
            elif code in ACCOUNT_CODES:
                # Left unreported: these go back to the queue once the account is fixed.
                refused = refused or result
            elif code in TEMPORARY_CODES:
                report(Outcome(key, "retry", detail=text, retry_after=self.retry_after(response)))
            else:
                report(Outcome(key, "failed", detail=text))
        if refused is not None:
            raise AuthenticationFailed(
                "Postmark refuses to send for this account (error {code}): {reason}",
                code=_int(refused.get("ErrorCode")),
                reason=str(refused.get("Message", "")),
            )

    def _account_problem(self, response: httpx.Response) -> bool:
        return _int(_json(response).get("ErrorCode")) in ACCOUNT_CODES

    def _is_temporary(self, response: httpx.Response) -> bool:
        return super()._is_temporary(response) or (
            _int(_json(response).get("ErrorCode")) in TEMPORARY_CODES
        )

    def _message_from(self, data: Any) -> str:
        if isinstance(data, dict) and "ErrorCode" in data:
            return f"Postmark error {data.get('ErrorCode')}: {data.get('Message', '')}".strip()
        return super()._message_from(data)

    def _request_for(self, item: Outgoing) -> tuple[str, str, dict[str, Any]]:
        raise NotImplementedError  # send_batch sends batches

    def _check_path(self) -> str:
        return "/server"

    def _describe(self, response: httpx.Response) -> str:
        name = _json(response).get("Name") or ""
        if name:
            return f"Postmark accepted the server token (server “{name}”)."
        return "Postmark accepted the server token."


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
