"""What every page is given: paths, settings, the database, the task runner and the change bus."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.config import Paths, Settings
from app.db import Database
from ui.tasks import TaskRunner


@dataclass(frozen=True)
class Changes:
    """What an operation changed; each page refreshes only when it is concerned."""

    contacts: bool = False
    lists: bool = False
    tags: bool = False
    segments: bool = False
    templates: bool = False
    accounts: bool = False
    campaigns: bool = False
    messages: bool = False


class ChangeBus(QObject):
    sig_changed = Signal(object)
    """Data changed; carries a ``Changes``. Emitted on the GUI thread after an operation succeeds."""

    def notify(self, changes: Changes) -> None:
        self.sig_changed.emit(changes)


@dataclass
class AppContext:
    paths: Paths
    settings: Settings
    db: Database
    tasks: TaskRunner
    bus: ChangeBus
    # app.sending.secrets.SecretStore: where account passwords and API keys live.
    secrets: Any = None
    # ui.sending.SendingBridge: the in-process sender and its progress signals (None in some tests).
    sending: Any = None

    def save_settings(self) -> None:
        self.settings.save(self.paths)
