"""Known errors, fit to show to a user, as opposed to bugs.

A ``FacteurError`` carries a message a person can act on ("the file is password-protected").
Anything else raised out of the core is a bug: logged with its traceback and shown as
"unexpected error" with the log file's path.
"""

from __future__ import annotations


class FacteurError(Exception):
    """An error the user can understand and act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(FacteurError):
    """A named thing (contact, list, tag, segment) does not exist."""


class InvalidInput(FacteurError):
    """A value given by the user is not acceptable; the message says which and why."""


class ImportCancelled(FacteurError):
    """An import was cancelled by the user; nothing was stored."""
