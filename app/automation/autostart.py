"""Opt-in "start Facteur when I log in", so scheduled sends go out without opening the app.

One entry per platform, in the user's own session (no administrator rights):
- Linux and the BSDs: an XDG autostart file, ``$XDG_CONFIG_HOME/autostart/facteur.desktop``
  (``~/.config`` by default);
- Windows: the value "Facteur" of ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``;
- macOS: a LaunchAgent, ``~/Library/LaunchAgents/fr.facteur.app.plist`` with ``RunAtLoad``.

The command is the one that starts the desktop app (``launch_command``) with ``--minimized``:
Facteur opens hidden in the system tray. Each function takes an optional base (a directory, or a
``winreg``-like object) so tests never touch the real session.
"""

from __future__ import annotations

import configparser
import os
import plistlib
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.config import APP_NAME
from app.errors import FacteurError

MINIMIZED = "--minimized"
DESKTOP_FILE = "facteur.desktop"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "Facteur"
MAC_LABEL = "fr.facteur.app"
# Characters that make an Exec= argument need quoting (Desktop Entry Specification, "Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class AutostartError(FacteurError):
    """The login entry could not be written, read or removed."""


def platform_kind(platform: str | None = None) -> str:
    """The kind of login entry: "windows", "mac" or "xdg" (Linux, the BSDs, other XDG desktops)."""
    name = sys.platform if platform is None else platform
    if name.startswith("win"):
        return "windows"
    if name == "darwin":
        return "mac"
    return "xdg"


# --- the command ---------------------------------------------------------------------------------


def _default_home() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def launch_command(home: Path | None = None, db_url: str | None = None) -> list[str]:
    """The command that opens the desktop app: the executable of a frozen build, else this Python
    running ``main.py``. ``home`` and ``db_url`` are added only when they are not the defaults, so
    the app started at login opens the same data as the one that asked for it."""
    if getattr(sys, "frozen", False):
        command = [sys.executable]
    else:
        python = Path(sys.executable)
        # pythonw.exe opens no console window at login.
        windowless = python.with_name("pythonw.exe")
        if sys.platform == "win32" and windowless.exists():
            python = windowless
        command = [str(python), str(Path(__file__).resolve().parents[2] / "main.py")]
    default_home = _default_home()
    if home is not None and Path(home).resolve() != default_home.resolve():
        command += ["--home", str(home)]
    the_home = Path(home) if home is not None else default_home
    if db_url and db_url != f"sqlite:///{the_home / 'facteur.db'}":
        command += ["--db", db_url]
    return command


def _with_minimized(command: Sequence[str]) -> list[str]:
    if not command:
        raise ValueError("an empty command")
    return list(command) if MINIMIZED in command else [*command, MINIMIZED]


# --- the platform's entry ------------------------------------------------------------------------


def is_enabled(*, platform: str | None = None, base: Any = None) -> bool:
    """Whether Facteur starts at login (``base``: see the module's docstring)."""
    kind = platform_kind(platform)
    if kind == "windows":
        return windows_is_enabled(base)
    if kind == "mac":
        return mac_is_enabled(base)
    return xdg_is_enabled(base)


def enable(command: Sequence[str], *, platform: str | None = None, base: Any = None) -> Path | str:
    """Start ``command`` (with ``--minimized``) at login; returns where it is recorded."""
    kind = platform_kind(platform)
    if kind == "windows":
        return windows_enable(command, base)
    if kind == "mac":
        return mac_enable(command, base)
    return xdg_enable(command, base)


def disable(*, platform: str | None = None, base: Any = None) -> None:
    """Do not start Facteur at login any more (nothing happens if it did not)."""
    kind = platform_kind(platform)
    if kind == "windows":
        windows_disable(base)
    elif kind == "mac":
        mac_disable(base)
    else:
        xdg_disable(base)


def _failed(exc: OSError) -> AutostartError:
    return AutostartError(
        "Could not change the start at login: {reason}", reason=exc.strerror or str(exc)
    )


def _write_private(path: Path, data: bytes) -> None:
    """Write ``path`` atomically, readable by its owner only (the command may name a database)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        tmp.replace(path)
    except OSError as exc:
        raise _failed(exc) from exc


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise _failed(exc) from exc


# --- XDG (Linux, BSD) ----------------------------------------------------------------------------


def xdg_entry_path(config_home: Path | None = None) -> Path:
    """``$XDG_CONFIG_HOME/autostart/facteur.desktop`` (a relative XDG_CONFIG_HOME is ignored, as
    the specification says)."""
    if config_home is None:
        env = os.environ.get("XDG_CONFIG_HOME", "")
        config_home = Path(env) if env and os.path.isabs(env) else Path.home() / ".config"
    return Path(config_home) / "autostart" / DESKTOP_FILE


def exec_line(command: Sequence[str]) -> str:
    """``command`` as the value of a desktop entry's ``Exec=`` key."""
    args = []
    for arg in command:
        if arg and not _RESERVED.intersection(arg):
            quoted = arg
        else:
            inner = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
            quoted = f'"{inner}"'
        args.append(quoted.replace("%", "%%"))
    # The string escapes apply on top of the quoting: a backslash is written twice.
    return " ".join(args).replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def desktop_entry(command: Sequence[str]) -> str:
    """The autostart desktop entry running ``command``."""
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Name=Facteur",
            "Comment=Email automation: scheduled sends go out while Facteur runs",
            f"Exec={exec_line(command)}",
            "Icon=facteur",
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
            "",
        ]
    )


def xdg_enable(command: Sequence[str], config_home: Path | None = None) -> Path:
    path = xdg_entry_path(config_home)
    _write_private(path, desktop_entry(_with_minimized(command)).encode("utf-8"))
    return path


def xdg_disable(config_home: Path | None = None) -> None:
    _remove(xdg_entry_path(config_home))


def xdg_is_enabled(config_home: Path | None = None) -> bool:
    """The entry exists and is not switched off (``Hidden=true``, or GNOME's own switch)."""
    path = xdg_entry_path(config_home)
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign] - keys are case-sensitive
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise _failed(exc) from exc
    try:
        parser.read_string(text)
    except configparser.Error:
        return False  # not an entry anything will start
    if not parser.has_section("Desktop Entry"):
        return False
    entry = parser["Desktop Entry"]
    hidden = entry.get("Hidden", "false").strip().lower() == "true"
    switched_off = entry.get("X-GNOME-Autostart-enabled", "true").strip().lower() == "false"
    return not hidden and not switched_off


# --- macOS ---------------------------------------------------------------------------------------


def mac_agent_path(home: Path | None = None) -> Path:
    return Path(home or Path.home()) / "Library" / "LaunchAgents" / f"{MAC_LABEL}.plist"


def launch_agent(command: Sequence[str]) -> dict[str, Any]:
    """The LaunchAgent running ``command`` at login (loaded by launchd at the next login)."""
    return {
        "Label": MAC_LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    }


def mac_enable(command: Sequence[str], home: Path | None = None) -> Path:
    path = mac_agent_path(home)
    _write_private(path, plistlib.dumps(launch_agent(_with_minimized(command))))
    return path


def mac_disable(home: Path | None = None) -> None:
    _remove(mac_agent_path(home))


def mac_is_enabled(home: Path | None = None) -> bool:
    path = mac_agent_path(home)
    try:
        agent = plistlib.loads(path.read_bytes())
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise _failed(exc) from exc
    except (plistlib.InvalidFileException, ValueError):
        return False
    return isinstance(agent, dict) and bool(agent.get("RunAtLoad")) and not agent.get("Disabled")


# --- Windows -------------------------------------------------------------------------------------


def _winreg(registry: Any) -> Any:
    if registry is not None:
        return registry
    import winreg  # only on Windows

    return winreg


def windows_enable(command: Sequence[str], registry: Any = None) -> str:
    reg = _winreg(registry)
    value = subprocess.list2cmdline(_with_minimized(command))
    try:
        with reg.CreateKeyEx(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
            reg.SetValueEx(key, RUN_VALUE, 0, reg.REG_SZ, value)
    except OSError as exc:
        raise _failed(exc) from exc
    return f"HKEY_CURRENT_USER\\{RUN_KEY}\\{RUN_VALUE}"


def windows_disable(registry: Any = None) -> None:
    reg = _winreg(registry)
    try:
        with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
            reg.DeleteValue(key, RUN_VALUE)
    except FileNotFoundError:
        return  # no Run key, or no value: nothing starts Facteur
    except OSError as exc:
        raise _failed(exc) from exc


def windows_is_enabled(registry: Any = None) -> bool:
    reg = _winreg(registry)
    try:
        with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_READ) as key:
            value, _kind = reg.QueryValueEx(key, RUN_VALUE)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise _failed(exc) from exc
    return bool(str(value).strip())
