"""Start at login: the XDG autostart file, the macOS LaunchAgent and the Windows Run value."""

from __future__ import annotations

import configparser
import plistlib
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from app.automation import autostart
from app.automation.autostart import AutostartError


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def test_linux_entry_is_written_under_xdg_config_home_and_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert autostart.is_enabled(platform="linux") is False

    where = autostart.enable(["/usr/bin/python3", "/opt/facteur/main.py"], platform="linux")

    assert where == tmp_path / "config" / "autostart" / "facteur.desktop"
    entry = _entry(where)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Facteur"
    assert entry["Exec"] == "/usr/bin/python3 /opt/facteur/main.py --minimized"
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert entry["Terminal"] == "false"
    assert stat.S_IMODE(where.stat().st_mode) == 0o600  # the command may name a database
    assert autostart.is_enabled(platform="linux") is True

    autostart.disable(platform="linux")
    assert not where.exists()
    assert autostart.is_enabled(platform="linux") is False
    autostart.disable(platform="linux")  # disabling twice is fine


def test_linux_default_is_dot_config_and_a_relative_xdg_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    assert autostart.xdg_entry_path() == tmp_path / ".config" / "autostart" / "facteur.desktop"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert autostart.xdg_entry_path() == tmp_path / ".config" / "autostart" / "facteur.desktop"


def test_exec_line_quotes_what_the_desktop_entry_spec_reserves() -> None:
    line = autostart.exec_line(
        ["/home/Éloïse/Mes Apps/python", "C:\\x", "100%", "a$b", "--minimized"]
    )
    # Quoted arguments escape " ` $ \\ with a backslash; the string escape then doubles every
    # backslash; % becomes %% (no field code).
    assert line == ('"/home/Éloïse/Mes Apps/python" "C:\\\\\\\\x" 100%% "a\\\\$b" --minimized')


def test_an_entry_switched_off_by_the_desktop_counts_as_disabled(tmp_path: Path) -> None:
    path = autostart.xdg_enable(["/usr/bin/facteur"], tmp_path)
    assert autostart.xdg_is_enabled(tmp_path)
    path.write_text(path.read_text().replace("enabled=true", "enabled=false"))
    assert not autostart.xdg_is_enabled(tmp_path)
    path.write_text("[Desktop Entry]\nExec=facteur\nHidden=true\n")
    assert not autostart.xdg_is_enabled(tmp_path)
    path.write_text("not an ini file [")
    assert not autostart.xdg_is_enabled(tmp_path)


def test_minimized_is_not_added_twice(tmp_path: Path) -> None:
    path = autostart.xdg_enable(["/usr/bin/facteur", "--minimized"], tmp_path)
    assert _entry(path)["Exec"] == "/usr/bin/facteur --minimized"


def test_an_unwritable_place_is_a_known_error(tmp_path: Path) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("a file where the directory should be")
    with pytest.raises(AutostartError, match="Could not change the start at login"):
        autostart.xdg_enable(["/usr/bin/facteur"], blocker)


def test_macos_launch_agent(tmp_path: Path) -> None:
    assert autostart.mac_is_enabled(tmp_path) is False

    path = autostart.mac_enable(["/Applications/Facteur.app/Contents/MacOS/Facteur"], tmp_path)

    assert path == tmp_path / "Library" / "LaunchAgents" / "fr.facteur.app.plist"
    agent = plistlib.loads(path.read_bytes())
    assert agent["Label"] == "fr.facteur.app"
    assert agent["ProgramArguments"] == [
        "/Applications/Facteur.app/Contents/MacOS/Facteur",
        "--minimized",
    ]
    assert agent["RunAtLoad"] is True
    assert autostart.mac_is_enabled(tmp_path) is True
    assert autostart.is_enabled(platform="darwin", base=tmp_path) is True

    autostart.disable(platform="darwin", base=tmp_path)
    assert not path.exists() and autostart.mac_is_enabled(tmp_path) is False


class FakeKey:
    def __init__(self, registry: FakeWinreg, path: str) -> None:
        self.registry = registry
        self.path = path

    def __enter__(self) -> FakeKey:
        return self

    def __exit__(self, *exc: object) -> None:
        self.registry.closed += 1


class FakeWinreg:
    """The part of ``winreg`` autostart uses: keys are paths, values a dict per key."""

    HKEY_CURRENT_USER = "HKCU"
    KEY_READ, KEY_SET_VALUE, REG_SZ = 1, 2, 1

    def __init__(self) -> None:
        self.keys: dict[str, dict[str, tuple[Any, int]]] = {}
        self.closed = 0

    def CreateKeyEx(self, root: str, sub: str, reserved: int, access: int) -> FakeKey:  # noqa: N802
        self.keys.setdefault(f"{root}\\{sub}", {})
        return FakeKey(self, f"{root}\\{sub}")

    def OpenKey(self, root: str, sub: str, reserved: int, access: int) -> FakeKey:  # noqa: N802
        if f"{root}\\{sub}" not in self.keys:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return FakeKey(self, f"{root}\\{sub}")

    def SetValueEx(self, key: FakeKey, name: str, reserved: int, kind: int, value: Any) -> None:  # noqa: N802
        self.keys[key.path][name] = (value, kind)

    def QueryValueEx(self, key: FakeKey, name: str) -> tuple[Any, int]:  # noqa: N802
        try:
            return self.keys[key.path][name]
        except KeyError:
            raise FileNotFoundError(2, "The system cannot find the file specified") from None

    def DeleteValue(self, key: FakeKey, name: str) -> None:  # noqa: N802
        if self.keys[key.path].pop(name, None) is None:
            raise FileNotFoundError(2, "The system cannot find the file specified")


def test_windows_run_value() -> None:
    reg = FakeWinreg()
    run_key = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"
    assert autostart.is_enabled(platform="win32", base=reg) is False
    autostart.disable(platform="win32", base=reg)  # no key at all: nothing to do

    where = autostart.enable(
        ["C:\\Program Files\\Facteur\\Facteur.exe"], platform="win32", base=reg
    )

    assert where == "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Facteur"
    assert reg.keys[run_key]["Facteur"] == (
        '"C:\\Program Files\\Facteur\\Facteur.exe" --minimized',
        reg.REG_SZ,
    )
    assert autostart.is_enabled(platform="win32", base=reg) is True
    autostart.disable(platform="win32", base=reg)
    assert "Facteur" not in reg.keys[run_key]
    assert autostart.is_enabled(platform="win32", base=reg) is False
    assert reg.closed >= 4  # every key opened was closed


def test_windows_access_denied_is_a_known_error() -> None:
    reg = FakeWinreg()

    def denied(*args: Any) -> None:
        raise PermissionError(13, "Access is denied")

    reg.SetValueEx = denied  # type: ignore[method-assign]
    with pytest.raises(AutostartError, match="Access is denied"):
        autostart.windows_enable(["facteur.exe"], reg)


def test_launch_command_from_source_and_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(autostart, "_default_home", lambda: tmp_path / "default")
    main_py = Path(__file__).resolve().parents[2] / "main.py"
    assert autostart.launch_command() == [sys.executable, str(main_py)]
    assert main_py.is_file()
    # The defaults are left out; another home or database is passed on.
    default = tmp_path / "default"
    assert autostart.launch_command(default, f"sqlite:///{default / 'facteur.db'}") == [
        sys.executable,
        str(main_py),
    ]
    assert autostart.launch_command(tmp_path / "other", "postgresql+psycopg://db/facteur") == [
        sys.executable,
        str(main_py),
        "--home",
        str(tmp_path / "other"),
        "--db",
        "postgresql+psycopg://db/facteur",
    ]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert autostart.launch_command() == [sys.executable]


def test_platform_kinds() -> None:
    assert autostart.platform_kind("linux") == "xdg"
    assert autostart.platform_kind("freebsd14") == "xdg"
    assert autostart.platform_kind("win32") == "windows"
    assert autostart.platform_kind("darwin") == "mac"


def test_the_minimized_flag_reaches_the_gui_launcher(tmp_path: Path) -> None:
    from app.cli import main as cli_main

    seen: list[tuple[Any, dict[str, Any]]] = []

    def gui(paths: Any, **options: Any) -> int:
        seen.append((paths, options))
        return 0

    cli_main(["--home", str(tmp_path), "--minimized"], gui=gui)
    cli_main(["--home", str(tmp_path)], gui=gui)
    assert [options for _paths, options in seen] == [{"minimized": True}, {}]
