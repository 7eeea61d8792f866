"""Facteur's core: everything but the Qt layer. Never imports PySide6 or ``ui`` (a test checks)."""

__version__ = "0.1.0"
