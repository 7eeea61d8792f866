"""A dialog that saves in the background and stays open until the save succeeded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QWidget

from app.errors import FacteurError
from ui.errors import ERROR_STYLE, error_text, show_error
from ui.tasks import Op


class SavingDialog(QDialog):
    """The save of an editing dialog, run off the GUI thread.

    A subclass builds ``self.form_error`` (the label saying why a save failed) and
    ``self.buttons``; its ``accept()`` gathers the input and calls ``save_in_background(fn)``;
    ``on_saved(result)`` keeps and announces the result, then the dialog closes. A
    ``FacteurError`` shows in ``form_error``; a bug in the error dialog.

    Escape, Cancel and the window's close button do nothing while saving: closing then would
    drop the save's result and its change notification.
    """

    form_error: QLabel
    buttons: QDialogButtonBox

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._saving = False

    # --- for subclasses ---------------------------------------------------------------------

    def build_footer(
        self,
        error_name: str,
        ok: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Save,
    ) -> None:
        """Make ``form_error`` (hidden until a save fails) and ``buttons`` (``ok`` and Cancel);
        the subclass places them in its layout."""
        self.form_error = QLabel(self)
        self.form_error.setObjectName(error_name)
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.form_error.setWordWrap(True)
        self.form_error.setTextFormat(Qt.TextFormat.PlainText)
        self.form_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form_error.setVisible(False)
        self.buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def save_in_background(self, fn: Callable[[], Any]) -> None:
        """Run ``fn`` (the save) on the database thread; close when it succeeded."""
        self._set_saving(True)
        Op(self, fn).success(self._on_save_succeeded).failure(
            self._on_save_failed
        ).run_in_background("db")

    def on_saved(self, result: Any) -> None:
        """Keep and announce what was saved (the dialog closes right after)."""

    def on_save_error(self, exc: BaseException) -> bool:
        """Show an error in a place of the subclass's own; False: the general handling."""
        return False

    def primary_button(self) -> QPushButton | None:
        """The button disabled while saving (Save, or OK)."""
        box = self.buttons
        return box.button(QDialogButtonBox.StandardButton.Save) or box.button(
            QDialogButtonBox.StandardButton.Ok
        )

    def update_primary_button(self) -> None:
        button = self.primary_button()
        if button is not None:
            button.setEnabled(not self._saving)

    def _show_form_error(self, message: str) -> None:
        self.form_error.setText(message)
        self.form_error.setVisible(bool(message))

    # --- the machinery ----------------------------------------------------------------------

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        if saving:
            self._show_form_error("")
        self.update_primary_button()
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setEnabled(not saving)

    def _on_save_succeeded(self, result: Any) -> None:
        self._set_saving(False)
        self.on_saved(result)
        super().accept()  # QDialog's: the subclass's accept() is the one that saves

    def _on_save_failed(self, exc: BaseException) -> None:
        self._set_saving(False)
        if self.on_save_error(exc):
            return
        if isinstance(exc, FacteurError):
            self._show_form_error(error_text(exc))
        else:
            show_error(self, exc)

    def reject(self) -> None:
        if not self._saving:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._saving:
            event.ignore()
            return
        super().closeEvent(event)
