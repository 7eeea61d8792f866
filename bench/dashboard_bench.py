"""The dashboard's queries on a year of data: p50/p95/max per query (target p95 < 50 ms).

    .venv/bin/python bench/dashboard_bench.py [--db URL] [--campaigns 50] [--messages 200000]
        [--events 1000000] [--contacts 20000] [--repeat 100] [--incremental 5000]

Builds a database (a temporary SQLite file by default; with ``--db`` a PostgreSQL database, in a
private schema dropped afterwards) with campaigns sent over a year, their messages and tracking
events (opens, clicks, a few unsubscribes, bounces and complaints, bots' opens and clicks,
engagement decaying over the days after each send), bulk-inserted; then:
- ``rebuild_rollups`` (the roll-ups from the raw rows): its time;
- each dashboard query of ``app.stats.service`` ``--repeat`` times (random campaigns and
  contacts): p50, p95 and max in milliseconds;
- the incremental path: ``--incremental`` new events, in the relay's format, applied by
  ``app.tracking.sync.apply_events`` as the sync applies them (each event's row and roll-ups,
  one transaction per batch of ``sync.BATCH``): events/s.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select, text  # noqa: E402

from app.db import Database  # noqa: E402
from app.db.models import (  # noqa: E402
    Account,
    Campaign,
    CampaignRun,
    Contact,
    LinkStat,
    Message,
    StatDaily,
    Template,
    TrackingEvent,
)
from app.stats import service  # noqa: E402
from app.tracking import sync  # noqa: E402

YEAR_START = datetime(2025, 1, 6, 8, tzinfo=UTC)
CHUNK = 20_000


def open_database(url: str | None) -> tuple[Database, Callable[[], None]]:
    if not url:
        folder = tempfile.TemporaryDirectory(prefix="facteur-dashboard-bench-")
        db = Database(f"sqlite:///{folder.name}/bench.db")
        db.migrate()

        def cleanup() -> None:
            db.dispose()
            folder.cleanup()

        return db, cleanup
    admin = Database(url)
    schema = f"dashboard_bench_{uuid.uuid4().hex[:8]}"
    with admin.engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    db = Database(f"{url}{sep}options=-csearch_path%3D{schema}")
    db.migrate()

    def drop() -> None:
        db.dispose()
        with admin.engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return db, drop


def bulk(db: Database, table: Any, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert rows fast: COPY on PostgreSQL, executemany on SQLite."""
    if db.dialect == "postgresql":
        raw = db.engine.raw_connection()
        try:
            cur = raw.cursor()
            names = ", ".join(columns)
            with cur.copy(f"COPY {table.__tablename__} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            raw.commit()
        finally:
            raw.close()
        return
    for start in range(0, len(rows), CHUNK):
        with db.session() as s:
            s.execute(
                insert(table),
                [dict(zip(columns, row, strict=True)) for row in rows[start : start + CHUNK]],
            )


def populate(db: Database, args: argparse.Namespace, rng: random.Random) -> dict[str, Any]:
    now = datetime.now(UTC)
    with db.session() as s:
        template = Template(name="Newsletter", subject="Les nouvelles de {{ contact.first_name }}")
        account = Account(name="Boutique", kind="smtp", from_email="shop@exemple.fr", settings={})
        s.add_all([template, account])
        s.flush()
        ids = {"template": template.id, "account": account.id}
    contact_rows = [
        (
            f"client{i:06d}@exemple.fr",
            f"Prénom{i}",
            "",
            "",
            "",
            "",
            "{}",
            "subscribed",
            "",
            "",
            "",
            False,
            now,
            now,
        )
        for i in range(args.contacts)
    ]
    contact_cols = [
        "email",
        "first_name",
        "last_name",
        "company",
        "phone",
        "locale",
        "attributes",
        "status",
        "consent_source",
        "consent_text",
        "consent_ip",
        "tracking_consent",
        "created_at",
        "updated_at",
    ]
    if db.dialect == "sqlite":
        contact_rows = [(*r[:6], {}, *r[7:]) for r in contact_rows]
    bulk(db, Contact, contact_cols, contact_rows)
    with db.session() as s:
        contact_ids = list(s.scalars(select(Contact.id).order_by(Contact.id)))

    # Campaigns spread over the year, one to three runs each (a recurring newsletter).
    runs: list[tuple[int, int, datetime]] = []  # (campaign id, run id, start)
    with db.session() as s:
        for c in range(args.campaigns):
            first = YEAR_START + timedelta(days=c * 360 / args.campaigns)
            campaign = Campaign(
                name=f"Campagne {c + 1:03d}",
                template_id=ids["template"],
                account_id=ids["account"],
                audience={"include": ["all"]},
                status="done",
                created_at=first,
            )
            s.add(campaign)
            s.flush()
            for r in range(1 + c % 3):
                start = first + timedelta(days=r * 2)
                run = CampaignRun(
                    campaign_id=campaign.id,
                    status="done",
                    started_at=start,
                    finished_at=start + timedelta(hours=2),
                )
                s.add(run)
                s.flush()
                runs.append((campaign.id, run.id, start))

    # Messages: 90 % campaign mail shared among the runs, 10 % automation mail all year long.
    automation = args.messages // 10
    per_run = (args.messages - automation) // len(runs)
    message_rows: list[tuple[Any, ...]] = []
    sent_info: list[tuple[int, int, int, datetime]] = []  # (campaign, run, contact, sent_at)
    for campaign_id, run_id, start in runs:
        for contact_id in rng.sample(contact_ids, min(per_run, len(contact_ids))):
            at = start + timedelta(seconds=rng.uniform(0, 7200))
            failed = rng.random() < 0.02
            message_rows.append(
                (run_id, "campaign", None, contact_id, "failed" if failed else "sent", at, at)
            )
            sent_info.append((campaign_id, run_id, contact_id, at))
    for _ in range(automation):
        at = YEAR_START + timedelta(seconds=rng.uniform(0, 365 * 86400))
        contact_id = rng.choice(contact_ids)
        message_rows.append((None, "automation", ids["template"], contact_id, "sent", at, at))
        sent_info.append((0, 0, contact_id, at))
    columns = [
        "run_id",
        "kind",
        "template_id",
        "contact_id",
        "status",
        "sent_at",
        "updated_at",
        "account_id",
        "email",
        "attempts",
        "next_attempt_at",
        "last_error",
        "message_id",
        "provider_id",
        "claimed_by",
        "created_at",
    ]
    rows = [
        (
            run_id,
            kind,
            template_id,
            contact_id,
            status,
            at if status == "sent" else None,
            at,
            ids["account"],
            f"client{contact_id}@exemple.fr",
            1,
            at,
            "550 refused" if status == "failed" else "",
            "",
            "",
            "",
            at,
        )
        for run_id, kind, template_id, contact_id, status, at, _ in message_rows
    ]
    bulk(db, Message, columns, rows)
    with db.session() as s:
        message_ids = list(s.scalars(select(Message.id).order_by(Message.id)))
    statuses = [r[4] for r in message_rows]
    sent = [
        (m, *info)
        for m, info, st in zip(message_ids, sent_info, statuses, strict=True)
        if st == "sent"
    ]

    # Events: each pick a sent message (a few engaged readers more often), after its sending.
    urls = [f"https://boutique.exemple.fr/produit/{i}?utm_campaign=bench" for i in range(40)]
    event_cols = [
        "kind",
        "message_id",
        "contact_id",
        "campaign_id",
        "run_id",
        "email",
        "url",
        "ip",
        "bot",
        "source",
        "data",
        "occurred_at",
        "created_at",
    ]
    kinds = ["open"] * 620 + ["click"] * 330 + ["unsubscribe"] * 15 + ["bounce"] * 25
    kinds += ["complaint"] * 2 + ["custom"] * 8
    events: list[tuple[Any, ...]] = []
    for _ in range(args.events):
        m, campaign_id, run_id, contact_id, at = sent[int(len(sent) * rng.random() ** 1.3)]
        kind = rng.choice(kinds)
        delay = min(-math.log(1.0 - rng.random()) * 86400, 40 * 86400)
        occurred = at + timedelta(seconds=delay)
        bot = kind in ("open", "click") and rng.random() < 0.08
        url = (
            urls[(campaign_id * 7 + int(rng.random() ** 2 * 12)) % len(urls)]
            if kind == "click"
            else ""
        )
        data = {"reason": "550 5.1.1 unknown"} if kind == "bounce" else {}
        events.append(
            (
                kind,
                m,
                contact_id,
                campaign_id or None,
                run_id or None,
                "",
                url,
                "203.0.113.0",
                bot,
                "link" if kind == "click" else "pixel",
                data if db.dialect == "sqlite" else _json(data),
                occurred,
                occurred,
            )
        )
    events.sort(key=lambda e: e[11])
    bulk(db, TrackingEvent, event_cols, events)
    if db.dialect == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    last = max(e[11] for e in events) if events else YEAR_START
    return {
        "campaigns": [f"Campagne {c + 1:03d}" for c in range(args.campaigns)],
        "contacts": contact_ids,
        "sent": sent,
        "urls": urls,
        "last_day": last.date(),
    }


def _json(value: Any) -> str:
    import json

    return json.dumps(value)


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    fn()  # warm-up (statement caches, first page reads)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL URL (a private schema is created and dropped)")
    parser.add_argument("--campaigns", type=int, default=50)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--incremental", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    db, cleanup = open_database(args.db)
    try:
        return run(db, args, rng)
    finally:
        cleanup()


def run(db: Database, args: argparse.Namespace, rng: random.Random) -> int:
    print(f"database: {db.describe()} ({db.dialect})")
    t0 = time.perf_counter()
    world = populate(db, args, rng)
    print(
        f"populated {args.campaigns} campaigns, {args.messages:,} messages, "
        f"{args.events:,} tracking events, {args.contacts:,} contacts "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    t0 = time.perf_counter()
    service.rebuild_rollups(db)
    with db.session() as s:
        daily = s.scalar(select(func.count()).select_from(StatDaily))
        links = s.scalar(select(func.count()).select_from(LinkStat))
    print(
        f"rebuild_rollups: {time.perf_counter() - t0:.2f} s "
        f"({daily:,} stat_daily rows, {links:,} link_stat rows)"
    )
    end: date = world["last_day"]
    names: list[str] = world["campaigns"]
    contacts: list[int] = world["contacts"]
    pick = rng.choice
    queries: list[tuple[str, Callable[[], Any]]] = [
        ("totals (all mail)", lambda: service.totals(db)),
        ("totals (a campaign)", lambda: service.totals(db, campaign=pick(names))),
        (
            "totals (last 30 days)",
            lambda: service.totals(db, start=end - timedelta(days=29), end=end),
        ),
        (
            "timeline 30 days",
            lambda: service.timeline(db, start=end - timedelta(days=29), end=end),
        ),
        (
            "timeline 365 days",
            lambda: service.timeline(db, start=end - timedelta(days=364), end=end),
        ),
        (
            "timeline 365 days (a campaign)",
            lambda: service.timeline(
                db, start=end - timedelta(days=364), end=end, campaign=pick(names)
            ),
        ),
        ("compare_campaigns", lambda: service.compare_campaigns(db)),
        ("top_links (all)", lambda: service.top_links(db)),
        ("top_links (a campaign)", lambda: service.top_links(db, campaign=pick(names))),
        ("run_figures", lambda: service.run_figures(db, pick(names))),
        ("contact_timeline", lambda: service.contact_timeline(db, pick(contacts))),
        ("campaign_report", lambda: service.campaign_report(db, pick(names))),
        (
            "campaign_report + report_csv",
            lambda: service.report_csv(service.campaign_report(db, pick(names))),
        ),
    ]
    print(f"\n{'query':<34}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}   (x{args.repeat})")
    worst = 0.0
    for label, fn in queries:
        times = timed(fn, args.repeat)
        p95 = percentile(times, 0.95)
        worst = max(worst, p95)
        print(f"{label:<34}{statistics.median(times):9.2f}{p95:9.2f}{max(times):9.2f}")
    print(f"worst p95: {worst:.2f} ms (target < 50 ms): {'OK' if worst < 50 else 'TOO SLOW'}")

    # The incremental path: new events from the relay, applied as the sync applies them.
    sent = world["sent"]
    urls = world["urls"]
    now = datetime.combine(end, datetime.min.time(), UTC) + timedelta(hours=12)
    events: list[dict[str, Any]] = []
    for i in range(args.incremental):
        m, _campaign_id, run_id, contact_id, _at = pick(sent)
        kind = "click" if rng.random() < 0.35 else "open"
        events.append(
            {
                "id": f"bench-{i}",
                "kind": kind,
                "occurred_at": now.isoformat(),
                "message": m,
                "contact": contact_id,
                "run": run_id or None,
                "url": pick(urls) if kind == "click" else "",
                "ip": "203.0.113.0",
                "bot": rng.random() < 0.08,
                "source": "link" if kind == "click" else "pixel",
                "data": {},
            }
        )
    t0 = time.perf_counter()
    result = sync.apply_events(db, events)
    elapsed = time.perf_counter() - t0
    print(
        f"\nincremental: {result.applied:,} of {len(events):,} events applied by apply_events "
        f"({sync.BATCH} per transaction) in {elapsed:.2f} s = "
        f"{len(events) / elapsed if elapsed else 0:,.0f} events/s"
    )
    if result.errors or result.applied != len(events):
        print(f"incremental: {len(result.errors)} error(s), first: {result.errors[:1]}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
