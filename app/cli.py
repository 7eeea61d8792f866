"""The command-line interface: every core operation, scriptable, with ``--json`` output.

Names, flags and JSON keys are a contract (scripts depend on them): add, never rename.
Errors go to stderr with exit code 1.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from app import __version__
from app.config import Paths, resolve_paths
from app.db import Database
from app.errors import FacteurError
from app.logs import log_unexpected, setup_logging

log = logging.getLogger("facteur.cli")
GuiLauncher = Callable[..., int]  # (paths, *, minimized=False) -> exit code


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--home",
        metavar="DIR",
        default=default,
        help="Facteur's data directory (env FACTEUR_HOME; default: the user data directory)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help="database URL, e.g. postgresql+psycopg://user@host/db (env FACTEUR_DB_URL; "
        "default: SQLite in the home directory)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facteur",
        description="Facteur: email automation for small businesses. "
        "With no command, opens the desktop application.",
    )
    parser.add_argument("--version", action="version", version=f"facteur {__version__}")
    parser.add_argument(
        "--minimized",
        action="store_true",
        help="open the desktop app hidden in the system tray (used when started at login)",
    )
    _global_options(parser, suppress=False)
    # Global options are accepted after the subcommand too: `facteur contacts list --home X`.
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, suppress=True)

    groups = parser.add_subparsers(dest="group", metavar="COMMAND")

    contacts = groups.add_parser("contacts", help="manage contacts", parents=[common])
    cverbs = contacts.add_subparsers(dest="verb", metavar="VERB", required=True)

    add = cverbs.add_parser("add", help="add a contact", parents=[common])
    add.add_argument("email")
    _contact_fields(add)
    add.add_argument("--json", action="store_true", help="print the contact as JSON")
    add.set_defaults(func=cmd_contacts_add)

    edit = cverbs.add_parser("edit", help="change a contact's fields", parents=[common])
    edit.add_argument("email")
    edit.add_argument("--email", dest="new_email", metavar="ADDRESS", help="a new address")
    _contact_fields(edit)
    edit.add_argument("--json", action="store_true")
    edit.set_defaults(func=cmd_contacts_edit)

    imp = cverbs.add_parser("import", help="import a CSV, XLSX, XLS or ODS file", parents=[common])
    imp.add_argument("file")
    imp.add_argument(
        "--list",
        action="append",
        default=[],
        metavar="L",
        help="add every contact to this list (repeatable)",
    )
    imp.add_argument(
        "--tag", action="append", default=[], metavar="T", help="tag every contact (repeatable)"
    )
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="map a column to a field (email, first_name, last_name, company, phone, locale, "
        "ignore, or an attribute name); overrides the automatic mapping",
    )
    imp.add_argument("--on-duplicate", choices=("update", "skip"), default="update")
    imp.add_argument("--json", action="store_true", help="print the result as JSON")
    imp.set_defaults(func=cmd_contacts_import)

    lst = cverbs.add_parser("list", help="list contacts", parents=[common])
    _audience_filters(lst)
    lst.add_argument(
        "--search", default="", help="text found in the address, name, company or phone"
    )
    lst.add_argument("--status", help="subscribed, unsubscribed, bounced, complained or pending")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_contacts_list)

    show = cverbs.add_parser("show", help="show one contact", parents=[common])
    show.add_argument("email")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_contacts_show)

    exp = cverbs.add_parser("export", help="export contacts to CSV or XLSX", parents=[common])
    exp.add_argument("file")
    exp.add_argument("--format", choices=("csv", "xlsx"), help="default: from the file's extension")
    _audience_filters(exp)
    exp.set_defaults(func=cmd_contacts_export)

    rm = cverbs.add_parser("remove", help="delete a contact", parents=[common])
    rm.add_argument("email")
    rm.set_defaults(func=cmd_contacts_remove)

    segments = groups.add_parser("segments", help="manage segments (saved rules)", parents=[common])
    sverbs = segments.add_subparsers(dest="verb", metavar="VERB", required=True)
    screate = sverbs.add_parser("create", help="save a segment", parents=[common])
    screate.add_argument("name")
    screate.add_argument(
        "--rule",
        required=True,
        metavar="JSON",
        help='e.g. {"all": [{"field": "attributes.ville", "op": "eq", "value": "Lyon"}]}',
    )
    screate.add_argument("--json", action="store_true")
    screate.set_defaults(func=cmd_segments_create)
    supdate = sverbs.add_parser("update", help="replace a segment's rule", parents=[common])
    supdate.add_argument("name")
    supdate.add_argument("--rule", required=True, metavar="JSON")
    supdate.add_argument("--json", action="store_true")
    supdate.set_defaults(func=cmd_segments_update)
    slist = sverbs.add_parser("list", help="list segments with their counts", parents=[common])
    slist.add_argument("--json", action="store_true")
    slist.set_defaults(func=cmd_segments_list)
    sdel = sverbs.add_parser("delete", help="delete a segment (contacts stay)", parents=[common])
    sdel.add_argument("name")
    sdel.set_defaults(func=cmd_segments_delete)

    for kind, plural in (("list", "lists"), ("tag", "tags")):
        grp = groups.add_parser(plural, help=f"manage {plural}", parents=[common])
        verbs = grp.add_subparsers(dest="verb", metavar="VERB", required=True)
        ls = verbs.add_parser(
            "list", help=f"{plural} with their number of contacts", parents=[common]
        )
        ls.add_argument("--json", action="store_true")
        ls.set_defaults(func=cmd_named_list, kind=kind)
        cr = verbs.add_parser("create", help=f"create a {kind}", parents=[common])
        cr.add_argument("name")
        cr.set_defaults(func=cmd_named_create, kind=kind)
        rn = verbs.add_parser("rename", help=f"rename a {kind}", parents=[common])
        rn.add_argument("name")
        rn.add_argument("new_name")
        rn.set_defaults(func=cmd_named_rename, kind=kind)
        dl = verbs.add_parser("delete", help=f"delete a {kind} (contacts stay)", parents=[common])
        dl.add_argument("name")
        dl.set_defaults(func=cmd_named_delete, kind=kind)
    # Each feature registers its own command groups (templates, accounts, campaigns...).
    from app.automation import commands as automation_commands
    from app.sending import commands as sending_commands
    from app.templates import commands as template_commands
    from app.tracking import commands as tracking_commands

    template_commands.register(groups, common)
    sending_commands.register(groups, common)
    automation_commands.register(groups, common)
    tracking_commands.register(groups, common)
    return parser


def _contact_fields(p: argparse.ArgumentParser) -> None:
    p.add_argument("--first-name")
    p.add_argument("--last-name")
    p.add_argument("--company")
    p.add_argument("--phone")
    p.add_argument("--locale", help="e.g. fr, en")
    p.add_argument("--status", help="subscribed, unsubscribed, bounced, complained or pending")
    p.add_argument("--tag", action="append", metavar="T", help="a tag (repeatable; created if new)")
    p.add_argument(
        "--list", action="append", metavar="L", help="a list (repeatable; created if new)"
    )
    p.add_argument(
        "--attr",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a custom attribute (repeatable)",
    )
    p.add_argument(
        "--tracking-consent",
        action="store_true",
        default=None,
        help="the contact agreed to open/click tracking",
    )


def _audience_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--list", metavar="L", help="only the contacts of this list")
    p.add_argument("--tag", metavar="T", help="only the contacts with this tag")
    p.add_argument("--segment", metavar="S", help="only the contacts of this segment")


# --- commands -----------------------------------------------------------------------------


def _pairs(values: Sequence[str], what: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise FacteurError(f"{what} {item!r} must look like KEY=VALUE.")
        result[key.strip()] = value
    return result


def _contact_input(args: argparse.Namespace, *, email: str | None) -> Any:
    from app.contacts.service import ContactInput

    return ContactInput(
        email=email,
        first_name=args.first_name,
        last_name=args.last_name,
        company=args.company,
        phone=args.phone,
        locale=args.locale,
        status=args.status,
        attributes=_pairs(args.attr, "Attribute") if args.attr else None,
        tags=args.tag,
        lists=args.list,
        tracking_consent=args.tracking_consent,
    )


def _print_contact(contact: Any, as_json: bool) -> None:
    if as_json:
        _json(contact.to_json())
        return
    print(f"{contact.email}\t{contact.full_name}\t{contact.company}\t{contact.status}")


def cmd_contacts_add(db: Database, args: argparse.Namespace) -> int:
    from app.contacts.service import add_contact

    data = _contact_input(args, email=args.email)
    data.consent_source = "cli"
    _print_contact(add_contact(db, data), args.json)
    return 0


def cmd_contacts_edit(db: Database, args: argparse.Namespace) -> int:
    from app.contacts.service import get_contact, update_contact

    data = _contact_input(args, email=args.new_email)
    if data.attributes is not None:
        # --attr adds or changes attributes; the others stay.
        data.attributes = {**get_contact(db, args.email).attributes, **data.attributes}
    _print_contact(update_contact(db, args.email, data), args.json)
    return 0


def cmd_contacts_import(db: Database, args: argparse.Namespace) -> int:
    from app.contacts.importing import import_contacts

    mapping = _pairs(args.map, "Mapping") if args.map else None
    result = import_contacts(
        db,
        args.file,
        mapping=mapping,
        lists=args.list,
        tags=args.tag,
        on_duplicate=args.on_duplicate,
    )
    if args.json:
        _json(result.to_json())
        return 0
    print(
        f"Imported {result.imported}, updated {result.updated}, skipped {result.skipped}, "
        f"rejected {len(result.invalid)}."
    )
    for bad in result.invalid:
        print(f"  row {bad.row}: {bad.value!r}: {bad.reason}")
    return 0


def _query(args: argparse.Namespace) -> Any:
    from app.contacts.service import ContactQuery

    return ContactQuery(
        search=getattr(args, "search", "") or "",
        list_name=args.list,
        tag=args.tag,
        segment=args.segment,
        status=getattr(args, "status", None),
    )


def cmd_contacts_list(db: Database, args: argparse.Namespace) -> int:
    from app.contacts.service import list_contacts

    contacts = list_contacts(db, _query(args))
    if args.json:
        _json([c.to_json() for c in contacts])
        return 0
    for c in contacts:
        extras = []
        if c.tags:
            extras.append("tags: " + ", ".join(c.tags))
        if c.lists:
            extras.append("lists: " + ", ".join(c.lists))
        print("\t".join([c.email, c.full_name, c.company, c.status, "; ".join(extras)]))
    print(f"{len(contacts)} contact(s)", file=sys.stderr)
    return 0


def cmd_contacts_show(db: Database, args: argparse.Namespace) -> int:
    from app.contacts.service import get_contact

    c = get_contact(db, args.email)
    if args.json:
        data = c.to_json()
        data.update(
            phone=c.phone,
            locale=c.locale,
            tracking_consent=c.tracking_consent,
            consent_at=c.consent_at.isoformat() if c.consent_at else None,
            consent_source=c.consent_source,
            created_at=c.created_at.isoformat() if c.created_at else None,
        )
        _json(data)
        return 0
    for label, value in (
        ("Email", c.email),
        ("Name", c.full_name),
        ("Company", c.company),
        ("Phone", c.phone),
        ("Locale", c.locale),
        ("Status", c.status),
        ("Tags", ", ".join(c.tags)),
        ("Lists", ", ".join(c.lists)),
        ("Tracking consent", "yes" if c.tracking_consent else "no"),
        (
            "Consent",
            f"{c.consent_source} {c.consent_at.isoformat() if c.consent_at else ''}".strip(),
        ),
    ):
        print(f"{label}: {value}")
    for key, value in c.attributes.items():
        print(f"  {key}: {value}")
    return 0


def cmd_contacts_export(db: Database, args: argparse.Namespace) -> int:
    from app.contacts.exporting import export_contacts

    count = export_contacts(db, args.file, _query(args), args.format)
    print(f"Exported {count} contact(s) to {args.file}.", file=sys.stderr)
    return 0


def cmd_contacts_remove(db: Database, args: argparse.Namespace) -> int:
    from app.contacts.service import remove_contact

    remove_contact(db, args.email)
    print(f"Removed {args.email}.", file=sys.stderr)
    return 0


def _rule_arg(text: str) -> dict[str, Any]:
    try:
        rule = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FacteurError(f"--rule is not valid JSON: {exc.msg} at character {exc.pos}.") from exc
    if not isinstance(rule, dict):
        raise FacteurError('--rule must be a JSON object such as {"all": [...]}.')
    return rule


def _print_segment(seg: Any, as_json: bool, verb: str) -> int:
    if as_json:
        _json(seg.to_json())
    else:
        print(f"Segment {seg.name!r} {verb}: {seg.count} matching contact(s).")
    return 0


def cmd_segments_create(db: Database, args: argparse.Namespace) -> int:
    from app.contacts.segments import create_segment

    return _print_segment(create_segment(db, args.name, _rule_arg(args.rule)), args.json, "saved")


def cmd_segments_update(db: Database, args: argparse.Namespace) -> int:
    from app.contacts.segments import update_segment

    return _print_segment(update_segment(db, args.name, _rule_arg(args.rule)), args.json, "updated")


def cmd_segments_list(db: Database, args: argparse.Namespace) -> int:
    from app.contacts.segments import list_segments

    segments = list_segments(db)
    if args.json:
        _json([s.to_json() for s in segments])
        return 0
    for s in segments:
        print(f"{s.name}\t{s.count}\t{json.dumps(s.rule, ensure_ascii=False)}")
    return 0


def cmd_segments_delete(db: Database, args: argparse.Namespace) -> int:
    from app.contacts.service import delete_named

    delete_named(db, "segment", args.name)
    return 0


def cmd_named_list(db: Database, args: argparse.Namespace) -> int:
    from app.contacts.service import list_lists, list_tags

    items = list_lists(db) if args.kind == "list" else list_tags(db)
    if args.json:
        _json([{"name": i.name, "count": i.count} for i in items])
        return 0
    for i in items:
        print(f"{i.name}\t{i.count}")
    return 0


def cmd_named_create(db: Database, args: argparse.Namespace) -> int:
    from app.contacts.service import create_list, create_tag

    (create_list if args.kind == "list" else create_tag)(db, args.name)
    return 0


def cmd_named_rename(db: Database, args: argparse.Namespace) -> int:
    from app.contacts.service import rename

    rename(db, args.kind, args.name, args.new_name)
    return 0


def cmd_named_delete(db: Database, args: argparse.Namespace) -> int:
    from app.contacts.service import delete_named

    delete_named(db, args.kind, args.name)
    return 0


def print_json(data: Any) -> None:
    """Print ``data`` as indented UTF-8 JSON (the ``--json`` output of every command)."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


# --- entry point ----------------------------------------------------------------------------


def open_database(paths: Paths) -> Database:
    """Open and migrate the database (migrations run automatically at every start)."""
    db = Database(paths.db_url)
    try:
        db.migrate()
    except BaseException:
        db.dispose()
        raise
    return db


def main(argv: Sequence[str], gui: GuiLauncher | None = None) -> int:
    """Run the CLI; with no command, hand over to ``gui`` (the desktop app)."""
    parser = build_parser()
    args = parser.parse_args(list(argv))
    try:
        paths = resolve_paths(args.home, args.db)
    except OSError as exc:
        print(f"facteur: error: {exc}", file=sys.stderr)
        return 1
    if args.group is None:
        if gui is None:
            parser.print_help()
            return 0
        # Passed only when asked, so a launcher taking just the paths keeps working.
        return gui(paths, minimized=True) if args.minimized else gui(paths)
    try:
        setup_logging(paths.log_file)
    except OSError as exc:  # an unwritable or impossible --home: say so, no traceback
        print(f"facteur: error: cannot write the log file {paths.log_file}: {exc}", file=sys.stderr)
        return 1
    db: Database | None = None
    try:
        if not getattr(args, "needs_db", True):  # `relay serve`: its own storage, not ours
            args.paths = paths
            return int(args.func(None, args))
        db = open_database(paths)
        args.paths = paths  # for commands needing the data directory (secrets, sender)
        return int(args.func(db, args))
    except FacteurError as exc:
        print(f"facteur: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("facteur: interrupted; nothing more was stored.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: log it, say where the log is
        log_unexpected(exc, "cli")
        print(
            f"facteur: unexpected error ({type(exc).__name__}: {exc}). "
            f"Details are in {paths.log_file}.",
            file=sys.stderr,
        )
        return 1
    finally:
        if db is not None:
            db.dispose()
