"""Known errors, fit to show to a user, as opposed to bugs.

A ``FacteurError`` carries a message a person can act on ("the file is password-protected").
Anything else raised out of the core is a bug: logged with its traceback and shown as
"unexpected error" with the log file's path.
"""

from __future__ import annotations

from typing import Any


def N_(template: str) -> str:  # noqa: N802 - the gettext convention for "extract, don't translate"
    """Mark a message template kept in a variable, so the extractor finds it."""
    return template


class FacteurError(Exception):
    """An error the user can understand and act on.

    ``FacteurError("No list named {name!r}.", name=name)``: the English text is the template
    formatted with ``params``; the interface translates ``template`` (context "app", catalogue
    ``resources/translations/app_fr.ts``) and formats it with the same ``params``. Templates are
    string literals (or ``N_()`` literals) so ``resources/translations/extract_app.py`` finds them.
    A message built beforehand (an f-string) still works, in English only.
    """

    def __init__(self, template: str, /, **params: Any) -> None:
        message = template.format(**params) if params else template
        super().__init__(message)
        self.template = template
        self.params = params
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(FacteurError):
    """A named thing (contact, list, tag, segment) does not exist."""


class InvalidInput(FacteurError):
    """A value given by the user is not acceptable; the message says which and why."""


class ImportCancelled(FacteurError):
    """An import was cancelled by the user; nothing was stored."""
