"""Signup forms (/f/<form>) and double opt-in confirmation (/confirm/<token>) on the real relay."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.relay_server import RelayServer

CONSENT = "I agree to receive the newsletter. Unsubscribe at any time."


@pytest.fixture
def site(relay: RelayServer) -> Iterator[httpx.Client]:
    """A visitor's browser; the relay knows three forms."""
    with httpx.Client(base_url=relay.url, headers=relay.headers) as api:
        response = api.put(
            "/api/v1/forms",
            json={
                "forms": [
                    {
                        "name": "newsletter",
                        "double_opt_in": True,
                        "consent_text": CONSENT,
                        "fields": ["city", "first_name"],
                    },
                    {
                        "name": "quick",
                        "double_opt_in": False,
                        "redirect_url": "https://exemple.fr/merci",
                        "confirm_redirect_url": "https://exemple.fr/confirme",
                    },
                    {"name": "closed", "enabled": False},
                ]
            },
        )
        assert response.json() == {"forms": 3}
    with httpx.Client(
        base_url=relay.url,
        headers={"user-agent": "Mozilla/5.0 Firefox/130.0", "accept-language": "fr"},
    ) as browser:
        yield browser


def test_double_opt_in_signup_records_consent_proof(relay, site):
    response = site.post(
        "/f/newsletter",
        data={
            "email": "marie@exemple.fr",
            "first_name": "Marie",
            "city": "Lyon",
            "ignored": "not a field of the form",
            "consent": "on",
            "tracking_consent": "on",
            "source": "https://exemple.fr/blog/article",
            "website": "",
        },
        headers={"x-forwarded-for": "203.0.113.9"},  # not trusted: ignored
    )

    assert response.status_code == 200
    assert "Vérifiez votre boîte de réception" in response.text
    [event] = relay.store.events(kind="signup")
    assert event["email"] == "marie@exemple.fr"
    assert event["name"] == "newsletter"
    assert event["source"] == "form"
    data = event["data"]
    assert data["double_opt_in"] is True
    assert data["first_name"] == "Marie"
    assert data["attributes"] == {"city": "Lyon"}
    consent = data["consent"]
    assert consent["text"] == CONSENT
    assert consent["source"] == "https://exemple.fr/blog/article"
    assert consent["ip"] == "127.0.0.0"
    assert consent["tracking"] is True
    assert consent["at"][:4].isdigit() and "T" in consent["at"]
    signup = relay.store.signup(data["signup"])
    assert signup is not None and signup.email == "marie@exemple.fr"
    assert signup.confirmed_at is None


def test_source_page_falls_back_to_the_referer(relay, site):
    site.post(
        "/f/newsletter",
        data={"email": "a@exemple.fr", "consent": "1"},
        headers={"referer": "https://exemple.fr/inscription"},
    )
    [event] = relay.store.events(kind="signup")
    assert event["data"]["consent"]["source"] == "https://exemple.fr/inscription"
    assert event["data"]["consent"]["tracking"] is False


def test_confirm_link_completes_the_double_opt_in_once(relay, site):
    site.post("/f/newsletter", data={"email": "marie@exemple.fr", "consent": "on"})
    [signup] = relay.store.events(kind="signup")
    signup_id = signup["data"]["signup"]
    token = relay.signer.confirm_token("newsletter", signup_id, contact_id=42)

    first = site.get(f"/confirm/{token}")
    again = site.get(f"/confirm/{token}")

    assert first.status_code == again.status_code == 200
    assert "Inscription confirmée" in first.text
    [confirm] = relay.store.events(kind="confirm")
    assert confirm["email"] == "marie@exemple.fr"
    assert confirm["contact"] == 42
    assert confirm["data"] == {"signup": signup_id}
    assert confirm["name"] == "newsletter"
    assert relay.store.signup(signup_id).confirmed_at is not None


def test_bad_confirm_tokens(relay, site):
    site.post("/f/newsletter", data={"email": "marie@exemple.fr", "consent": "on"})
    signup_id = relay.store.events(kind="signup")[0]["data"]["signup"]
    assert site.get("/confirm/garbage").status_code == 400
    wrong_purpose = relay.signer.open_token(1, 1)
    assert site.get(f"/confirm/{wrong_purpose}").status_code == 400
    unknown = relay.signer.confirm_token("newsletter", signup_id + 100)
    assert site.get(f"/confirm/{unknown}").status_code == 410
    other_form = relay.signer.confirm_token("quick", signup_id)
    assert site.get(f"/confirm/{other_form}").status_code == 410
    assert relay.store.events(kind="confirm") == []


def test_single_opt_in_redirects_to_the_forms_page(relay, site):
    response = site.post("/f/quick", data={"email": "paul@exemple.fr"})
    assert response.status_code == 303
    assert response.headers["location"] == "https://exemple.fr/merci"
    [event] = relay.store.events(kind="signup")
    assert event["data"]["double_opt_in"] is False
    assert event["data"]["consent"]["text"] == ""
    token = relay.signer.confirm_token("quick", event["data"]["signup"])
    confirmed = site.get(f"/confirm/{token}")
    assert confirmed.status_code == 303
    assert confirmed.headers["location"] == "https://exemple.fr/confirme"


def test_json_reply(relay, site):
    ok = site.post(
        "/f/quick", data={"email": "paul@exemple.fr"}, headers={"accept": "application/json"}
    )
    bad = site.post(
        "/f/newsletter", data={"email": "paul@exemple.fr"}, headers={"accept": "application/json"}
    )
    assert ok.status_code == 200 and ok.json() == {"ok": True, "double_opt_in": False}
    assert bad.status_code == 400 and bad.json()["field"] == "consent"


def test_multipart_form(relay, site):
    response = site.post(
        "/f/newsletter",
        files={"email": (None, "multi@exemple.fr"), "consent": (None, "yes")},
    )
    assert response.status_code == 200
    assert relay.store.events(kind="signup")[0]["email"] == "multi@exemple.fr"


def test_accented_names_whether_escaped_or_not(relay, site):
    """Browsers %-escape UTF-8; a script posting raw UTF-8 bytes must not turn "Léa" into "LÃ©a"."""
    form = {"content-type": "application/x-www-form-urlencoded"}
    escaped = site.post(
        "/f/quick", content="email=lea%40exemple.fr&first_name=L%C3%A9a", headers=form
    )
    raw = site.post(
        "/f/quick", content="email=zoe@exemple.fr&first_name=Zoé".encode(), headers=form
    )
    not_utf8 = site.post(
        "/f/quick", content="email=x@exemple.fr&first_name=Zo\xe9".encode("latin-1"), headers=form
    )
    assert escaped.status_code in (200, 303) and raw.status_code in (200, 303)
    assert not_utf8.status_code == 400
    names = {e["email"]: e["data"]["first_name"] for e in relay.store.events(kind="signup")}
    assert names == {"lea@exemple.fr": "Léa", "zoe@exemple.fr": "Zoé"}


REFUSED = [
    ("newsletter", {"email": "a@exemple.fr"}, 400, "Cochez la case"),  # consent missing
    ("newsletter", {"email": "a@exemple.fr", "consent": "off"}, 400, "Cochez la case"),
    ("newsletter", {"email": "pas une adresse", "consent": "on"}, 400, "adresse e-mail"),
    ("quick", {"first_name": "Paul"}, 400, "adresse e-mail"),
    ("nope", {"email": "a@exemple.fr"}, 404, "Introuvable"),
    ("closed", {"email": "a@exemple.fr"}, 404, "Introuvable"),
    ("bad%20name", {"email": "a@exemple.fr"}, 404, "Introuvable"),
]


def test_refused_signups_record_nothing(relay, site):
    for form, data, status, expected in REFUSED:
        response = site.post(f"/f/{form}", data=data)
        assert response.status_code == status, (form, data)
        assert expected in response.text, (form, data)
    assert relay.store.events() == []


def test_honeypot_pretends_success_and_records_nothing(relay, site):
    response = site.post(
        "/f/quick", data={"email": "bot@exemple.fr", "website": "http://spam.example"}
    )
    assert response.status_code == 303
    assert relay.store.events() == []


def test_a_json_body_is_not_a_form(relay, site):
    response = site.post("/f/quick", json={"email": "a@exemple.fr"})
    assert response.status_code == 400
    assert "formulaire HTML" in response.text
    assert relay.store.events() == []
