"""System tray icon: Open and Quit; the window hides to it when closed. While a campaign sends,
the tooltip shows its progress, and a notification says when it finishes, pauses on an error, or
when a scheduled send was missed while Facteur was not running."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QLocale, QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from ui.errors import translate_template

if TYPE_CHECKING:
    from app.sending.campaigns import CampaignData
    from ui.sending import SendingBridge


class Tray(QObject):
    sig_open_requested = Signal()
    """The user asked to show the main window."""
    sig_quit_requested = Signal()
    """The user asked to quit Facteur (sending stops)."""

    def __init__(self, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(icon, self)
        self._bridge: SendingBridge | None = None
        self.icon.setToolTip("Facteur")
        self.menu = QMenu()
        self.open_action = QAction(self.tr("Open Facteur"), self.menu)
        self.quit_action = QAction(self.tr("Quit"), self.menu)
        self.menu.addAction(self.open_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.open_action.triggered.connect(self.sig_open_requested)
        self.quit_action.triggered.connect(self.sig_quit_requested)
        self.icon.activated.connect(self._on_icon_activated)

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def notify(self, title: str, message: str) -> None:
        self.icon.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 8000)

    # --- sending ------------------------------------------------------------------------------

    def follow_sending(self, bridge: SendingBridge) -> None:
        """Show the progress and the outcome of the sends of ``bridge``."""
        bridge.sig_progress_changed.connect(self._on_sending_progress_changed)
        bridge.sig_campaign_finished.connect(self._on_sending_campaign_finished)
        bridge.sig_campaign_paused.connect(self._on_sending_campaign_paused)
        bridge.sig_runner_changed.connect(self._on_sending_runner_changed)
        bridge.sig_run_missed.connect(self._on_sending_run_missed)
        self._bridge = bridge

    def progress_text(self, campaigns: Sequence[CampaignData]) -> str:
        """The tooltip for these sending campaigns; "Facteur" when none."""
        if not campaigns:
            holder = self._bridge.standby_holder if self._bridge is not None else ""
            if holder:
                return self.tr("Facteur — sending is done by {who}").format(who=holder)
            return "Facteur"
        locale = QLocale()
        return "\n".join(
            self.tr("Facteur — sending “{name}”: {done} / {total}").format(
                name=c.name,
                done=locale.toString(c.counts.done),
                total=locale.toString(c.counts.total),
            )
            for c in campaigns
        )

    def _on_sending_runner_changed(self, _holder: str) -> None:
        bridge = self._bridge
        self.icon.setToolTip(self.progress_text(bridge.sending if bridge is not None else []))

    def _on_sending_progress_changed(self, campaigns: Sequence[CampaignData]) -> None:
        self.icon.setToolTip(self.progress_text(campaigns))

    def _on_sending_campaign_finished(self, name: str) -> None:
        self.notify(
            self.tr("Campaign sent"),
            self.tr("Sending “{name}” is finished.").format(name=name),
        )

    def _on_sending_campaign_paused(self, name: str, reason: str) -> None:
        # The sender's reasons are core messages: shown translated when catalogued.
        self.notify(
            self.tr("Campaign paused"),
            self.tr("“{name}” was paused: {reason}").format(
                name=name, reason=translate_template(reason, {}, reason)
            ),
        )

    def _on_sending_run_missed(self, name: str, when: datetime | None) -> None:
        if when is None:
            text = self.tr("“{name}” was due while Facteur was not running.").format(name=name)
        else:
            text = self.tr("“{name}” was due at {time} while Facteur was not running.").format(
                name=name, time=local_time_text(when)
            )
        self.notify(
            self.tr("Missed send"),
            text + " " + self.tr("Send it or dismiss it from the bar at the bottom of the window."),
        )

    def _on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.sig_open_requested.emit()


def local_time_text(when: datetime) -> str:
    """An aware time as a short local date and time, in the interface's locale."""
    return QLocale().toString(QDateTime(when.astimezone()), QLocale.FormatType.ShortFormat)
