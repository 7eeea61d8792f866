"""Campaigns: a template sent to an audience through an account, now or at a date-time.

Statuses: ``draft -> scheduled -> sending -> done``, with ``paused`` (by the user, or by itself
when the account's credentials are refused) and ``cancelled``. Starting a send writes the outbox
for the whole audience in one transaction (``outbox.enqueue_run``); the sender does the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
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

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "template": self.template,
            "account": self.account,
            "include": list(self.include),
            "exclude": list(self.exclude),
            "scheduled_at": self.scheduled_at.isoformat() if self.scheduled_at else None,
            "status": self.status,
            "last_error": self.last_error,
            **self.counts.to_json(),
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
                status="draft",
            )
        )
    return get_campaign(db, name)


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
        if campaign.scheduled_at is not None and campaign.scheduled_at > utcnow():
            campaign.status = "scheduled"
        else:
            outbox.enqueue_run(s, campaign)
            campaign.status = "sending"
        campaign.last_error = ""
    return get_campaign(db, name)


def start_due_campaigns(db: Database) -> list[str]:
    """Start scheduled campaigns whose time has come; returns their names."""
    started = []
    with db.session() as s:
        due = s.scalars(
            select(Campaign).where(
                Campaign.status == "scheduled", Campaign.scheduled_at <= utcnow()
            )
        ).all()
        for campaign in due:
            outbox.enqueue_run(s, campaign)
            campaign.status = "sending"
            started.append(campaign.name)
    return started


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
        if campaign.status == "scheduled":
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
        campaign.status = "sending"
        campaign.last_error = ""
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
    }


def _requeue(db: Database, name: str, status: str) -> int:
    with db.session() as s:
        campaign = _find(s, name)
        run_ids = select(CampaignRun.id).where(CampaignRun.campaign_id == campaign.id)
        result = s.execute(
            update(Message)
            .where(Message.run_id.in_(run_ids), Message.status == status)
            .values(status="queued", next_attempt_at=utcnow(), attempts=0, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        count = int(result.rowcount or 0)
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
                campaign.status = "done"
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
