"""Facteur's entry point: no arguments opens the desktop app, a subcommand runs the CLI."""

from __future__ import annotations

import sys


def _run_gui(paths, *, minimized: bool = False):  # type: ignore[no-untyped-def]
    from ui.bootstrap import run

    return run(paths, minimized=True) if minimized else run(paths)


def main(argv: list[str] | None = None) -> int:
    from app.cli import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv, gui=_run_gui)


if __name__ == "__main__":
    import multiprocessing

    # A frozen (PyInstaller) build re-runs this file in the importer's reader process: let
    # multiprocessing take over there instead of starting the app.
    multiprocessing.freeze_support()
    sys.exit(main())
