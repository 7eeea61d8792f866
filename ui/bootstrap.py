"""Start the desktop app: QApplication, translations, single instance, database, window, tray."""

from __future__ import annotations

import gc
import logging
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from app.config import Paths, Settings
from app.db import Database
from app.errors import FacteurError
from app.logs import setup_logging
from app.sending.secrets import SecretsUnavailable, open_secret_store
from ui.context import AppContext, ChangeBus
from ui.errors import error_text, install_excepthook, set_log_file
from ui.main_window import MainWindow
from ui.resources import icon, translation_file
from ui.sending import SendingBridge
from ui.single_instance import InstanceServer, ask_running_instance, server_name
from ui.tasks import TaskRunner
from ui.tray import Tray

log = logging.getLogger("facteur.ui")


def choose_language(settings: Settings) -> str:
    """The chosen language, else the system's when Facteur speaks it, else English."""
    if settings.language:
        return settings.language
    return "fr" if QLocale.system().name().startswith("fr") else "en"


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Facteur's own strings and Qt's (dialog buttons); kept referenced by the caller."""
    translators: list[QTranslator] = []
    # Numbers and dates follow the interface language ("1 234" in French), keeping the system's
    # regional variant when it speaks that language (fr_BE, en_US...).
    if not QLocale.system().name().startswith(language):
        QLocale.setDefault(QLocale("fr_FR" if language == "fr" else "en_GB"))
    own = QTranslator(app)
    # English has a plural-only catalogue ("1 contact" / "2 contacts"); French has everything.
    if own.load(str(translation_file(language))):
        app.installTranslator(own)
        translators.append(own)
    else:
        log.warning("translation %s not found (run make translations)", translation_file(language))
    if language == "en":
        return translators
    qt = QTranslator(app)
    if qt.load(
        QLocale(language),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(qt)
        translators.append(qt)
    return translators


def tune_gc() -> None:
    """Leave the objects alive after start-up (modules, Qt wrappers, SQLAlchemy caches) out of
    full garbage collections.

    A full collection holds the GIL while it walks every object; during an import it runs on the
    worker thread and stalled the GUI thread 50-60 ms at a time (bench/gui_import_bench.py).
    """
    gc.collect()
    gc.freeze()


def run(paths: Paths, *, minimized: bool = False) -> int:
    """Open the GUI; returns the process exit code. ``minimized`` (``--minimized``, used when
    started at login) keeps the window hidden in the system tray when there is one."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Facteur")
    app.setOrganizationName("Facteur")
    app.setWindowIcon(icon("facteur"))

    name = server_name(str(paths.home))
    if ask_running_instance(name):
        return 0

    setup_logging(paths.log_file)
    set_log_file(paths.log_file)
    install_excepthook()
    settings = Settings.load(paths)
    translators = install_translators(app, choose_language(settings))  # noqa: F841 - kept alive

    try:
        db = Database(paths.db_url)
        db.migrate()
    except FacteurError as exc:
        QMessageBox.critical(None, "Facteur", error_text(exc))
        return 1

    runner = TaskRunner(app)
    ctx = AppContext(paths=paths, settings=settings, db=db, tasks=runner, bus=ChangeBus(app))
    try:
        ctx.secrets = open_secret_store(paths.home)
    except SecretsUnavailable as exc:
        # Settings > Accounts says why and how to fix it; everything else works without secrets.
        log.warning("no secret store: %s", exc)
    tray = Tray(icon("facteur"), app) if Tray.available() else None
    # Made before the window so pages can follow its progress; started once the window shows.
    ctx.sending = SendingBridge(ctx, tray, app)
    window = MainWindow(ctx, tray)
    instance = InstanceServer(name, app)
    instance.sig_show_requested.connect(window.bring_forward)
    window.sig_quit_requested.connect(app.quit)
    if tray is not None:
        tray.sig_open_requested.connect(window.bring_forward)
        # The window says what will not be sent before quitting (or that a daemon sends).
        tray.sig_quit_requested.connect(window.request_quit)
        tray.show()
    app.setQuitOnLastWindowClosed(tray is None)
    if not (minimized and tray is not None):
        window.show()
    ctx.sending.start()
    tune_gc()
    log.info("Facteur started on %s", db.describe())
    try:
        return app.exec()
    finally:
        instance.close()
        ctx.sending.stop()
        if tray is not None:
            tray.hide()
        runner.shutdown()
        db.dispose()
