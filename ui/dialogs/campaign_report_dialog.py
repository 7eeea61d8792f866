"""The report of one campaign: its KPIs, each run with its figures, its most clicked links and its
daily chart; exported as a PDF (an HTML report laid out by QTextDocument, written by QPdfWriter,
with the chart as an image) or as CSV (``app.stats.service.report_csv``).

The report is read in the background, again when campaigns or messages change; both exports are
written in the background too. The file dialogs are methods (``ask_pdf_path``, ``ask_csv_path``)
that tests replace.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QLocale, QMarginsF, Qt, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext, Changes
from ui.errors import error_text, show_error
from ui.models.stats_models import LinksModel, RunFiguresModel
from ui.pages.campaigns_page import campaign_status_text, local_time_text
from ui.tasks import Op
from ui.widgets.charts import EngagementChart
from ui.widgets.kpi_tile import KpiPanel
from ui.widgets.tables import row_table

CHART_RESOURCE = "facteur-chart.png"


def write_pdf(path: str, document_html: str, chart: QImage | None, title: str) -> str:
    """Lay out ``document_html`` on A4 pages into a PDF at ``path`` (a worker thread may call it:
    it paints on the PDF only, no widget)."""
    document = QTextDocument()
    if chart is not None:
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(CHART_RESOURCE), chart)
    document.setHtml(document_html)
    writer = QPdfWriter(path)
    writer.setTitle(title)
    writer.setCreator("Facteur")
    writer.setResolution(96)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    document.print_(writer)
    if not Path(path).is_file():
        from app.errors import FacteurError

        raise FacteurError("Could not write {path}.", path=path)
    return path


def write_text(path: str, text: str) -> str:
    Path(path).write_text(text, encoding="utf-8", newline="")
    return path


class CampaignReportDialog(QDialog):
    """One campaign's figures; Export PDF… and Export CSV…."""

    def __init__(self, ctx: AppContext, campaign: int | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.campaign = campaign
        self.report: Any = None  # app.stats.service.CampaignReport, once loaded
        self.loaded = False
        self.exporting = False
        self.exported: str | None = None  # the last file written
        self._generation = 0
        self.setObjectName("campaignReportDialog")
        self.setWindowTitle(self.tr("Campaign report"))
        self.resize(980, 720)

        self.header = QLabel(self)
        self.header.setObjectName("reportHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.kpis = KpiPanel(self)
        self.chart = EngagementChart(self)
        self.runs_model = RunFiguresModel(self)
        self.runs = self._table("reportRuns", self.runs_model)
        self.links_model = LinksModel(self)
        self.links = self._table("reportLinks", self.links_model)
        self.links.horizontalHeader().setSectionResizeMode(
            LinksModel.URL, QHeaderView.ResizeMode.Stretch
        )
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.chart, self.tr("Over time"))
        self.tabs.addTab(self.runs, self.tr("Sends"))
        self.tabs.addTab(self.links, self.tr("Links"))
        self.message = QLabel(self)
        self.message.setObjectName("reportMessage")
        self.message.setWordWrap(True)

        self.pdf_button = QPushButton(self.tr("Export PDF…"), self)
        self.pdf_button.setObjectName("reportPdf")
        self.pdf_button.clicked.connect(self._on_pdf_clicked)
        self.csv_button = QPushButton(self.tr("Export CSV…"), self)
        self.csv_button.setObjectName("reportCsv")
        self.csv_button.clicked.connect(self._on_csv_clicked)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.message, 1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.kpis)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

        ctx.bus.sig_changed.connect(self._on_bus_changed)
        self._update_buttons()
        self.reload()

    def _table(self, name: str, model: Any) -> QTableView:
        table = row_table(self, name, model)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    # --- loading -------------------------------------------------------------------------------

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.campaigns or changes.messages:
            self.reload()

    def reload(self) -> None:
        """Read the report again in the background (a newer read supersedes an older one)."""
        self._generation += 1
        generation = self._generation
        db, campaign = self.ctx.db, self.campaign

        def work() -> Any:
            from app.stats.service import campaign_report

            return campaign_report(db, campaign)

        Op(self, work).success(lambda report: self._on_load_succeeded(generation, report)).failure(
            lambda exc: self._on_load_failed(generation, exc)
        ).run_in_background("io")

    def _on_load_succeeded(self, generation: int, report: Any) -> None:
        if generation != self._generation:
            return
        self.report = report
        self.campaign = report.campaign_id  # follows a rename
        self.setWindowTitle(self.tr("Report on “{name}”").format(name=report.name))
        self.header.setText(self.header_html(report))
        self.kpis.set_totals(report.totals)
        self.chart.set_days(report.days)
        self.runs_model.set_items(report.runs)
        self.links_model.set_items(report.links)
        self.loaded = True
        self._update_buttons()

    def _on_load_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.message.setText(error_text(exc))  # deleted meanwhile, most likely

    def header_html(self, report: Any) -> str:
        e = html.escape
        lines = [
            f"<b style='font-size: 15pt'>{e(report.name)}</b>",
            e(
                self.tr("Template: {template} · Status: {status}").format(
                    template=report.template, status=campaign_status_text(report.status)
                )
            ),
        ]
        if report.days:
            lines.append(
                e(
                    self.tr("From {first} to {last}").format(
                        first=_day_text(report.days[0].day), last=_day_text(report.days[-1].day)
                    )
                )
            )
        return "<br>".join(lines)

    def _update_buttons(self) -> None:
        ready = self.loaded and not self.exporting
        self.pdf_button.setEnabled(ready)
        self.csv_button.setEnabled(ready)

    # --- exporting -----------------------------------------------------------------------------

    def _default_path(self, suffix: str) -> str:
        name = self.report.name if self.report is not None else "report"
        safe = (
            "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in name).strip() or "report"
        )
        return str(Path.home() / f"{safe}{suffix}")

    def ask_pdf_path(self) -> str:
        """Where to write the PDF, from a save dialog; ``""`` when cancelled."""
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the report"), self._default_path(".pdf"), self.tr("PDF (*.pdf)")
        )
        if path and not path.lower().endswith(".pdf"):
            path += ".pdf"
        return path

    def ask_csv_path(self) -> str:
        """Where to write the CSV, from a save dialog; ``""`` when cancelled."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the figures"),
            self._default_path(".csv"),
            self.tr("CSV file (*.csv)"),
        )
        if path and not path.lower().endswith(".csv"):
            path += ".csv"
        return path

    def _on_pdf_clicked(self) -> None:
        path = self.ask_pdf_path()
        if path:
            self.export_pdf(path)

    def _on_csv_clicked(self) -> None:
        path = self.ask_csv_path()
        if path:
            self.export_csv(path)

    def export_pdf(self, path: str) -> None:
        """Write the report as a PDF at ``path`` in the background."""
        if self.report is None:
            return
        # The chart is drawn here (a widget paints on the GUI thread); the pages in the background.
        chart = self.chart.image()
        document_html = self.report_html(self.report)
        title = self.tr("Report on “{name}”").format(name=self.report.name)
        self._export(lambda: write_pdf(path, document_html, chart, title))

    def export_csv(self, path: str) -> None:
        """Write the report's figures as CSV at ``path`` in the background."""
        from app.stats.service import report_csv

        report = self.report
        # Spreadsheets split on ";" where the decimal mark is a comma (French Excel).
        delimiter = ";" if QLocale().decimalPoint() == "," else ","
        if report is not None:
            self._export(lambda: write_text(path, report_csv(report, delimiter=delimiter)))

    def _export(self, fn: Callable[[], str]) -> None:
        self.exporting = True
        self._update_buttons()
        self.message.setText(self.tr("Exporting…"))
        Op(self, fn).success(self._on_export_succeeded).failure(
            self._on_export_failed
        ).run_in_background("io")

    def _on_export_succeeded(self, path: str) -> None:
        self.exporting = False
        self.exported = path
        self.message.setText(self.tr("Saved to {path}.").format(path=path))
        self._update_buttons()

    def _on_export_failed(self, exc: BaseException) -> None:
        self.exporting = False
        self.message.clear()
        self._update_buttons()
        if isinstance(exc, OSError):
            self.message.setText(
                self.tr("Could not write the file: {reason}").format(
                    reason=exc.strerror or str(exc)
                )
            )
        else:
            show_error(self, exc)

    # --- the PDF's contents --------------------------------------------------------------------

    def report_html(self, report: Any) -> str:
        """The printable report: name, KPIs, chart, runs, links, active days."""
        e, locale = html.escape, QLocale()
        runs_model, links_model = self.runs_model, self.links_model

        def table(headers: list[str], rows: list[list[str]]) -> str:
            head = "".join(f"<th align='left'>{e(h)}</th>" for h in headers)
            body = "".join(
                "<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in row) + "</tr>" for row in rows
            )
            return (
                "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
                f"<tr>{head}</tr>{body}</table>"
            )

        def model_rows(model: Any) -> tuple[list[str], list[list[str]]]:
            headers = [
                model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
            ]
            rows = [
                [model.index(r, c).data() or "" for c in range(model.columnCount())]
                for r in range(model.rowCount())
            ]
            return headers, rows

        kpi_titles = {key: tile.title_label.text() for key, tile in self.kpis.tiles.items()}
        kpi_rows = [
            [kpi_titles[key], value, detail] for key, (value, detail) in self.kpis.texts().items()
        ]
        generated = local_time_text(report.generated_at) if report.generated_at else ""
        parts = [
            "<html><body style='font-family: sans-serif; font-size: 10pt'>",
            f"<h1>{e(report.name)}</h1>",
            "<p>"
            + e(
                self.tr("Template: {template} · Status: {status}").format(
                    template=report.template, status=campaign_status_text(report.status)
                )
            )
            + "<br>"
            + e(self.tr("Report of {when}").format(when=generated))
            + "</p>",
            "<h2>" + e(self.tr("Figures")) + "</h2>",
            table([self.tr("Figure"), self.tr("Number"), self.tr("Details")], kpi_rows),
            "<h2>" + e(self.tr("Over time")) + "</h2>",
            f"<p><img src='{CHART_RESOURCE}' width='640'></p>",
        ]
        headers, rows = model_rows(runs_model)
        parts += ["<h2>" + e(self.tr("Sends")) + "</h2>", table(headers, rows)]
        if report.links:
            headers, rows = model_rows(links_model)
            parts += ["<h2>" + e(self.tr("Links")) + "</h2>", table(headers, rows)]
        active = [d for d in report.days if d.sent or d.unique_opened or d.unique_clicked]
        if active:
            n = locale.toString
            parts += [
                "<h2>" + e(self.tr("Days with activity")) + "</h2>",
                table(
                    [
                        self.tr("Day"),
                        self.tr("Sent"),
                        self.tr("Unique opens"),
                        self.tr("Unique clicks"),
                        self.tr("Bounced"),
                        self.tr("Unsubscribed"),
                    ],
                    [
                        [
                            _day_text(d.day),
                            n(d.sent),
                            n(d.unique_opened),
                            n(d.unique_clicked),
                            n(d.bounced),
                            n(d.unsubscribed),
                        ]
                        for d in active
                    ],
                ),
            ]
        parts.append("</body></html>")
        return "".join(parts)


def _day_text(day: Any) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)
