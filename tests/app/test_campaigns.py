"""Campaign services and the outbox: audiences, the send's rows, claiming, recovery, status."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.contacts.segments import create_segment
from app.contacts.service import (
    ContactInput,
    add_contact,
    create_list,
    set_list_membership,
    tag_contacts,
)
from app.db import Database
from app.db.models import Account, CampaignRun, Contact, Message, SenderProcess
from app.db.types import utcnow
from app.errors import InvalidInput, NotFound
from app.sending import activity, campaigns, outbox
from app.sending.accounts import AccountInput, create_account
from app.sending.campaigns import CampaignInput
from app.sending.secrets import open_secret_store
from app.templates.service import TemplateInput, create_template


@pytest.fixture
def secrets(facteur_home: Path):
    return open_secret_store(facteur_home)


def _contacts(db: Database, n: int, **extra: str) -> list[int]:
    ids = []
    for i in range(n):
        c = add_contact(
            db,
            ContactInput(
                email=f"c{i:04d}@example.com",
                first_name=f"Prénom{i}" if i % 3 else "",
                attributes={"ville": "Lyon"} if i % 2 else {},
                **extra,
            ),
        )
        ids.append(c.id)
    return ids


@pytest.fixture
def setup(db: Database, secrets):
    """Ten contacts (two unsubscribed), list "Clients" with all of them, a template, an account."""
    ids = _contacts(db, 10)
    create_list(db, "Clients")
    set_list_membership(db, ids, ["Clients"])
    with db.session() as s:
        s.execute(update(Contact).where(Contact.id.in_(ids[:2])).values(status="unsubscribed"))
    create_template(
        db,
        TemplateInput(
            name="Promo",
            subject="Bonjour {{ contact.first_name }}",
            html="<p>Bonjour {{ contact.first_name }} de {{ contact.ville }}</p>",
        ),
    )
    create_account(
        db,
        secrets,
        AccountInput(
            name="Boutique",
            kind="smtp",
            from_address="Boutique <shop@example.com>",
            host="127.0.0.1",
            port=2525,
            security="none",
        ),
    )
    return ids


def _create(db: Database, name: str = "Noël", **kw) -> campaigns.CampaignData:
    data = CampaignInput(
        name=name,
        template=kw.pop("template", "Promo"),
        account=kw.pop("account", "Boutique"),
        include=kw.pop("include", ["list:Clients"]),
        **kw,
    )
    return campaigns.create_campaign(db, data)


def test_create_validates_names(db: Database, setup) -> None:
    with pytest.raises(NotFound, match="template"):
        _create(db, template="Nope")
    with pytest.raises(NotFound, match="account"):
        _create(db, account="Nope")
    with pytest.raises(NotFound, match="list"):
        _create(db, include=["list:Nope"])
    with pytest.raises(InvalidInput, match="not understood"):
        _create(db, include=["group:Clients"])
    with pytest.raises(InvalidInput, match="at least one"):
        _create(db, include=[])
    c = _create(db)
    assert c.status == "draft" and c.include == ("list:Clients",) and c.counts.total == 0
    with pytest.raises(InvalidInput, match="already exists"):
        _create(db)


def test_audience_count_union_exclusion_and_suppressed(db: Database, setup) -> None:
    ids = setup
    tag_contacts(db, ids[:5], ["vip"])
    create_segment(
        db, "Lyonnais", {"all": [{"field": "attributes.ville", "op": "eq", "value": "lyon"}]}
    )
    assert campaigns.audience_count(db, ["list:Clients"], []) == campaigns.AudienceCount(8, 2)
    # Exclude the vip tag: ids 5..9 remain, all subscribed.
    assert campaigns.audience_count(db, ["list:Clients"], ["tag:vip"]) == campaigns.AudienceCount(
        5, 0
    )
    # Union of a segment (odd ids: 1,3,5,7,9) and a tag (0..4): 0,1,2,3,4,5,7,9; 0 and 1 unsubscribed.
    assert campaigns.audience_count(db, ["segment:Lyonnais", "tag:vip"], []) == (
        campaigns.AudienceCount(6, 2)
    )
    assert campaigns.audience_count(db, ["all"], ["segment:Lyonnais"]).recipients == 4
    assert campaigns.audience_count(db, [], []) == campaigns.AudienceCount(0, 0)


def test_start_writes_the_outbox_once(db: Database, setup) -> None:
    _create(db)
    started = campaigns.start_campaign(db, "Noël")
    assert started.status == "sending"
    status = campaigns.campaign_status(db, "Noël")
    assert {
        k: status[k]
        for k in ("name", "status", "total", "queued", "sent", "failed", "in_doubt", "suppressed")
    } == {
        "name": "Noël",
        "status": "sending",
        "total": 10,
        "queued": 8,
        "sent": 0,
        "failed": 0,
        "in_doubt": 0,
        "suppressed": 2,
    }
    with db.session() as s:
        rows = s.scalars(select(Message).order_by(Message.contact_id)).all()
        assert {r.status for r in rows[:2]} == {"suppressed"}
        assert rows[0].last_error == "Unsubscribed"
        assert len({(r.run_id, r.contact_id) for r in rows}) == 10
    with pytest.raises(InvalidInput, match="already been started"):
        campaigns.start_campaign(db, "Noël")


def test_start_refused_by_precheck_errors(db: Database, setup) -> None:
    create_list(db, "Vide")
    _create(db, include=["list:Vide"])
    with pytest.raises(InvalidInput, match="Nobody would receive"):
        campaigns.start_campaign(db, "Noël")
    assert campaigns.get_campaign(db, "Noël").status == "draft"


def test_scheduled_campaign_starts_its_occurrence_once(db: Database, setup) -> None:
    at = utcnow() + timedelta(hours=2)
    _create(db, scheduled_at=at)
    campaign = campaigns.start_campaign(db, "Noël")
    assert (campaign.status, campaign.next_run_at) == ("scheduled", at)
    # The scheduler fires the occurrence (see test_scheduler.py); firing it twice sends once.
    assert campaigns.start_occurrence(db, campaign.id, at) == ("Noël", "sending", "")
    assert campaigns.start_occurrence(db, campaign.id, at) is None
    assert campaigns.campaign_status(db, "Noël")["queued"] == 8
    (run,) = campaigns.list_runs(db, "Noël")
    assert (run.status, run.scheduled_for, run.counts.queued) == ("sending", at, 8)
    # Pausing a scheduled campaign unschedules it.
    _create(db, name="Later", scheduled_at=at)
    campaigns.start_campaign(db, "Later")
    assert campaigns.pause_campaign(db, "Later").status == "draft"


def test_pause_resume_cancel_and_claims(db: Database, setup) -> None:
    _create(db)
    campaigns.start_campaign(db, "Noël")
    account_id = _account_id(db)
    with db.session() as s:
        first = outbox.claim(s, account_id, "owner-a", 3)
    with db.session() as s:
        second = outbox.claim(s, account_id, "owner-b", 3)
    assert len(first) == len(second) == 3
    assert not {r.id for r in first} & {r.id for r in second}
    assert all(r.attempts == 1 for r in first)
    campaigns.pause_campaign(db, "Noël")
    with db.session() as s:
        assert outbox.claim(s, account_id, "owner-a", 10) == []
    # Outcomes are recorded only by the row's claimer.
    with db.session() as s:
        outbox.record(s, [outbox.Result(first[0].id, "sent", provider_id="Q1")], "owner-b")
        outbox.record(s, [outbox.Result(first[1].id, "sent", provider_id="Q2")], "owner-a")
    status = campaigns.campaign_status(db, "Noël")
    assert status["status"] == "paused" and status["sent"] == 1 and status["sending"] == 5
    campaigns.resume_campaign(db, "Noël")
    with db.session() as s:
        rest = outbox.claim(s, account_id, "owner-c", 100)
    assert len(rest) == 2
    campaigns.cancel_campaign(db, "Noël")
    with db.session() as s:
        assert outbox.claim(s, account_id, "owner-c", 100) == []
    with pytest.raises(InvalidInput, match="already finished"):
        campaigns.cancel_campaign(db, "Noël")
    with pytest.raises(InvalidInput, match="not paused"):
        campaigns.resume_campaign(db, "Noël")


def _account_id(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(Account.id).where(Account.name == "Boutique"))


def test_retry_outcome_waits_and_finish(db: Database, setup) -> None:
    _create(db)
    campaigns.start_campaign(db, "Noël")
    acc = _account_id(db)
    with db.session() as s:
        rows = outbox.claim(s, acc, "me", 100)
    later = utcnow() + timedelta(hours=1)
    with db.session() as s:
        outbox.record(
            s,
            [outbox.Result(r.id, "sent") for r in rows[:6]]
            + [outbox.Result(rows[6].id, "failed", "550 5.1.1 unknown user")]
            + [outbox.Result(rows[7].id, "queued", "451 try later", next_attempt_at=later)],
            "me",
        )
    with db.session() as s:
        assert outbox.claim(s, acc, "me", 100) == []  # the retry is not due yet
    assert campaigns.finish_runs(db) == []  # one row still queued
    with db.session() as s:
        s.execute(update(Message).where(Message.id == rows[7].id).values(next_attempt_at=utcnow()))
        again = outbox.claim(s, acc, "me", 100)
    assert [r.id for r in again] == [rows[7].id] and again[0].attempts == 2
    with db.session() as s:
        outbox.record(s, [outbox.Result(again[0].id, "sent")], "me")
    assert campaigns.finish_runs(db) == [("Noël", "done")]
    status = campaigns.campaign_status(db, "Noël")
    assert (status["status"], status["sent"], status["failed"]) == ("done", 7, 1)
    # Retrying the failed one reopens the campaign.
    assert campaigns.retry_failed(db, "Noël") == 1
    assert campaigns.get_campaign(db, "Noël").status == "sending"
    failed_row = activity.list_messages(
        db, activity.ActivityQuery(campaign="Noël", status="queued")
    )
    assert [m.email for m in failed_row] == [rows[6].email]


def test_recovery_marks_interrupted_rows_in_doubt(db: Database, setup) -> None:
    _create(db)
    campaigns.start_campaign(db, "Noël")
    acc = _account_id(db)
    with db.session() as s:
        outbox.register_process(s, "alive")
        s.add(SenderProcess(id="dead", hostname=socket.gethostname(), pid=2**22 + 7))
    with db.session() as s:
        mine = outbox.claim(s, acc, "alive", 2)
        theirs = outbox.claim(s, acc, "dead", 3)
    with db.session() as s:
        assert outbox.recover(s) == 3
    with db.session() as s:
        statuses = dict(s.execute(select(Message.id, Message.status)).all())
        assert {statuses[r.id] for r in mine} == {"sending"}
        assert {statuses[r.id] for r in theirs} == {"in_doubt"}
        assert s.get(SenderProcess, "dead") is None
    # The transactional policy resends instead of holding.
    with db.session() as s:
        s.execute(
            update(Message)
            .where(Message.id == theirs[0].id)
            .values(status="sending", kind="transactional", claimed_by="gone")
        )
        outbox.recover(s)
    with db.session() as s:
        assert s.get(Message, theirs[0].id).status == "queued"
    status = campaigns.campaign_status(db, "Noël")
    assert status["in_doubt"] == 2
    assert campaigns.resend_in_doubt(db, "Noël") == 2


def test_precheck_reports(db: Database, setup) -> None:
    _create(db)
    report = campaigns.precheck(db, "Noël")
    assert report.ok, report.errors
    assert report.recipients == 8 and report.suppressed == 2
    # first_name empty for ids 0,3,6,9 -> subscribed among them: 3, 6, 9; ville missing on evens.
    missing = {m.field: m.count for m in report.missing}
    assert missing == {"first_name": 3, "ville": 4}
    assert report.auto_text and report.has_text_part
    assert 0 < report.message_size < report.size_limit
    assert report.warnings
    past = CampaignInput(
        name="x",
        template="Promo",
        account="Boutique",
        include=["list:Clients"],
        scheduled_at=datetime.now(UTC) - timedelta(minutes=1),
    )
    assert any("past" in e for e in campaigns.precheck_input(db, past).errors)


def test_activity_filters_and_retry(db: Database, setup) -> None:
    _create(db)
    campaigns.start_campaign(db, "Noël")
    acc = _account_id(db)
    with db.session() as s:
        rows = outbox.claim(s, acc, "me", 100)
    with db.session() as s:
        outbox.record(
            s,
            [outbox.Result(r.id, "sent") for r in rows[:5]]
            + [outbox.Result(r.id, "failed", "550 no") for r in rows[5:7]]
            + [outbox.Result(rows[7].id, "in_doubt", "no reply")],
            "me",
        )
    q = activity.ActivityQuery
    assert activity.count_messages(db, q()) == 10
    assert activity.count_messages(db, q(status="failed")) == 2
    assert activity.count_messages(db, q(search="c0009")) == 1
    assert activity.count_messages(db, q(campaign="Noël", status="suppressed")) == 2
    page = activity.list_messages(db, q(), offset=0, limit=4)
    assert [m.id for m in page] == sorted((m.id for m in page), reverse=True) and len(page) == 4
    failed = activity.list_messages(db, q(status="failed"))
    assert failed[0].last_error == "550 no" and failed[0].campaign == "Noël"
    with pytest.raises(NotFound):
        activity.count_messages(db, q(campaign="Nope"))
    with pytest.raises(InvalidInput):
        activity.count_messages(db, q(status="weird"))
    sent_ids = [m.id for m in activity.list_messages(db, q(status="sent"))]
    assert activity.retry_messages(db, [m.id for m in failed] + [rows[7].id] + sent_ids) == 3
    assert activity.count_messages(db, q(status="queued")) == 3


def test_delete_rules(db: Database, setup) -> None:
    _create(db)
    campaigns.start_campaign(db, "Noël")
    with pytest.raises(InvalidInput, match="pause or cancel"):
        campaigns.delete_campaign(db, "Noël")
    campaigns.cancel_campaign(db, "Noël")
    campaigns.delete_campaign(db, "Noël")
    with db.session() as s:
        assert s.scalar(select(Message.id)) is None and s.scalar(select(CampaignRun.id)) is None
    with pytest.raises(NotFound):
        campaigns.get_campaign(db, "Noël")


def test_update_only_before_start(db: Database, setup) -> None:
    _create(db)
    data = CampaignInput(name="Noël 2", template="Promo", account="Boutique", include=["all"])
    assert campaigns.update_campaign(db, "Noël", data).include == ("all",)
    campaigns.start_campaign(db, "Noël 2")
    with pytest.raises(InvalidInput, match="can no longer be changed"):
        campaigns.update_campaign(db, "Noël 2", data)
