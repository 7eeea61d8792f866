"""``facteur campaigns ...`` and ``facteur sender run`` (names, flags and JSON keys are a contract)."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import UTC, datetime
from typing import Any

from app.db import Database
from app.errors import InvalidInput

FINAL = ("done", "paused", "cancelled", "draft")
_DETACHED: list[subprocess.Popen[bytes]] = []


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    campaigns = groups.add_parser("campaigns", help="create and send campaigns", parents=[common])
    verbs = campaigns.add_subparsers(dest="verb", metavar="VERB", required=True)

    create = verbs.add_parser("create", help="create a campaign (a draft)", parents=[common])
    create.add_argument("name")
    create.add_argument("--template", required=True, metavar="T")
    create.add_argument("--account", required=True, metavar="A")
    create.add_argument(
        "--audience",
        required=True,
        action="append",
        metavar="list:L|tag:T|segment:S|all",
        help="who receives it (repeatable: the union)",
    )
    create.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="list:L|tag:T|segment:S",
        help="leave out these contacts (repeatable)",
    )
    when = create.add_mutually_exclusive_group()
    when.add_argument(
        "--at", metavar="ISO8601", help="send at this date-time (default: now; Paris time if naive)"
    )
    when.add_argument(
        "--cron",
        metavar="EXPR",
        help='send on this recurring schedule, e.g. "0 9 * * mon" (Mondays at 09:00)',
    )
    create.add_argument(
        "--timezone",
        default="Europe/Paris",
        metavar="TZ",
        help="time zone of --cron (default: Europe/Paris)",
    )
    track = create.add_mutually_exclusive_group()
    track.add_argument(
        "--track",
        dest="tracking",
        action="store_true",
        default=None,
        help="rewrite links through the relay and add an open pixel (default: on when a relay "
        "is connected)",
    )
    track.add_argument(
        "--no-track", dest="tracking", action="store_false", help="no link or open tracking"
    )
    create.add_argument("--json", action="store_true")
    create.set_defaults(func=cmd_create)

    send = verbs.add_parser("send", help="start sending (or schedule, with --at)", parents=[common])
    send.add_argument("name")
    send.add_argument(
        "--wait", action="store_true", help="send in this process and return when it is finished"
    )
    send.add_argument("--json", action="store_true", help="print the final status as JSON")
    send.set_defaults(func=cmd_send)

    for verb, helptext in (
        ("pause", "pause sending (resume goes on where it stopped)"),
        ("resume", "resume a paused campaign"),
        ("cancel", "stop a campaign for good"),
    ):
        p = verbs.add_parser(verb, help=helptext, parents=[common])
        p.add_argument("name")
        p.set_defaults(func=cmd_change, change=verb)

    status = verbs.add_parser("status", help="counts of a campaign's messages", parents=[common])
    status.add_argument("name")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_status)

    lst = verbs.add_parser("list", help="list campaigns", parents=[common])
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_list)

    check = verbs.add_parser("check", help="the pre-send check", parents=[common])
    check.add_argument("name")
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=cmd_check)

    retry = verbs.add_parser("retry", help="queue failed messages again", parents=[common])
    retry.add_argument("name")
    retry.add_argument(
        "--in-doubt", action="store_true", help="queue the in-doubt messages again instead"
    )
    retry.set_defaults(func=cmd_retry)

    test = verbs.add_parser("test", help="send one test message of a campaign", parents=[common])
    test.add_argument("name")
    test.add_argument("--to", required=True, metavar="EMAIL")
    test.add_argument("--contact", metavar="EMAIL", help="render for this contact")
    test.set_defaults(func=cmd_test)

    runs = verbs.add_parser(
        "runs", help="a campaign's history: one line per run (occurrence)", parents=[common]
    )
    runs.add_argument("name")
    runs.add_argument("--json", action="store_true")
    runs.set_defaults(func=cmd_runs)

    missed = verbs.add_parser(
        "missed", help="scheduled runs that were missed (Facteur was not running)", parents=[common]
    )
    missed.add_argument("--json", action="store_true")
    missed.add_argument("--send", type=int, metavar="RUN_ID", help="send this missed run now")
    missed.add_argument(
        "--dismiss", type=int, metavar="RUN_ID", help="leave this missed run unsent"
    )
    missed.set_defaults(func=cmd_missed)

    delete = verbs.add_parser("delete", help="delete a campaign and its history", parents=[common])
    delete.add_argument("name")
    delete.set_defaults(func=cmd_delete)

    sender = groups.add_parser("sender", help="the background sender", parents=[common])
    sverbs = sender.add_subparsers(dest="verb", metavar="VERB", required=True)
    run = sverbs.add_parser("run", help="send queued messages until stopped", parents=[common])
    run.add_argument(
        "--until-idle", action="store_true", help="stop when nothing is left to send or scheduled"
    )
    run.set_defaults(func=cmd_sender_run)


def _print_json(data: Any) -> None:
    from app.cli import print_json

    print_json(data)


def _parse_at(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(
            "--at {value!r} is not an ISO 8601 date-time such as 2026-12-01T09:00+01:00.",
            value=text,
        ) from exc
    if value.tzinfo is None:
        from zoneinfo import ZoneInfo

        value = value.replace(tzinfo=ZoneInfo("Europe/Paris"))
    return value.astimezone(UTC)


def cmd_create(db: Database, args: argparse.Namespace) -> int:
    from app.sending.campaigns import CampaignInput, create_campaign

    campaign = create_campaign(
        db,
        CampaignInput(
            name=args.name,
            template=args.template,
            account=args.account,
            include=list(args.audience),
            exclude=list(args.exclude),
            scheduled_at=_parse_at(args.at),
            cron=args.cron or "",
            timezone=args.timezone,
            tracking=getattr(args, "tracking", None),
        ),
    )
    if args.json:
        _print_json(campaign.to_json())
    else:
        print(
            f"Campaign {campaign.name!r} created (draft): "
            f"'facteur campaigns send {campaign.name}' "
            + ("schedules it." if campaign.cron or campaign.scheduled_at else "sends it."),
            file=sys.stderr,
        )
    return 0


def cmd_send(db: Database, args: argparse.Namespace) -> int:
    from app.sending.campaigns import campaign_status, start_campaign

    campaign = start_campaign(db, args.name)
    if campaign.status == "scheduled" and campaign.cron:
        from app.automation.cron import describe, parse_cron

        words = describe(parse_cron(campaign.cron, campaign.timezone))
        nxt = campaign.next_run_at.isoformat() if campaign.next_run_at else "never"
        print(f"Campaign {campaign.name!r} scheduled: {words}; next run {nxt}.", file=sys.stderr)
    elif campaign.status == "scheduled" and campaign.scheduled_at is not None:
        print(
            f"Campaign {campaign.name!r} scheduled for {campaign.scheduled_at.isoformat()}.",
            file=sys.stderr,
        )
    else:
        counts = campaign.counts
        print(
            f"Campaign {campaign.name!r}: {counts.queued} message(s) queued, "
            f"{counts.suppressed} suppressed.",
            file=sys.stderr,
        )
    if args.wait:
        _send_and_wait(db, args)
    else:
        started = ensure_background_sender(db, args)
        if started:
            print("Sending in the background.", file=sys.stderr)
    status = campaign_status(db, args.name)
    if args.json:
        _print_json(status)
    if args.wait:
        _print_summary(status)
        return 1 if status["status"] == "paused" else 0
    return 0


def _print_summary(status: dict[str, Any]) -> None:
    print(
        f"Campaign {status['name']!r} {status['status']}: {status['sent']} sent, "
        f"{status['failed']} failed, {status['in_doubt']} in doubt, "
        f"{status['suppressed']} suppressed, {status['queued']} still queued.",
        file=sys.stderr,
    )
    if status.get("last_error"):
        print(f"Reason: {status['last_error']}", file=sys.stderr)


def _send_and_wait(db: Database, args: argparse.Namespace) -> None:
    from app.sending.campaigns import campaign_status
    from app.sending.engine import Sender

    # If another process (the desktop, a daemon) runs the senders, this one stands by and the
    # loop below just follows the campaign until it is finished.
    sender = Sender(db.url, args.paths.home, poll_interval=0.2, kind="cli")
    sender.start()
    last = ""
    try:
        while True:
            status = campaign_status(db, args.name)
            line = f"{status['sent']}/{status['total']} sent"
            if line != last and sys.stderr.isatty():
                print(f"\r{line}", end="", file=sys.stderr, flush=True)
                last = line
            if status["status"] in FINAL and not status["sending"]:
                break
            time.sleep(0.2)
    finally:
        if last:
            print(file=sys.stderr)
        sender.stop()


def live_sender_exists(db: Database) -> bool:
    from sqlalchemy import select

    from app.db.models import SenderProcess
    from app.db.types import utcnow
    from app.sending.outbox import HEARTBEAT_TIMEOUT

    with db.session() as s:
        beats = s.scalars(select(SenderProcess.heartbeat_at)).all()
    now = utcnow()
    return any(now - beat < HEARTBEAT_TIMEOUT / 3 for beat in beats)


def ensure_background_sender(db: Database, args: argparse.Namespace) -> bool:
    """Start a detached ``facteur sender run --until-idle`` unless a sender already runs."""
    if live_sender_exists(db):
        return False
    command = sender_command(args.paths.home, db.url)
    log_file = args.paths.log_file
    with open(log_file, "ab") as log:  # noqa: PTH123 - handed to the child
        kwargs: dict[str, Any] = {
            "stdin": subprocess.DEVNULL,
            "stdout": log,
            "stderr": log,
            "close_fds": True,
        }
        if sys.platform == "win32":
            kwargs["creationflags"] = 0x00000008 | 0x00000200  # DETACHED, NEW_PROCESS_GROUP
        else:
            kwargs["start_new_session"] = True
        # Kept referenced: it runs on after this command, and is not ours to wait for.
        _DETACHED.append(subprocess.Popen(command, **kwargs))  # noqa: S603 - our own executable
    return True


def sender_command(home: Any, db_url: str) -> list[str]:
    tail = ["sender", "run", "--until-idle", "--home", str(home), "--db", db_url]
    if getattr(sys, "frozen", False):
        return [sys.executable, *tail]
    code = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"
    return [sys.executable, "-c", code, *tail]


def cmd_sender_run(db: Database, args: argparse.Namespace) -> int:
    import signal

    from app.sending.engine import Sender

    stop = {"now": False}

    def _on_signal(*_: Any) -> None:
        stop["now"] = True

    signal.signal(signal.SIGTERM, _on_signal)
    sender = Sender(db.url, args.paths.home, kind="cli")
    sender.start()
    try:
        idle_checks = 0
        while not stop["now"]:
            time.sleep(1.0)
            if args.until_idle:
                idle_checks = idle_checks + 1 if sender.idle() else 0
                if idle_checks >= 3:
                    break
    except KeyboardInterrupt:
        pass
    finally:
        sender.stop()
    return 0


def cmd_runs(db: Database, args: argparse.Namespace) -> int:
    from app.sending.campaigns import list_runs

    runs = list_runs(db, args.name)
    if args.json:
        _print_json([r.to_json() for r in runs])
        return 0
    for r in runs:
        when = (r.scheduled_for or r.started_at).isoformat()
        c = r.counts
        print(
            f"{r.id}\t{when}\t{r.status}\t{c.sent}/{c.total} sent\t{c.failed} failed"
            f"\t{c.suppressed} suppressed"
        )
    return 0


def cmd_missed(db: Database, args: argparse.Namespace) -> int:
    from app.sending.campaigns import dismiss_missed_run, missed_runs, send_missed_run

    if args.send is not None:
        campaign = send_missed_run(db, args.send)
        print(f"Campaign {campaign.name!r}: missed run sent now.", file=sys.stderr)
        ensure_background_sender(db, args)
        return 0
    if args.dismiss is not None:
        dismiss_missed_run(db, args.dismiss)
        print(f"Missed run {args.dismiss} dismissed.", file=sys.stderr)
        return 0
    runs = missed_runs(db)
    if args.json:
        _print_json([r.to_json() for r in runs])
        return 0
    for r in runs:
        when = r.scheduled_for.isoformat() if r.scheduled_for else ""
        print(f"{r.id}\t{r.campaign}\t{when}")
    return 0


def cmd_change(db: Database, args: argparse.Namespace) -> int:
    from app.sending import campaigns

    action = {
        "pause": campaigns.pause_campaign,
        "resume": campaigns.resume_campaign,
        "cancel": campaigns.cancel_campaign,
    }[args.change]
    campaign = action(db, args.name)
    print(f"Campaign {campaign.name!r}: {campaign.status}.", file=sys.stderr)
    if args.change == "resume":
        ensure_background_sender(db, args)
    return 0


def cmd_status(db: Database, args: argparse.Namespace) -> int:
    from app.sending.campaigns import campaign_status

    status = campaign_status(db, args.name)
    if args.json:
        _print_json(status)
    else:
        for key in (
            "name",
            "status",
            "total",
            "queued",
            "sent",
            "failed",
            "in_doubt",
            "suppressed",
        ):
            print(f"{key}: {status[key]}")
        if status["last_error"]:
            print(f"last_error: {status['last_error']}")
    return 0


def cmd_list(db: Database, args: argparse.Namespace) -> int:
    from app.sending.campaigns import list_campaigns

    items = list_campaigns(db)
    if args.json:
        _print_json([c.to_json() for c in items])
        return 0
    for c in items:
        print(f"{c.name}\t{c.status}\t{c.counts.sent}/{c.counts.total}\t{c.template}\t{c.account}")
    return 0


def cmd_check(db: Database, args: argparse.Namespace) -> int:
    from app.sending.campaigns import precheck

    report = precheck(db, args.name)
    if args.json:
        _print_json(report.to_json())
    else:
        print(f"Recipients: {report.recipients} ({report.suppressed} suppressed)")
        for m in report.missing:
            print(f"Missing {m.field}: {m.count} contact(s)")
        print(f"Message size: {report.message_size} bytes (limit {report.size_limit})")
        print(
            f"Text part: {'generated from the HTML' if report.auto_text else 'yes' if report.has_text_part else 'no'}"
        )
        for e in report.errors:
            print(f"Error: {e}")
        for w in report.warnings:
            print(f"Warning: {w}")
    return 0 if report.ok else 1


def cmd_retry(db: Database, args: argparse.Namespace) -> int:
    from app.sending.campaigns import resend_in_doubt, retry_failed

    count = (resend_in_doubt if args.in_doubt else retry_failed)(db, args.name)
    print(f"{count} message(s) queued again.", file=sys.stderr)
    if count:
        ensure_background_sender(db, args)
    return 0


def cmd_test(db: Database, args: argparse.Namespace) -> int:
    from app.sending.campaigns import get_campaign, test_send
    from app.sending.secrets import open_secret_store

    campaign = get_campaign(db, args.name)
    result = test_send(
        db,
        open_secret_store(args.paths.home),
        template=campaign.template,
        account=campaign.account,
        to=args.to,
        contact=args.contact,
    )
    print(result, file=sys.stderr)
    return 0


def cmd_delete(db: Database, args: argparse.Namespace) -> int:
    from app.sending.campaigns import delete_campaign

    delete_campaign(db, args.name)
    return 0
