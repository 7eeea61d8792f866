"""Settings > General > Scheduled sends: start at login, and the grace period of missed sends."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest

from app.automation import autostart
from app.automation.settings import misfire_grace_seconds, set_misfire_grace_seconds
from app.errors import InvalidInput
from tests.ui.conftest import wait_idle
from ui.pages.settings_page import SettingsPage


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The login entry goes to a temporary XDG config directory, whatever the test's platform."""
    monkeypatch.setattr(autostart, "platform_kind", lambda platform=None: "xdg")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config"


@pytest.fixture
def section(qtbot, ctx, config_home):  # type: ignore[no-untyped-def]
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.automation.loaded, timeout=5000)
    yield page.automation
    wait_idle(qtbot, ctx)


def test_start_at_login_is_off_by_default_and_writes_the_entry(
    qtbot, ctx, section, config_home
) -> None:  # type: ignore[no-untyped-def]
    entry = config_home / "autostart" / "facteur.desktop"
    assert section.autostart.isEnabled() and not section.autostart.isChecked()
    assert not entry.exists()

    section.autostart.click()
    wait_idle(qtbot, ctx)

    assert section.autostart.isChecked() and section.autostart.isEnabled()
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(entry.read_text(encoding="utf-8"))
    exec_line = parser["Desktop Entry"]["Exec"]
    assert "main.py" in exec_line and exec_line.endswith("--minimized")
    # The test's home is not the default one: the app started at login opens the same data.
    assert f"--home {ctx.paths.home}" in exec_line
    assert not section.error.isVisible()

    section.autostart.click()
    wait_idle(qtbot, ctx)
    assert not section.autostart.isChecked() and not entry.exists()


def test_the_check_box_reflects_an_existing_entry(qtbot, ctx, config_home) -> None:  # type: ignore[no-untyped-def]
    autostart.enable(["/usr/bin/facteur"])
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.automation.loaded, timeout=5000)
    assert page.automation.autostart.isChecked()
    wait_idle(qtbot, ctx)


def test_a_failure_to_write_the_entry_is_shown_and_the_box_unchecked(
    qtbot, ctx, section, config_home
) -> None:  # type: ignore[no-untyped-def]
    config_home.write_text("a file where a directory should be")
    section.autostart.click()
    wait_idle(qtbot, ctx)
    assert not section.autostart.isChecked()
    assert section.error.isVisible()
    assert "Could not change the start at login" in section.error.text()


def test_grace_period_is_shown_and_saved_in_the_database(qtbot, ctx, section) -> None:  # type: ignore[no-untyped-def]
    # The default: one hour.
    assert section.grace_value.value() == 1 and section.grace_unit.currentData() == 3600

    section.grace_value.setValue(3)
    qtbot.waitUntil(lambda: misfire_grace_seconds(ctx.db) == 3 * 3600, timeout=5000)

    section.grace_unit.setCurrentIndex(section.grace_unit.findData(60))
    section.grace_value.setValue(90)
    qtbot.waitUntil(lambda: misfire_grace_seconds(ctx.db) == 90 * 60, timeout=5000)
    assert not section.error.isVisible()
    wait_idle(qtbot, ctx)


def test_a_stored_grace_in_minutes_is_shown_in_minutes(qtbot, ctx, config_home) -> None:  # type: ignore[no-untyped-def]
    set_misfire_grace_seconds(ctx.db, 45 * 60)
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.automation.loaded, timeout=5000)
    assert page.automation.grace_value.value() == 45
    assert page.automation.grace_unit.currentData() == 60
    assert page.automation.grace_value.maximum() == 7 * 24 * 60
    wait_idle(qtbot, ctx)


def test_a_refused_grace_period_is_shown(qtbot, ctx, section, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(db, seconds):  # type: ignore[no-untyped-def]
        raise InvalidInput("The grace period must be between 0 and {days} days.", days=7)

    monkeypatch.setattr("ui.pages.settings_page.set_misfire_grace_seconds", refuse)
    section.grace_value.setValue(2)
    section.save_grace()
    wait_idle(qtbot, ctx)
    assert section.error.isVisible()
    assert section.error.text() == "The grace period must be between 0 and 7 days."
    assert misfire_grace_seconds(ctx.db) == 3600
