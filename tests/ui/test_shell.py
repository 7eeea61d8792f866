"""The application shell: errors, single instance, tray behaviour of the main window, settings."""

from __future__ import annotations

import json
import logging
import uuid

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.errors import FacteurError
from ui import errors as ui_errors
from ui.main_window import MainWindow
from ui.single_instance import InstanceServer, ask_running_instance, server_name
from ui.tray import Tray


def test_error_text_for_known_errors_and_bugs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ui_errors.set_log_file(tmp_path / "facteur.log")
    assert ui_errors.error_text(FacteurError("The file is password-protected.")) == (
        "The file is password-protected."
    )
    text = ui_errors.error_text(KeyError("x"))
    assert "unexpected" in text.lower() and str(tmp_path / "facteur.log") in text


def test_a_bug_is_logged_with_its_traceback_and_shown(qtbot, tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    ui_errors.set_log_file(tmp_path / "facteur.log")
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        with caplog.at_level(logging.ERROR, logger="facteur"):
            ui_errors.show_error(None, exc)
    assert "boom" in caplog.text and "Traceback" in caplog.text
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    box = next(b for b in boxes if b.objectName() == "errorDialog" and b.isVisible())
    assert str(tmp_path / "facteur.log") in box.text()
    box.close()
    box.deleteLater()


def test_second_launch_asks_the_first_to_show(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    name = server_name(str(tmp_path)) + uuid.uuid4().hex[:6]
    assert ask_running_instance(name, timeout_ms=100) is False
    server = InstanceServer(name)
    try:
        with qtbot.waitSignal(server.sig_show_requested, timeout=5000):
            assert ask_running_instance(name) is True
    finally:
        server.close()


def test_server_names_differ_per_home(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert server_name(str(tmp_path / "a")) != server_name(str(tmp_path / "b"))


@pytest.fixture
def window(qtbot, ctx):  # type: ignore[no-untyped-def]
    from tests.ui.conftest import wait_idle

    win = MainWindow(ctx, tray=None)
    qtbot.addWidget(win)
    yield win
    wait_idle(qtbot, ctx)


def test_window_lists_only_working_pages(window) -> None:  # type: ignore[no-untyped-def]
    keys = list(window.pages)
    assert keys == [
        "dashboard",
        "contacts",
        "audiences",
        "templates",
        "campaigns",
        "automations",
        "activity",
        "settings",
    ]
    assert window.sidebar.count() == 8
    assert window.show_page("settings") is window.stack.currentWidget()


def test_closing_without_tray_quits(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.show()
    with qtbot.waitSignal(window.sig_quit_requested, timeout=2000):
        window.close()


def test_closing_with_tray_hides_and_tells_once(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.conftest import wait_idle
    from ui.resources import icon

    tray = Tray(icon("facteur"))
    notices: list[str] = []
    tray.notify = lambda title, message: notices.append(title)  # type: ignore[method-assign]
    tray.icon.setVisible(True)
    win = MainWindow(ctx, tray=tray)
    qtbot.addWidget(win)
    win.show()
    with qtbot.assertNotEmitted(win.sig_quit_requested):
        win.close()
    assert not win.isVisible()
    assert len(notices) == 1
    saved = json.loads(ctx.paths.settings_file.read_text(encoding="utf-8"))
    assert saved["tray_notice_shown"] is True
    win.bring_forward()
    assert win.isVisible()
    win.close()
    assert len(notices) == 1  # the notice is shown once, not at every close
    tray.hide()
    wait_idle(qtbot, ctx)


def test_tray_menu_open_and_quit(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.resources import icon

    tray = Tray(icon("facteur"))
    with qtbot.waitSignal(tray.sig_open_requested, timeout=1000):
        tray.open_action.trigger()
    with qtbot.waitSignal(tray.sig_quit_requested, timeout=1000):
        tray.quit_action.trigger()


def test_language_setting_is_saved(qtbot, window, ctx) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("settings")
    page.language.setCurrentIndex(page.language.findData("fr"))
    saved = json.loads(ctx.paths.settings_file.read_text(encoding="utf-8"))
    assert saved["language"] == "fr"
    assert page.restart_note.isVisibleTo(page)
