"""The ``templates`` command group (names, flags and JSON keys are a contract)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.db import Database
from app.errors import InvalidInput


def register(groups: Any, common: argparse.ArgumentParser) -> None:
    """Add ``facteur templates ...`` to the CLI."""
    grp = groups.add_parser("templates", help="manage email templates", parents=[common])
    verbs = grp.add_subparsers(dest="verb", metavar="VERB", required=True)

    add = verbs.add_parser("add", help="create a template", parents=[common])
    add.add_argument("name")
    add.add_argument(
        "--subject",
        required=True,
        help="the subject (Jinja2, e.g. 'Bonjour {{ contact.first_name }}')",
    )
    _content_flags(add)
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=cmd_add)

    upd = verbs.add_parser(
        "update", help="change a template (flags not given stay as they are)", parents=[common]
    )
    upd.add_argument("name")
    upd.add_argument("--subject")
    upd.add_argument("--rename", metavar="NEW_NAME", help="give the template a new name")
    _content_flags(upd)
    upd.add_argument(
        "--detach",
        action="append",
        default=[],
        metavar="FILENAME",
        help="remove the attachment with this file name (repeatable)",
    )
    upd.add_argument("--json", action="store_true")
    upd.set_defaults(func=cmd_update)

    ls = verbs.add_parser("list", help="list templates", parents=[common])
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)

    show = verbs.add_parser("show", help="show one template", parents=[common])
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)

    prev = verbs.add_parser("preview", help="render a template for a contact", parents=[common])
    prev.add_argument("name")
    prev.add_argument(
        "--contact", metavar="EMAIL", help="the contact to render for (default: a sample contact)"
    )
    prev.add_argument("--json", action="store_true", help='print {"subject", "html", "text"}')
    prev.set_defaults(func=cmd_preview)

    dele = verbs.add_parser("delete", help="delete a template", parents=[common])
    dele.add_argument("name")
    dele.set_defaults(func=cmd_delete)

    var = verbs.add_parser("variables", help="the variables templates can use", parents=[common])
    var.add_argument("--json", action="store_true")
    var.set_defaults(func=cmd_variables)


def _content_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--html", metavar="FILE", help="the HTML body, from a UTF-8 file")
    p.add_argument("--text", metavar="FILE", help="the text body, from a UTF-8 file")
    p.add_argument(
        "--attach",
        action="append",
        default=[],
        metavar="FILE",
        help="attach a file (repeatable)",
    )
    p.add_argument(
        "--from",
        dest="from_override",
        metavar="ADDRESS",
        help='"Name <addr>": overrides the account\'s From',
    )
    p.add_argument("--reply-to", metavar="ADDRESS", help="Reply-To address")


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("The file {path} is not UTF-8 text.", path=path) from None
    except OSError as exc:
        raise InvalidInput(
            "Cannot read the file {path}: {reason}", path=path, reason=exc.strerror or str(exc)
        ) from exc


def _print(template: Any, as_json: bool) -> None:
    from app.cli import print_json

    if as_json:
        print_json(template.to_json())
        return
    files = ", ".join(a.filename for a in template.attachments)
    print(f"{template.name}\t{template.subject}" + (f"\t{files}" if files else ""))


def cmd_add(db: Database, args: argparse.Namespace) -> int:
    from app.templates.service import TemplateInput, create_template

    data = TemplateInput(
        name=args.name,
        subject=args.subject,
        html=_read(args.html) if args.html else "",
        text=_read(args.text) if args.text else "",
        from_override=args.from_override or "",
        reply_to=args.reply_to or "",
        attachments=[Path(p) for p in args.attach],
    )
    _print(create_template(db, data), args.json)
    return 0


def cmd_update(db: Database, args: argparse.Namespace) -> int:
    from app.templates.service import AttachmentInfo, TemplateInput, get_template, update_template

    current = get_template(db, args.name)
    unknown = [f for f in args.detach if f not in {a.filename for a in current.attachments}]
    if unknown:
        raise InvalidInput(
            "The template {name!r} has no attachment named {filename!r}.",
            name=current.name,
            filename=unknown[0],
        )
    kept: list[Path | AttachmentInfo] = [
        a for a in current.attachments if a.filename not in args.detach
    ]
    data = TemplateInput(
        name=args.rename if args.rename is not None else current.name,
        subject=args.subject if args.subject is not None else current.subject,
        html=_read(args.html) if args.html is not None else current.html,
        text=_read(args.text) if args.text is not None else current.text,
        from_override=(
            args.from_override if args.from_override is not None else current.from_override
        ),
        reply_to=args.reply_to if args.reply_to is not None else current.reply_to,
        attachments=kept + [Path(p) for p in args.attach],
    )
    _print(update_template(db, current.id, data), args.json)
    return 0


def cmd_list(db: Database, args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.templates.service import list_templates

    templates = list_templates(db)
    if args.json:
        print_json([t.to_json() for t in templates])
        return 0
    for t in templates:
        _print(t, False)
    print(f"{len(templates)} template(s)", file=sys.stderr)
    return 0


def cmd_show(db: Database, args: argparse.Namespace) -> int:
    from app.templates.service import get_template

    t = get_template(db, args.name)
    if args.json:
        _print(t, True)
        return 0
    print(f"Name: {t.name}")
    print(f"Subject: {t.subject}")
    if t.from_override:
        print(f"From: {t.from_override}")
    if t.reply_to:
        print(f"Reply-To: {t.reply_to}")
    for a in t.attachments:
        print(f"Attachment: {a.filename} ({a.content_type}, {a.size} bytes)")
    if t.text:
        print("\n--- text ---\n" + t.text)
    if t.html:
        print("\n--- html ---\n" + t.html)
    return 0


def cmd_preview(db: Database, args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.templates.service import preview_template

    preview = preview_template(db, args.name, args.contact)
    if args.json:
        print_json(preview.to_json())
        return 0
    print(preview.subject)
    print()
    print(preview.text)
    return 0


def cmd_delete(db: Database, args: argparse.Namespace) -> int:
    from app.templates.service import delete_template

    delete_template(db, args.name)
    print(f"Deleted the template {args.name!r}.", file=sys.stderr)
    return 0


def cmd_variables(db: Database, args: argparse.Namespace) -> int:
    from app.cli import print_json
    from app.templates.service import template_variables

    names = template_variables(db)
    if args.json:
        print_json(names)
    else:
        print("\n".join(names))
    return 0
