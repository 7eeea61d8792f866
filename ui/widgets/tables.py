"""The read-only tables of the pages and dialogs, set up one way."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QTableView, QWidget


def row_table(
    parent: QWidget | None, name: str, model: QAbstractItemModel, *, multi: bool = False
) -> QTableView:
    """A table of ``model`` selected by whole rows (one, or several with ``multi``), not editable
    in place, striped, one line per row, with no row numbers."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    return table


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    """A yes/no question, No by default (pages wrap it in a ``confirm`` that tests replace)."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
