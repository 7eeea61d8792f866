"""SMTP transport against real servers on 127.0.0.1 (tests/smtp_servers.py).

aiosmtpd servers (plain, STARTTLS and implicit SSL with a trustme CA, AUTH, injected 4xx/5xx,
PIPELINING advertised or not) and a raw-socket server that checks how commands arrive and drops
connections in the middle of the data or after the final dot.
"""

from __future__ import annotations

import gc
import socket
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import InvalidInput
from app.sending.transports import smtp as smtp_module
from app.sending.transports.base import (
    AuthenticationFailed,
    Outcome,
    OutcomeStatus,
    TransportUnavailable,
)
from app.sending.transports.smtp import SmtpTransport
from app.templates.mime import Address, Outgoing
from tests.smtp_servers import (
    DroppingSmtpServer,
    RawSmtpServer,
    SmtpServer,
    nothing_listening,
)

SENDER = "boutique@example.fr"


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    """Servers must stop their threads when their block ends."""
    before = set(threading.enumerate())
    yield
    left = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert not left, f"threads left running: {left}"


def mime(body: bytes = b"Bonjour,\r\n\r\nA bient\xc3\xb4t.\r\n", subject: str = "Hello") -> bytes:
    """A message as the builder makes it: CRLF, encoded display name, 8-bit UTF-8 body."""
    return (
        b"From: =?utf-8?q?Boutique_=C3=89lodie?= <" + SENDER.encode() + b">\r\n"
        b"To: client@example.com\r\n"
        b"Subject: " + subject.encode() + b"\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n"
        b"\r\n" + body
    )


def message(key: int, to: str = "client@example.com", data: bytes | None = None) -> Outgoing:
    return Outgoing(
        key=key,
        sender=Address("Boutique Élodie", SENDER),
        to=Address("", to),
        reply_to="",
        subject="Hello",
        html="",
        text="",
        headers={},
        mime=mime() if data is None else data,
    )


def send(transport: SmtpTransport, items: Sequence[Outgoing]) -> list[Outcome]:
    outcomes: list[Outcome] = []
    transport.send_batch(items, outcomes.append)
    return outcomes


def transport_for(server: SmtpServer | RawSmtpServer, **kwargs: Any) -> SmtpTransport:
    security = getattr(server, "tls", "none")
    return SmtpTransport(
        server.host, server.port, security, ca_file=server.ca_file, timeout=10.0, **kwargs
    )


# -- delivery ----------------------------------------------------------------------------------


def test_plain_send_delivers_the_exact_bytes_and_reports_the_queue_id() -> None:
    with SmtpServer() as server, transport_for(server) as transport:
        outcomes = send(transport, [message(7)])
        assert outcomes == [Outcome(7, "sent", provider_id="Q000001")]
        received = server.wait_for(1)[0]
    assert received.mail_from == SENDER
    assert received.rcpt_tos == ("client@example.com",)
    assert received.data == mime()
    assert "BODY=8BITMIME" in received.mail_options  # the body has UTF-8 bytes
    assert not received.tls


@pytest.mark.parametrize("pipelining", [False, True], ids=["sequential", "pipelined"])
def test_many_messages_share_one_connection(pipelining: bool) -> None:
    items = [message(i, f"client{i}@example.com", mime(subject=f"n{i}")) for i in range(45)]
    with SmtpServer(pipelining=pipelining) as server, transport_for(server) as transport:
        outcomes = []
        for start in range(0, len(items), transport.batch_size):
            outcomes += send(transport, items[start : start + transport.batch_size])
        server.wait_for(45)
        assert server.sessions == 1
    assert [o.key for o in outcomes] == list(range(45))
    assert {o.status for o in outcomes} == {"sent"}
    assert [m.data for m in server.messages] == [i.mime for i in items]
    assert [m.rcpt_tos for m in server.messages] == [(i.to.email,) for i in items]


@pytest.mark.parametrize("pipelining", [False, True], ids=["sequential", "pipelined"])
def test_a_new_connection_after_max_per_connection(pipelining: bool) -> None:
    items = [message(i, f"client{i}@example.com") for i in range(7)]
    with (
        SmtpServer(pipelining=pipelining) as server,
        transport_for(server, max_per_connection=3) as transport,
    ):
        outcomes = send(transport, items)
        assert {o.status for o in outcomes} == {"sent"}
        assert len(server.wait_for(7)) == 7
        assert server.sessions == 3


def test_close_then_send_again_reconnects() -> None:
    with SmtpServer() as server, transport_for(server) as transport:
        assert send(transport, [message(1)])[0].status == "sent"
        transport.close()
        transport.close()
        assert send(transport, [message(2)])[0].status == "sent"
        assert server.sessions == 2


# -- TLS ---------------------------------------------------------------------------------------


def test_starttls_with_the_test_ca() -> None:
    with SmtpServer(tls="starttls") as server, transport_for(server) as transport:
        assert send(transport, [message(1)])[0].status == "sent"
        assert server.wait_for(1)[0].tls


def test_implicit_ssl() -> None:
    with SmtpServer(tls="ssl") as server, transport_for(server) as transport:
        assert send(transport, [message(1), message(2)])[1].status == "sent"
        assert server.wait_for(2)[1].data == mime()
        assert server.sessions == 1


@pytest.mark.parametrize("tls", ["starttls", "ssl"])
def test_an_untrusted_certificate_is_refused(tls: str) -> None:
    with SmtpServer(tls=tls) as server:  # type: ignore[arg-type]
        transport = SmtpTransport(server.host, server.port, tls, timeout=10.0)  # system CAs only
        with pytest.raises(TransportUnavailable, match="certificate .* not trusted"):
            send(transport, [message(1)])
        assert server.messages == []


def test_a_certificate_for_another_name_is_refused() -> None:
    with SmtpServer(tls="ssl", cert_names=("mail.example.org",)) as server:
        transport = transport_for(server)
        with pytest.raises(TransportUnavailable, match="not valid for that name"):
            transport.check()


def test_starttls_required_but_not_offered_never_falls_back_to_plain() -> None:
    with SmtpServer(tls="none") as server:
        transport = SmtpTransport(server.host, server.port, "starttls", timeout=10.0)
        with pytest.raises(TransportUnavailable, match="does not offer STARTTLS") as error:
            send(transport, [message(1)])
        assert server.messages == []
    assert error.value.template.startswith("The mail server {host} does not offer STARTTLS")
    assert error.value.params == {"host": "127.0.0.1"}


def test_ssl_setting_on_a_plain_port_says_so() -> None:
    with SmtpServer(tls="none") as server:
        transport = SmtpTransport(server.host, server.port, "ssl", timeout=10.0)
        with pytest.raises(TransportUnavailable, match="security setting"):
            transport.check()


# -- authentication ----------------------------------------------------------------------------


def test_auth_over_starttls() -> None:
    with (
        SmtpServer(tls="starttls", auth={"jean": "s3cret"}) as server,
        transport_for(server, username="jean", password="s3cret") as transport,
    ):
        assert send(transport, [message(1)])[0].status == "sent"
        received = server.wait_for(1)[0]
    assert server.logins == ["jean"]
    assert received.tls and received.login == "jean"


def test_wrong_password_raises_authentication_failed_with_the_reply() -> None:
    with SmtpServer(tls="starttls", auth={"jean": "s3cret"}) as server:
        transport = transport_for(server, username="jean", password="wrong")
        reported: list[Outcome] = []
        with pytest.raises(AuthenticationFailed, match="refused the login 'jean': 535") as error:
            transport.send_batch([message(1)], reported.append)
        assert reported == []
        assert server.messages == []
    assert "{reply}" in error.value.template


def test_no_login_but_the_server_requires_one() -> None:
    with SmtpServer(tls="starttls", auth={"jean": "s3cret"}) as server:
        transport = transport_for(server)
        reported: list[Outcome] = []
        with pytest.raises(AuthenticationFailed, match="requires authentication: 530"):
            transport.send_batch([message(1), message(2)], reported.append)
        assert reported == []


def test_auth_over_a_plain_link_needs_the_explicit_option() -> None:
    with SmtpServer(auth={"jean": "s3cret"}, auth_require_tls=False) as server:
        refused = SmtpTransport(server.host, server.port, "none", "jean", "s3cret")
        with pytest.raises(AuthenticationFailed, match="would travel unencrypted") as error:
            send(refused, [message(1)])
        with pytest.raises(AuthenticationFailed, match="would travel unencrypted"):
            refused.check()
        assert server.sessions == 0  # refused before connecting: the password never left
        assert error.value.params == {"username": "jean", "host": "127.0.0.1"}

        with SmtpTransport(
            server.host, server.port, "none", "jean", "s3cret", allow_insecure_auth=True
        ) as allowed:
            assert send(allowed, [message(1)])[0].status == "sent"
        assert server.wait_for(1)[0].login == "jean"


# -- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("pipelining", [False, True], ids=["sequential", "pipelined"])
def test_4xx_retry_5xx_failed_in_a_mixed_batch(pipelining: bool) -> None:
    with SmtpServer(pipelining=pipelining) as server, transport_for(server) as transport:
        server.reply_for("unknown@example.com", "550 5.1.1 <unknown@example.com>: user unknown")
        server.reply_for("grey@example.com", "451 4.7.1 greylisted, try again later")
        server.reply_for("spam@example.com", "554 5.7.1 message rejected as spam", stage="data")
        server.reply_for("busy@example.com", "452 4.3.1 insufficient storage", stage="data")
        items = [
            message(1),
            message(2, "unknown@example.com"),
            message(3, "grey@example.com"),
            message(4, "spam@example.com"),
            message(5, "busy@example.com"),
            message(6),
        ]
        outcomes = send(transport, items)
        assert server.sessions == 1  # refusals do not cost the connection
    assert [(o.key, o.status) for o in outcomes] == [
        (1, "sent"),
        (2, "failed"),
        (3, "retry"),
        (4, "failed"),
        (5, "retry"),
        (6, "sent"),
    ]
    assert outcomes[1].detail == "550 5.1.1 <unknown@example.com>: user unknown"
    assert outcomes[2].detail == "451 4.7.1 greylisted, try again later"
    assert outcomes[3].detail == "554 5.7.1 message rejected as spam"
    assert [m.rcpt_tos for m in server.messages] == [
        ("client@example.com",),
        ("client@example.com",),
    ]


@pytest.mark.parametrize("pipelining", [False, True], ids=["sequential", "pipelined"])
@pytest.mark.parametrize(
    ("reply", "status"), [("550 5.7.1 sender refused", "failed"), ("451 4.3.0 later", "retry")]
)
def test_mail_from_refused(pipelining: bool, reply: str, status: OutcomeStatus) -> None:
    with SmtpServer(pipelining=pipelining) as server, transport_for(server) as transport:
        server.fail_next(1, reply, stage="mail")
        outcomes = send(transport, [message(1), message(2)])
        assert server.sessions == 1
    # Pipelined, RCPT and DATA were answered 503 too: the first refusal decides.
    assert outcomes == [Outcome(1, status, reply), Outcome(2, "sent", provider_id="Q000001")]


def test_421_gives_retry_and_a_new_connection() -> None:
    with SmtpServer(pipelining=True) as server, transport_for(server) as transport:
        server.fail_next(1, "421 4.7.0 smtp.test closing connection", stage="rcpt")
        outcomes = send(transport, [message(1), message(2)])
        assert [o.status for o in outcomes] == ["retry", "sent"]
        assert outcomes[0].detail.startswith("421 4.7.0")
        assert server.sessions == 2


def test_non_ascii_address_without_smtputf8_fails_clearly() -> None:
    with SmtpServer(smtputf8=False) as server, transport_for(server) as transport:
        outcomes = send(transport, [message(1, "zoé@exemple.fr"), message(2)])
        assert outcomes[0].status == "failed"
        assert "SMTPUTF8" in outcomes[0].detail
        assert outcomes[1].status == "sent"
    with SmtpServer() as server, transport_for(server) as transport:
        assert send(transport, [message(1, "zoé@exemple.fr")])[0].status == "sent"
        received = server.wait_for(1)[0]
        assert received.rcpt_tos == ("zoé@exemple.fr",)
        assert "SMTPUTF8" in received.mail_options


def test_an_address_that_would_inject_commands_is_refused_locally() -> None:
    with SmtpServer() as server, transport_for(server) as transport:
        outcomes = send(transport, [message(1, "x@example.com>\r\nRCPT TO:<y@example.com")])
        assert outcomes[0].status == "failed"
        assert server.messages == []


# -- pipelining --------------------------------------------------------------------------------


def test_pipelining_sends_commands_together_when_offered() -> None:
    with RawSmtpServer(pipelining=True) as server, transport_for(server) as transport:
        outcomes = send(transport, [message(i) for i in range(4)])
        outcomes += send(transport, [message(4)])
        assert [o.provider_id for o in outcomes] == [f"R00000{i}" for i in range(1, 6)]
        assert server.pipelined == [True] * 5
        assert server.sessions == 1


def test_no_pipelining_when_not_offered() -> None:
    with RawSmtpServer(pipelining=False) as server, transport_for(server) as transport:
        outcomes = send(transport, [message(i) for i in range(4)])
        assert {o.status for o in outcomes} == {"sent"}
        assert server.pipelined == [False] * 4


def test_a_batch_interrupted_mid_group_never_sends_a_stray_message() -> None:
    """report() raising leaves the next message's commands answered 354: the server is in DATA."""
    with SmtpServer(pipelining=True) as server, transport_for(server) as transport:

        def failing_report(outcome: Outcome) -> None:
            raise RuntimeError("database gone")

        with pytest.raises(RuntimeError):
            transport.send_batch([message(1), message(2)], failing_report)
        assert send(transport, [message(3, "third@example.com")])[0].status == "sent"
        transport.close()
        received = server.wait_for(2)
    assert [m.rcpt_tos for m in received] == [("client@example.com",), ("third@example.com",)]
    assert all(m.data == mime() for m in received)


# -- dot-stuffing ------------------------------------------------------------------------------


def test_dot_stuffing_round_trip() -> None:
    bodies = [
        b".\r\n",
        b".hidden first line\r\n..two dots\r\n.\r\nend\r\n",
        b"no final line break\r\n.",
        b"",
    ]
    with SmtpServer(pipelining=True) as server, transport_for(server) as transport:
        outcomes = send(transport, [message(i, data=mime(b)) for i, b in enumerate(bodies)])
        outcomes += send(transport, [message(9, data=b".starts with a dot\r\n")])
        assert {o.status for o in outcomes} == {"sent"}
        received = [m.data for m in server.wait_for(5)]
    expected = [mime(b) for b in bodies] + [b".starts with a dot\r\n"]
    expected[2] += b"\r\n"  # the transport ends the data with CRLF
    assert received == expected


def test_dot_stuffing_property() -> None:
    pieces = st.sampled_from([b".", b"..", b".x", b"x.", b"", b"a.b", b" .", b"\xc3\xa9."])
    with SmtpServer(pipelining=True) as server, transport_for(server) as transport:

        @settings(max_examples=60, deadline=None)
        @given(st.lists(st.lists(pieces, max_size=3).map(b"".join), max_size=6))
        def round_trip(lines: list[bytes]) -> None:
            data = mime(b"".join(line + b"\r\n" for line in lines))
            before = len(server.messages)
            assert send(transport, [message(1, data=data)])[0].status == "sent"
            assert server.messages[before].data == data

        round_trip()


# -- broken connections ------------------------------------------------------------------------


@pytest.mark.parametrize("pipelining", [False, True], ids=["sequential", "pipelined"])
def test_drop_mid_data_gives_retry_and_the_next_message_reconnects(pipelining: bool) -> None:
    big = mime(b"".join(b"%07d" % i + b"x" * 990 + b"\r\n" for i in range(4000)))  # ~4 MB
    with (
        DroppingSmtpServer("mid_data", pipelining=pipelining) as server,
        transport_for(server) as transport,
    ):
        outcomes = send(transport, [message(1, data=big), message(2)])
        assert [o.status for o in outcomes] == ["retry", "sent"]
        assert "connection lost while sending" in outcomes[0].detail
        assert server.sessions == 2
        assert [m.data for m in server.messages] == [mime()]


@pytest.mark.parametrize("pipelining", [False, True], ids=["sequential", "pipelined"])
def test_drop_after_the_final_dot_is_in_doubt(pipelining: bool) -> None:
    with (
        DroppingSmtpServer("after_dot", pipelining=pipelining) as server,
        transport_for(server) as transport,
    ):
        outcomes = send(transport, [message(1), message(2)])
        assert [o.status for o in outcomes] == ["in_doubt", "sent"]
        assert "after the whole message was sent" in outcomes[0].detail
        assert server.sessions == 2


def test_a_connection_closed_while_idle_is_replaced_transparently() -> None:
    with RawSmtpServer(pipelining=True) as server, transport_for(server) as transport:
        assert send(transport, [message(1)])[0].status == "sent"
        server.close_connections()
        assert send(transport, [message(2)])[0].status == "sent"
        assert server.sessions == 2


def test_an_idle_timeout_421_is_not_taken_for_a_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(smtp_module, "_IDLE_CHECK", 0.0)  # "idle" at once, not after a second
    with RawSmtpServer(pipelining=True) as server, transport_for(server) as transport:
        assert send(transport, [message(1)])[0].status == "sent"
        server.close_connections(b"421 4.4.2 raw.test Error: timeout exceeded\r\n")
        assert send(transport, [message(2)]) == [Outcome(2, "sent", provider_id="R000002")]
        assert server.sessions == 2


def test_server_down_raises_transport_unavailable_and_reports_nothing() -> None:
    with nothing_listening() as port:
        transport = SmtpTransport("127.0.0.1", port, "none", timeout=5.0)
        reported: list[Outcome] = []
        with pytest.raises(TransportUnavailable, match="refused the connection"):
            transport.send_batch([message(1), message(2)], reported.append)
        with pytest.raises(TransportUnavailable, match="refused the connection"):
            transport.check()
    assert reported == []


@pytest.mark.parametrize("tls", ["none", "starttls", "ssl"])
def test_a_server_stopped_under_a_connected_client_leaves_nothing_open(tls: str) -> None:
    with SmtpServer(tls=tls) as server:  # type: ignore[arg-type]
        transport = transport_for(server)
        assert send(transport, [message(1)])[0].status == "sent"
    gc.collect()  # an unclosed server socket would warn here (an error under pytest)
    with pytest.raises(TransportUnavailable):
        send(transport, [message(2)])  # the old connection is dead, and nothing listens
    transport.close()


def test_the_same_transport_works_once_the_server_is_back() -> None:
    with nothing_listening() as port:
        transport = SmtpTransport("127.0.0.1", port, "none", timeout=5.0)
        with pytest.raises(TransportUnavailable):
            send(transport, [message(1)])
    with SmtpServer(port=port) as server:
        assert send(transport, [message(1)])[0].status == "sent"
        transport.close()
        assert server.wait_for(1)[0].data == mime()


def test_a_server_that_never_greets_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()  # connections complete in the kernel; nobody answers
        transport = SmtpTransport("127.0.0.1", listener.getsockname()[1], "none", timeout=0.3)
        with pytest.raises(TransportUnavailable, match="did not answer within 0.3 seconds"):
            transport.check()


def test_when_reconnecting_fails_the_rest_of_the_batch_is_not_reported() -> None:
    with (
        RawSmtpServer(pipelining=True, drop="after_dot", max_sessions=1) as server,
        transport_for(server) as transport,
    ):
        reported: list[Outcome] = []
        with pytest.raises(TransportUnavailable, match="refused the connection"):
            transport.send_batch([message(1), message(2), message(3)], reported.append)
    assert [(o.key, o.status) for o in reported] == [(1, "in_doubt")]


# -- check() and settings ----------------------------------------------------------------------


def test_check_describes_the_server() -> None:
    with SmtpServer(tls="starttls", auth={"jean": "s3cret"}) as server:
        transport = transport_for(server, username="jean", password="s3cret")
        assert transport.check() == "127.0.0.1: ESMTP ready, STARTTLS, AUTH LOGIN PLAIN, " + (
            "logged in as jean"
        )
        assert server.logins == ["jean"]
    with SmtpServer(pipelining=True) as server:
        assert transport_for(server).check() == "127.0.0.1: ESMTP ready, no encryption, PIPELINING"


def test_check_with_a_wrong_password() -> None:
    with (
        SmtpServer(tls="ssl", auth={"jean": "s3cret"}) as server,
        pytest.raises(AuthenticationFailed, match="535"),
    ):
        transport_for(server, username="jean", password="nope").check()


def test_unknown_security_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="expected none, starttls or ssl"):
        SmtpTransport("smtp.example.com", 587, "tls")
