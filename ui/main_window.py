"""The main window: a navigation sidebar and one page per working feature."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from ui.context import AppContext
from ui.resources import icon
from ui.tray import Tray
from ui.widgets.schedule_strip import ScheduleStrip

SIDEBAR_STYLE = """
QListWidget#sidebar { background: palette(window); border-right: 1px solid palette(mid);
                      font-size: 14px; padding-top: 8px; outline: 0; }
QListWidget#sidebar::item { padding: 9px 14px; border-radius: 4px; margin: 1px 6px; }
QListWidget#sidebar::item:selected { background: palette(highlight); color: palette(highlighted-text); }
"""


class MainWindow(QMainWindow):
    sig_quit_requested = Signal()
    """Quitting was asked (tray Quit, or the window closed with no tray to hide to) and, when
    scheduled sends would not go out, confirmed: the application should quit."""

    def __init__(self, ctx: AppContext, tray: Tray | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.tray = tray
        self.setObjectName("mainWindow")
        self.setWindowTitle("Facteur")
        self.setWindowIcon(icon("facteur"))
        self.resize(1200, 760)

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(200)
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setFrameShape(QListWidget.Shape.NoFrame)
        self.sidebar.setStyleSheet(SIDEBAR_STYLE)
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.pages: dict[str, QWidget] = {}
        self._build_pages()
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.sidebar.setCurrentRow(0)
        # The next scheduled sends and the missed ones, along the bottom of the window.
        self.schedule_strip = ScheduleStrip(ctx, self)
        self.statusBar().addPermanentWidget(self.schedule_strip, 1)

    def _build_pages(self) -> None:
        # Only pages that work are listed; later features add theirs here.
        from ui.pages.activity_page import ActivityPage
        from ui.pages.audiences_page import AudiencesPage
        from ui.pages.automations_page import AutomationsPage
        from ui.pages.campaigns_page import CampaignsPage
        from ui.pages.contacts_page import ContactsPage
        from ui.pages.dashboard_page import DashboardPage
        from ui.pages.settings_page import SettingsPage
        from ui.pages.templates_page import TemplatesPage

        pages: list[tuple[str, str, Callable[[], QWidget]]] = [
            ("dashboard", self.tr("Dashboard"), lambda: DashboardPage(self.ctx, self)),
            ("contacts", self.tr("Contacts"), lambda: ContactsPage(self.ctx, self)),
            ("audiences", self.tr("Lists and segments"), lambda: AudiencesPage(self.ctx, self)),
            ("templates", self.tr("Templates"), lambda: TemplatesPage(self.ctx, self)),
            ("campaigns", self.tr("Campaigns"), lambda: CampaignsPage(self.ctx, self)),
            ("automations", self.tr("Automations"), lambda: AutomationsPage(self.ctx, self)),
            ("activity", self.tr("Activity"), lambda: ActivityPage(self.ctx, self)),
            ("settings", self.tr("Settings"), lambda: SettingsPage(self.ctx, self)),
        ]
        for key, title, factory in pages:
            page = factory()
            page.setObjectName(f"page_{key}")
            self.pages[key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sidebar.addItem(item)

    def show_page(self, key: str) -> QWidget:
        page = self.pages[key]
        self.sidebar.setCurrentRow(self.stack.indexOf(page))
        return page

    def bring_forward(self) -> None:
        """Show, restore and raise the window (tray Open, or a second launch)."""
        self.show()
        self.setWindowState(
            (self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
        )
        self.raise_()
        self.activateWindow()

    def request_quit(self) -> None:
        """Quit (tray Quit), after a warning when scheduled sends would not go out; "Keep
        running" hides the window to the tray."""
        if self.schedule_strip.asking_quit:
            return  # the warning is open already
        if self.schedule_strip.confirm_quit():
            self.sig_quit_requested.emit()
        elif self.tray is not None and self.tray.icon.isVisible():
            self.hide()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.tray is not None and self.tray.icon.isVisible():
            # Closing hides to the tray so scheduled sends go on; Quit is in the tray menu.
            event.ignore()
            self.hide()
            if not self.ctx.settings.tray_notice_shown:
                self.tray.notify(
                    self.tr("Facteur keeps running"),
                    self.tr(
                        "Facteur is still running in the system tray so that scheduled mail "
                        "goes out. Use Quit in the tray menu to stop it."
                    ),
                )
                self.ctx.settings.tray_notice_shown = True
                self.ctx.save_settings()
            return
        if not self.schedule_strip.confirm_quit():
            event.ignore()  # "Keep running", and no tray to hide to: the window stays
            return
        event.accept()
        self.sig_quit_requested.emit()
