"""The relay's API (Bearer key): push events, pull them (cursor, long-poll), status, check, forms."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from app.tracking.tokens import TokenSigner
from tests.relay_server import API_KEY, RelayServer


@pytest.fixture
def api(relay: RelayServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=relay.url, headers=relay.headers, timeout=30) as c:
        yield c


def post(api: httpx.Client, **body) -> httpx.Response:
    return api.post("/api/v1/events", json=body)


# Authentication.


BAD_AUTH = {
    "missing": {},
    "wrong": {"Authorization": "Bearer wrong-key-0123456789abc"},
    "not-bearer": {"Authorization": f"Basic {API_KEY}"},
    "longer": {"Authorization": f"Bearer {API_KEY}x"},
    "empty": {"Authorization": "Bearer"},
}
API_CALLS = [
    ("POST", "/api/v1/events"),
    ("GET", "/api/v1/events?wait=0"),
    ("GET", "/api/v1/status"),
    ("GET", "/api/v1/check"),
    ("PUT", "/api/v1/forms"),
]


def test_api_refuses_without_the_right_key(relay):
    with httpx.Client(base_url=relay.url) as client:
        for method, path in API_CALLS:
            for case, headers in BAD_AUTH.items():
                response = client.request(
                    method, path, headers=headers, json={"event": "x", "email": "a@exemple.fr"}
                )
                assert response.status_code == 401, (method, path, case)
                assert response.headers["www-authenticate"] == "Bearer"
    assert relay.store.events() == []
    assert relay.store.forms() == []


def test_post_event_with_the_key(relay, api):
    response = post(api, event="order_paid", email="Jean@Exemple.fr", data={"total": 42.5})

    assert response.status_code == 202
    [event] = relay.store.events()
    assert response.json() == {"id": event["id"]}
    assert event["kind"] == "custom"
    assert event["name"] == "order_paid"
    assert event["email"] == "Jean@exemple.fr"
    assert event["data"] == {"total": 42.5}
    assert event["source"] == "api"


BAD_BODIES = [
    ({"email": "a@exemple.fr"}, "event"),
    ({"event": "Bad Name", "email": "a@exemple.fr"}, "event"),
    ({"event": 3, "email": "a@exemple.fr"}, "event"),
    ({"event": "signup"}, "email"),
    ({"event": "signup", "email": "not an address"}, "email"),
    ({"event": "signup", "email": "a@exemple.fr", "data": [1, 2]}, "data"),
    ({"event": "signup", "email": "a@exemple.fr", "colour": "red"}, "colour"),
    ([1, 2], "body"),
]


def test_post_event_names_the_bad_field(relay, api):
    for body, field in BAD_BODIES:
        response = api.post("/api/v1/events", json=body)
        assert response.status_code == 400, body
        assert response.json()["field"] == field, body
    assert relay.store.events() == []


def test_post_event_bad_json(relay, api):
    response = api.post(
        "/api/v1/events", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "body"


def test_post_event_idempotency_key(relay, api):
    first = api.post(
        "/api/v1/events",
        json={"event": "signup", "email": "a@exemple.fr"},
        headers={"Idempotency-Key": "order-77"},
    )
    again = api.post(
        "/api/v1/events",
        json={"event": "signup", "email": "a@exemple.fr"},
        headers={"Idempotency-Key": "order-77"},
    )
    assert first.json() == again.json()
    assert len(relay.store.events()) == 1


# Pulling.


def test_cursor_paging(relay, api):
    ids = [post(api, event="visit", email=f"p{n}@exemple.fr").json()["id"] for n in range(7)]

    seen: list[str] = []
    cursor = ""
    pages = 0
    while True:
        page = api.get("/api/v1/events", params={"after": cursor, "limit": 3, "wait": 0}).json()
        pages += 1
        seen += [e["id"] for e in page["events"]]
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert seen == ids
    assert pages == 3
    assert cursor == ids[-1]
    # Nothing newer: empty, the cursor handed back as given.
    empty = api.get("/api/v1/events", params={"after": cursor, "wait": 0}).json()
    assert empty == {"events": [], "cursor": cursor, "more": False}


BAD_PARAMS = [
    ({"after": "abc"}, "after"),
    ({"after": "-1"}, "after"),
    ({"limit": "0"}, "limit"),
    ({"limit": "1001"}, "limit"),
    ({"limit": "x"}, "limit"),
    ({"wait": "26"}, "wait"),
    ({"wait": "-1"}, "wait"),
    ({"wait": "nan"}, "wait"),
]


def test_get_events_bad_parameters(api):
    for params, field in BAD_PARAMS:
        response = api.get("/api/v1/events", params=params)
        assert response.status_code == 400, params
        assert response.json()["field"] == field, params


def test_long_poll_answers_when_an_event_arrives(relay, api):
    latest = api.get("/api/v1/status").json()["latest"]
    posted = threading.Event()

    def post_later() -> None:
        with httpx.Client(base_url=relay.url, headers=relay.headers) as other:
            time.sleep(0.3)  # the poll below is waiting by then
            post(other, event="late", email="late@exemple.fr")
            posted.set()

    worker = threading.Thread(target=post_later)
    worker.start()
    started = time.monotonic()
    page = api.get("/api/v1/events", params={"after": latest, "wait": 20}).json()
    elapsed = time.monotonic() - started
    worker.join()

    assert posted.is_set()
    assert [e["name"] for e in page["events"]] == ["late"]
    assert 0.2 < elapsed < 3


def test_long_poll_wakes_for_a_buffered_open(relay, api):
    signer = relay.signer
    worker = threading.Thread(
        target=lambda: (
            time.sleep(0.2),
            httpx.get(
                f"{relay.url}/o/{signer.open_token(1, 2, time.time() - 60)}.gif",
                headers={"user-agent": "Mozilla/5.0 (Macintosh) Safari/605"},
            ),
        )
    )
    worker.start()
    started = time.monotonic()
    page = api.get("/api/v1/events", params={"wait": 20}).json()
    worker.join()
    assert [e["kind"] for e in page["events"]] == ["open"]
    assert time.monotonic() - started < 3


def test_long_poll_returns_empty_after_wait(api):
    started = time.monotonic()
    page = api.get("/api/v1/events", params={"after": "0", "wait": 0.5}).json()
    elapsed = time.monotonic() - started
    assert page == {"events": [], "cursor": "0", "more": False}
    assert 0.45 < elapsed < 3


def test_stopping_the_relay_ends_a_waiting_long_poll(tmp_path):
    relay = RelayServer(tmp_path=tmp_path)
    result: dict[str, object] = {}
    with relay:

        def poll() -> None:
            with httpx.Client(base_url=relay.url, headers=relay.headers, timeout=30) as c:
                result["status"] = c.get("/api/v1/events", params={"wait": 25}).status_code

        worker = threading.Thread(target=poll)
        worker.start()
        time.sleep(0.3)
        started = time.monotonic()
    worker.join(10)
    assert time.monotonic() - started < 5
    assert result.get("status") == 200


# Status, check.


def test_status(relay, api):
    api.put("/api/v1/forms", json={"forms": [{"name": "newsletter"}, {"name": "promo"}]})
    post(api, event="x", email="x@exemple.fr")
    status = api.get("/api/v1/status").json()
    assert status["ok"] is True
    assert status["version"]
    assert status["latest"] == relay.store.events()[-1]["id"]
    assert status["forms"] == ["newsletter", "promo"]


def test_check_secret(relay, api):
    good = api.get("/api/v1/check", params={"token": relay.signer.check_token()})
    bad = api.get(
        "/api/v1/check", params={"token": TokenSigner("other-secret-0123456789").check_token()}
    )
    wrong_purpose = api.get("/api/v1/check", params={"token": relay.signer.open_token(1, 1)})
    assert good.status_code == 200 and good.json()["secret"] == "ok"
    assert bad.status_code == 403 and bad.json()["error"]
    assert wrong_purpose.status_code == 403


# Forms.


def test_put_forms_replaces_them(relay, api):
    first = api.put(
        "/api/v1/forms",
        json={
            "forms": [
                {
                    "name": "newsletter",
                    "double_opt_in": True,
                    "consent_text": "I agree",
                    "redirect_url": "https://exemple.fr/merci",
                    "confirm_redirect_url": None,
                    "fields": ["city"],
                    "enabled": True,
                },
                {"name": "old"},
            ]
        },
    )
    second = api.put("/api/v1/forms", json={"forms": [{"name": "newsletter", "enabled": False}]})
    assert first.json() == {"forms": 2}
    assert second.json() == {"forms": 1}
    [form] = relay.store.forms()
    assert (form.name, form.enabled, form.consent_text) == ("newsletter", False, "")


BAD_FORMS = [
    ([{"name": "bad name"}], "forms[0].name"),
    ([{"name": "a"}, {"name": "a"}], "forms[1].name"),
    ([{"name": "a", "redirect_url": "javascript:alert(1)"}], "forms[0].redirect_url"),
    ([{"name": "a", "confirm_redirect_url": "/relative"}], "forms[0].confirm_redirect_url"),
    ([{"name": "a", "fields": ["ok", "not ok"]}], "forms[0].fields"),
    ([{"name": "a", "double_opt_in": "yes"}], "forms[0].double_opt_in"),
    (["a"], "forms[0]"),
    ("a", "forms"),
]


def test_put_forms_validation(relay, api):
    api.put("/api/v1/forms", json={"forms": [{"name": "kept"}]})
    for forms, field in BAD_FORMS:
        response = api.put("/api/v1/forms", json={"forms": forms})
        assert response.status_code == 400, forms
        assert response.json()["field"] == field, forms
    assert [f.name for f in relay.store.forms()] == ["kept"]
