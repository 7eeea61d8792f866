"""Tracked sending end to end: the real sender, an aiosmtpd server, a real relay under uvicorn."""

from __future__ import annotations

import email
import email.policy
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

import main
from app.db import Database
from app.db.models import (
    Campaign,
    CampaignRun,
    Contact,
    ContactList,
    ListMembership,
    Message,
    Template,
)
from app.db.types import utcnow
from app.sending import campaigns, outbox
from app.sending.accounts import AccountInput, create_account, get_account
from app.sending.campaigns import CampaignInput
from app.sending.engine import Sender
from app.sending.secrets import open_secret_store
from app.templates.service import TemplateInput, create_template
from app.tracking.relay_config import save_relay
from app.tracking.tokens import TokenSigner
from tests.relay_server import API_KEY, SECRET, RelayServer
from tests.smtp_servers import SmtpServer

SIGNER = TokenSigner(SECRET)
LINK = "https://boulangerie.example/pain?x=1&y={{ contact.first_name }}"
HTML = (
    "<html><body><p>Bonjour {{ contact.first_name }} !</p>"
    f'<a href="{LINK.replace("&", "&amp;")}">Le pain du jour</a> '
    '<a href="mailto:contact@boulangerie.example">Écrire</a> '
    '<a href="{{ unsubscribe_url }}">Se désinscrire</a></body></html>'
)


def wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def add_contact(db: Database, email_: str, first: str, consent: bool) -> int:
    with db.session() as s:
        lst = s.scalar(select(ContactList).where(ContactList.name == "Clients"))
        if lst is None:
            lst = ContactList(name="Clients")
            s.add(lst)
        c = Contact(email=email_, first_name=first, tracking_consent=consent)
        s.add(c)
        s.flush()
        s.add(
            ListMembership(
                list_id=lst.id, contact_id=c.id, status="subscribed", subscribed_at=utcnow()
            )
        )
        return c.id


def setup(db: Database, home: Path, port: int, **account: object) -> None:
    create_template(db, TemplateInput(name="Lettre", subject="Du pain", html=HTML))
    create_account(
        db,
        open_secret_store(home),
        AccountInput(
            name="Boutique",
            kind="smtp",
            from_address="Boutique <shop@example.com>",
            host="127.0.0.1",
            port=port,
            security="none",
            **account,  # type: ignore[arg-type]
        ),
    )


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


def parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)  # type: ignore[return-value]


def tokens(text: str, kind: str, base: str) -> list[str]:
    return re.findall(re.escape(base) + f"/{kind}/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)", text)


def message_row(db: Database, address: str, run: bool = True) -> Message:
    with db.session() as s:
        rows = s.scalars(select(Message).where(Message.email == address)).all()
        return next(r for r in rows if (r.run_id is not None) == run)


def test_tracked_campaign_consent_untracked_and_transactional(
    db: Database, facteur_home: Path, tmp_path: Path, sender: Callable[[], Sender]
) -> None:
    with RelayServer(tmp_path=tmp_path) as relay, SmtpServer() as smtp:
        save_relay(db, facteur_home, relay.url, SECRET, API_KEY)
        jean = add_contact(db, "jean@example.com", "Jean", consent=True)
        marie = add_contact(db, "marie@example.com", "Marie", consent=False)
        setup(db, facteur_home, smtp.port)
        tracked = campaigns.create_campaign(
            db, CampaignInput("Suivie", "Lettre", "Boutique", ["list:Clients"])
        )
        assert tracked.tracking is True  # on by default once a relay is connected
        plain = campaigns.create_campaign(
            db, CampaignInput("Brute", "Lettre", "Boutique", ["list:Clients"], tracking=False)
        )
        assert plain.tracking is False and plain.to_json()["tracking"] is False
        with db.session() as s:
            template_id = s.scalar(select(Template.id))
            outbox.queue_message(
                s,
                account_id=get_account(db, "Boutique").id,
                contact_id=jean,
                email="jean@example.com",
                template_id=template_id,
                kind="transactional",
            )
        campaigns.start_campaign(db, "Suivie")
        campaigns.start_campaign(db, "Brute")
        sender()
        smtp.wait_for(5, timeout=30)
        wait_until(lambda: campaigns.campaign_status(db, "Suivie")["status"] == "done")
        wait_until(lambda: campaigns.campaign_status(db, "Brute")["status"] == "done")

        by_run: dict[tuple[str, str], email.message.EmailMessage] = {}
        with db.session() as s:
            rows = s.execute(select(Message.message_id, Message.run_id, Message.email)).all()
            run_of = dict(
                s.execute(
                    select(CampaignRun.id, Campaign.name).join(
                        Campaign, Campaign.id == CampaignRun.campaign_id
                    )
                ).all()
            )
        for m in smtp.messages:
            parsed = parse(m.data)
            mid, run_id, address = next(r for r in rows if r[0] == parsed["Message-ID"])
            by_run[(run_of.get(run_id, "transactional"), address)] = parsed

        # Jean consented: pixel, links through the relay naming him, /u/ unsubscribe.
        jean_row = message_row(db, "jean@example.com")
        mail = by_run[("Suivie", "jean@example.com")]
        html = mail.get_body(("html",)).get_content()
        text = mail.get_body(("plain",)).get_content()
        (click,) = set(tokens(html, "c", relay.url))
        payload = SIGNER.loads("click", click)
        assert payload["u"] == "https://boulangerie.example/pain?x=1&y=Jean"
        assert (payload["m"], payload["c"], payload["r"]) == (jean_row.id, jean, jean_row.run_id)
        assert tokens(text, "c", relay.url) == [click]
        (pixel,) = re.findall(re.escape(relay.url) + r"/o/([^\"]+)\.gif", html)
        assert SIGNER.loads("open", pixel)["m"] == jean_row.id
        assert SIGNER.loads("open", pixel)["c"] == jean
        (unsub,) = tokens(html, "u", relay.url)
        assert SIGNER.loads("unsubscribe", unsub) == {"m": jean_row.id, "c": jean}
        assert mail["List-Unsubscribe"].startswith(f"<{relay.url}/u/{unsub}>, <mailto:")
        # A loopback http relay: no one-click header (RFC 8058 wants https).
        assert mail["List-Unsubscribe-Post"] is None
        assert 'href="mailto:contact@boulangerie.example"' in html

        # The relay redirects the link to the destination.
        answer = httpx.get(f"{relay.url}/c/{click}", follow_redirects=False)
        assert answer.status_code == 302
        assert answer.headers["location"] == "https://boulangerie.example/pain?x=1&y=Jean"

        # Marie did not consent: no pixel, and clicks that count for the run but name nobody.
        mail = by_run[("Suivie", "marie@example.com")]
        html = mail.get_body(("html",)).get_content()
        assert "/o/" not in html
        (click,) = set(tokens(html, "c", relay.url))
        payload = SIGNER.loads("click", click)
        assert set(payload) == {"u", "t", "r"}
        assert payload["u"] == "https://boulangerie.example/pain?x=1&y=Marie"
        marie_row = message_row(db, "marie@example.com")
        (unsub,) = tokens(html, "u", relay.url)
        assert SIGNER.loads("unsubscribe", unsub) == {"m": marie_row.id, "c": marie}

        # Tracking off: the original links, but the relay's unsubscribe page still.
        mail = by_run[("Brute", "jean@example.com")]
        html = mail.get_body(("html",)).get_content()
        assert 'href="https://boulangerie.example/pain?x=1&amp;y=Jean"' in html
        assert "/c/" not in html and "/o/" not in html
        assert len(tokens(html, "u", relay.url)) == 1
        assert mail["List-Unsubscribe"].startswith(f"<{relay.url}/u/")

        # Transactional: no tracking at all, the mailto unsubscribe only.
        mail = by_run[("transactional", "jean@example.com")]
        html = mail.get_body(("html",)).get_content()
        assert relay.url not in html
        assert mail["List-Unsubscribe"].startswith("<mailto:")


def test_consent_not_required_and_relay_secrets_lost(
    db: Database, facteur_home: Path, sender: Callable[[], Sender]
) -> None:
    relay_url = "http://127.0.0.1:9"  # never contacted while sending
    with SmtpServer() as smtp:
        save_relay(db, facteur_home, relay_url, SECRET, API_KEY)
        marie = add_contact(db, "marie@example.com", "Marie", consent=False)
        setup(db, facteur_home, smtp.port, require_tracking_consent=False)
        assert get_account(db, "Boutique").require_tracking_consent is False
        campaigns.create_campaign(
            db, CampaignInput("Suivie", "Lettre", "Boutique", ["list:Clients"], tracking=True)
        )
        campaigns.start_campaign(db, "Suivie")
        first = sender()
        smtp.wait_for(1, timeout=30)
        html = parse(smtp.messages[0].data).get_body(("html",)).get_content()
        (click,) = set(tokens(html, "c", relay_url))
        assert SIGNER.loads("click", click)["c"] == marie
        (pixel,) = tokens(html, "o", relay_url)
        assert SIGNER.loads("open", pixel)["c"] == marie
        wait_until(lambda: campaigns.campaign_status(db, "Suivie")["status"] == "done")
        first.stop()  # the relay is loaded once per sending pool

        # The secrets gone from the store: the mail still goes, untracked.
        open_secret_store(facteur_home).delete("relay:secret")
        campaigns.create_campaign(
            db, CampaignInput("Encore", "Lettre", "Boutique", ["list:Clients"], tracking=True)
        )
        campaigns.start_campaign(db, "Encore")
        sender()
        smtp.wait_for(2, timeout=30)
        mail = parse(smtp.messages[1].data)
        html = mail.get_body(("html",)).get_content()
        assert relay_url not in html and "https://boulangerie.example/pain" in html
        assert mail["List-Unsubscribe"].startswith("<mailto:")


# --- the commands ---------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], options: list[str], *args: str) -> str:
    capsys.readouterr()
    code = main.main([*options, *args])
    out, err = capsys.readouterr()
    assert code == 0, (args, out, err)
    return out


def test_campaigns_create_track_flags_and_account_consent_setting(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    options = ["--home", str(home), "--db", db.url]
    create_template(db, TemplateInput(name="Lettre", subject="Du pain", html=HTML))
    out = run(capsys, options, "accounts", "add", "Boutique", "--kind", "smtp", "--host",
              "127.0.0.1", "--security", "none", "--from", "shop@example.com",
              "--no-require-tracking-consent", "--json")  # fmt: skip
    assert json.loads(out)["settings"]["require_tracking_consent"] is False
    out = run(capsys, options, "accounts", "show", "Boutique")
    assert "Tracking consent required: no" in out
    out = run(capsys, options, "accounts", "edit", "Boutique", "--require-tracking-consent",
              "--json")  # fmt: skip
    assert "require_tracking_consent" not in json.loads(out)["settings"]  # the default
    assert get_account(db, "Boutique").require_tracking_consent is True

    base = ["campaigns", "create"]
    audience = ["--template", "Lettre", "--account", "Boutique", "--audience", "all", "--json"]
    # No relay: off unless asked for.
    assert json.loads(run(capsys, options, *base, "A", *audience))["tracking"] is False
    assert json.loads(run(capsys, options, *base, "B", *audience, "--track"))["tracking"] is True
    save_relay(db, home, "https://relay.example.com", SECRET, API_KEY)
    assert json.loads(run(capsys, options, *base, "C", *audience))["tracking"] is True
    no = json.loads(run(capsys, options, *base, "D", *audience, "--no-track"))
    assert no["tracking"] is False
    assert campaigns.campaign_status(db, "C")["tracking"] is True
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main.main([*options, *base, "E", *audience, "--track", "--no-track"])
    assert "not allowed with argument" in capsys.readouterr().err
