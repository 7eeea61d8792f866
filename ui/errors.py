"""Showing errors: a known ``FacteurError`` as its message, anything else as a bug with the log path."""

from __future__ import annotations

import functools
import logging
import re
import string
import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.errors import FacteurError
from app.logs import log_unexpected
from app.sending.outbox import STORED_MESSAGES

# The colour of an error shown inside a form (under a field, above the buttons).
ERROR_STYLE = "color: #c62828;"

_log_file: Path | None = None
_open_boxes: set[QMessageBox] = set()


def set_log_file(path: Path) -> None:
    global _log_file
    _log_file = path


def translate_template(template: str, params: dict[str, Any], english: str) -> str:
    """A core message in the interface language (catalogue app_fr.ts, context "app")."""
    text = QCoreApplication.translate("app", template) if template else template
    if not template or text == template:
        return english  # no translation (English, or a message not yet made a template)
    # A reason or a kind of file may itself be catalogued (email-validator's sentences, see
    # LIBRARY_REASONS; "a PNG image"...): translate it too.
    params = {
        k: QCoreApplication.translate("app", v)
        if k in ("reason", "what") and isinstance(v, str)
        else v
        for k, v in params.items()
    }
    try:
        return text.format(**params) if params else text
    except (KeyError, IndexError, ValueError):
        return english  # a damaged translation must not hide the message


def template_pattern(template: str) -> re.Pattern[str]:
    """A regex matching the texts ``template`` formats into: its literal parts as they are, each
    ``{name}`` a lazy named group (a name used twice must match the same text), anchored.

    Only plain ``{name}`` fields can be read back; a conversion or format spec (``{name!r}``,
    ``{n:>3}``) raises ``ValueError``.
    """
    parts = [r"\A"]
    seen: set[str] = set()
    for literal, name, spec, conversion in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"only plain {{name}} fields can be read back: {template!r}")
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
        seen.add(name)
    parts.append(r"\Z")
    return re.compile("".join(parts), re.DOTALL)


@functools.cache
def _patterns(templates: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((t, template_pattern(t)) for t in templates)


def translate_stored(text: str, templates: Sequence[str] = STORED_MESSAGES) -> str:
    """A text the core stored already formatted in English (a message's last error), in the
    interface language when it was made from one of ``templates``; anything else (a server's
    reply: "550 5.1.1 unknown user") is returned as it is."""
    if not text:
        return text
    for template, pattern in _patterns(tuple(templates)):
        found = pattern.match(text)
        if found is not None:
            return translate_template(template, found.groupdict(), text)
    return text


def translate_error(exc: FacteurError) -> str:
    return translate_template(exc.template, exc.params, exc.message)


def error_text(exc: BaseException) -> str:
    """The text a user sees for an exception."""
    if isinstance(exc, FacteurError):
        return translate_error(exc)
    where = str(_log_file) if _log_file else QCoreApplication.translate("errors", "the log file")
    return QCoreApplication.translate(
        "errors", "An unexpected error occurred. Details were written to {0}."
    ).format(where)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """A dialog for ``exc``; bugs are logged with their traceback first."""
    if not isinstance(exc, FacteurError):
        log_unexpected(exc)
        title = QCoreApplication.translate("errors", "Unexpected error")
    else:
        logging.getLogger("facteur").info("user-facing error: %s", exc)
        title = QCoreApplication.translate("errors", "Error")
    if QApplication.instance() is None:
        print(error_text(exc), file=sys.stderr)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, title, error_text(exc), parent=parent)
    box.setObjectName("errorDialog")
    box.setModal(True)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    # Without a parent nothing else holds the box: keep it alive until the user closes it.
    _open_boxes.add(box)
    box.finished.connect(lambda _result: _open_boxes.discard(box))
    box.open()


def install_excepthook() -> None:
    """Any exception escaping a slot is logged and shown instead of killing the app."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        exc.__traceback__ = tb
        show_error(QApplication.activeWindow(), exc)

    sys.excepthook = hook
