"""A dialog that stays open while its background save runs."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QWidget


class SavingDialog(QDialog):
    """Escape, Cancel and the window's close button do nothing while ``_saving`` is true:
    closing then would drop the save's result and its change notification."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._saving = False

    def reject(self) -> None:
        if not self._saving:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._saving:
            event.ignore()
            return
        super().closeEvent(event)
