"""System tray icon: Open and Quit; the window hides to it when closed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon


class Tray(QObject):
    sig_open_requested = Signal()
    """The user asked to show the main window."""
    sig_quit_requested = Signal()
    """The user asked to quit Facteur (sending stops)."""

    def __init__(self, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(icon, self)
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

    def _on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.sig_open_requested.emit()
