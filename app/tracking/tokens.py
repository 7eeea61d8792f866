"""Signed tokens of the tracking links, shared by the desktop (signing) and the relay (checking).

One secret, one salt per purpose (itsdangerous): an open token is no click token, and a click
token signs its destination, so the relay never redirects anywhere the desktop did not write.
Tokens are signed, not encrypted: they hold ids, never an address or a name.

Payloads (compact JSON keys):

- open:        ``{"m": message id, "c": contact id, "t": sent at (epoch seconds)}``
- click:       ``{"u": url, "m": message id?, "c": contact id?, "r": run id?, "t": sent at}``
  (no ``m``/``c`` for a contact without tracking consent: the click counts for the campaign only)
- unsubscribe: ``{"m": message id, "c": contact id}``
- confirm:     ``{"f": form name, "s": signup id on the relay, "c": contact id?}``
"""

from __future__ import annotations

import time
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

from app.errors import FacteurError

PURPOSES = ("open", "click", "unsubscribe", "confirm", "check")
_SALT = "facteur.{}.v1"


class BadToken(FacteurError):
    """A token that was tampered with, signed with another secret or for another purpose."""


class TokenSigner:
    """Signs and checks the tokens of every purpose with one shared secret."""

    def __init__(self, secret: str) -> None:
        if not secret or len(secret) < 16:
            raise FacteurError("The relay secret must be at least 16 characters long.")
        self._serializers = {
            purpose: URLSafeSerializer(secret, salt=_SALT.format(purpose)) for purpose in PURPOSES
        }

    def dumps(self, purpose: str, payload: dict[str, Any]) -> str:
        token = self._serializers[purpose].dumps(payload)
        assert isinstance(token, str)
        return token

    def loads(self, purpose: str, token: str) -> dict[str, Any]:
        """The payload of ``token`` for ``purpose``; ``BadToken`` if it is not one."""
        serializer = self._serializers.get(purpose)
        if serializer is None or not token or len(token) > 4096:
            raise BadToken("Invalid link.")
        try:
            payload = serializer.loads(token)
        except BadSignature as exc:
            raise BadToken("Invalid link.") from exc
        if not isinstance(payload, dict):
            raise BadToken("Invalid link.")
        return payload

    # The desktop's side: one function per purpose.

    def open_token(self, message_id: int, contact_id: int, sent_at: float | None = None) -> str:
        return self.dumps(
            "open", {"m": message_id, "c": contact_id, "t": int(sent_at or time.time())}
        )

    def click_token(
        self,
        url: str,
        *,
        message_id: int | None = None,
        contact_id: int | None = None,
        run_id: int | None = None,
        sent_at: float | None = None,
    ) -> str:
        payload: dict[str, Any] = {"u": url, "t": int(sent_at or time.time())}
        if message_id is not None:
            payload["m"] = message_id
        if contact_id is not None:
            payload["c"] = contact_id
        if run_id is not None:
            payload["r"] = run_id
        return self.dumps("click", payload)

    def unsubscribe_token(self, message_id: int, contact_id: int) -> str:
        return self.dumps("unsubscribe", {"m": message_id, "c": contact_id})

    def confirm_token(self, form: str, signup_id: int | str, contact_id: int | None = None) -> str:
        payload: dict[str, Any] = {"f": form, "s": signup_id}
        if contact_id is not None:
            payload["c"] = contact_id
        return self.dumps("confirm", payload)

    def check_token(self) -> str:
        """A token the relay verifies to prove both sides share the secret (Test button)."""
        return self.dumps("check", {"t": int(time.time())})
