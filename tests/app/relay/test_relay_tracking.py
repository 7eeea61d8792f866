"""Opens, clicks and unsubscribes against the real relay (uvicorn on a loopback port)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.tracking.tokens import TokenSigner
from tests.relay_server import RelayServer

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.0"
AN_HOUR_AGO = time.time() - 3600


@pytest.fixture
def client(relay: RelayServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=relay.url, headers={"user-agent": BROWSER}, follow_redirects=False
    ) as c:
        yield c


def tampered(token: str) -> str:
    """The token with one character of its payload changed (the signature no longer matches)."""
    i = 3
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]


# Opens.


def test_open_pixel_records_an_open_and_answers_an_uncached_gif(relay, client):
    token = relay.signer.open_token(17, 5, AN_HOUR_AGO)

    response = client.get(f"/o/{token}.gif")

    assert response.status_code == 200
    assert response.headers["content-type"] == "image/gif"
    assert response.content.startswith(b"GIF89a") and len(response.content) == 43
    assert "no-store" in response.headers["cache-control"]
    [event] = relay.wait_for_events(kind="open")
    assert (event["message"], event["contact"], event["sent_at"]) == (17, 5, int(AN_HOUR_AGO))
    assert event["source"] == "pixel"
    assert event["bot"] is False
    assert event["ip"] == "127.0.0.0"


def test_replayed_open_is_a_second_open(relay, client):
    token = relay.signer.open_token(1, 2, AN_HOUR_AGO)
    client.get(f"/o/{token}.gif")
    client.get(f"/o/{token}.gif")
    relay.flush()
    assert len(relay.store.events(kind="open")) == 2


@pytest.mark.parametrize(
    "make_token",
    [
        lambda s: tampered(s.open_token(1, 2)),
        lambda s: s.click_token("https://exemple.fr/", message_id=1, contact_id=2),  # wrong purpose
        lambda s: TokenSigner("another-secret-0123456789").open_token(1, 2),
        lambda s: "not-a-token",
    ],
    ids=["tampered", "wrong-purpose", "other-secret", "garbage"],
)
def test_bad_open_token_still_gets_the_image_but_records_nothing(relay, client, make_token):
    response = client.get(f"/o/{make_token(relay.signer)}.gif")
    assert response.status_code == 200
    assert response.content.startswith(b"GIF89a")
    relay.flush()
    assert relay.store.events() == []


@pytest.mark.parametrize(
    ("method", "agent", "bot"),
    [
        ("GET", "Mozilla/5.0", True),  # Apple Mail Privacy Protection's proxy
        ("GET", "Mozilla/5.0 (compatible; BingPreview/1.0b)", True),
        ("GET", "Barracuda Sentinel (EE)", True),
        ("HEAD", BROWSER, True),
        ("GET", BROWSER, False),
    ],
)
def test_open_bot_flags(relay, client, method, agent, bot):
    token = relay.signer.open_token(1, 2, AN_HOUR_AGO)
    client.request(method, f"/o/{token}.gif", headers={"user-agent": agent})
    [event] = relay.wait_for_events(kind="open")
    assert event["bot"] is bot


def test_opens_are_written_in_batches_by_the_flusher(tmp_path):
    with (
        RelayServer(tmp_path=tmp_path, flush_interval=0.2, flush_rows=1000) as relay,
        httpx.Client(base_url=relay.url, headers={"user-agent": BROWSER}) as client,
    ):
        for n in range(30):
            client.get(f"/o/{relay.signer.open_token(n, n, AN_HOUR_AGO)}.gif")
        # Answered before written: nothing (or only part) in the database yet, all in the end.
        response = client.get("/api/v1/events", params={"wait": 5}, headers=relay.headers)
        first = response.json()["events"]
        assert first, "the long-poll returns once the batch is written"
        deadline = time.monotonic() + 5
        while len(relay.store.events(kind="open")) < 30 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(relay.store.events(kind="open")) == 30
        assert relay.relay.buffer.flushed == 30


def test_buffered_opens_are_written_on_shutdown(tmp_path):
    relay = RelayServer(tmp_path=tmp_path, flush_interval=60, flush_rows=10_000)
    with relay, httpx.Client(base_url=relay.url, headers={"user-agent": BROWSER}) as client:
        for n in range(5):
            client.get(f"/o/{relay.signer.open_token(n, n, AN_HOUR_AGO)}.gif")
        assert relay.relay.buffer.pending() == 5
    # Stopped: the store is disposed, but the rows are in the file.
    from app.relay.store import RelayStore

    store = RelayStore(relay.settings.db_url)
    try:
        assert len(store.events(kind="open")) == 5
    finally:
        store.dispose()


# Clicks.


def test_click_records_and_redirects_to_the_signed_url(relay, client):
    url = "https://exemple.fr/produits?id=3&utm_source=facteur#haut"
    token = relay.signer.click_token(url, message_id=7, contact_id=3, run_id=2, sent_at=AN_HOUR_AGO)

    response = client.get(f"/c/{token}")

    assert response.status_code == 302
    assert response.headers["location"] == url
    [event] = relay.wait_for_events(kind="click")
    assert (event["message"], event["contact"], event["run"]) == (7, 3, 2)
    assert event["url"] == url
    assert event["bot"] is False
    assert event["source"] == "link"


def test_click_without_a_contact_counts_for_the_campaign(relay, client):
    token = relay.signer.click_token("https://exemple.fr/", run_id=4, sent_at=AN_HOUR_AGO)
    assert client.get(f"/c/{token}").status_code == 302
    [event] = relay.wait_for_events(kind="click")
    assert (event["message"], event["contact"], event["run"]) == (None, None, 4)


@pytest.mark.parametrize(
    "make_token",
    [
        lambda s: tampered(s.click_token("https://exemple.fr/")),
        lambda s: s.open_token(1, 2),  # a valid token, for another purpose
        lambda s: s.unsubscribe_token(1, 2),
        lambda s: TokenSigner("another-secret-0123456789").click_token("https://evil.example/"),
        lambda s: "eyJ1IjoiaHR0cHM6Ly9ldmlsLmV4YW1wbGUvIn0",  # unsigned payload
    ],
    ids=["tampered", "open-token", "unsubscribe-token", "other-secret", "unsigned"],
)
def test_bad_click_token_never_redirects(relay, client, make_token):
    response = client.get(f"/c/{make_token(relay.signer)}")
    assert 400 <= response.status_code < 500
    assert "location" not in response.headers
    relay.flush()
    assert relay.store.events() == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/",
        "ftp://exemple.fr/file",
        "https://exemple.fr/\r\nSet-Cookie: a=b",
        "https:///nohost",
    ],
)
def test_signed_but_unsafe_destination_is_not_followed(relay, client, url):
    token = relay.signer.click_token(url, message_id=1, contact_id=1, sent_at=AN_HOUR_AGO)
    response = client.get(f"/c/{token}")
    assert response.status_code == 400
    assert "location" not in response.headers
    relay.flush()
    assert relay.store.events() == []


def test_click_bot_flags(relay, client):
    fresh = relay.signer.click_token("https://exemple.fr/a", message_id=1, contact_id=1)
    old = relay.signer.click_token(
        "https://exemple.fr/b", message_id=1, contact_id=1, sent_at=AN_HOUR_AGO
    )
    client.get(f"/c/{fresh}")  # within 2 s of sending: a scanner
    client.head(f"/c/{old}")  # HEAD: a scanner checking the link
    client.get(f"/c/{old}", headers={"user-agent": "Mozilla/5.0 Proofpoint URL Defense"})
    client.get(f"/c/{old}")  # a person
    relay.flush()
    flags = [e["bot"] for e in relay.store.events(kind="click")]
    assert flags == [True, True, True, False]


# Unsubscribes.


def test_get_unsubscribe_shows_a_page_and_changes_nothing(relay, client):
    token = relay.signer.unsubscribe_token(9, 4)

    french = client.get(f"/u/{token}", headers={"accept-language": "fr-FR,fr;q=0.9,en;q=0.8"})
    english = client.get(f"/u/{token}", headers={"accept-language": "en-GB,en;q=0.9"})

    assert french.status_code == english.status_code == 200
    assert "Me désinscrire" in french.text and 'method="post"' in french.text
    assert "Unsubscribe" in english.text
    relay.flush()
    assert relay.store.events() == []


def test_post_unsubscribe_from_the_page_records_it_once(relay, client):
    token = relay.signer.unsubscribe_token(9, 4)
    first = client.post(f"/u/{token}", data={"confirm": "1"})
    again = client.post(f"/u/{token}", data={"confirm": "1"})

    assert first.status_code == again.status_code == 200
    [event] = relay.store.events(kind="unsubscribe")
    assert (event["message"], event["contact"], event["source"]) == (9, 4, "page")


def test_one_click_unsubscribe_rfc8058(relay, client):
    token = relay.signer.unsubscribe_token(11, 6)
    response = client.post(
        f"/u/{token}",
        content=b"List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200
    # No cookie, no login: the answer sets nothing.
    assert "set-cookie" not in response.headers
    [event] = relay.store.events(kind="unsubscribe")
    assert (event["message"], event["contact"], event["source"]) == (11, 6, "one-click")


@pytest.mark.parametrize(
    "make_token",
    [
        lambda s: tampered(s.unsubscribe_token(1, 2)),
        lambda s: s.open_token(1, 2),
        lambda s: TokenSigner("another-secret-0123456789").unsubscribe_token(1, 2),
    ],
    ids=["tampered", "wrong-purpose", "other-secret"],
)
def test_bad_unsubscribe_token(relay, client, make_token):
    token = make_token(relay.signer)
    assert client.get(f"/u/{token}").status_code == 400
    assert client.post(f"/u/{token}", content=b"List-Unsubscribe=One-Click").status_code == 400
    assert relay.store.events() == []


# Privacy.


def test_forwarded_address_is_ignored_unless_the_proxy_is_trusted(relay, client):
    token = relay.signer.open_token(1, 1, AN_HOUR_AGO)
    client.get(f"/o/{token}.gif", headers={"x-forwarded-for": "198.51.100.77"})
    [event] = relay.wait_for_events(kind="open")
    assert event["ip"] == "127.0.0.0"


@pytest.mark.parametrize(
    ("forwarded", "stored"),
    [
        ("198.51.100.77", "198.51.100.0"),
        # The client's own (forgeable) entry on the left, the proxy's view on the right.
        ("1.2.3.4, 198.51.100.77, 10.0.0.3", "198.51.100.0"),
        ("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::"),
        ("17.58.1.2", "17.58.1.0"),
    ],
)
def test_ip_is_truncated_behind_a_trusted_proxy(tmp_path: Path, forwarded, stored):
    with (
        RelayServer(tmp_path=tmp_path, trust_proxy=True) as relay,
        httpx.Client(base_url=relay.url, headers={"user-agent": BROWSER}) as client,
    ):
        token = relay.signer.open_token(1, 1, AN_HOUR_AGO)
        client.get(f"/o/{token}.gif", headers={"x-forwarded-for": forwarded})
        [event] = relay.wait_for_events(kind="open")
        assert event["ip"] == stored
        # Apple's network (Mail Privacy Protection) is flagged whatever the user agent.
        assert event["bot"] is forwarded.startswith("17.")
