"""Campaigns: a template sent to an audience through an account, now, at a date-time, or on a
recurring schedule (a cron expression in a time zone).

Statuses: ``draft -> scheduled -> sending -> done``, with ``paused`` (by the user, or by itself
when the account's credentials are refused), ``cancelled`` and ``missed`` (a one-off whose time
passed while nothing ran, beyond the grace period). A recurring campaign goes back from
``sending`` to ``scheduled`` after each run. Starting a send writes the outbox for the whole
audience in one transaction (``outbox.enqueue_run``); the sender does the rest. Each send is a
``campaign_run``: one for a one-off campaign, one per occurrence of a recurring one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from app.contacts.service import validate_name
from app.db import Database
from app.db.models import Account, Campaign, CampaignRun, Contact, Message, Template
from app.db.types import utcnow
from app.errors import N_, FacteurError, InvalidInput, NotFound
from app.sending import outbox
from app.sending.outbox import StatusCounts

__all__ = [
    "AudienceCount",
    "CampaignData",
    "CampaignInput",
    "MissingVariable",
    "PrecheckReport",
    "StatusCounts",
]


@dataclass
class CampaignInput:
    name: str
    template: str
    account: str
    include: list[str]
    exclude: list[str] = field(default_factory=list)
    scheduled_at: datetime | None = None  # aware; None: send as soon as started
    cron: str = ""  # recurring: "0 9 * * mon", read in ``timezone``
    timezone: str = "Europe/Paris"
    #: Tracked links and open pixel (needs a relay). None: on when a relay is connected at
    #: creation, off otherwise; unchanged when editing.
    tracking: bool | None = None


@dataclass(frozen=True)
class CampaignData:
    id: int
    name: str
    template: str
    account: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    scheduled_at: datetime | None
    status: str
    last_error: str
    created_at: datetime
    updated_at: datetime
    counts: StatusCounts
    cron: str = ""
    timezone: str = "Europe/Paris"
    #: When it next sends (scheduled one-off, or the next occurrence of a recurring campaign).
    next_run_at: datetime | None = None
    #: Links through the relay and an open pixel (DESIGN §6).
    tracking: bool = False

    @property
    def recurring(self) -> bool:
        return bool(self.cron)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "template": self.template,
            "account": self.account,
            "include": list(self.include),
            "exclude": list(self.exclude),
            "scheduled_at": self.scheduled_at.isoformat() if self.scheduled_at else None,
            "cron": self.cron or None,
            "timezone": self.timezone,
            "next_run_at": self.next_run_at.isoformat() if self.next_run_at else None,
            "status": self.status,
            "last_error": self.last_error,
            "tracking": self.tracking,
            **self.counts.to_json(),
        }


@dataclass(frozen=True)
class RunData:
    """One send of a campaign (one occurrence of a recurring one)."""

    id: int
    campaign: str
    status: str  # sending | paused | done | cancelled | missed | skipped
    scheduled_for: datetime | None
    started_at: datetime
    finished_at: datetime | None
    counts: StatusCounts

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "campaign": self.campaign,
            "status": self.status,
            "scheduled_for": self.scheduled_for.isoformat() if self.scheduled_for else None,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            **self.counts.to_json(),
        }


@dataclass(frozen=True)
class Upcoming:
    """A scheduled send to come."""

    campaign: str
    when: datetime
    recurring: bool
    cron: str
    timezone: str

    def to_json(self) -> dict[str, Any]:
        return {
            "campaign": self.campaign,
            "at": self.when.isoformat(),
            "recurring": self.recurring,
            "cron": self.cron or None,
            "timezone": self.timezone,
        }


@dataclass(frozen=True)
class AudienceCount:
    recipients: int
    suppressed: int


@dataclass(frozen=True)
class MissingVariable:
    field: str
    count: int


class Notice(str):
    """A message of the pre-send check: English text that keeps its template for translation."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Notice:
        obj = super().__new__(cls, template.format(**params) if params else template)
        obj.template = template
        obj.params = params
        return obj


def _notice(exc: FacteurError) -> Notice:
    return Notice(exc.template, **exc.params)


@dataclass(frozen=True)
class PrecheckReport:
    recipients: int
    suppressed: int
    missing: tuple[MissingVariable, ...]
    message_size: int
    size_limit: int
    has_text_part: bool
    auto_text: bool
    errors: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> dict[str, Any]:
        return {
            "recipients": self.recipients,
            "suppressed": self.suppressed,
            "missing": {m.field: m.count for m in self.missing},
            "message_size": self.message_size,
            "size_limit": self.size_limit,
            "has_text_part": self.has_text_part,
            "auto_text": self.auto_text,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
        }


# --- reading ----------------------------------------------------------------------------------


def _latest_runs(session: Session, campaign_ids: Sequence[int]) -> dict[int, int]:
    if not campaign_ids:
        return {}
    rows = session.execute(
        select(CampaignRun.campaign_id, func.max(CampaignRun.id))
        .where(CampaignRun.campaign_id.in_(campaign_ids))
        .group_by(CampaignRun.campaign_id)
    ).all()
    return {cid: rid for cid, rid in rows}


def _next_run(c: Campaign, now: datetime | None = None) -> datetime | None:
    if c.cron and c.status in ("scheduled", "sending"):
        from app.automation.cron import parse_cron

        try:
            times = parse_cron(c.cron, c.timezone).next_times(1, after=now)
        except FacteurError:
            return None
        return times[0].astimezone(UTC) if times else None
    if not c.cron and c.status == "scheduled":
        return c.scheduled_at
    return None


def _to_data(c: Campaign, template: str, account: str, counts: StatusCounts | None) -> CampaignData:
    audience = c.audience or {}
    return CampaignData(
        id=c.id,
        name=c.name,
        template=template,
        account=account,
        include=tuple(audience.get("include", [])),
        exclude=tuple(audience.get("exclude", [])),
        scheduled_at=c.scheduled_at,
        status=c.status,
        last_error=c.last_error,
        created_at=c.created_at,
        updated_at=c.updated_at,
        counts=counts or StatusCounts(),
        cron=c.cron,
        timezone=c.timezone,
        next_run_at=_next_run(c),
        tracking=bool(c.tracking),
    )


def _load_many(session: Session, where: Any = None) -> list[CampaignData]:
    stmt = (
        select(Campaign, Template.name, Account.name)
        .join(Template, Template.id == Campaign.template_id)
        .join(Account, Account.id == Campaign.account_id)
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
    )
    if where is not None:
        stmt = stmt.where(where)
    rows = session.execute(stmt).all()
    latest = _latest_runs(session, [c.id for c, _, _ in rows])
    counts = outbox.run_counts(session, latest.values())
    return [_to_data(c, t, a, counts.get(latest.get(c.id, -1))) for c, t, a in rows]


def list_campaigns(db: Database) -> list[CampaignData]:
    """Every campaign, newest first, with the counts of its latest run."""
    with db.session() as s:
        return _load_many(s)


def get_campaign(db: Database, name: str) -> CampaignData:
    with db.session() as s:
        found = _load_many(s, Campaign.name == name)
    if not found:
        raise NotFound("No campaign named {name!r}.", name=name)
    return found[0]


def _find(session: Session, name: str) -> Campaign:
    campaign = session.scalar(select(Campaign).where(Campaign.name == name))
    if campaign is None:
        raise NotFound("No campaign named {name!r}.", name=name)
    return campaign


# --- writing ----------------------------------------------------------------------------------


def _resolve(session: Session, data: CampaignInput) -> tuple[str, Template, Account]:
    name = validate_name("campaign", data.name, 200)
    template = session.scalar(select(Template).where(Template.name == data.template))
    if template is None:
        raise NotFound("No template named {name!r}.", name=data.template)
    account = session.scalar(select(Account).where(Account.name == data.account))
    if account is None:
        raise NotFound("No sending account named {name!r}.", name=data.account)
    for item in [*data.include, *data.exclude]:
        outbox.parse_audience_item(item)
    # Checks that every list, tag and segment named exists.
    outbox.audience_condition(session, data.include, data.exclude)
    if data.scheduled_at is not None and data.scheduled_at.tzinfo is None:
        raise InvalidInput("The send date must include a time zone.")
    if data.cron:
        from app.automation.cron import parse_cron

        if data.scheduled_at is not None:
            raise InvalidInput(
                "Choose a date-time or a recurring schedule for a campaign, not both."
            )
        parse_cron(data.cron, data.timezone)
    else:
        from app.automation.cron import zone

        zone(data.timezone)
    return name, template, account


def _audience_json(data: CampaignInput) -> dict[str, list[str]]:
    return {"include": list(data.include), "exclude": list(data.exclude)}


def create_campaign(db: Database, data: CampaignInput) -> CampaignData:
    """Save a campaign as a draft."""
    with db.session() as s:
        name, template, account = _resolve(s, data)
        if s.scalar(select(Campaign.id).where(Campaign.name == name)) is not None:
            raise InvalidInput("A campaign named {name!r} already exists.", name=name)
        s.add(
            Campaign(
                name=name,
                template_id=template.id,
                account_id=account.id,
                audience=_audience_json(data),
                scheduled_at=data.scheduled_at,
                cron=_cron_text(data),
                timezone=_timezone(data),
                tracking=_tracking_default(db) if data.tracking is None else data.tracking,
                status="draft",
            )
        )
    return get_campaign(db, name)


def _tracking_default(db: Database) -> bool:
    """Tracking is on by default once a relay is connected."""
    from app.tracking.relay_config import relay_url

    return bool(relay_url(db))


def _cron_text(data: CampaignInput) -> str:
    if not data.cron:
        return ""
    from app.automation.cron import parse_cron

    return parse_cron(data.cron, data.timezone).expression


def _timezone(data: CampaignInput) -> str:
    from app.automation.cron import zone

    return zone(data.timezone).key


def update_campaign(db: Database, name: str, data: CampaignInput) -> CampaignData:
    """Change a campaign that has not started (a scheduled one goes back to draft)."""
    with db.session() as s:
        campaign = _find(s, name)
        if campaign.status not in ("draft", "scheduled"):
            raise InvalidInput(
                "Campaign {name!r} has already started; it can no longer be changed.", name=name
            )
        new_name, template, account = _resolve(s, data)
        if new_name != name and s.scalar(select(Campaign.id).where(Campaign.name == new_name)):
            raise InvalidInput("A campaign named {name!r} already exists.", name=new_name)
        campaign.name = new_name
        campaign.template_id = template.id
        campaign.account_id = account.id
        campaign.audience = _audience_json(data)
        campaign.scheduled_at = data.scheduled_at
        campaign.cron = _cron_text(data)
        campaign.timezone = _timezone(data)
        if data.tracking is not None:
            campaign.tracking = data.tracking
        campaign.status = "draft"
    return get_campaign(db, new_name)


def delete_campaign(db: Database, name: str) -> None:
    """Delete a campaign and its history (refused while it is sending)."""
    with db.session() as s:
        campaign = _find(s, name)
        if campaign.status == "sending":
            raise InvalidInput(
                "Campaign {name!r} is sending: pause or cancel it before deleting it.", name=name
            )
        s.delete(campaign)


# --- audience and pre-send check --------------------------------------------------------------


def audience_count(db: Database, include: Sequence[str], exclude: Sequence[str]) -> AudienceCount:
    """How many contacts an audience reaches, and how many of them are suppressed."""
    if not include:
        return AudienceCount(0, 0)
    with db.session() as s:
        where = outbox.audience_condition(s, include, exclude)
        recipients, suppressed = outbox.count_audience(s, where)
    return AudienceCount(recipients, suppressed)


def precheck(db: Database, name: str) -> PrecheckReport:
    campaign = get_campaign(db, name)
    return precheck_input(
        db,
        CampaignInput(
            name=campaign.name,
            template=campaign.template,
            account=campaign.account,
            include=list(campaign.include),
            exclude=list(campaign.exclude),
            scheduled_at=campaign.scheduled_at,
            tracking=campaign.tracking,
        ),
    )


def precheck_input(db: Database, data: CampaignInput) -> PrecheckReport:
    """What sending ``data`` would do: counts, missing variables, size, text part, problems."""
    from app.contacts.segments import FIELDS, compile_rule
    from app.sending.accounts import get_account
    from app.templates.mime import MessageTooLarge, load_builder
    from app.templates.rendering import compile_template

    errors: list[Notice] = []
    warnings: list[Notice] = []
    missing: list[MissingVariable] = []
    recipients = suppressed = size = 0
    size_limit = 10 * 1024 * 1024
    has_text = auto_text = False
    with db.session() as s:
        template = s.scalar(select(Template).where(Template.name == data.template))
        if template is None:
            raise NotFound("No template named {name!r}.", name=data.template)
        where = outbox.audience_condition(s, data.include, data.exclude)
        recipients, suppressed = outbox.count_audience(s, where)
        has_text = bool(template.text.strip())
        auto_text = not has_text and bool(template.html.strip())
        try:
            compiled = compile_template(template.subject, template.html, template.text)
        except FacteurError as exc:
            errors.append(_notice(exc))
            compiled = None
        if compiled is not None and recipients:
            sendable = (Contact.status == "subscribed") & where
            for name in sorted(compiled.contact_fields):
                fld = name if name in FIELDS and FIELDS[name][0] == "text" else f"attributes.{name}"
                if name in FIELDS and FIELDS[name][0] != "text":
                    continue  # dates, booleans: always meaningful
                empty = compile_rule({"all": [{"field": fld, "op": "is_set", "value": False}]})
                count = s.scalar(select(func.count()).select_from(Contact).where(sendable & empty))
                if count:
                    missing.append(MissingVariable(name, int(count)))
            sample = s.execute(
                select(Contact).where(sendable).order_by(Contact.id).limit(1)
            ).scalar()
            sample_row = _contact_row(sample) if sample is not None else None
        else:
            sample_row = None
    try:
        account = get_account(db, data.account)
    except FacteurError as exc:
        errors.append(_notice(exc))
        account = None
    if account is not None and not account.has_secret and _needs_secret(account):
        errors.append(
            Notice(
                N_("The account {name!r} has no password or API key stored: edit the account."),
                name=account.name,
            )
        )
    if compiled is not None and account is not None:
        from app.templates.mime import Address

        try:
            builder = load_builder(
                db,
                data.template,
                sender=Address(account.from_name, account.from_email),
                reply_to=account.reply_to,
                campaign_name=data.name,
            )
            size_limit = builder.max_size
            if sample_row is not None:
                out = builder.build(0, sample_row, to=_to_address(sample_row), unsubscribe_url=None)
                size = len(out.mime)
        except MessageTooLarge as exc:
            errors.append(_notice(exc))
        except FacteurError as exc:
            errors.append(_notice(exc))
    if not recipients:
        errors.append(
            Notice(
                N_("Nobody would receive this campaign: the audience has no subscribed contact.")
            )
        )
    if missing:
        warnings.append(
            Notice(
                N_("Some contacts lack a value the template uses; it will be left empty for them.")
            )
        )
    if not has_text and not auto_text:
        warnings.append(Notice(N_("The template has neither an HTML nor a text body.")))
    if data.tracking:
        from app.tracking.relay_config import relay_url

        if not relay_url(db):
            warnings.append(
                Notice(
                    N_(
                        "Tracking is on but no relay is connected: links and opens will not be "
                        "tracked."
                    )
                )
            )
    if data.scheduled_at is not None and data.scheduled_at <= datetime.now(UTC):
        errors.append(Notice(N_("The send date is in the past.")))
    return PrecheckReport(
        recipients=recipients,
        suppressed=suppressed,
        missing=tuple(missing),
        message_size=size,
        size_limit=size_limit,
        has_text_part=has_text or auto_text,
        auto_text=auto_text,
        errors=tuple(errors),
        warnings=tuple(warnings),
    )


def _needs_secret(account: Any) -> bool:
    return account.kind != "smtp" or bool(account.settings.get("username"))


CONTACT_COLUMNS = ("email", "first_name", "last_name", "company", "phone", "locale", "status")


def _contact_row(c: Contact) -> dict[str, Any]:
    row: dict[str, Any] = {col: getattr(c, col) for col in CONTACT_COLUMNS}
    row["id"] = c.id
    row["attributes"] = dict(c.attributes or {})
    return row


def _to_address(row: dict[str, Any]) -> Any:
    from app.templates.mime import Address

    name = " ".join(p for p in (row.get("first_name", ""), row.get("last_name", "")) if p)
    return Address(name, row["email"])


# --- sending ----------------------------------------------------------------------------------


def start_campaign(db: Database, name: str) -> CampaignData:
    """Send now (writing the outbox for the whole audience) or, with a future date, schedule."""
    report = precheck(db, name)
    with db.session() as s:
        campaign = _find(s, name)
        if campaign.status not in ("draft", "scheduled"):
            raise InvalidInput(
                "Campaign {name!r} has already been started (status: {status}).",
                name=name,
                status=campaign.status,
            )
        if report.errors:
            raise InvalidInput(
                "Campaign {name!r} cannot be sent: {problems}",
                name=name,
                problems=" ".join(report.errors),
            )
        if campaign.cron:
            campaign.status = "scheduled"  # the scheduler starts each occurrence
        elif campaign.scheduled_at is not None and campaign.scheduled_at > utcnow():
            campaign.status = "scheduled"
        else:
            outbox.enqueue_run(s, campaign)
            campaign.status = "sending"
        campaign.last_error = ""
    return get_campaign(db, name)


def _has_run(session: Session, campaign_id: int, scheduled_for: datetime) -> bool:
    found = session.scalar(
        select(CampaignRun.id).where(
            CampaignRun.campaign_id == campaign_id, CampaignRun.scheduled_for == scheduled_for
        )
    )
    return found is not None


# No savepoints below: on SQLite a savepoint opens a read transaction that cannot become a
# write one once another connection has written (the job store does, at every firing).
# Checking first is enough with one runner per database; the unique constraint stays the guard.


def start_occurrence(
    db: Database, campaign_id: int, scheduled_for: datetime
) -> tuple[str, str, str] | None:
    """Start the run of one scheduled occurrence (called by the scheduler).

    Returns (campaign name, new status, reason) or None when there is nothing to do: the
    campaign is no longer scheduled, or this occurrence already has its run (a job fired twice
    after a crash never sends twice). An audience that no longer exists (a deleted list) pauses
    the campaign with the reason.
    """
    from sqlalchemy.exc import IntegrityError

    scheduled_for = scheduled_for.astimezone(UTC)
    try:
        with db.session() as s:
            campaign = s.get(Campaign, campaign_id)
            if campaign is None:
                return None
            eligible = ("scheduled", "sending") if campaign.cron else ("scheduled",)
            if campaign.status not in eligible or _has_run(s, campaign.id, scheduled_for):
                return None
            try:
                audience = campaign.audience or {}
                outbox.audience_condition(
                    s, audience.get("include", []), audience.get("exclude", [])
                )
            except FacteurError as exc:
                campaign.status = "paused"
                campaign.last_error = exc.message
                return campaign.name, "paused", exc.message
            _record_gaps(s, campaign, scheduled_for)
            outbox.enqueue_run(s, campaign, scheduled_for=scheduled_for)
            campaign.status = "sending"
            campaign.last_error = ""
            return campaign.name, "sending", ""
    except IntegrityError:
        return None  # this occurrence already ran


MAX_GAPS = 100


def _record_gaps(session: Session, campaign: Campaign, until: datetime) -> None:
    """Record as missed the occurrences of a recurring campaign between its last run (or its
    last change: activation, resume) and ``until``.

    The scheduler coalesces the runs missed while Facteur was closed into the latest one; the
    earlier ones still belong in the history, as missed.
    """
    if not campaign.cron:
        return
    from app.automation.cron import parse_cron

    last = session.scalar(
        select(func.max(CampaignRun.scheduled_for)).where(CampaignRun.campaign_id == campaign.id)
    )
    since = max(t for t in (last, campaign.updated_at) if t is not None)
    try:
        times = parse_cron(campaign.cron, campaign.timezone).next_times(MAX_GAPS, after=since)
    except FacteurError:
        return
    now = utcnow()
    for t in times:
        when = t.astimezone(UTC)
        if when >= until:
            break
        if not _has_run(session, campaign.id, when):
            session.add(
                CampaignRun(
                    campaign_id=campaign.id,
                    status="missed",
                    scheduled_for=when,
                    started_at=now,
                    finished_at=now,
                )
            )
    session.flush()


def record_missed(db: Database, campaign_id: int, scheduled_for: datetime) -> str | None:
    """Record an occurrence nothing ran for in time (beyond the grace period); its name, or None
    if that occurrence is already recorded. A one-off campaign becomes ``missed``."""
    from sqlalchemy.exc import IntegrityError

    scheduled_for = scheduled_for.astimezone(UTC)
    now = utcnow()
    try:
        with db.session() as s:
            campaign = s.get(Campaign, campaign_id)
            if campaign is None or _has_run(s, campaign.id, scheduled_for):
                return None
            _record_gaps(s, campaign, scheduled_for)
            s.add(
                CampaignRun(
                    campaign_id=campaign.id,
                    status="missed",
                    scheduled_for=scheduled_for,
                    started_at=now,
                    finished_at=now,
                )
            )
            if not campaign.cron and campaign.status == "scheduled":
                campaign.status = "missed"
            return campaign.name
    except IntegrityError:
        return None


def list_runs(db: Database, name: str) -> list[RunData]:
    """A campaign's runs, newest first, with each one's counts."""
    with db.session() as s:
        campaign = _find(s, name)
        runs = s.scalars(
            select(CampaignRun)
            .where(CampaignRun.campaign_id == campaign.id)
            .order_by(CampaignRun.started_at.desc(), CampaignRun.id.desc())
        ).all()
        counts = outbox.run_counts(s, [r.id for r in runs])
        return [
            RunData(
                id=r.id,
                campaign=campaign.name,
                status=r.status,
                scheduled_for=r.scheduled_for,
                started_at=r.started_at,
                finished_at=r.finished_at,
                counts=counts.get(r.id, StatusCounts()),
            )
            for r in runs
        ]


def missed_runs(db: Database) -> list[RunData]:
    """Occurrences missed and not yet dealt with (sent after all, or dismissed), newest first."""
    with db.session() as s:
        rows = s.execute(
            select(CampaignRun, Campaign.name)
            .join(Campaign, Campaign.id == CampaignRun.campaign_id)
            .where(CampaignRun.status == "missed")
            .order_by(CampaignRun.scheduled_for.desc(), CampaignRun.id.desc())
        ).all()
        return [
            RunData(
                id=r.id,
                campaign=name,
                status=r.status,
                scheduled_for=r.scheduled_for,
                started_at=r.started_at,
                finished_at=r.finished_at,
                counts=StatusCounts(),
            )
            for r, name in rows
        ]


def _missed_run(session: Session, run_id: int) -> tuple[CampaignRun, Campaign]:
    run = session.get(CampaignRun, run_id)
    if run is None or run.status != "missed":
        raise NotFound("No missed run with id {id}.", id=run_id)
    campaign = session.get(Campaign, run.campaign_id)
    assert campaign is not None
    return run, campaign


def send_missed_run(db: Database, run_id: int) -> CampaignData:
    """Send a missed occurrence now, to the audience of now."""
    with db.session() as s:
        run, campaign = _missed_run(s, run_id)
        if campaign.status in ("paused", "cancelled"):
            raise InvalidInput(
                "Campaign {name!r} is {status}: resume it first.",
                name=campaign.name,
                status=campaign.status,
            )
        outbox.enqueue_run(s, campaign, run=run)
        campaign.status = "sending"
        campaign.last_error = ""
        name = campaign.name
    return get_campaign(db, name)


def dismiss_missed_run(db: Database, run_id: int) -> None:
    """Leave a missed occurrence unsent (it stays in the history as skipped)."""
    with db.session() as s:
        run, campaign = _missed_run(s, run_id)
        run.status = "skipped"
        if campaign.status == "missed":
            campaign.status = "draft"


def upcoming(db: Database, limit: int = 10, now: datetime | None = None) -> list[Upcoming]:
    """The next scheduled sends, soonest first: one-off dates and recurring occurrences."""
    from app.automation.cron import parse_cron

    items: list[Upcoming] = []
    with db.session() as s:
        campaigns = s.scalars(
            select(Campaign).where(Campaign.status.in_(("scheduled", "sending")))
        ).all()
        for c in campaigns:
            if c.cron:
                try:
                    times = parse_cron(c.cron, c.timezone).next_times(limit, after=now)
                except FacteurError:
                    continue
                items.extend(Upcoming(c.name, t, True, c.cron, c.timezone) for t in times)
            elif c.status == "scheduled" and c.scheduled_at is not None:
                items.append(Upcoming(c.name, c.scheduled_at, False, "", c.timezone))
    items.sort(key=lambda u: (u.when, u.campaign))
    return items[:limit]


def _set_run_status(session: Session, campaign: Campaign, status: str) -> None:
    session.execute(
        update(CampaignRun)
        .where(
            CampaignRun.campaign_id == campaign.id,
            CampaignRun.status.in_(("sending", "paused")),
        )
        .values(status=status, **({"finished_at": utcnow()} if status == "cancelled" else {}))
    )


def pause_campaign(db: Database, name: str, reason: str = "") -> CampaignData:
    """Stop sending after the messages in flight; ``resume_campaign`` goes on where it stopped."""
    with db.session() as s:
        campaign = _find(s, name)
        if campaign.status == "scheduled" and campaign.cron:
            campaign.status = "paused"  # no occurrence until resumed
            campaign.last_error = reason
        elif campaign.status == "scheduled":
            campaign.status = "draft"
        elif campaign.status == "sending":
            campaign.status = "paused"
            campaign.last_error = reason
            _set_run_status(s, campaign, "paused")
        elif campaign.status != "paused":
            raise InvalidInput(
                "Campaign {name!r} is not sending (status: {status}).",
                name=name,
                status=campaign.status,
            )
    return get_campaign(db, name)


def resume_campaign(db: Database, name: str) -> CampaignData:
    with db.session() as s:
        campaign = _find(s, name)
        if campaign.status != "paused":
            raise InvalidInput(
                "Campaign {name!r} is not paused (status: {status}).",
                name=name,
                status=campaign.status,
            )
        campaign.last_error = ""
        active = s.scalar(
            select(CampaignRun.id).where(
                CampaignRun.campaign_id == campaign.id, CampaignRun.status == "paused"
            )
        )
        # A recurring campaign paused between runs waits for its next occurrence (those that
        # fell while it was paused are not sent late).
        campaign.status = "scheduled" if campaign.cron and active is None else "sending"
        _set_run_status(s, campaign, "sending")
    return get_campaign(db, name)


def cancel_campaign(db: Database, name: str) -> CampaignData:
    """Stop for good: messages not yet sent stay unsent (they are kept as the history)."""
    with db.session() as s:
        campaign = _find(s, name)
        if campaign.status in ("done", "cancelled"):
            raise InvalidInput(
                "Campaign {name!r} is already finished (status: {status}).",
                name=name,
                status=campaign.status,
            )
        campaign.status = "cancelled"
        _set_run_status(s, campaign, "cancelled")
    return get_campaign(db, name)


def campaign_status(db: Database, name: str) -> dict[str, Any]:
    """The CLI's ``campaigns status --json`` document."""
    c = get_campaign(db, name)
    counts = c.counts
    return {
        "name": c.name,
        "status": c.status,
        "total": counts.total,
        "queued": counts.queued + counts.sending,
        "sent": counts.sent,
        "failed": counts.failed,
        "in_doubt": counts.in_doubt,
        "suppressed": counts.suppressed,
        "sending": counts.sending,
        "last_error": c.last_error,
        "scheduled_at": c.scheduled_at.isoformat() if c.scheduled_at else None,
        "tracking": c.tracking,
    }


def _requeue(db: Database, name: str, status: str) -> int:
    with db.session() as s:
        campaign = _find(s, name)
        run_ids = select(CampaignRun.id).where(CampaignRun.campaign_id == campaign.id)
        # Through the outbox: a failed row leaves the "failed" figures of the day it failed.
        count = outbox.requeue(s, and_(Message.run_id.in_(run_ids), Message.status == status))
        if count:
            _reopen(s, campaign)
    return count


def _reopen(session: Session, campaign: Campaign) -> None:
    """A finished campaign with rows queued again sends them."""
    if campaign.status in ("done", "cancelled"):
        latest = session.scalar(
            select(func.max(CampaignRun.id)).where(CampaignRun.campaign_id == campaign.id)
        )
        session.execute(
            update(CampaignRun)
            .where(CampaignRun.id == latest)
            .values(status="sending", finished_at=None)
        )
        campaign.status = "sending"


def retry_failed(db: Database, name: str) -> int:
    """Queue the campaign's failed messages again; returns how many."""
    return _requeue(db, name, "failed")


def resend_in_doubt(db: Database, name: str) -> int:
    """Queue the in-doubt messages again (after checking they did not arrive); returns how many."""
    return _requeue(db, name, "in_doubt")


def finish_runs(db: Database) -> list[tuple[str, str]]:
    """Mark runs with nothing left to send as done; returns (campaign, status) of finished ones."""
    finished: list[tuple[str, str]] = []
    with db.session() as s:
        pending = select(Message.id).where(
            Message.run_id == CampaignRun.id, Message.status.in_(("queued", "sending"))
        )
        runs = s.execute(
            select(CampaignRun, Campaign)
            .join(Campaign, Campaign.id == CampaignRun.campaign_id)
            .where(CampaignRun.status == "sending", ~pending.exists())
        ).all()
        for run, campaign in runs:
            run.status = "done"
            run.finished_at = utcnow()
            if campaign.status == "sending":
                # A recurring campaign waits for its next occurrence.
                campaign.status = "scheduled" if campaign.cron else "done"
            finished.append((campaign.name, campaign.status))
    return finished


def pause_account_campaigns(db: Database, account_id: int, reason: str) -> list[str]:
    """Pause every sending campaign of an account (its credentials were refused)."""
    with db.session() as s:
        campaigns = s.scalars(
            select(Campaign).where(Campaign.account_id == account_id, Campaign.status == "sending")
        ).all()
        for campaign in campaigns:
            campaign.status = "paused"
            campaign.last_error = reason
            _set_run_status(s, campaign, "paused")
        return [c.name for c in campaigns]


def test_send(
    db: Database,
    secrets: Any,
    *,
    template: str,
    account: str,
    to: str,
    contact: str | None = None,
) -> str:
    """Send one message of ``template`` to ``to`` now (rendered for ``contact`` or a sample)."""
    from app.contacts.emails import normalise_email
    from app.sending.accounts import get_account, open_transport
    from app.sending.transports.base import Outcome
    from app.templates.mime import Address, load_builder

    address = normalise_email(to)
    acc = get_account(db, account)
    with db.session() as s:
        if contact:
            row = s.scalar(select(Contact).where(Contact.email == normalise_email(contact)))
            if row is None:
                raise NotFound("No contact with the address {email}.", email=contact)
            values = _contact_row(row)
        else:
            first = s.scalar(select(Contact).order_by(Contact.id).limit(1))
            values = _contact_row(first) if first is not None else _sample_contact(address)
    builder = load_builder(
        db, template, sender=Address(acc.from_name, acc.from_email), reply_to=acc.reply_to
    )
    item = builder.build(0, values, to=Address("", address))
    outcomes: list[Outcome] = []
    transport = open_transport(acc, secrets)
    try:
        transport.send_batch([item], outcomes.append)
    finally:
        transport.close()
    outcome = outcomes[0]
    if outcome.status != "sent":
        raise InvalidInput(
            "The test message to {email} was not accepted: {reason}",
            email=address,
            reason=outcome.detail or outcome.status,
        )
    return Notice(N_("Test message sent to {email}."), email=address)


def _sample_contact(email: str) -> dict[str, Any]:
    return {
        "id": 0,
        "email": email,
        "first_name": "Camille",
        "last_name": "Martin",
        "company": "",
        "phone": "",
        "locale": "fr",
        "status": "subscribed",
        "attributes": {},
    }
