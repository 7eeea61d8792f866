"""End to end: a tracked campaign sent by the real sender to an aiosmtpd server, its pixel, link
and one-click unsubscribe fetched from the captured mail on a real relay (uvicorn, loopback),
``facteur sync``, then ``facteur stats`` and the contact's status; and a double opt-in signup
whose confirmation mail goes out through the sender and whose link completes it."""

from __future__ import annotations

import email
import email.policy
import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from app.cli import main
from app.contacts.service import ContactInput, add_contact, create_list, get_contact
from app.db import Database
from app.db.models import Message, Template
from app.sending import campaigns
from app.sending.accounts import AccountInput, create_account, get_account
from app.sending.campaigns import CampaignInput
from app.sending.engine import Sender
from app.sending.outbox import queue_message
from app.sending.secrets import open_secret_store
from app.templates.service import TemplateInput, create_template
from app.tracking.forms import FormInput, create_form
from app.tracking.relay_config import save_relay
from app.tracking.sync import sync_once
from tests.app.test_sending_engine import wait_until
from tests.relay_server import API_KEY, SECRET, RelayServer
from tests.smtp_servers import SmtpServer

LINK = "https://boulangerie.example/pain?jour=lundi"
HTML = (
    "<html><body><p>Bonjour {{ contact.first_name }} !</p>"
    f'<p><a href="{LINK}">Le pain du jour</a></p>'
    '<p><a href="{{ unsubscribe_url }}">Se désinscrire</a></p></body></html>'
)
# A person's mail client and browser (the relay flags scripts and scanners as bots).
BROWSER = {"User-Agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15"}


@pytest.fixture
def sender(db: Database, facteur_home: Path) -> Iterator[Callable[[], Sender]]:
    made: list[Sender] = []

    def make() -> Sender:
        s = Sender(db.url, facteur_home, poll_interval=0.05, idle_timeout=0.5, processes=1)
        made.append(s)
        s.start()
        return s

    yield make
    for s in made:
        s.stop()


def _account(db: Database, home: Path, port: int) -> None:
    create_account(
        db,
        open_secret_store(home),
        AccountInput(
            name="Boutique",
            kind="smtp",
            from_address="Boulangerie <pain@boulangerie.example>",
            host="127.0.0.1",
            port=port,
            security="none",
        ),
    )


def _parse(data: bytes) -> Any:
    return email.message_from_bytes(data, policy=email.policy.default)


def _stats(db: Database, capsys: Any, campaign: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["stats", "--campaign", campaign, "--json", "--db", db.url]) == 0
    return json.loads(capsys.readouterr().out)


def test_tracked_campaign_open_click_unsubscribe_then_sync_and_stats(
    db: Database,
    facteur_home: Path,
    tmp_path: Path,
    sender: Callable[[], Sender],
    capsys: Any,
) -> None:
    with RelayServer(tmp_path=tmp_path) as relay, SmtpServer() as smtp:
        save_relay(db, facteur_home, relay.url, SECRET, API_KEY)
        create_list(db, "Clients")
        jean = add_contact(
            db,
            ContactInput(
                email="jean@exemple.fr", first_name="Jean", lists=["Clients"], tracking_consent=True
            ),
        ).id
        create_template(db, TemplateInput(name="Lettre", subject="Du pain", html=HTML))
        _account(db, facteur_home, smtp.port)
        created = campaigns.create_campaign(
            db, CampaignInput("Pain", "Lettre", "Boutique", ["list:Clients"], tracking=True)
        )
        assert created.tracking is True
        campaigns.start_campaign(db, "Pain")
        running = sender()
        (received,) = smtp.wait_for(1, timeout=30)
        wait_until(lambda: campaigns.campaign_status(db, "Pain")["status"] == "done")
        sent_at = time.time()
        # The process running the database syncs with the relay by itself, too.
        wait_until(lambda: running.automation is not None, what="the automation runs")
        assert running.automation.relay_sync is not None and running.automation.relay_sync.alive
        running.stop()  # from here, `facteur sync` pulls the events

        mail = _parse(received.data)
        html = mail.get_body(("html",)).get_content()
        base = re.escape(relay.url)
        (pixel,) = re.findall(base + r"/o/([A-Za-z0-9_.-]+\.gif)", html)
        clicks = set(re.findall(base + r"/c/([A-Za-z0-9_.-]+)", html))
        assert len(clicks) == 1
        unsubscribe = re.match(r"<([^>]+)>", mail["List-Unsubscribe"]).group(1)
        assert unsubscribe.startswith(f"{relay.url}/u/")

        # The recipient reads the mail, clicks the link (not within 2 s of sending: that would be
        # a link scanner), then unsubscribes in one click from the mail client.
        assert httpx.get(f"{relay.url}/o/{pixel}", headers=BROWSER).status_code == 200
        time.sleep(max(0.0, sent_at + 2.2 - time.time()))
        click = httpx.get(f"{relay.url}/c/{clicks.pop()}", headers=BROWSER, follow_redirects=False)
        assert click.status_code == 302 and click.headers["location"] == LINK
        one_click = httpx.post(
            unsubscribe,
            content=b"List-Unsubscribe=One-Click",
            headers={**BROWSER, "Content-Type": "application/x-www-form-urlencoded"},
        )
        assert one_click.status_code == 200
        relay.flush()

        capsys.readouterr()
        assert main(["sync", "--json", "--db", db.url]) == 0
        synced = json.loads(capsys.readouterr().out)
        assert (synced["pulled"], synced["applied"], synced["errors"]) == (3, 3, [])
        assert main(["sync", "--json", "--db", db.url]) == 0  # nothing new, nothing twice
        assert json.loads(capsys.readouterr().out)["pulled"] == 0

        stats = _stats(db, capsys, "Pain")
        assert (stats["sent"], stats["failed"]) == (1, 0)
        assert (stats["opened"], stats["unique_opened"]) == (1, 1)
        assert (stats["clicked"], stats["unique_clicked"]) == (1, 1)
        assert stats["unsubscribed"] == 1 and stats["unsubscribe_rate"] == 1.0
        assert stats["open_rate"] == 1.0 and stats["click_rate"] == 1.0
        contact = get_contact(db, jean)
        assert contact.status == "unsubscribed" and contact.last_activity_at is not None

        # The next marketing mail queued for Jean is not sent: the sender checks his status.
        with db.session() as s:
            later = queue_message(
                s,
                account_id=get_account(db, "Boutique").id,
                contact_id=jean,
                email="jean@exemple.fr",
                template_id=s.scalar(select(Template.id).where(Template.name == "Lettre")),
            )
        sender()

        def settled() -> bool:
            with db.session() as s:
                return s.get(Message, later).status not in ("queued", "sending")

        wait_until(settled, what="the queued message settled")
        with db.session() as s:
            assert s.get(Message, later).status == "suppressed"
        assert len(smtp.messages) == 1


def test_double_opt_in_confirmation_mail_is_sent_and_its_link_completes_the_signup(
    db: Database, facteur_home: Path, tmp_path: Path, sender: Callable[[], Sender]
) -> None:
    with RelayServer(tmp_path=tmp_path) as relay, SmtpServer() as smtp:
        save_relay(db, facteur_home, relay.url, SECRET, API_KEY)
        _account(db, facteur_home, smtp.port)
        create_list(db, "Lettre")
        create_form(db, FormInput(name="lettre", list_name="Lettre", tags=["site"]))
        sync_once(db, facteur_home)  # pushes the form to the relay
        posted = httpx.post(
            f"{relay.url}/f/lettre",
            data={
                "email": "lea@exemple.fr",
                "first_name": "Léa",
                "consent": "yes",
                "source": "https://boulangerie.example/lettre",
            },
            headers=BROWSER,
        )
        assert posted.status_code in (200, 303)
        assert sync_once(db, facteur_home).applied == 1
        assert get_contact(db, "lea@exemple.fr").status == "pending"

        running = sender()
        (received,) = smtp.wait_for(1, timeout=30)
        assert received.rcpt_tos == ("lea@exemple.fr",)
        mail = _parse(received.data)
        assert mail["Subject"] == "Confirmez votre inscription / Please confirm your subscription"
        text = mail.get_body(("plain",)).get_content()
        assert "Bonjour Léa," in text
        (link,) = set(re.findall(re.escape(relay.url) + r"/confirm/[A-Za-z0-9_.-]+", text))

        assert httpx.get(link, headers=BROWSER).status_code == 200
        # The sender's own relay sync (long-polling) applies the confirmation within seconds.
        wait_until(
            lambda: get_contact(db, "lea@exemple.fr").status == "subscribed",
            timeout=10,
            what="the confirmation applied by the background sync",
        )
        running.stop()
    lea = get_contact(db, "lea@exemple.fr")
    assert lea.lists == ["Lettre"] and lea.tags == ["site"]
    assert lea.consent_source == "https://boulangerie.example/lettre"
    assert lea.consent_text and lea.consent_at is not None


def test_facteur_sync_alone_gets_the_confirmation_mail_sent(
    db: Database, facteur_home: Path, tmp_path: Path
) -> None:
    """Nothing runs for the database: ``facteur sync`` applies a double opt-in signup and starts
    a background sender for its confirmation mail (a message of no campaign run)."""
    from app.sending.campaign_commands import live_sender_exists

    with RelayServer(tmp_path=tmp_path) as relay, SmtpServer() as smtp:
        save_relay(db, facteur_home, relay.url, SECRET, API_KEY)
        _account(db, facteur_home, smtp.port)
        create_form(db, FormInput(name="lettre"))
        assert main(["sync", "--db", db.url]) == 0  # pushes the form
        posted = httpx.post(
            f"{relay.url}/f/lettre",
            data={"email": "paul@exemple.fr", "consent": "yes"},
            headers=BROWSER,
        )
        assert posted.status_code in (200, 303)
        assert main(["sync", "--db", db.url]) == 0
        (received,) = smtp.wait_for(1, timeout=30)
        assert received.rcpt_tos == ("paul@exemple.fr",)
        assert f"{relay.url}/confirm/" in _parse(received.data).get_body(("plain",)).get_content()
        deadline = time.monotonic() + 60
        while live_sender_exists(db):
            assert time.monotonic() < deadline, "the background sender did not exit"
            time.sleep(0.2)


def test_a_signed_sendgrid_bounce_suppresses_the_address_after_sync(
    db: Database, facteur_home: Path, tmp_path: Path
) -> None:
    """SendGrid posts a signed bounce to the relay's webhook; the sync marks the contact bounced.
    A forged post (not signed by SendGrid's key) is refused and changes nothing."""
    import base64

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    public = base64.b64encode(
        key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    ).decode()
    add_contact(db, ContactInput(email="gone@exemple.fr"))
    add_contact(db, ContactInput(email="fine@exemple.fr"))

    def post(relay: RelayServer, email_address: str, signer: Any) -> httpx.Response:
        body = json.dumps(
            [
                {
                    "email": email_address,
                    "timestamp": int(time.time()),
                    "event": "bounce",
                    "type": "bounce",
                    "sg_event_id": f"ev-{email_address}",
                    "sg_message_id": "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
                    "reason": "550 5.1.1 unknown user",
                    "status": "5.1.1",
                }
            ]
        ).encode()
        stamp = str(int(time.time()))
        signature = signer.sign(stamp.encode() + body, ec.ECDSA(hashes.SHA256()))
        return httpx.post(
            f"{relay.url}/webhooks/sendgrid",
            content=body,
            headers={
                "content-type": "application/json",
                "x-twilio-email-event-webhook-signature": base64.b64encode(signature).decode(),
                "x-twilio-email-event-webhook-timestamp": stamp,
            },
        )

    with RelayServer(tmp_path=tmp_path, sendgrid_public_key=public) as relay:
        save_relay(db, facteur_home, relay.url, SECRET, API_KEY)
        assert post(relay, "gone@exemple.fr", key).status_code == 200
        forged = post(relay, "fine@exemple.fr", ec.generate_private_key(ec.SECP256R1()))
        assert forged.status_code == 403
        result = sync_once(db, facteur_home)
    assert (result.applied, result.errors) == (1, [])
    assert get_contact(db, "gone@exemple.fr").status == "bounced"
    assert get_contact(db, "fine@exemple.fr").status == "subscribed"
