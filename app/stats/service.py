"""The dashboard's figures, read from the roll-ups (``stat_daily``, ``link_stat``).

Every query here reads the small roll-up tables, never a GROUP BY over ``message`` or
``tracking_event`` (a million events must not slow the dashboard down), except a contact's
timeline (by contact, indexed) and run metadata (``campaign_run``). ``rebuild_rollups``
recomputes the roll-ups from the raw rows: a repair, and the benchmark's way to build them.

Days are local days (``app.stats.rollups.STATS_TIMEZONE``); rates are fractions (0..1) of the
messages sent, 0.0 when nothing was sent.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.db import Database
from app.db.models import (
    Campaign,
    CampaignRun,
    Contact,
    LinkStat,
    Message,
    Rule,
    StatDaily,
    Template,
    TrackingEvent,
)
from app.db.types import utcnow
from app.errors import N_, FacteurError, NotFound
from app.stats.rollups import COUNTERS, STATS_TIMEZONE, day_of, url_hash

# The name of campaign 0 in the comparison: automation and transactional mail.
AUTOMATIONS = N_("Automations")


# --- figures ----------------------------------------------------------------------------------


def _rate(part: int, whole: int) -> float:
    return part / whole if whole > 0 else 0.0


@dataclass(frozen=True)
class Totals:
    sent: int = 0
    failed: int = 0
    opened: int = 0
    unique_opened: int = 0
    clicked: int = 0
    unique_clicked: int = 0
    bounced: int = 0
    complained: int = 0
    unsubscribed: int = 0
    bot_opened: int = 0
    bot_clicked: int = 0

    @property
    def open_rate(self) -> float:
        return _rate(self.unique_opened, self.sent)

    @property
    def click_rate(self) -> float:
        return _rate(self.unique_clicked, self.sent)

    @property
    def click_to_open_rate(self) -> float:
        return _rate(self.unique_clicked, self.unique_opened) if self.sent else 0.0

    @property
    def bounce_rate(self) -> float:
        return _rate(self.bounced, self.sent)

    @property
    def complaint_rate(self) -> float:
        return _rate(self.complained, self.sent)

    @property
    def unsubscribe_rate(self) -> float:
        return _rate(self.unsubscribed, self.sent)

    def to_json(self) -> dict[str, Any]:
        """The ``facteur stats --json`` object (a contract)."""
        data: dict[str, Any] = {name: getattr(self, name) for name in JSON_COUNTS}
        data.update({name: round(getattr(self, name), 4) for name in RATES})
        return data


# The counts of `facteur stats --json` (a contract): the roll-ups' counters but the bots'.
JSON_COUNTS = tuple(name for name in COUNTERS if not name.startswith("bot_"))
RATES = (
    "open_rate",
    "click_rate",
    "click_to_open_rate",
    "bounce_rate",
    "complaint_rate",
    "unsubscribe_rate",
)


@dataclass(frozen=True)
class DayFigures:
    day: date
    sent: int = 0
    failed: int = 0
    opened: int = 0
    unique_opened: int = 0
    clicked: int = 0
    unique_clicked: int = 0
    bounced: int = 0
    unsubscribed: int = 0


DAY_COUNTERS = tuple(f.name for f in fields(DayFigures) if f.name != "day")


@dataclass(frozen=True)
class CampaignFigures:
    campaign_id: int
    name: str
    totals: Totals
    first_day: date | None
    last_day: date | None


@dataclass(frozen=True)
class LinkFigures:
    url: str
    clicks: int
    unique_clicks: int


@dataclass(frozen=True)
class RunFigures:
    run_id: int
    status: str
    scheduled_for: datetime | None
    started_at: datetime
    finished_at: datetime | None
    totals: Totals


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    # sent failed open click unsubscribe bounce complaint signup confirm custom queued suppressed
    kind: str
    campaign: str
    subject: str
    url: str
    detail: str
    bot: bool


@dataclass(frozen=True)
class CampaignReport:
    campaign_id: int
    name: str
    template: str
    status: str
    totals: Totals
    runs: list[RunFigures]
    links: list[LinkFigures]
    days: list[DayFigures]
    generated_at: datetime


# --- reading the roll-ups ---------------------------------------------------------------------


def _sums() -> list[Any]:
    return [func.coalesce(func.sum(StatDaily.__table__.c[name]), 0) for name in COUNTERS]


def _totals(row: Sequence[Any]) -> Totals:
    return Totals(**{name: int(value or 0) for name, value in zip(COUNTERS, row, strict=True)})


def _campaign_id(session: Session, campaign: str | int) -> int:
    """A campaign's id from its name; an int is taken as is (0: automation mail; the figures
    of a deleted campaign stay under its id)."""
    if isinstance(campaign, int):
        return campaign
    found = session.scalar(select(Campaign.id).where(Campaign.name == campaign))
    if found is None:
        raise NotFound("No campaign named {name!r}.", name=campaign)
    return int(found)


def _where(
    session: Session,
    *,
    campaign: str | int | None = None,
    run_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if campaign is not None:
        where.append(StatDaily.campaign_id == _campaign_id(session, campaign))
    if run_id is not None:
        where.append(StatDaily.run_id == run_id)
    if start is not None:
        where.append(StatDaily.day >= start.isoformat())
    if end is not None:
        where.append(StatDaily.day <= end.isoformat())
    return where


def totals(
    db: Database,
    *,
    campaign: str | int | None = None,
    run_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Totals:
    """All mail's figures, or a campaign's (a run's), over every day or ``[start, end]``."""
    with db.session() as s:
        where = _where(s, campaign=campaign, run_id=run_id, start=start, end=end)
        row = s.execute(select(*_sums()).where(*where)).one()
    return _totals(row)


def timeline(
    db: Database, *, start: date, end: date, campaign: str | int | None = None
) -> list[DayFigures]:
    """One entry per day of ``[start, end]`` (days without figures as zeros), oldest first."""
    with db.session() as s:
        where = _where(s, campaign=campaign, start=start, end=end)
        columns = [func.sum(StatDaily.__table__.c[name]) for name in DAY_COUNTERS]
        rows = s.execute(
            select(StatDaily.day, *columns).where(*where).group_by(StatDaily.day)
        ).all()
    by_day = {row[0]: row[1:] for row in rows}
    days: list[DayFigures] = []
    day = start
    while day <= end:
        values = by_day.get(day.isoformat())
        if values is None:
            days.append(DayFigures(day))
        else:
            counts = {n: int(v or 0) for n, v in zip(DAY_COUNTERS, values, strict=True)}
            days.append(DayFigures(day, **counts))
        day += timedelta(days=1)
    return days


def compare_campaigns(
    db: Database, *, start: date | None = None, end: date | None = None, limit: int = 20
) -> list[CampaignFigures]:
    """The ``limit`` most recent campaigns with figures (newest first: by their first day with
    figures), then "Automations" (campaign 0) when automation mail has figures.

    A deleted campaign's figures count in ``totals`` but are not listed here (no name left).
    """
    with db.session() as s:
        where = _where(s, start=start, end=end)
        rows = s.execute(
            select(
                StatDaily.campaign_id,
                func.min(StatDaily.day),
                func.max(StatDaily.day),
                *_sums(),
            )
            .where(*where)
            .group_by(StatDaily.campaign_id)
        ).all()
        ids = [r[0] for r in rows if r[0]]
        names = dict(
            s.execute(select(Campaign.id, Campaign.name).where(Campaign.id.in_(ids))).all()
        )
    found: list[CampaignFigures] = []
    automations: CampaignFigures | None = None
    for campaign_id, first, last, *sums in rows:
        figures = _totals(sums)
        if figures == Totals():
            continue
        item = CampaignFigures(
            campaign_id,
            names.get(campaign_id, AUTOMATIONS),
            figures,
            date.fromisoformat(first),
            date.fromisoformat(last),
        )
        if campaign_id == 0:
            automations = item
        elif campaign_id in names:
            found.append(item)
    found.sort(key=lambda c: (c.first_day or date.min, c.campaign_id), reverse=True)
    result = found[: max(0, limit)]
    if automations is not None:
        result.append(automations)
    return result


def top_links(
    db: Database, *, campaign: str | int | None = None, limit: int = 10
) -> list[LinkFigures]:
    """The most clicked links of a campaign (or of all mail), most clicks first."""
    with db.session() as s:
        clicks = func.sum(LinkStat.clicks)
        unique = func.sum(LinkStat.unique_clicks)
        stmt: Select[Any] = select(func.min(LinkStat.url), clicks, unique)
        if campaign is not None:
            stmt = stmt.where(LinkStat.campaign_id == _campaign_id(s, campaign))
        stmt = (
            stmt.group_by(LinkStat.url_hash)
            .order_by(clicks.desc(), unique.desc(), func.min(LinkStat.url))
            .limit(limit)
        )
        rows = s.execute(stmt).all()
    return [LinkFigures(url, int(c or 0), int(u or 0)) for url, c, u in rows]


def _run_figures(session: Session, campaign_id: int) -> list[RunFigures]:
    runs = session.execute(
        select(
            CampaignRun.id,
            CampaignRun.status,
            CampaignRun.scheduled_for,
            CampaignRun.started_at,
            CampaignRun.finished_at,
        )
        .where(CampaignRun.campaign_id == campaign_id)
        .order_by(CampaignRun.started_at.desc(), CampaignRun.id.desc())
    ).all()
    sums = {
        row[0]: _totals(row[1:])
        for row in session.execute(
            select(StatDaily.run_id, *_sums())
            .where(StatDaily.campaign_id == campaign_id)
            .group_by(StatDaily.run_id)
        )
    }
    return [
        RunFigures(run_id, status, scheduled, started, finished, sums.get(run_id, Totals()))
        for run_id, status, scheduled, started, finished in runs
    ]


def run_figures(db: Database, campaign: str | int) -> list[RunFigures]:
    """Each run (send) of a campaign with its figures, newest first."""
    with db.session() as s:
        return _run_figures(s, _campaign_id(s, campaign))


def campaign_report(db: Database, campaign: str | int) -> CampaignReport:
    """Everything about one campaign: totals, runs, links, and each day from its first figures
    to its last (days without figures as zeros)."""
    with db.session() as s:
        campaign_id = _campaign_id(s, campaign)
        row = s.execute(
            select(Campaign.name, Campaign.status, Template.name)
            .join(Template, Template.id == Campaign.template_id)
            .where(Campaign.id == campaign_id)
        ).one_or_none()
        if row is None:
            raise NotFound("No campaign named {name!r}.", name=str(campaign))
        name, status, template = row
        runs = _run_figures(s, campaign_id)
        span = s.execute(
            select(func.min(StatDaily.day), func.max(StatDaily.day)).where(
                StatDaily.campaign_id == campaign_id
            )
        ).one()
    figures = totals(db, campaign=campaign_id)
    links = top_links(db, campaign=campaign_id, limit=100)
    days: list[DayFigures] = []
    if span[0]:
        days = timeline(
            db,
            start=date.fromisoformat(span[0]),
            end=date.fromisoformat(span[1]),
            campaign=campaign_id,
        )
    return CampaignReport(campaign_id, name, template, status, figures, runs, links, days, utcnow())


# --- a contact's timeline ---------------------------------------------------------------------

_MESSAGE_KINDS = {
    "sent": "sent",
    "failed": "failed",
    "suppressed": "suppressed",
    "queued": "queued",
    "sending": "queued",
    "in_doubt": "queued",  # waiting for a decision: the detail says it was interrupted
}


def contact_timeline(db: Database, contact: int | str, *, limit: int = 200) -> list[TimelineItem]:
    """What happened to a contact (messages, opens, clicks, unsubscribes...), newest first.

    ``contact``: its id or address. Two indexed reads: the contact's messages and its events.
    """
    from app.contacts.emails import normalise_email

    with db.session() as s:
        if isinstance(contact, int):
            contact_id = s.scalar(select(Contact.id).where(Contact.id == contact))
            if contact_id is None:
                raise NotFound("No contact {contact!r}.", contact=contact)
        else:
            contact_id = s.scalar(
                select(Contact.id).where(Contact.email == normalise_email(contact))
            )
            if contact_id is None:
                raise NotFound("No contact with the address {email}.", email=contact)
        at = func.coalesce(Message.sent_at, Message.updated_at)
        messages = s.execute(
            select(
                Message.id,
                Message.status,
                Message.sent_at,
                Message.updated_at,
                Message.last_error,
                func.coalesce(Campaign.name, Rule.name, ""),
                func.coalesce(Template.subject, ""),
            )
            .outerjoin(CampaignRun, CampaignRun.id == Message.run_id)
            .outerjoin(Campaign, Campaign.id == CampaignRun.campaign_id)
            .outerjoin(Rule, Rule.id == Message.rule_id)
            .outerjoin(
                Template, Template.id == func.coalesce(Message.template_id, Campaign.template_id)
            )
            .where(Message.contact_id == contact_id)
            .order_by(at.desc(), Message.id.desc())
            .limit(limit)
        ).all()
        events = s.execute(
            select(
                TrackingEvent.kind,
                TrackingEvent.occurred_at,
                TrackingEvent.message_id,
                TrackingEvent.campaign_id,
                TrackingEvent.url,
                TrackingEvent.bot,
                TrackingEvent.source,
                TrackingEvent.data,
            )
            .where(TrackingEvent.contact_id == contact_id)
            .order_by(TrackingEvent.occurred_at.desc(), TrackingEvent.id.desc())
            .limit(limit)
        ).all()
        subjects = {m[0]: (m[5], m[6]) for m in messages}
        missing = {e.message_id for e in events if e.message_id and e.message_id not in subjects}
        if missing:
            for mid, campaign_name, subject in s.execute(
                select(
                    Message.id,
                    func.coalesce(Campaign.name, Rule.name, ""),
                    func.coalesce(Template.subject, ""),
                )
                .outerjoin(CampaignRun, CampaignRun.id == Message.run_id)
                .outerjoin(Campaign, Campaign.id == CampaignRun.campaign_id)
                .outerjoin(Rule, Rule.id == Message.rule_id)
                .outerjoin(
                    Template,
                    Template.id == func.coalesce(Message.template_id, Campaign.template_id),
                )
                .where(Message.id.in_(missing))
            ):
                subjects[mid] = (campaign_name, subject)
        subjects = _rendered_subjects(s, contact_id, subjects)
        campaign_ids = {e.campaign_id for e in events if e.campaign_id and not e.message_id}
        names = (
            dict(s.execute(select(Campaign.id, Campaign.name).where(Campaign.id.in_(campaign_ids))))
            if campaign_ids
            else {}
        )
    items = [
        TimelineItem(
            at=sent_at if status == "sent" and sent_at else updated_at,
            kind=_MESSAGE_KINDS.get(status, status),
            campaign=campaign_name,
            subject=subject,
            url="",
            detail=last_error or "",
            bot=False,
        )
        for _mid, status, sent_at, updated_at, last_error, campaign_name, subject in messages
    ]
    for kind, occurred_at, message_id, campaign_id, url, bot, source, data in events:
        campaign_name, subject = subjects.get(message_id, (names.get(campaign_id, ""), ""))
        items.append(
            TimelineItem(
                at=occurred_at,
                kind=kind,
                campaign=campaign_name,
                subject=subject,
                url=url or "",
                detail=_event_detail(kind, source, data or {}),
                bot=bool(bot),
            )
        )
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]


def _rendered_subjects(
    session: Session, contact_id: int, subjects: dict[int, tuple[str, str]]
) -> dict[int, tuple[str, str]]:
    """The subjects as they went to the contact ("Bonjour Léa", not "Bonjour {{ ... }}").

    Rendered again from the template, the contact and the message's data (the rendered subject
    is not stored); a template changed since gives today's version, one that no longer renders
    is shown as written.
    """
    from app.templates.rendering import render_subject

    if not any("{" in subject for _name, subject in subjects.values()):
        return subjects
    from app.contacts.service import template_contacts

    contact = template_contacts(session, [contact_id])[contact_id]
    extra = {
        mid: (run_id, data)
        for mid, run_id, data in session.execute(
            select(Message.id, Message.run_id, Message.data).where(Message.id.in_(list(subjects)))
        )
    }
    out = {}
    for mid, (name, subject) in subjects.items():
        run_id, data = extra.get(mid, (None, None))
        try:
            rendered = render_subject(
                subject, contact, campaign_name=name if run_id else "", data=data
            )
        except FacteurError:
            rendered = subject
        out[mid] = (name, rendered)
    return out


def _event_detail(kind: str, source: str, data: dict[str, Any]) -> str:
    """A short text about an event: a bounce's reason, a custom event's name, the form..."""
    for key in ("reason", "name", "form"):
        value = data.get(key)
        if value:
            return str(value)
    return source or ""


# --- CSV --------------------------------------------------------------------------------------

# Section and column titles of the CSV export (English; the export is a data file).
_TOTAL_ROWS = (
    ("Sent", "sent"),
    ("Failed", "failed"),
    ("Opened", "opened"),
    ("Unique opens", "unique_opened"),
    ("Clicked", "clicked"),
    ("Unique clicks", "unique_clicked"),
    ("Bounced", "bounced"),
    ("Complaints", "complained"),
    ("Unsubscribed", "unsubscribed"),
    ("Bot opens", "bot_opened"),
    ("Bot clicks", "bot_clicked"),
)
_RATE_ROWS = (
    ("Open rate (%)", "open_rate"),
    ("Click rate (%)", "click_rate"),
    ("Click-to-open rate (%)", "click_to_open_rate"),
    ("Bounce rate (%)", "bounce_rate"),
    ("Complaint rate (%)", "complaint_rate"),
    ("Unsubscribe rate (%)", "unsubscribe_rate"),
)
_DAY_TITLES = (
    "Sent",
    "Failed",
    "Opened",
    "Unique opens",
    "Clicked",
    "Unique clicks",
    "Bounced",
    "Unsubscribed",
)


def _percent(value: float) -> str:
    return f"{value * 100:.1f}"


def _cell(value: Any) -> Any:
    """A text cell a spreadsheet will not run as a formula (=, +, -, @ at the start)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _when(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(_tz()).strftime("%Y-%m-%d %H:%M")


def _tz() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(STATS_TIMEZONE)


def report_csv(report: CampaignReport, *, delimiter: str = ",") -> str:
    """The report as CSV text: sections Campaign, Totals, Runs, Links, Days, a blank row apart.

    The text starts with a UTF-8 byte order mark (``\\ufeff``): write it as ``utf-8`` (not
    ``utf-8-sig``) and spreadsheet programs (Excel included) read the accents right. Counts
    are integers; rates are percentages with one decimal and a dot ("12.5" in "Open rate (%)");
    times are local (``STATS_TIMEZONE``), ``YYYY-MM-DD HH:MM``. ``delimiter``: "," by default;
    ";" suits a spreadsheet set to French (where "," is the decimal separator).
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")

    def rows(items: Iterable[Sequence[Any]]) -> None:
        writer.writerows([_cell(v) for v in item] for item in items)

    t = report.totals
    rows(
        [
            ["Campaign", report.name],
            ["Template", report.template],
            ["Status", report.status],
            ["Generated at", _when(report.generated_at)],
            [],
            ["Totals"],
            ["Figure", "Value"],
            *([title, getattr(t, name)] for title, name in _TOTAL_ROWS),
            *([title, _percent(getattr(t, name))] for title, name in _RATE_ROWS),
            [],
            ["Runs"],
            [
                "Run",
                "Status",
                "Scheduled for",
                "Started at",
                "Finished at",
                *_DAY_TITLES,
                "Open rate (%)",
                "Click rate (%)",
            ],
        ]
    )
    rows(
        [
            r.run_id,
            r.status,
            _when(r.scheduled_for),
            _when(r.started_at),
            _when(r.finished_at),
            *(getattr(r.totals, name) for name in DAY_COUNTERS),
            _percent(r.totals.open_rate),
            _percent(r.totals.click_rate),
        ]
        for r in report.runs
    )
    rows([[], ["Links"], ["URL", "Clicks", "Unique clicks"]])
    rows([link.url, link.clicks, link.unique_clicks] for link in report.links)
    rows([[], ["Days"], ["Day", *_DAY_TITLES]])
    rows([d.day.isoformat(), *(getattr(d, name) for name in DAY_COUNTERS)] for d in report.days)
    return out.getvalue()


# --- rebuilding the roll-ups ------------------------------------------------------------------


def _hour(session: Session, column: Any) -> Any:
    """A UTC timestamp column truncated to its hour, as text ``YYYY-MM-DD HH``.

    Grouping by UTC hour in SQL, then mapping hours to local days in Python, keeps the
    time-zone rules in one place (``day_of``): local midnight is a UTC hour boundary.
    """
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD HH24")
    return func.substr(column, 1, 13)


def _day_of_hour(hour: str) -> str:
    moment = datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=UTC)
    return day_of(moment)


def rebuild_rollups(db: Database) -> None:
    """Recompute ``stat_daily`` and ``link_stat`` from the raw rows, in one transaction.

    The same rules as the incremental path (``app.tracking.sync.apply_events`` and the outbox's
    ``record``): sent on the local day of ``sent_at``; failed (final) on the day of the row's
    last update; an event on the day it occurred, for the campaign run it carries; a person's
    first open/click of a message counts as unique on its day (bots never do), an open or click
    without a message never; unique clicks per link are distinct messages; unsubscribes,
    permanent bounces and complaints once per message.
    """
    counts: dict[tuple[str, int, int], dict[str, int]] = {}

    def add(hour: str, campaign_id: Any, run_id: Any, name: str, value: Any) -> None:
        key = (_day_of_hour(hour), int(campaign_id or 0), int(run_id or 0))
        row = counts.setdefault(key, {})
        row[name] = row.get(name, 0) + int(value or 0)

    with db.session() as s:
        campaign = func.coalesce(CampaignRun.campaign_id, 0)
        for status, column, name in (
            (None, Message.sent_at, "sent"),
            ("failed", Message.updated_at, "failed"),
        ):
            hour = _hour(s, column)
            stmt = (
                select(hour, campaign, func.coalesce(Message.run_id, 0), func.count())
                .select_from(Message)
                .outerjoin(CampaignRun, CampaignRun.id == Message.run_id)
            )
            stmt = stmt.where(
                Message.sent_at.is_not(None) if status is None else Message.status == status
            )
            for h, c, r, n in s.execute(stmt.group_by(hour, campaign, Message.run_id)):
                add(h, c, r, name, n)

        te = TrackingEvent
        hour = _hour(s, te.occurred_at)
        te_campaign = func.coalesce(te.campaign_id, 0)
        te_run = func.coalesce(te.run_id, 0)
        kinds = {
            ("open", False): "opened",
            ("open", True): "bot_opened",
            ("click", False): "clicked",
            ("click", True): "bot_clicked",
        }
        stmt = (
            select(hour, te_campaign, te_run, te.kind, te.bot, func.count())
            .where(te.kind.in_(("open", "click")))
            .group_by(hour, te_campaign, te_run, te.kind, te.bot)
        )
        for h, c, r, kind, bot, n in s.execute(stmt):
            add(h, c, r, kinds[(kind, bool(bot))], n)

        # As the sync counts them (app.tracking.sync): an unsubscribe, a permanent bounce or a
        # complaint counts once per message, on the day of the first one; a soft bounce, or one
        # matched to no message, is recorded but not counted. Few rows: filtered here.
        counted: set[tuple[int, str]] = set()
        problems = s.execute(
            select(hour, te_campaign, te_run, te.kind, te.message_id, te.data)
            .where(
                te.kind.in_(("unsubscribe", "bounce", "complaint")),
                te.message_id.is_not(None),
            )
            .order_by(te.occurred_at, te.id)
        )
        names = {"unsubscribe": "unsubscribed", "bounce": "bounced", "complaint": "complained"}
        for h, c, r, kind, message_id, data in problems:
            if kind == "bounce" and not (data or {}).get("permanent"):
                continue
            if (message_id, kind) in counted:
                continue
            counted.add((message_id, kind))
            add(h, c, r, names[kind], 1)

        # Unique: each message's first open (click) by a person, on the day it happened.
        for kind, name in (("open", "unique_opened"), ("click", "unique_clicked")):
            first = (
                select(
                    te.message_id.label("message_id"),
                    func.min(te.occurred_at).label("at"),
                )
                .where(te.kind == kind, te.bot.is_(False), te.message_id.is_not(None))
                .group_by(te.message_id)
                .subquery()
            )
            # The campaign run of that first event (one message: one run).
            attribution = (
                select(
                    te.message_id.label("message_id"),
                    func.max(te_campaign).label("campaign_id"),
                    func.max(te_run).label("run_id"),
                )
                .where(te.kind == kind, te.bot.is_(False), te.message_id.is_not(None))
                .group_by(te.message_id)
                .subquery()
            )
            fhour = _hour(s, first.c.at)
            stmt = (
                select(fhour, attribution.c.campaign_id, attribution.c.run_id, func.count())
                .select_from(first)
                .join(attribution, attribution.c.message_id == first.c.message_id)
                .group_by(fhour, attribution.c.campaign_id, attribution.c.run_id)
            )
            for h, c, r, n in s.execute(stmt):
                add(h, c, r, name, n)

        links = s.execute(
            select(
                te_campaign,
                te.url,
                func.count(),
                func.count(func.distinct(te.message_id)),
            )
            .where(te.kind == "click", te.bot.is_(False), te.url != "")
            .group_by(te_campaign, te.url)
        ).all()

        s.execute(delete(StatDaily))
        s.execute(delete(LinkStat))
        rows = [
            {
                "day": day,
                "campaign_id": campaign_id,
                "run_id": run_id,
                **{name: values.get(name, 0) for name in COUNTERS},
            }
            for (day, campaign_id, run_id), values in counts.items()
            if any(values.values())
        ]
        for start in range(0, len(rows), 5000):
            s.execute(insert(StatDaily), rows[start : start + 5000])
        merged: dict[tuple[int, str], dict[str, Any]] = {}
        for campaign_id, url, clicks, unique in links:
            key = (int(campaign_id), url_hash(url))
            row = merged.setdefault(
                key,
                {
                    "campaign_id": key[0],
                    "url_hash": key[1],
                    "url": url,
                    "clicks": 0,
                    "unique_clicks": 0,
                },
            )
            row["clicks"] += int(clicks)
            row["unique_clicks"] += int(unique)
        link_rows = list(merged.values())
        for start in range(0, len(link_rows), 5000):
            s.execute(insert(LinkStat), link_rows[start : start + 5000])
