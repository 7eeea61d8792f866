"""Applying the relay's events (``app.tracking.sync``): each exactly once, with its effects, and
syncing with a real relay (under uvicorn on a loopback port), down then back up."""

from __future__ import annotations

import itertools
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app.automation.events import process_pending
from app.automation.rules import ActionInput, RuleInput, create_rule
from app.contacts.service import ContactInput, add_contact, get_contact
from app.db import Database
from app.db.models import (
    Account,
    AppSetting,
    Campaign,
    CampaignRun,
    Event,
    LinkStat,
    Message,
    MessageEngagement,
    StatDaily,
    Template,
    TrackingEvent,
)
from app.db.types import utcnow
from app.errors import FacteurError
from app.sending.outbox import queue_message
from app.stats.rollups import COUNTERS, bump, url_hash
from app.tracking.forms import FormInput, create_form
from app.tracking.relay_config import RelayConfig, relay_status, save_relay
from app.tracking.sync import CONFIRM_TEMPLATE, RelaySync, apply_events, sync_once
from app.tracking.tokens import TokenSigner
from tests.app.test_sending_engine import wait_until
from tests.http_servers import FakeApiServer
from tests.relay_server import API_KEY as RELAY_API_KEY
from tests.relay_server import SECRET as RELAY_SECRET
from tests.relay_server import RelayServer
from tests.smtp_servers import nothing_listening

SECRET = "s3cret-for-the-tests-0123456789"
API_KEY = "api-key-for-the-tests-0123456789"
RELAY = RelayConfig("http://127.0.0.1:9", SECRET, API_KEY)
WHEN = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)

_ids = itertools.count(1)
# A person's mail client (httpx's own user agent is flagged as a bot by the relay).
BROWSER = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.0"
}


def ev(kind: str, **values: Any) -> dict[str, Any]:
    """An event as the relay sends it (its id unique within the test run)."""
    event: dict[str, Any] = {
        "id": str(next(_ids)),
        "kind": kind,
        "occurred_at": WHEN.isoformat(),
        "message": None,
        "contact": None,
        "run": None,
        "sent_at": None,
        "email": "",
        "url": "",
        "ip": "203.0.113.0",
        "bot": False,
        "source": "",
        "name": "",
        "provider_message_id": "",
        "data": {},
    }
    event.update(values)
    return event


class World:
    """A campaign "Promo" sent to alice and bob (one run), plus the ids the tests need."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.alice = add_contact(db, ContactInput(email="alice@exemple.fr", first_name="Alice")).id
        self.bob = add_contact(db, ContactInput(email="bob@exemple.fr")).id
        now = utcnow()
        with db.session() as s:
            template = Template(name="News", subject="Nouvelles", html="<p>Bonjour</p>", text="")
            account = Account(
                name="Local",
                kind="smtp",
                from_email="shop@exemple.fr",
                settings={"host": "127.0.0.1", "port": 2525, "security": "none"},
            )
            s.add_all([template, account])
            s.flush()
            campaign = Campaign(
                name="Promo", template_id=template.id, account_id=account.id, tracking=True
            )
            s.add(campaign)
            s.flush()
            run = CampaignRun(campaign_id=campaign.id, status="done")
            s.add(run)
            s.flush()
            self.template, self.account = template.id, account.id
            self.campaign, self.run = campaign.id, run.id
            self.messages: dict[int, int] = {}
            for contact_id, email in (
                (self.alice, "alice@exemple.fr"),
                (self.bob, "bob@exemple.fr"),
            ):
                m = Message(
                    run_id=run.id,
                    account_id=account.id,
                    contact_id=contact_id,
                    email=email,
                    kind="campaign",
                    status="sent",
                    message_id=f"<{contact_id}.abc@exemple.fr>",
                    provider_id=f"prov-{contact_id}",
                    sent_at=now,
                )
                s.add(m)
                s.flush()
                self.messages[contact_id] = m.id
            bump(s, now, campaign.id, run.id, {"sent": 2})  # as the outbox does

    def stats(self, campaign_id: int | None = None) -> dict[str, int]:
        """The campaign's counters summed over days and runs."""
        cid = self.campaign if campaign_id is None else campaign_id
        with self.db.session() as s:
            row = s.execute(
                select(
                    *[func.coalesce(func.sum(getattr(StatDaily, c)), 0) for c in COUNTERS]
                ).where(StatDaily.campaign_id == cid)
            ).one()
        return dict(zip(COUNTERS, (int(v) for v in row), strict=True))

    def link(self, url: str) -> tuple[int, int]:
        with self.db.session() as s:
            row = s.get(LinkStat, (self.campaign, url_hash(url)))
            return (row.clicks, row.unique_clicks) if row else (0, 0)

    def tracking_rows(self) -> int:
        with self.db.session() as s:
            return int(s.scalar(select(func.count()).select_from(TrackingEvent)) or 0)


@pytest.fixture
def world(db: Database) -> World:
    return World(db)


def _tag_rule(db: Database, name: str, trigger: str, tag: str) -> None:
    create_rule(
        db,
        RuleInput(name=name, trigger=trigger, actions=[ActionInput("add_tag", name=tag)]),
    )


# --- opens and clicks ---------------------------------------------------------------------------


def test_the_same_events_applied_twice_count_once(world: World) -> None:
    m_alice, m_bob = world.messages[world.alice], world.messages[world.bob]
    shop, faq = "https://boutique.example/soldes", "https://boutique.example/faq"
    events = [
        ev("open", message=m_alice, contact=world.alice, run=world.run, source="pixel"),
        ev("open", message=m_alice, contact=world.alice, run=world.run, source="pixel"),
        ev("open", message=m_bob, contact=world.bob, run=world.run, bot=True, source="pixel"),
        ev("click", message=m_alice, contact=world.alice, run=world.run, url=shop),
        ev("click", message=m_alice, contact=world.alice, run=world.run, url=shop),
        ev("click", message=m_alice, contact=world.alice, run=world.run, url=faq),
        # No tracking consent: the token carries the run only.
        ev("click", run=world.run, url=shop, source="link"),
        ev("click", message=m_bob, contact=world.bob, run=world.run, url=faq, bot=True),
    ]
    first = apply_events(world.db, events, relay=RELAY)
    assert (first.applied, first.duplicates, first.errors) == (len(events), 0, [])
    figures = world.stats()
    links = world.link(shop), world.link(faq)

    again = apply_events(world.db, events, relay=RELAY)
    assert (again.applied, again.duplicates, again.errors) == (0, len(events), [])
    assert world.stats() == figures
    assert (world.link(shop), world.link(faq)) == links
    assert world.tracking_rows() == len(events)

    assert figures["opened"] == 2 and figures["unique_opened"] == 1
    assert figures["bot_opened"] == 1 and figures["bot_clicked"] == 1
    # Alice's three clicks (one unique) and the anonymous one; the bot's is not a click.
    assert figures["clicked"] == 4 and figures["unique_clicked"] == 1
    assert world.link(shop) == (3, 1)  # two from alice (first unique) + the anonymous one
    assert world.link(faq) == (1, 1)
    with world.db.session() as s:
        eng = s.get(MessageEngagement, m_alice)
        assert (eng.opens, eng.clicks, len(eng.links)) == (2, 3, 2)
        assert s.get(MessageEngagement, m_bob) is None  # a bot's open is no engagement
        stored = s.scalar(select(TrackingEvent).where(TrackingEvent.relay_id == events[0]["id"]))
        assert stored.campaign_id == world.campaign and stored.contact_id == world.alice
        assert stored.message_id == m_alice and stored.email == "alice@exemple.fr"
    assert get_contact(world.db, world.alice).last_activity_at == WHEN
    assert get_contact(world.db, world.bob).last_activity_at is None


def test_a_click_without_an_open_counts_as_the_open(world: World) -> None:
    m_bob = world.messages[world.bob]
    url = "https://boutique.example/"
    apply_events(world.db, [ev("click", message=m_bob, contact=world.bob, run=world.run, url=url)])
    figures = world.stats()
    assert (figures["opened"], figures["unique_opened"]) == (1, 1)
    assert (figures["clicked"], figures["unique_clicked"]) == (1, 1)
    with world.db.session() as s:
        implied = s.scalar(select(TrackingEvent).where(TrackingEvent.kind == "open"))
        assert (implied.message_id, implied.source, implied.relay_id) == (m_bob, "click", None)
    # A later open is no second unique open.
    apply_events(world.db, [ev("open", message=m_bob, contact=world.bob, run=world.run)])
    figures = world.stats()
    assert (figures["opened"], figures["unique_opened"]) == (2, 1)


def test_rebuilding_the_roll_ups_from_the_rows_gives_the_same_figures(world: World) -> None:
    from app.stats.service import rebuild_rollups

    m_alice, m_bob = world.messages[world.alice], world.messages[world.bob]
    shop = "https://boutique.example/soldes"
    apply_events(
        world.db,
        [
            ev("open", message=m_alice, contact=world.alice, run=world.run),
            ev("open", message=m_alice, contact=world.alice, run=world.run),
            ev("click", message=m_alice, contact=world.alice, run=world.run, url=shop),
            ev("click", message=m_bob, contact=world.bob, run=world.run, url=shop),
            ev("click", run=world.run, url=shop),
            ev("open", message=m_bob, contact=world.bob, run=world.run, bot=True),
            ev("unsubscribe", message=m_bob, contact=world.bob),
            ev("bounce", provider_message_id=f"prov-{world.alice}", data={"permanent": True}),
        ],
    )
    figures, link = world.stats(), world.link(shop)
    assert figures["unique_opened"] == 2 and figures["unique_clicked"] == 2
    rebuild_rollups(world.db)
    assert world.stats() == figures
    assert world.link(shop) == link == (3, 2)


def test_first_open_and_first_click_on_a_link_trigger_rules(world: World) -> None:
    _tag_rule(world.db, "Lecteurs", "email_opened", "lecteur")
    _tag_rule(world.db, "Cliqueurs", "link_clicked", "cliqueur")
    m_alice = world.messages[world.alice]
    url = "https://boutique.example/soldes"
    apply_events(
        world.db,
        [
            ev("open", message=m_alice, contact=world.alice, run=world.run),
            ev("open", message=m_alice, contact=world.alice, run=world.run),
            ev("click", message=m_alice, contact=world.alice, run=world.run, url=url),
            ev("click", message=m_alice, contact=world.alice, run=world.run, url=url),
            ev("open", message=world.messages[world.bob], run=world.run, bot=True),
        ],
    )
    with world.db.session() as s:
        rows = s.execute(select(Event.name, Event.contact_id, Event.data).order_by(Event.id)).all()
    assert [(r.name, r.contact_id) for r in rows] == [
        ("email_opened", world.alice),
        ("link_clicked", world.alice),
    ]
    assert rows[1].data == {"campaign": "Promo", "url": url}
    process_pending(world.db)
    assert get_contact(world.db, world.alice).tags == ["cliqueur", "lecteur"]
    assert get_contact(world.db, world.bob).tags == []


# --- unsubscribes, bounces, complaints -------------------------------------------------------


def test_unsubscribe_changes_the_status_once_and_counts_once(world: World) -> None:
    m_alice = world.messages[world.alice]
    with world.db.session() as s:
        later = queue_message(
            s,
            account_id=world.account,
            contact_id=world.alice,
            email="alice@exemple.fr",
            template_id=world.template,
        )
    events = [
        ev("unsubscribe", message=m_alice, contact=world.alice, source="one-click"),
        ev("unsubscribe", message=m_alice, contact=world.alice, source="page"),
    ]
    result = apply_events(world.db, events)
    assert result.applied == 2
    assert get_contact(world.db, world.alice).status == "unsubscribed"
    assert get_contact(world.db, world.bob).status == "subscribed"
    assert world.stats()["unsubscribed"] == 1
    with world.db.session() as s:
        # Still queued here: the sender checks the status when it sends (see the e2e test).
        assert s.get(Message, later).status == "queued"


def test_unsubscribe_ends_the_contacts_sequences(world: World) -> None:
    from app.automation.sequences import (
        SequenceInput,
        StepInput,
        create_sequence,
        enroll_contacts,
    )
    from app.db.models import Enrollment

    create_sequence(
        world.db,
        SequenceInput(
            name="Onboarding", account="Local", steps=[StepInput(template="News", delay="P1D")]
        ),
    )
    assert enroll_contacts(world.db, "Onboarding", [world.alice]) == 1
    apply_events(
        world.db, [ev("unsubscribe", message=world.messages[world.alice], contact=world.alice)]
    )
    process_pending(world.db)
    with world.db.session() as s:
        enrollment = s.scalar(select(Enrollment).where(Enrollment.contact_id == world.alice))
        assert enrollment.status == "exited" and enrollment.exit_reason == "unsubscribed"


def test_permanent_bounce_suppresses_a_soft_one_does_not(world: World) -> None:
    soft = ev(
        "bounce",
        provider_message_id=f"prov-{world.bob}",
        email="bob@exemple.fr",
        source="sendgrid",
        data={"permanent": False, "reason": "452 4.2.2 mailbox full"},
    )
    apply_events(world.db, [soft])
    assert get_contact(world.db, world.bob).status == "subscribed"
    assert world.stats()["bounced"] == 0
    hard = [
        # Our own Message-ID without its <>, as SES reports it; then the same bounce again.
        ev(
            "bounce",
            provider_message_id=f"{world.bob}.abc@exemple.fr",
            source="ses",
            data={"permanent": True, "reason": "550 5.1.1 unknown user"},
        ),
        ev(
            "bounce",
            provider_message_id=f"prov-{world.bob}",
            source="ses",
            data={"permanent": True, "reason": "550 5.1.1 unknown user"},
        ),
    ]
    assert apply_events(world.db, hard).applied == 2
    assert get_contact(world.db, world.bob).status == "bounced"
    assert world.stats()["bounced"] == 1
    with world.db.session() as s:
        rows = s.scalars(select(TrackingEvent).where(TrackingEvent.kind == "bounce")).all()
        assert {r.message_id for r in rows} == {world.messages[world.bob]}
        assert [r.data["permanent"] for r in rows] == [False, True, True]


def test_complaint_found_by_address_when_the_id_is_unknown(world: World) -> None:
    apply_events(
        world.db,
        [
            ev(
                "complaint",
                provider_message_id="unknown-id",
                email="Alice@Exemple.fr",
                source="postmark",
                data={"reason": "abuse"},
            )
        ],
    )
    assert get_contact(world.db, world.alice).status == "complained"
    assert world.stats()["complained"] == 1
    # A later bounce does not turn a complaint into a mere bounce.
    apply_events(
        world.db,
        [ev("bounce", email="alice@exemple.fr", data={"permanent": True})],
    )
    assert get_contact(world.db, world.alice).status == "complained"


# --- signups and confirmations ---------------------------------------------------------------


def _signup(form: str, email: str, signup: int, *, double: bool, **data: Any) -> dict[str, Any]:
    return ev(
        "signup",
        email=email,
        name=form,
        source="form",
        data={
            "signup": signup,
            "double_opt_in": double,
            "first_name": "Léa",
            "last_name": "Martin",
            "company": "",
            "phone": "",
            "attributes": {"ville": "Lyon"},
            "consent": {
                "at": "2026-11-24T12:59:58+00:00",
                "source": "https://boutique.example/newsletter",
                "text": "J'accepte de recevoir la lettre.",
                "ip": "203.0.113.0",
                "tracking": True,
            },
            **data,
        },
    )


def test_single_opt_in_subscribes_with_consent_list_and_tags(world: World) -> None:
    from app.contacts.service import create_list

    create_list(world.db, "Lettre")
    create_form(
        world.db,
        FormInput(name="lettre", list_name="Lettre", tags=["web"], double_opt_in=False),
    )
    _tag_rule(world.db, "Bienvenue", "form_signup", "bienvenue")
    result = apply_events(world.db, [_signup("lettre", "Lea@Exemple.fr", 1, double=False)])
    assert (result.applied, result.queued, result.errors) == (1, 0, [])
    lea = get_contact(world.db, "lea@exemple.fr")
    assert lea.status == "subscribed" and (lea.first_name, lea.last_name) == ("Léa", "Martin")
    assert lea.attributes == {"ville": "Lyon"}
    assert lea.lists == ["Lettre"] and lea.tags == ["web"]
    assert lea.consent_at == datetime(2026, 11, 24, 12, 59, 58, tzinfo=UTC)
    assert lea.consent_source == "https://boutique.example/newsletter"
    assert lea.consent_text == "J'accepte de recevoir la lettre."
    assert lea.consent_ip == "203.0.113.0" and lea.tracking_consent is True
    with world.db.session() as s:
        events = s.execute(select(Event.name, Event.data).where(Event.contact_id == lea.id)).all()
    assert ("form_signup", {"form": "lettre"}) in [(e.name, e.data) for e in events]
    process_pending(world.db)
    assert "bienvenue" in get_contact(world.db, lea.id).tags


def test_double_opt_in_queues_the_confirmation_then_confirm_subscribes(world: World) -> None:
    from app.contacts.service import create_list

    create_list(world.db, "Lettre")
    create_form(world.db, FormInput(name="lettre", list_name="Lettre", tags=["web"]))
    _tag_rule(world.db, "Bienvenue", "form_signup", "bienvenue")
    result = apply_events(
        world.db, [_signup("lettre", "lea@exemple.fr", 7, double=True)], relay=RELAY
    )
    assert (result.applied, result.queued, result.errors) == (1, 1, [])
    lea = get_contact(world.db, "lea@exemple.fr")
    assert lea.status == "pending" and lea.lists == [] and lea.tags == []
    with world.db.session() as s:
        mail = s.scalar(select(Message).where(Message.contact_id == lea.id))
        template = s.get(Template, mail.template_id)
        assert (
            s.scalar(select(func.count()).select_from(Event).where(Event.name == "form_signup"))
            == 0
        )
    assert mail.kind == "transactional" and mail.status == "queued"
    assert mail.account_id == world.account  # the only account
    assert template.name == CONFIRM_TEMPLATE and "{{ data.confirm_url }}" in template.html
    prefix = f"{RELAY.url}/confirm/"
    assert mail.data["confirm_url"].startswith(prefix)
    token = mail.data["confirm_url"][len(prefix) :]
    assert TokenSigner(SECRET).loads("confirm", token) == {"f": "lettre", "s": 7, "c": lea.id}

    confirm_at = WHEN + timedelta(minutes=5)
    confirm = ev(
        "confirm",
        email="lea@exemple.fr",
        contact=lea.id,
        name="lettre",
        source="page",
        occurred_at=confirm_at.isoformat(),
        data={"signup": 7},
    )
    assert apply_events(world.db, [confirm, dict(confirm, id="confirm-again")]).applied == 2
    lea = get_contact(world.db, lea.id)
    assert lea.status == "subscribed" and lea.lists == ["Lettre"] and lea.tags == ["web"]
    assert lea.consent_at == confirm_at
    assert lea.consent_source == "https://boutique.example/newsletter"
    with world.db.session() as s:
        signups = s.scalar(
            select(func.count()).select_from(Event).where(Event.name == "form_signup")
        )
    assert signups == 1  # the second confirmation changed nothing
    process_pending(world.db)
    assert "bienvenue" in get_contact(world.db, lea.id).tags


def test_a_subscribed_contact_is_not_downgraded_by_a_double_opt_in_signup(world: World) -> None:
    create_form(world.db, FormInput(name="lettre"))
    apply_events(world.db, [_signup("lettre", "alice@exemple.fr", 3, double=True)], relay=RELAY)
    alice = get_contact(world.db, world.alice)
    assert alice.status == "subscribed"
    with world.db.session() as s:
        assert (
            s.scalar(
                select(func.count()).select_from(Message).where(Message.kind == "transactional")
            )
            == 1
        )


def test_a_form_confirmation_template_and_account_are_used(world: World) -> None:
    with world.db.session() as s:
        s.add(
            Template(
                name="Confirmez",
                subject="Confirmez",
                html='<a href="{{ data.confirm_url }}">ok</a>',
            )
        )
        s.add(Account(name="Autre", kind="smtp", from_email="autre@exemple.fr", settings={}))
    create_form(world.db, FormInput(name="lettre", confirm_template="Confirmez", account="Autre"))
    apply_events(world.db, [_signup("lettre", "new@exemple.fr", 4, double=True)], relay=RELAY)
    with world.db.session() as s:
        mail = s.scalar(select(Message).where(Message.kind == "transactional"))
        assert s.get(Template, mail.template_id).name == "Confirmez"
        assert s.get(Account, mail.account_id).name == "Autre"


def test_double_opt_in_without_a_relay_is_recorded_and_says_why(world: World) -> None:
    create_form(world.db, FormInput(name="lettre"))
    result = apply_events(world.db, [_signup("lettre", "new@exemple.fr", 5, double=True)])
    assert result.applied == 1 and result.queued == 0
    assert len(result.errors) == 1 and "no relay" in result.errors[0]
    assert get_contact(world.db, "new@exemple.fr").status == "pending"


# --- custom events and bad events ------------------------------------------------------------


def test_custom_event_creates_the_contact_and_fires_its_rule(world: World) -> None:
    _tag_rule(world.db, "Commande", "order_paid", "client")
    event = ev(
        "custom",
        name="order_paid",
        email="Nouveau@Exemple.fr",
        source="api",
        data={"first_name": "Noé", "plan": "pro"},
    )
    assert apply_events(world.db, [event, event]).applied == 1
    contact = get_contact(world.db, "nouveau@exemple.fr")
    assert contact.first_name == "Noé" and contact.attributes == {"plan": "pro"}
    with world.db.session() as s:
        row = s.scalar(select(Event).where(Event.name == "order_paid"))
        assert (row.contact_id, row.data, row.source) == (contact.id, event["data"], "relay")
    process_pending(world.db)
    assert get_contact(world.db, contact.id).tags == ["client"]


def test_a_bad_event_is_skipped_and_the_others_applied(world: World) -> None:
    m_alice = world.messages[world.alice]
    events = [
        ev("open", message=m_alice, contact=world.alice, run=world.run),
        ev("teleport", email="x@exemple.fr"),
        ev("custom", name="unsubscribed", email="x@exemple.fr"),  # a reserved name
        ev("signup", email="not an address", name="lettre", data={}),
        {"kind": "open"},  # no id
        ev("open", message=world.messages[world.bob], contact=world.bob, run=world.run),
    ]
    result = apply_events(world.db, events)
    assert result.applied == 2 and result.duplicates == 0
    assert len(result.errors) == 4
    assert any("teleport" in e for e in result.errors)
    assert world.stats()["unique_opened"] == 2
    assert world.tracking_rows() == 2


# --- syncing with a real relay ---------------------------------------------------------------


def _connect(db: Database, home: Path, relay: RelayServer) -> RelayConfig:
    return save_relay(db, home, relay.url, RELAY_SECRET, RELAY_API_KEY)


def _post(relay: RelayServer, event: str, email: str, **data: Any) -> str:
    response = httpx.post(
        f"{relay.url}/api/v1/events",
        json={"event": event, "email": email, "data": data},
        headers=relay.headers,
    )
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


def _sync_state(db: Database) -> dict[str, Any]:
    with db.session() as s:
        row = s.get(AppSetting, "relay_sync")
        return dict(row.value) if row is not None else {}


def test_sync_pulls_applies_and_saves_the_cursor(
    world: World, facteur_home: Path, tmp_path: Path
) -> None:
    db = world.db
    create_form(db, FormInput(name="lettre", double_opt_in=False, fields=["ville"]))
    with RelayServer(tmp_path=tmp_path) as relay:
        _connect(db, facteur_home, relay)
        m_alice = world.messages[world.alice]
        pixel = httpx.get(
            f"{relay.url}/o/{relay.signer.open_token(m_alice, world.alice)}.gif", headers=BROWSER
        )
        assert pixel.status_code == 200
        relay.flush()
        _post(relay, "order_paid", "nouveau@exemple.fr", plan="pro")

        first = sync_once(db, facteur_home)
        assert (first.pulled, first.applied, first.duplicates, first.errors) == (2, 2, 0, [])
        assert first.cursor == str(relay.store.latest_id())
        assert [f.name for f in relay.store.forms()] == ["lettre"]  # pushed on the way
        assert world.stats()["unique_opened"] == 1
        assert get_contact(db, "nouveau@exemple.fr").attributes == {"plan": "pro"}
        state = _sync_state(db)
        assert state["cursor"] == first.cursor and state["applied"] == 2
        assert state["last_error"] == "" and state["last_sync_at"]
        pushed = _sync_forms_state(db)

        # Nothing new: nothing pulled, the forms are not pushed again.
        second = sync_once(db, facteur_home)
        assert (second.pulled, second.applied, second.cursor) == (0, 0, first.cursor)
        assert _sync_forms_state(db) == pushed

        # A crash after applying, before the cursor was saved: the same events come again.
        with db.session() as s:
            s.get(AppSetting, "relay_sync").value = {**state, "cursor": ""}
        again = sync_once(db, facteur_home)
        assert (again.pulled, again.applied, again.duplicates) == (2, 0, 2)
        assert world.stats()["unique_opened"] == 1 and world.stats()["opened"] == 1
        assert world.tracking_rows() == 2

        # A changed form is pushed at the next sync.
        from app.tracking.forms import update_form

        update_form(db, "lettre", FormInput(fields=["ville", "metier"]))
        sync_once(db, facteur_home)
        assert relay.store.form("lettre").fields == ("ville", "metier")


def _sync_forms_state(db: Database) -> dict[str, Any]:
    with db.session() as s:
        row = s.get(AppSetting, "relay_forms")
        return dict(row.value) if row is not None else {}


def test_relay_down_then_back_loses_nothing(
    world: World, facteur_home: Path, tmp_path: Path
) -> None:
    db = world.db
    relay_db = f"sqlite:///{tmp_path / 'relay-store.db'}"
    with RelayServer(db_url=relay_db) as relay:
        config = _connect(db, facteur_home, relay)
        _post(relay, "order_paid", "premier@exemple.fr")
        assert sync_once(db, facteur_home).applied == 1
        cursor = _sync_state(db)["cursor"]
        _post(relay, "order_paid", "second@exemple.fr")
        url = relay.url
    # The relay is down (its port closed).
    with pytest.raises(FacteurError) as caught:
        sync_once(db, facteur_home)
    assert f"Could not reach the relay at {url}" in str(caught.value)
    state = _sync_state(db)
    assert state["cursor"] == cursor and state["last_error"] == str(caught.value)
    assert relay_status(db).last_error == str(caught.value)
    # Back up (same storage; on another port here, so the address is given directly).
    with RelayServer(db_url=relay_db) as relay:
        back = sync_once(
            db, facteur_home, relay=RelayConfig(relay.url, config.secret, config.api_key)
        )
    assert (back.pulled, back.applied) == (1, 1)
    assert get_contact(db, "second@exemple.fr").email == "second@exemple.fr"
    assert _sync_state(db)["last_error"] == ""


def test_sync_reports_a_wrong_api_key_and_a_server_error(
    world: World, facteur_home: Path, tmp_path: Path
) -> None:
    with RelayServer(tmp_path=tmp_path) as relay:
        wrong = RelayConfig(relay.url, RELAY_SECRET, "not-the-api-key-0123456789")
        with pytest.raises(FacteurError, match="refused the API key"):
            sync_once(world.db, facteur_home, relay=wrong)
    with FakeApiServer() as fake:
        fake.fail_next(503)
        broken = RelayConfig(fake.url, RELAY_SECRET, RELAY_API_KEY)
        with pytest.raises(FacteurError, match=r"unavailable \(HTTP 503\)"):
            sync_once(world.db, facteur_home, relay=broken)
    assert _sync_state(world.db).get("cursor") is None


def test_relay_sync_thread_applies_new_events_quickly_and_stops_promptly(
    world: World, tmp_path: Path
) -> None:
    woken = threading.Event()
    with RelayServer(tmp_path=tmp_path) as relay:
        config = RelayConfig(relay.url, RELAY_SECRET, RELAY_API_KEY)
        sync = RelaySync(world.db, config, wake=woken.set)
        sync.start()
        try:
            time.sleep(0.5)  # the thread is now long-polling an empty relay
            posted = time.monotonic()
            _post(relay, "order_paid", "rapide@exemple.fr")
            wait_until(
                lambda: _exists(world.db, "rapide@exemple.fr"), timeout=5, what="the event applied"
            )
            assert time.monotonic() - posted < 5
            assert woken.wait(2)
            time.sleep(0.3)  # long-polling again
        finally:
            started = time.monotonic()
            sync.stop()
            stopped_in = time.monotonic() - started
        assert not sync.alive
        assert stopped_in < 2.0
    assert _sync_state(world.db)["cursor"] == str(1)


def _exists(db: Database, email: str) -> bool:
    from app.db.models import Contact

    with db.session() as s:
        return s.scalar(select(Contact.id).where(Contact.email == email)) is not None


def test_relay_sync_backs_off_while_the_relay_is_down(world: World) -> None:
    with nothing_listening() as port:
        config = RelayConfig(f"http://127.0.0.1:{port}", RELAY_SECRET, RELAY_API_KEY)
        sync = RelaySync(world.db, config, min_backoff=0.05, max_backoff=0.2)
        sync.start()
        try:
            wait_until(lambda: sync.failures >= 3, timeout=5, what="three failed attempts")
        finally:
            started = time.monotonic()
            sync.stop()
            assert time.monotonic() - started < 2.0
    assert "Could not reach the relay" in _sync_state(world.db)["last_error"]
    assert not sync.alive


def test_the_runtime_runs_the_relay_sync_while_a_relay_is_connected(
    world: World, facteur_home: Path, tmp_path: Path
) -> None:
    from app.automation.runtime import Automation
    from app.tracking.relay_config import remove_relay

    automation = Automation(world.db, scheduler=False, home=facteur_home)
    automation.start()
    try:
        assert automation.relay_sync is None  # no relay connected
        with RelayServer(tmp_path=tmp_path) as relay:
            _connect(world.db, facteur_home, relay)
            automation.check_relay()  # done every minute by tick()
            assert automation.relay_sync is not None and automation.relay_sync.alive
            _post(relay, "order_paid", "runtime@exemple.fr")
            wait_until(lambda: _exists(world.db, "runtime@exemple.fr"), timeout=5)
            thread = automation.relay_sync
            automation.check_relay()
            assert automation.relay_sync is thread  # the same relay: left running
            remove_relay(world.db, facteur_home)
            automation.check_relay()
            assert automation.relay_sync is None and not thread.alive
            _connect(world.db, facteur_home, relay)
            automation.check_relay()
            assert automation.relay_sync is not None
            thread = automation.relay_sync
    finally:
        automation.stop()
    assert automation.relay_sync is None and not thread.alive


# --- facteur sync --------------------------------------------------------------------------------


def test_sync_command(world: World, facteur_home: Path, tmp_path: Path, capsys: Any) -> None:
    from app.cli import main

    db = world.db
    assert main(["sync", "--db", db.url]) == 1
    assert "No relay is connected" in capsys.readouterr().err
    with RelayServer(tmp_path=tmp_path) as relay:
        _connect(db, facteur_home, relay)
        m_bob = world.messages[world.bob]
        httpx.get(f"{relay.url}/o/{relay.signer.open_token(m_bob, world.bob)}.gif", headers=BROWSER)
        httpx.get(f"{relay.url}/o/{relay.signer.open_token(m_bob, world.bob)}.gif", headers=BROWSER)
        relay.flush()
        assert main(["sync", "--db", db.url]) == 0
        assert capsys.readouterr().out.strip() == "Pulled 2 events, applied 2 (0 already applied)"
        with db.session() as s:
            s.get(AppSetting, "relay_sync").value = {"cursor": ""}
        assert main(["sync", "--json", "--db", db.url]) == 0
        doc = json.loads(capsys.readouterr().out)
        assert doc == {
            "pulled": 2,
            "applied": 0,
            "duplicates": 2,
            "cursor": str(relay.store.latest_id()),
            "errors": [],
        }
    assert main(["sync", "--json", "--db", db.url]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "Could not reach the relay" in captured.err
