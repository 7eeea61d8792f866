"""Statistics: roll-ups bumped by the outbox and by tracking events, the dashboard's queries over
them, the CSV report, and a rebuild from the raw rows giving the same figures."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import and_, insert, select

from app.db import Database
from app.db.models import (
    Account,
    Campaign,
    CampaignRun,
    Contact,
    LinkStat,
    Message,
    StatDaily,
    Template,
)
from app.errors import NotFound
from app.sending import outbox
from app.stats import service
from app.tracking.sync import apply_events

OWNER = "test-sender"


def make_world(db: Database) -> dict[str, int]:
    """Two campaigns (Soldes with two runs, Noël with one), 8 contacts, one automation rule-less
    template; no message yet."""
    now = datetime(2025, 12, 1, 9, tzinfo=UTC)
    with db.session() as s:
        t = Template(name="Promo", subject="Promo {{ contact.first_name }}", html="<p>x</p>")
        s.add(t)
        s.flush()
        a = Account(name="Boutique", kind="smtp", from_email="shop@exemple.fr", settings={})
        s.add(a)
        s.flush()
        ids: dict[str, int] = {"template": t.id, "account": a.id}
        for name in ("Soldes", "Noël"):
            c = Campaign(name=name, template_id=t.id, account_id=a.id, audience={})
            s.add(c)
            s.flush()
            ids[name] = c.id
        for key, campaign, started in (
            ("run1", "Soldes", now),
            ("run2", "Soldes", now + timedelta(days=7)),
            ("run3", "Noël", now + timedelta(days=14)),
        ):
            run = CampaignRun(campaign_id=ids[campaign], status="sending", started_at=started)
            s.add(run)
            s.flush()
            ids[key] = run.id
        for i in range(8):
            contact = Contact(email=f"c{i}@exemple.fr", first_name=f"Jean{i}")
            s.add(contact)
            s.flush()
            ids[f"c{i}"] = contact.id
    return ids


def queue(db: Database, ids: dict[str, int], run: str | None, contacts: range) -> list[int]:
    """Queued rows for a run (``None``: automation mail), one per contact; their ids."""
    now = datetime(2025, 12, 1, tzinfo=UTC)
    with db.session() as s:
        rows = [
            {
                "run_id": ids[run] if run else None,
                "account_id": ids["account"],
                "contact_id": ids[f"c{i}"],
                "email": f"c{i}@exemple.fr",
                "kind": "campaign" if run else "automation",
                "template_id": None if run else ids["template"],
                "status": "queued",
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
                "updated_at": now,
            }
            for i in contacts
        ]
        s.execute(insert(Message), rows)
        return list(
            s.scalars(
                select(Message.id)
                .where(Message.run_id == ids[run] if run else Message.run_id.is_(None))
                .where(Message.status == "queued")
                .order_by(Message.id)
            )
        )


def send(
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    at: datetime,
    outcomes: dict[int, str],
) -> None:
    """Claim every due row and record ``outcomes[id]`` (default sent) at the moment ``at``."""
    monkeypatch.setattr(outbox, "utcnow", lambda: at)
    with db.session() as s:
        account_id = s.scalar(select(Account.id))
        claimed = outbox.claim(s, account_id, OWNER, 1000)
        results = [
            outbox.Result(
                row.id,
                outcomes.get(row.id, "sent"),
                next_attempt_at=at + timedelta(hours=1),
                message_id=f"<{row.id}@exemple.fr>",
            )
            for row in claimed
        ]
        outbox.record(s, results, OWNER)
    monkeypatch.undo()


def daily(db: Database) -> dict[tuple[str, int, int], dict[str, int]]:
    """Every ``stat_daily`` row with its non-zero counters."""
    with db.session() as s:
        rows = s.scalars(select(StatDaily)).all()
        return {
            (r.day, r.campaign_id, r.run_id): {
                name: getattr(r, name) for name in service.COUNTERS if getattr(r, name)
            }
            for r in rows
        }


def links(db: Database) -> dict[tuple[int, str], tuple[int, int]]:
    with db.session() as s:
        return {
            (r.campaign_id, r.url): (r.clicks, r.unique_clicks)
            for r in s.scalars(select(LinkStat)).all()
        }


def track(db: Database, ids: dict[str, int], message_id: int | None, kind: str, at: datetime, **kw):
    """Apply one tracking event as the sync does: the relay's event, through ``apply_events``
    (its row and the roll-ups, one transaction). A bounce or complaint names its message by the
    Message-ID, as the providers do; a signup, its contact by the address."""
    email = provider_id = ""
    contact_id = kw.pop("contact_id", None)
    run_id = kw.pop("run_id", None)
    with db.session() as s:
        msg = s.get(Message, message_id) if message_id else None
        if msg is not None:
            email, provider_id = msg.email, msg.message_id or ""
            contact_id = msg.contact_id if contact_id is None else contact_id
            run_id = msg.run_id if run_id is None else run_id
        if contact_id is not None and not email:
            email = s.scalar(select(Contact.email).where(Contact.id == contact_id)) or ""
    event = {
        "id": uuid.uuid4().hex,
        "kind": kind,
        "occurred_at": at.isoformat(),
        "message": message_id,
        "contact": contact_id,
        "run": run_id,
        "url": kw.pop("url", ""),
        "ip": "203.0.113.0",
        "bot": kw.pop("bot", False),
        "source": kw.pop("source", "pixel"),
        "data": kw.pop("data", {}),
    }
    if kind in ("bounce", "complaint", "signup"):
        event["email"] = email
    if kind in ("bounce", "complaint"):
        event["provider_message_id"] = provider_id
    assert not kw, kw
    result = apply_events(db, [event])
    assert (result.applied, result.errors) == (1, []), result


# --- the outbox's roll-ups ---------------------------------------------------------------------


def test_record_counts_sent_and_failed_on_the_local_day_per_run(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_world(db)
    run1 = queue(db, ids, "run1", range(0, 4))
    queue(db, ids, "run2", range(0, 3))
    auto = queue(db, ids, None, range(4, 6))
    # 23:30 UTC on 31 December is 00:30 on 1 January in Paris.
    new_year = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    outcomes = {run1[1]: "failed", run1[2]: "queued", run1[3]: "in_doubt", auto[1]: "failed"}
    send(db, monkeypatch, new_year, outcomes)
    assert daily(db) == {
        ("2026-01-01", ids["Soldes"], ids["run1"]): {"sent": 1, "failed": 1},
        ("2026-01-01", ids["Soldes"], ids["run2"]): {"sent": 3},
        ("2026-01-01", 0, 0): {"sent": 1, "failed": 1},
    }
    # The retried row, sent the next afternoon (21:30 UTC, still 2 January in Paris).
    later = datetime(2026, 1, 2, 21, 30, tzinfo=UTC)
    with db.session() as s:
        s.execute(
            Message.__table__.update()
            .where(Message.id == run1[2])
            .values(next_attempt_at=later - timedelta(minutes=1))
        )
    send(db, monkeypatch, later, {})
    assert daily(db)[("2026-01-02", ids["Soldes"], ids["run1"])] == {"sent": 1}


def test_record_leaves_another_senders_rows_uncounted(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_world(db)
    rows = queue(db, ids, "run1", range(0, 3))
    with db.session() as s:
        claimed = outbox.claim(s, ids["account"], "someone-else", 10)
    assert len(claimed) == 3
    with db.session() as s:
        outbox.record(s, [outbox.Result(i, "sent") for i in rows], OWNER)
    assert daily(db) == {}
    assert service.totals(db).sent == 0


def test_requeue_takes_failed_rows_out_of_the_failed_figures(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_world(db)
    rows = queue(db, ids, "run1", range(0, 4))
    failed_at = datetime(2026, 3, 2, 10, tzinfo=UTC)
    send(db, monkeypatch, failed_at, {rows[0]: "failed", rows[1]: "failed", rows[2]: "in_doubt"})
    key = ("2026-03-02", ids["Soldes"], ids["run1"])
    assert daily(db)[key] == {"sent": 1, "failed": 2}
    monkeypatch.setattr(outbox, "utcnow", lambda: failed_at + timedelta(hours=1))
    with db.session() as s:
        assert outbox.unfail(s, [rows[0], rows[2], rows[3]]) == 2  # rows[3] was sent
    assert daily(db)[key] == {"sent": 1, "failed": 1}
    with db.session() as s:
        statuses = dict(s.execute(select(Message.id, Message.status)).all())
    assert [statuses[i] for i in rows] == ["queued", "failed", "queued", "sent"]
    # Sent on the second try: the message counts once, as sent; a rebuild agrees.
    send(db, monkeypatch, failed_at + timedelta(days=1), {})
    incremental = daily(db)
    assert incremental[key] == {"sent": 1, "failed": 1}
    assert incremental[("2026-03-03", ids["Soldes"], ids["run1"])] == {"sent": 2}
    service.rebuild_rollups(db)
    assert daily(db) == incremental


def test_requeue_by_condition_as_a_campaign_retry_does(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_world(db)
    soldes = queue(db, ids, "run1", range(0, 3))
    noel = queue(db, ids, "run3", range(0, 2))
    at = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)  # 1 July in Paris (summer time, UTC+2)
    send(db, monkeypatch, at, {soldes[0]: "failed", soldes[1]: "failed", noel[0]: "failed"})
    assert daily(db)[("2026-07-01", ids["Soldes"], ids["run1"])] == {"sent": 1, "failed": 2}
    with db.session() as s:
        runs = select(CampaignRun.id).where(CampaignRun.campaign_id == ids["Soldes"])
        assert outbox.requeue(s, and_(Message.run_id.in_(runs), Message.status == "failed")) == 2
    after = daily(db)
    assert after[("2026-07-01", ids["Soldes"], ids["run1"])] == {"sent": 1}
    assert after[("2026-07-01", ids["Noël"], ids["run3"])] == {"sent": 1, "failed": 1}
    assert service.totals(db).failed == 1


# --- the dashboard ----------------------------------------------------------------------------


@pytest.fixture
def figures(db: Database, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Sends on three days and engagement after them, applied through the incremental path."""
    ids = make_world(db)
    run1 = queue(db, ids, "run1", range(0, 6))
    send(db, monkeypatch, datetime(2026, 3, 2, 8, tzinfo=UTC), {run1[5]: "failed"})
    run2 = queue(db, ids, "run2", range(0, 4))
    send(db, monkeypatch, datetime(2026, 3, 9, 8, tzinfo=UTC), {})
    run3 = queue(db, ids, "run3", range(0, 8))
    auto = queue(db, ids, None, range(6, 8))
    send(db, monkeypatch, datetime(2026, 3, 16, 8, tzinfo=UTC), {})

    d = datetime(2026, 3, 2, 9, tzinfo=UTC)
    shop, sale = "https://boutique.exemple.fr/", "https://boutique.exemple.fr/soldes?a=1&b=é"
    track(db, ids, run1[0], "open", d, bot=True)  # Apple's prefetch
    track(db, ids, run1[0], "open", d + timedelta(minutes=5))
    track(db, ids, run1[0], "open", d + timedelta(days=1))  # opened again the next day
    track(db, ids, run1[1], "open", d + timedelta(hours=1))
    track(db, ids, run1[2], "open", d + timedelta(hours=2))
    track(db, ids, run1[0], "click", d + timedelta(minutes=6), url=sale, source="link")
    track(db, ids, run1[0], "click", d + timedelta(minutes=7), url=sale, source="link")
    track(db, ids, run1[0], "click", d + timedelta(minutes=8), url=shop, source="link")
    track(db, ids, run1[1], "click", d + timedelta(hours=1), url=sale, source="link")
    track(db, ids, run1[1], "click", d, url=sale, source="link", bot=True)
    # A contact without tracking consent: a run-level click, no message.
    track(db, ids, None, "click", d, url=shop, source="link", run_id=ids["run1"])
    track(db, ids, run1[2], "unsubscribe", d + timedelta(hours=3), source="page")
    track(
        db,
        ids,
        run1[3],
        "bounce",
        d + timedelta(minutes=1),
        source="sendgrid",
        data={"permanent": True, "reason": "550 5.1.1 unknown user"},
    )
    track(db, ids, run2[0], "open", datetime(2026, 3, 9, 10, tzinfo=UTC))
    track(db, ids, run2[1], "complaint", datetime(2026, 3, 10, 10, tzinfo=UTC), source="ses")
    track(db, ids, run3[0], "open", datetime(2026, 3, 16, 10, tzinfo=UTC))
    track(db, ids, auto[0], "open", datetime(2026, 3, 16, 11, tzinfo=UTC))
    track(
        db,
        ids,
        None,
        "signup",
        datetime(2026, 3, 1, 11, tzinfo=UTC),
        contact_id=ids["c0"],
        source="form",
        data={"form": "newsletter", "double_opt_in": False},
    )
    return {"ids": ids, "run1": run1, "sale": sale, "shop": shop}


def test_totals_and_rates(db: Database, figures: dict) -> None:
    ids = figures["ids"]
    everything = service.totals(db)
    assert (everything.sent, everything.failed) == (5 + 4 + 8 + 2, 1)
    soldes = service.totals(db, campaign="Soldes")
    assert soldes == service.totals(db, campaign=ids["Soldes"])
    assert (soldes.sent, soldes.failed) == (9, 1)
    assert (soldes.opened, soldes.unique_opened, soldes.bot_opened) == (5, 4, 1)
    # 3 clicks from run1[0], 1 from run1[1], 1 without a message; the bot's apart.
    assert (soldes.clicked, soldes.unique_clicked, soldes.bot_clicked) == (5, 2, 1)
    assert (soldes.bounced, soldes.complained, soldes.unsubscribed) == (1, 1, 1)
    assert soldes.open_rate == pytest.approx(4 / 9)
    assert soldes.click_rate == pytest.approx(2 / 9)
    assert soldes.click_to_open_rate == pytest.approx(2 / 4)
    assert soldes.bounce_rate == pytest.approx(1 / 9)
    assert soldes.unsubscribe_rate == pytest.approx(1 / 9)
    run1 = service.totals(db, campaign="Soldes", run_id=ids["run1"])
    assert (run1.sent, run1.unique_opened, run1.complained) == (5, 3, 0)
    one_day = service.totals(db, start=date(2026, 3, 3), end=date(2026, 3, 3))
    assert one_day == service.Totals(opened=1)
    assert service.Totals().open_rate == 0.0 and service.Totals().click_to_open_rate == 0.0
    data = soldes.to_json()
    assert list(data) == [*service.JSON_COUNTS, *service.RATES]
    assert data["open_rate"] == round(4 / 9, 4)
    with pytest.raises(NotFound, match="No campaign named 'Été'"):
        service.totals(db, campaign="Été")


def test_timeline_fills_empty_days(db: Database, figures: dict) -> None:
    days = service.timeline(db, start=date(2026, 3, 1), end=date(2026, 3, 10), campaign="Soldes")
    assert [d.day for d in days] == [date(2026, 3, 1) + timedelta(days=i) for i in range(10)]
    by_day = {d.day.day: d for d in days}
    assert by_day[1] == service.DayFigures(date(2026, 3, 1))
    assert (by_day[2].sent, by_day[2].failed, by_day[2].unique_opened) == (5, 1, 3)
    assert (by_day[2].clicked, by_day[2].bounced, by_day[2].unsubscribed) == (5, 1, 1)
    assert (by_day[3].opened, by_day[3].unique_opened) == (1, 0)
    assert (by_day[9].sent, by_day[9].opened) == (4, 1)
    assert all(by_day[i] == service.DayFigures(date(2026, 3, i)) for i in (4, 5, 6, 7, 8))
    year = service.timeline(db, start=date(2025, 3, 17), end=date(2026, 3, 16))
    assert len(year) == 365
    assert sum(d.sent for d in year) == service.totals(db).sent


def test_compare_campaigns_newest_first_with_automations(db: Database, figures: dict) -> None:
    ids = figures["ids"]
    compared = service.compare_campaigns(db)
    assert [(c.campaign_id, c.name) for c in compared] == [
        (ids["Noël"], "Noël"),
        (ids["Soldes"], "Soldes"),
        (0, service.AUTOMATIONS),
    ]
    soldes = compared[1]
    assert soldes.totals == service.totals(db, campaign="Soldes")
    assert (soldes.first_day, soldes.last_day) == (date(2026, 3, 2), date(2026, 3, 10))
    assert compared[2].totals.sent == 2
    limited = service.compare_campaigns(db, limit=1)
    assert [c.name for c in limited] == ["Noël", service.AUTOMATIONS]
    march_2 = service.compare_campaigns(db, start=date(2026, 3, 2), end=date(2026, 3, 2))
    assert [c.name for c in march_2] == ["Soldes"]


def test_top_links(db: Database, figures: dict) -> None:
    sale, shop = figures["sale"], figures["shop"]
    top = service.top_links(db, campaign="Soldes")
    assert top == [service.LinkFigures(sale, 3, 2), service.LinkFigures(shop, 2, 1)]
    assert service.top_links(db, campaign="Soldes", limit=1) == top[:1]
    assert service.top_links(db) == top
    assert service.top_links(db, campaign="Noël") == []


def test_run_figures_newest_first(db: Database, figures: dict) -> None:
    ids = figures["ids"]
    runs = service.run_figures(db, "Soldes")
    assert [r.run_id for r in runs] == [ids["run2"], ids["run1"]]
    assert runs[0].status == "sending" and runs[0].started_at == datetime(
        2025, 12, 8, 9, tzinfo=UTC
    )
    assert (runs[0].totals.sent, runs[0].totals.complained) == (4, 1)
    assert (runs[1].totals.sent, runs[1].totals.unique_clicked) == (5, 2)
    with pytest.raises(NotFound):
        service.run_figures(db, "Été")


def test_contact_timeline(db: Database, figures: dict) -> None:
    items = service.contact_timeline(db, "C0@exemple.fr")
    assert items == service.contact_timeline(db, figures["ids"]["c0"])
    assert [i.at for i in items] == sorted((i.at for i in items), reverse=True)
    kinds = [i.kind for i in items]
    assert kinds.count("sent") == 3 and kinds.count("open") == 5 and kinds.count("click") == 3
    assert kinds[-1] == "signup" and items[-1].detail == "newsletter"
    first_open = [i for i in items if i.kind == "open" and i.campaign == "Soldes"][-1]
    # The subject as it went to the contact (rendered again: it is not stored).
    assert first_open.bot and first_open.subject == "Promo Jean0"
    assert {i.url for i in items if i.kind == "click"} == {figures["sale"], figures["shop"]}
    bounce = next(i for i in service.contact_timeline(db, "c3@exemple.fr") if i.kind == "bounce")
    assert (bounce.kind, bounce.detail, bounce.campaign) == (
        "bounce",
        "550 5.1.1 unknown user",
        "Soldes",
    )
    failed = [i for i in service.contact_timeline(db, "c5@exemple.fr") if i.kind == "failed"]
    assert len(failed) == 1 and failed[0].campaign == "Soldes"
    assert len(service.contact_timeline(db, "c0@exemple.fr", limit=4)) == 4
    with pytest.raises(NotFound):
        service.contact_timeline(db, "nobody@exemple.fr")


def test_campaign_report_and_csv(db: Database, figures: dict) -> None:
    report = service.campaign_report(db, "Soldes")
    assert (report.name, report.template, report.status) == ("Soldes", "Promo", "draft")
    assert report.totals == service.totals(db, campaign="Soldes")
    assert [r.run_id for r in report.runs] == [figures["ids"]["run2"], figures["ids"]["run1"]]
    assert report.links[0].url == figures["sale"]
    assert (report.days[0].day, report.days[-1].day) == (date(2026, 3, 2), date(2026, 3, 10))
    assert len(report.days) == 9

    text = service.report_csv(report)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["Campaign", "Soldes"]
    sections = {row[0]: i for i, row in enumerate(rows) if len(row) == 1}
    assert list(sections) == ["Totals", "Runs", "Links", "Days"]
    totals_rows = dict(rows[sections["Totals"] + 2 : sections["Runs"] - 1])
    assert totals_rows["Sent"] == "9" and totals_rows["Unique opens"] == "4"
    assert totals_rows["Open rate (%)"] == "44.4"  # 4 / 9
    assert totals_rows["Click-to-open rate (%)"] == "50.0"
    runs = rows[sections["Runs"] + 2 : sections["Links"] - 1]
    assert [r[0] for r in runs] == [str(figures["ids"]["run2"]), str(figures["ids"]["run1"])]
    assert runs[1][5] == "5" and runs[1][-2] == "60.0"
    link_rows = rows[sections["Links"] + 2 : sections["Days"] - 1]
    assert link_rows[0] == [figures["sale"], "3", "2"]
    day_rows = rows[sections["Days"] + 2 :]
    assert day_rows[0][:3] == ["2026-03-02", "5", "1"] and len(day_rows) == 9
    semicolons = service.report_csv(report, delimiter=";")
    assert next(csv.reader(io.StringIO(semicolons[1:]), delimiter=";")) == ["Campaign", "Soldes"]


def test_csv_cells_are_not_formulas(db: Database) -> None:
    report = service.CampaignReport(
        1,
        '=HYPERLINK("http://x")',
        "-t",
        "done",
        service.Totals(),
        [],
        [],
        [],
        datetime(2026, 3, 1, tzinfo=UTC),
    )
    rows = list(csv.reader(io.StringIO(service.report_csv(report)[1:])))
    assert rows[0][1] == '\'=HYPERLINK("http://x")' and rows[1][1] == "'-t"
    assert ["Sent", "0"] in rows and ["Open rate (%)", "0.0"] in rows


def test_rebuild_gives_the_incremental_figures(db: Database, figures: dict) -> None:
    incremental_daily, incremental_links = daily(db), links(db)
    assert incremental_daily and incremental_links
    with db.session() as s:  # damage: what a repair is for
        s.execute(StatDaily.__table__.update().values(sent=StatDaily.sent + 100))
        s.execute(LinkStat.__table__.delete())
    service.rebuild_rollups(db)
    assert daily(db) == incremental_daily
    assert links(db) == incremental_links
