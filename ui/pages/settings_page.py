"""Settings: interface language (applies at next start), where data and logs are kept."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext

LANGUAGES = ("", "fr", "en")


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)

        general = QGroupBox(self.tr("General"))
        form = QFormLayout(general)
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        self.language.setMaximumWidth(320)
        self.language.addItem(self.tr("System language"), "")
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(
            max(0, LANGUAGES.index(ctx.settings.language))
            if ctx.settings.language in LANGUAGES
            else 0
        )
        self.language.currentIndexChanged.connect(self._on_language_current_index_changed)
        form.addRow(self.tr("Language:"), self.language)
        self.restart_note = QLabel(self.tr("The new language applies when Facteur is restarted."))
        self.restart_note.setVisible(False)
        form.addRow("", self.restart_note)
        layout.addWidget(general)

        where = QGroupBox(self.tr("Data"))
        info = QFormLayout(where)
        info.addRow(self.tr("Data folder:"), _selectable(str(ctx.paths.home)))
        info.addRow(self.tr("Database:"), _selectable(ctx.db.describe()))
        info.addRow(self.tr("Log file:"), _selectable(str(ctx.paths.log_file)))
        layout.addWidget(where)
        layout.addStretch(1)

    def _on_language_current_index_changed(self, index: int) -> None:
        self.ctx.settings.language = self.language.itemData(index)
        self.ctx.save_settings()
        self.restart_note.setVisible(True)


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextInteractionFlags(
        label.textInteractionFlags() | label.textInteractionFlags().TextSelectableByMouse
    )
    return label
