"""The interface every transport implements, and the outcomes it reports.

A worker hands a transport a batch of ready messages (``app.templates.mime.Outgoing``); the
transport reports one ``Outcome`` per message through a callback *as soon as it is known*, so an
acceptance is recorded even if a later message of the batch breaks the connection.

Whole-account problems are exceptions instead: ``AuthenticationFailed`` (the campaign pauses with
the message) and ``TransportUnavailable`` (server down, DNS, TLS handshake...: retried later). When
``send_batch`` raises, every message not yet reported was *not* sent and goes back to the queue.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from app.errors import FacteurError

if TYPE_CHECKING:
    from app.templates.mime import Outgoing

OutcomeStatus = Literal["sent", "retry", "failed", "in_doubt"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one message.

    - ``sent``: the server or API accepted it (``provider_id``: its queue id / message id).
    - ``retry``: a temporary refusal (SMTP 4xx, HTTP 429/5xx, connection lost before the end of
      the data): try again later, after ``retry_after`` seconds when the server said so.
    - ``failed``: a permanent refusal (SMTP 5xx, HTTP 4xx): ``detail`` keeps the server's reply.
    - ``in_doubt``: the whole message was handed over but no answer came (connection lost after
      the final dot, a timeout waiting for the API's reply): it may or may not have been accepted.
    """

    key: int
    status: OutcomeStatus
    detail: str = ""
    provider_id: str = ""
    retry_after: float | None = None


Report = Callable[[Outcome], None]


class AuthenticationFailed(FacteurError):
    """The server or API refused the account's credentials: sending stops until they are fixed."""


class TransportUnavailable(FacteurError):
    """The server or API cannot be reached or used right now (nothing was sent): retry later."""

    def __init__(
        self, template: str, /, retry_after: float | None = None, **params: object
    ) -> None:
        super().__init__(template, **params)
        self.retry_after = retry_after


class Transport(Protocol):
    """One connection (or HTTP client) to a sending account; used by one thread at a time."""

    #: How many messages ``send_batch`` takes at once (1 for SMTP; the API's batch size).
    batch_size: int

    def send_batch(self, items: Sequence[Outgoing], report: Report) -> None:
        """Send ``items``, calling ``report`` once per message as its outcome becomes known."""
        ...

    def check(self) -> str:
        """Connect and authenticate without sending; return a short description of the server.

        Raises ``AuthenticationFailed`` or ``TransportUnavailable`` with a readable reason.
        """
        ...

    def close(self) -> None:
        """Close connections; the transport may be used again (it reconnects)."""
        ...
