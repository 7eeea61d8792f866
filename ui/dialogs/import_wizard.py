"""The contact import wizard: file, preview, column mapping, options, progress, summary.

Every step that touches the file or the database runs in the background through ``Op``: reading the
preview, loading existing lists and tags, the import itself and saving the rejected rows. The import
is one transaction, so cancelling it (its own button, the wizard's Cancel, closing the window)
stores nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.contacts.importing import (
    FilePreview,
    ImportResult,
    RejectedRow,
    import_contacts,
    inspect_file,
    write_rejected_csv,
)
from app.contacts.mapping import slugify
from app.contacts.service import list_lists, list_tags
from app.errors import FacteurError, ImportCancelled
from app.logs import log_unexpected
from ui.context import AppContext, Changes
from ui.errors import error_text, show_error, translate_template
from ui.tasks import Op, TaskHandle

# Progress is reported at most this often: a queued signal per row would flood the GUI thread.
PROGRESS_INTERVAL_S = 0.05
# The summary shows this many rejected rows; the saved CSV holds them all.
MAX_REJECTED_SHOWN = 1000
BUILT_IN_TARGETS = ("email", "first_name", "last_name", "company", "phone", "locale")


class _Cancelled:
    """What the import task returns when it was cancelled (a cancellation is not a failure)."""


CANCELLED = _Cancelled()


def _throttled(report: Callable[[int, int | None], None]) -> Callable[[int, int | None], None]:
    """``report`` called at most every ``PROGRESS_INTERVAL_S``, plus the first and the last call."""
    last = [float("-inf")]

    def progress(done: int, total: int | None = None) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_INTERVAL_S or (total is not None and done >= total):
            last[0] = now
            report(done, total)

    return progress


def _attribute_key(header: str, index: int) -> str:
    """The attribute a column goes to if chosen: ``"Date de naissance"`` -> ``"date_de_naissance"``."""
    return slugify(header) or f"column_{index + 1}"


def _number(n: int) -> str:
    return QLocale().toString(n)


class ImportWizard(QWizard):
    """Import contacts from a CSV or spreadsheet file, with a preview and a column mapping."""

    sig_import_finished = Signal(object)
    """The import was stored; carries the ``ImportResult``."""

    PAGE_FILE, PAGE_PREVIEW, PAGE_MAPPING, PAGE_OPTIONS, PAGE_PROGRESS, PAGE_SUMMARY = range(6)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Import contacts"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(760, 560)
        self.preview: FilePreview | None = None
        self.result: ImportResult | None = None
        self._close_when_stopped = False

        self.file_page = FilePage(self)
        self.preview_page = PreviewPage(self)
        self.mapping_page = MappingPage(self)
        self.options_page = OptionsPage(self)
        self.progress_page = ProgressPage(self)
        self.summary_page = SummaryPage(self)
        for page_id, page in (
            (self.PAGE_FILE, self.file_page),
            (self.PAGE_PREVIEW, self.preview_page),
            (self.PAGE_MAPPING, self.mapping_page),
            (self.PAGE_OPTIONS, self.options_page),
            (self.PAGE_PROGRESS, self.progress_page),
            (self.PAGE_SUMMARY, self.summary_page),
        ):
            self.setPage(page_id, page)
        if path:
            # Start on the preview, with the file page in the history so Back can pick another file.
            self.file_page.set_path(path)
            self.restart()
            self.next()

    @property
    def path(self) -> str:
        return self.file_page.path()

    @property
    def importing(self) -> bool:
        return self.progress_page.running

    def reject(self) -> None:
        """Cancel, Escape and closing the window: a running import is cancelled first."""
        if self.progress_page.running:
            self._close_when_stopped = True
            self.progress_page.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.progress_page.running:
            self.reject()
            event.ignore()
            return
        super().closeEvent(event)

    def _on_import_stopped(self, stored: bool) -> None:
        """The import ended; close now if the user asked to while it ran (unless it was stored)."""
        if self._close_when_stopped:
            self._close_when_stopped = False
            if not stored:
                super().reject()


class FilePage(QWizardPage):
    """Step 1: choose the file, with a button or by dropping it on the page."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.ctx = wizard.ctx
        self.setTitle(self.tr("Choose a file"))
        self.setSubTitle(
            self.tr(
                "CSV, Excel (xlsx, xls) or OpenDocument (ods). You can also drop the file here."
            )
        )
        self.setAcceptDrops(True)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText(self.tr("Path of the file to import"))
        self.path_edit.textChanged.connect(self.completeChanged)
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.setObjectName("importBrowse")
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        hint = QLabel(self.tr("Drop a file here"))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setMinimumHeight(120)
        hint.setFrameShape(QLabel.Shape.StyledPanel)
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(hint, 1)

    def path(self) -> str:
        return self.path_edit.text().strip()

    def set_path(self, path: str) -> None:
        self.path_edit.setText(path)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return bool(self.path())

    def ask_open_path(self) -> str | None:
        """The file dialog (tests replace this method)."""
        start = str(Path(self.path()).parent) if self.path() else ""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import contacts"),
            start,
            self.tr("Contact files (*.csv *.txt *.xlsx *.xls *.ods);;All files (*)"),
        )
        return path or None

    def _choose(self, path: str) -> None:
        self.set_path(path)
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self:
            wizard.next()

    def _on_browse_button_clicked(self) -> None:
        path = self.ask_open_path()
        if path:
            self._choose(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if _dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        path = _dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self._choose(path)


def _dropped_file(event: QDragEnterEvent | QDropEvent) -> str | None:
    urls = event.mimeData().urls() if event.mimeData() is not None else []
    if len(urls) == 1 and urls[0].isLocalFile():
        return urls[0].toLocalFile()
    return None


class PreviewPage(QWizardPage):
    """Step 2: what was detected (format, encoding, separator) and the first rows."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.ctx = wizard.ctx
        self._wizard = wizard
        self._generation = 0
        self._op: Op | None = None
        self.setTitle(self.tr("Preview"))
        self.setSubTitle(self.tr("Check that the columns and accents look right."))
        self.info_label = QLabel()
        self.info_label.setObjectName("previewInfo")
        self.info_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("previewError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setVisible(False)
        self.table = QTableWidget()
        self.table.setObjectName("previewTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        preview = self._wizard.preview
        if preview is not None and str(preview.path) == self._wizard.path:
            return
        self._inspect(self._wizard.path)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self._wizard.preview is not None

    def _inspect(self, path: str) -> None:
        # One reading at a time: a newer one (another file) supersedes the older.
        if self._op is not None:
            self._op.cancel()
        self._generation += 1
        generation = self._generation
        self._wizard.preview = None
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.error_label.setVisible(False)
        self.info_label.setText(self.tr("Reading {0}…").format(Path(path).name))
        self.completeChanged.emit()
        self._op = (
            Op(self, lambda: inspect_file(path))
            .success(lambda preview: self._on_inspect_succeeded(generation, preview))
            .failure(lambda exc: self._on_inspect_failed(generation, exc))
            .run_in_background("io")
        )

    def _on_inspect_succeeded(self, generation: int, preview: FilePreview) -> None:
        if generation != self._generation:
            return
        self._op = None
        self._wizard.preview = preview
        self.info_label.setText(self._describe(preview))
        self.table.setColumnCount(len(preview.headers))
        self.table.setHorizontalHeaderLabels(preview.headers)
        self.table.setRowCount(len(preview.rows))
        for r, row in enumerate(preview.rows):
            for c in range(len(preview.headers)):
                self.table.setItem(r, c, QTableWidgetItem(row[c] if c < len(row) else ""))
        self.table.resizeColumnsToContents()
        self.completeChanged.emit()

    def _on_inspect_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._op = None
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "reading an import file")
        self.info_label.setText(self.tr("This file cannot be imported."))
        self.error_label.setText(error_text(exc))
        self.error_label.setVisible(True)
        self.completeChanged.emit()

    def _describe(self, preview: FilePreview) -> str:
        formats = {
            "csv": self.tr("CSV"),
            "xlsx": self.tr("Excel (xlsx)"),
            "xls": self.tr("Excel 97-2003 (xls)"),
            "ods": self.tr("OpenDocument (ods)"),
        }
        parts = [self.tr("Format: {0}").format(formats.get(preview.format, preview.format))]
        if preview.encoding:
            parts.append(self.tr("Encoding: {0}").format(preview.encoding))
        if preview.delimiter:
            parts.append(self.tr("Separator: {0}").format(self._separator(preview.delimiter)))
        parts.append(self.tr("%Ln column(s)", "", len(preview.headers)))
        text = " · ".join(parts)
        if preview.rows:
            text += "\n" + self.tr("The first %Ln row(s):", "", len(preview.rows))
        else:
            text += "\n" + self.tr("The file has no rows under its header line.")
        return text

    def _separator(self, delimiter: str) -> str:
        names = {
            ";": self.tr("semicolon"),
            ",": self.tr("comma"),
            "|": self.tr("vertical bar"),
            ":": self.tr("colon"),
        }
        if delimiter == "\t":
            return self.tr("tab")
        name = names.get(delimiter)
        return f"“{delimiter}” ({name})" if name else f"“{delimiter}”"


class MappingPage(QWizardPage):
    """Step 3: where each column goes. Exactly one column must hold the email address."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.ctx = wizard.ctx
        self._wizard = wizard
        self._for: FilePreview | None = None
        self.combos: list[tuple[str, QComboBox]] = []
        self.setTitle(self.tr("Columns"))
        self.setSubTitle(self.tr("Choose where each column of the file goes."))
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._grid_host)
        self.message_label = QLabel()
        self.message_label.setObjectName("mappingMessage")
        self.message_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message_label)

    def _choices(self, header: str, attribute: str) -> list[tuple[str, str]]:
        return [
            (self.tr("Email"), "email"),
            (self.tr("First name"), "first_name"),
            (self.tr("Last name"), "last_name"),
            (self.tr("Company"), "company"),
            (self.tr("Phone"), "phone"),
            (self.tr("Language"), "locale"),
            (self.tr("Custom attribute “{0}”").format(attribute), f"attributes.{attribute}"),
            (self.tr("Ignore"), "ignore"),
        ]

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        preview = self._wizard.preview
        if preview is None or preview is self._for:
            return  # same file as last time: keep the user's choices
        self._for = preview
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self.combos = []
        for col, title in enumerate((self.tr("Column"), self.tr("Example"), self.tr("Goes to"))):
            label = QLabel(f"<b>{title}</b>")
            self._grid.addWidget(label, 0, col)
        for i, header in enumerate(preview.headers):
            target = preview.mapping.get(header, "ignore")
            attribute = (
                target[len("attributes.") :]
                if target.startswith("attributes.")
                else _attribute_key(header, i)
            )
            combo = QComboBox()
            combo.setObjectName(f"mapping_{i}")
            for label, value in self._choices(header, attribute):
                combo.addItem(label, value)
            index = combo.findData(target)
            if index < 0:  # a target this page does not offer: keep it rather than lose it
                combo.addItem(target, target)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
            combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
            example = next((row[i] for row in preview.rows if i < len(row) and row[i].strip()), "")
            example_label = QLabel(example[:60])
            example_label.setEnabled(False)
            self._grid.addWidget(QLabel(header), i + 1, 0)
            self._grid.addWidget(example_label, i + 1, 1)
            self._grid.addWidget(combo, i + 1, 2)
            self.combos.append((header, combo))
        self._grid.setRowStretch(len(preview.headers) + 1, 1)
        self._check()

    def combo_for(self, header: str) -> QComboBox:
        return next(combo for h, combo in self.combos if h == header)

    def mapping(self) -> dict[str, str]:
        return {header: combo.currentData() for header, combo in self.combos}

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self._problems() == []

    def _problems(self) -> list[str]:
        """Why the mapping cannot be imported: no or several email columns, shared targets."""
        by_target: dict[str, list[str]] = {}
        for header, combo in self.combos:
            by_target.setdefault(combo.currentData(), []).append(header)
        emails = by_target.get("email", [])
        problems = []
        if not emails:
            problems.append(self.tr("Choose the column that holds the email addresses."))
        elif len(emails) > 1:
            problems.append(
                self.tr("Only one column can hold the email address (now: {0}).").format(
                    ", ".join(emails)
                )
            )
        for target, headers in by_target.items():
            if target in ("email", "ignore") or len(headers) < 2:
                continue
            # A contact has one first name, one "ville"...: the importer refuses to choose.
            label = next(
                (c.itemText(c.findData(target)) for _, c in self.combos if c.findData(target) >= 0),
                target,
            )
            problems.append(
                self.tr("Several columns go to {0} ({1}): choose one, ignore the others.").format(
                    label, ", ".join(headers)
                )
            )
        return problems

    def _on_combo_current_index_changed(self, _index: int) -> None:
        self._check()

    def _check(self) -> None:
        self.message_label.setText("\n".join(self._problems()))
        self.completeChanged.emit()


class NamesPicker(QWidget):
    """Names to add (lists or tags): existing ones offered, new ones allowed."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.lineEdit().setPlaceholderText(placeholder)
        self.combo.lineEdit().returnPressed.connect(self._on_add_button_clicked)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.chosen = QListWidget()
        self.chosen.setMaximumHeight(80)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        top = QHBoxLayout()
        top.addWidget(self.combo, 1)
        top.addWidget(self.add_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.chosen, 1)
        bottom.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(bottom)

    def set_existing(self, names: list[str]) -> None:
        text = self.combo.currentText()
        self.combo.clear()
        self.combo.addItems(names)
        self.combo.setEditText(text)

    def add(self, name: str) -> None:
        name = name.strip()
        if name and name not in self._chosen():
            self.chosen.addItem(name)

    def names(self) -> tuple[str, ...]:
        """The chosen names, plus the one typed but not added yet (people forget to click Add)."""
        names = self._chosen()
        pending = self.combo.currentText().strip()
        if pending and pending not in names:
            names.append(pending)
        return tuple(names)

    def _chosen(self) -> list[str]:
        return [self.chosen.item(i).text() for i in range(self.chosen.count())]

    def _on_add_button_clicked(self) -> None:
        self.add(self.combo.currentText())
        self.combo.setEditText("")

    def _on_remove_button_clicked(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))


class OptionsPage(QWizardPage):
    """Step 4: lists and tags for the imported contacts, and what to do with known addresses."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.ctx = wizard.ctx
        self._generation = 0
        self.setTitle(self.tr("Options"))
        self.setSubTitle(self.tr("Lists and tags are created when they do not exist yet."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))
        self.lists = NamesPicker(self.tr("List name"))
        self.lists.setObjectName("importLists")
        self.tags = NamesPicker(self.tr("Tag name"))
        self.tags.setObjectName("importTags")
        form = QFormLayout()
        form.addRow(self.tr("Add to lists:"), self.lists)
        form.addRow(self.tr("Add tags:"), self.tags)
        duplicates = QGroupBox(self.tr("Addresses already in your contacts"))
        self.update_radio = QRadioButton(self.tr("Update them with the file's values"))
        self.update_radio.setObjectName("duplicatesUpdate")
        self.skip_radio = QRadioButton(self.tr("Leave them unchanged"))
        self.skip_radio.setObjectName("duplicatesSkip")
        self.update_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.update_radio)
        group.addButton(self.skip_radio)
        box = QVBoxLayout(duplicates)
        box.addWidget(self.update_radio)
        box.addWidget(self.skip_radio)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(duplicates)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self._generation += 1
        generation = self._generation
        db = self.ctx.db
        Op(
            self, lambda: ([n.name for n in list_lists(db)], [n.name for n in list_tags(db)])
        ).success(lambda names: self._on_names_loaded(generation, names)).run_in_background("io")

    def _on_names_loaded(self, generation: int, names: tuple[list[str], list[str]]) -> None:
        if generation == self._generation:
            self.lists.set_existing(names[0])
            self.tags.set_existing(names[1])

    def on_duplicate(self) -> str:
        return "skip" if self.skip_radio.isChecked() else "update"


class ProgressPage(QWizardPage):
    """Step 5: the import runs in the background; it can be cancelled, storing nothing."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.ctx = wizard.ctx
        self._wizard = wizard
        self._op: Op | None = None
        self.setTitle(self.tr("Importing"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Next"))
        self.status_label = QLabel()
        self.status_label.setObjectName("importStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar()
        self.bar.setObjectName("importProgress")
        self.cancel_button = QPushButton(self.tr("Cancel import"))
        self.cancel_button.setObjectName("importCancel")
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.back_button = QPushButton(self.tr("Back to the options"))
        self.back_button.setObjectName("importRetry")
        self.back_button.clicked.connect(self._on_back_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)
        layout.addStretch(1)

    @property
    def running(self) -> bool:
        return self._op is not None

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self._wizard.result is not None and not self.running

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self._start()

    def cleanupPage(self) -> None:  # noqa: N802 - Qt override
        self.cancel()

    def cancel(self) -> None:
        if self._op is None:
            return
        self._op.cancel()
        self.cancel_button.setEnabled(False)
        self.status_label.setText(self.tr("Cancelling…"))

    def _start(self) -> None:
        wizard = self._wizard
        if self._op is not None:
            self._op.cancel()
        wizard.result = None
        db, path = self.ctx.db, wizard.path
        mapping = wizard.mapping_page.mapping()
        lists, tags = wizard.options_page.lists.names(), wizard.options_page.tags.names()
        on_duplicate = wizard.options_page.on_duplicate()

        def work(handle: TaskHandle) -> ImportResult | _Cancelled:
            try:
                return import_contacts(
                    db,
                    path,
                    mapping=mapping,
                    lists=lists,
                    tags=tags,
                    on_duplicate=on_duplicate,
                    progress=_throttled(handle.progress),
                    cancel=handle.cancelled,
                )
            except ImportCancelled:
                return CANCELLED

        self.bar.setRange(0, 0)
        self.bar.setValue(0)
        self.status_label.setText(self.tr("Starting the import…"))
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(True)
        self.back_button.setVisible(False)
        op = Op(self, work, handle=True)
        op.progress(self._on_import_progressed)
        op.success(lambda value: self._on_import_succeeded(op, value))
        op.failure(lambda exc: self._on_import_failed(op, exc))
        self._op = op
        self.completeChanged.emit()
        op.run_in_background("db")
        # If the window is destroyed without being closed (its parent went away), stop the import.
        self.destroyed.connect(op.cancel)

    def _on_import_progressed(self, done: int, total: int | None) -> None:
        if self._op is None or self._op.handle is None or self._op.handle.cancelled():
            return
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.status_label.setText(
                self.tr("{0} of {1} rows read…").format(_number(done), _number(total))
            )
        else:
            self.bar.setRange(0, 0)
            self.status_label.setText(self.tr("{0} rows read…").format(_number(done)))

    def _on_import_succeeded(self, op: Op, value: ImportResult | _Cancelled) -> None:
        if op is not self._op:
            return
        self._op = None
        self.cancel_button.setVisible(False)
        if isinstance(value, _Cancelled):
            self._stopped(self.tr("Import cancelled: nothing was stored."))
            return
        wizard = self._wizard
        wizard.result = value
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.status_label.setText(self.tr("Import finished."))
        self.ctx.bus.notify(Changes(contacts=True, lists=True, tags=True))
        wizard.sig_import_finished.emit(value)
        self.completeChanged.emit()
        wizard._on_import_stopped(stored=True)
        if wizard.currentPage() is self:
            wizard.next()

    def _on_import_failed(self, op: Op, exc: BaseException) -> None:
        if op is not self._op:
            return
        self._op = None
        if not isinstance(exc, FacteurError):
            log_unexpected(exc, "importing contacts")
        self.cancel_button.setVisible(False)
        self._stopped(self.tr("The import failed: nothing was stored.") + "\n" + error_text(exc))

    def _stopped(self, message: str) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.status_label.setText(message)
        self.back_button.setVisible(True)
        self.completeChanged.emit()
        self._wizard._on_import_stopped(stored=False)

    def _on_cancel_button_clicked(self) -> None:
        self.cancel()

    def _on_back_button_clicked(self) -> None:
        self._wizard.back()


class SummaryPage(QWizardPage):
    """Step 6: the counts, the rejected rows, and a way to save them to fix the file."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.ctx = wizard.ctx
        self._wizard = wizard
        self.setTitle(self.tr("Import finished"))
        self.setFinalPage(True)
        self.imported_label = QLabel()
        self.imported_label.setObjectName("summaryImported")
        self.updated_label = QLabel()
        self.updated_label.setObjectName("summaryUpdated")
        self.skipped_label = QLabel()
        self.skipped_label.setObjectName("summarySkipped")
        self.rejected_label = QLabel()
        self.rejected_label.setObjectName("summaryRejected")
        self.rejected_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("New contacts:"), self.imported_label)
        form.addRow(self.tr("Updated contacts:"), self.updated_label)
        form.addRow(self.tr("Skipped (already known):"), self.skipped_label)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("rejectedTable")
        self.table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Value"), self.tr("Reason")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.save_button = QPushButton(self.tr("Save rejected rows…"))
        self.save_button.setObjectName("saveRejected")
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedRejected")
        self.saved_label.setWordWrap(True)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.saved_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.rejected_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(save_row)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        result = self._wizard.result
        if result is None:
            return
        self.imported_label.setText(_number(result.imported))
        self.updated_label.setText(_number(result.updated))
        self.skipped_label.setText(_number(result.skipped))
        rejected = result.invalid
        if not rejected:
            self.rejected_label.setText(self.tr("No row was rejected."))
        elif len(rejected) > MAX_REJECTED_SHOWN:
            self.rejected_label.setText(
                self.tr(
                    "{0} rows were rejected; the first {1} are shown. Save them to see all."
                ).format(_number(len(rejected)), _number(MAX_REJECTED_SHOWN))
            )
        else:
            self.rejected_label.setText(
                self.tr(
                    "Rejected rows: {0}. Save them, correct them and import them again."
                ).format(_number(len(rejected)))
            )
        shown = rejected[:MAX_REJECTED_SHOWN]
        self.table.setRowCount(len(shown))
        for r, row in enumerate(shown):
            number = QTableWidgetItem()
            number.setData(Qt.ItemDataRole.DisplayRole, row.row)
            self.table.setItem(r, 0, number)
            self.table.setItem(r, 1, QTableWidgetItem(row.value))
            self.table.setItem(
                r, 2, QTableWidgetItem(translate_template(row.template, row.params, row.reason))
            )
        self.table.setVisible(bool(rejected))
        self.save_button.setVisible(bool(rejected))
        self.saved_label.clear()

    def ask_save_path(self) -> str | None:
        """The save dialog (tests replace this method)."""
        source = Path(self._wizard.path)
        suggested = source.with_name(f"{source.stem}-rejected.csv")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save rejected rows"), str(suggested), self.tr("CSV files (*.csv)")
        )
        return path or None

    def _on_save_button_clicked(self) -> None:
        result = self._wizard.result
        path = self.ask_save_path()
        if result is None or not path:
            return
        rejected: list[RejectedRow] = list(result.invalid)
        self.save_button.setEnabled(False)
        self.saved_label.setText(self.tr("Saving…"))
        Op(self, lambda: write_rejected_csv(rejected, path)).success(
            lambda _: self._on_save_succeeded(path)
        ).failure(self._on_save_failed).run_in_background("io")

    def _on_save_succeeded(self, path: str) -> None:
        self.save_button.setEnabled(True)
        self.saved_label.setText(self.tr("Saved to {0}").format(path))

    def _on_save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.saved_label.clear()
        show_error(self, exc)


def open_import_wizard(
    ctx: AppContext, parent: QWidget | None = None, path: str | None = None
) -> ImportWizard:
    """Show the wizard, window-modal, deleted when closed."""
    wizard = ImportWizard(ctx, parent, path)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard
