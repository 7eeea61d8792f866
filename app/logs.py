"""Rotating log file in the user log directory."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def setup_logging(log_file: Path, level: int = logging.INFO) -> Path:
    """Send the ``facteur`` loggers to a rotating file (1 MB x 5), replacing a previous one.

    Idempotent per file.
    """
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger("facteur")
    root.setLevel(level)
    for handler in list(root.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            if Path(handler.baseFilename) == log_file.resolve():
                return log_file
            # One log file per process: a new home (the CLI run in-process by tests, a GUI
            # switching database) must not keep writing into the previous one's file.
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    return log_file


def log_unexpected(exc: BaseException, where: str = "") -> None:
    """Record a bug with its traceback."""
    logging.getLogger("facteur").error(
        "unexpected error%s",
        f" in {where}" if where else "",
        exc_info=(type(exc), exc, exc.__traceback__),
    )
