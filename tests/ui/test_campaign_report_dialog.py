"""A campaign's report (KPIs, runs, links, chart) exported as a real PDF and CSV; opened from the
campaigns page and the history, whose runs show their figures."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from app.sending.campaigns import get_campaign
from app.stats.service import campaign_report, report_csv
from tests.ui.conftest import add_people, wait_idle
from tests.ui.stats_seed import days_ago, send_campaign, track
from ui.dialogs.campaign_report_dialog import CampaignReportDialog
from ui.dialogs.campaign_runs_dialog import CampaignRunsDialog, RunsModel
from ui.models.stats_models import RunFiguresModel
from ui.pages.campaigns_page import CampaignsPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

SHOP = "https://shop.example.fr/noel"


@pytest.fixture
def noel(ctx, mail_world):  # type: ignore[no-untyped-def]
    """ "Noël" sent 2 days ago to 8 people (anne, bruno, chloe and 5 more): 3 opened, 1 clicked
    twice on the shop, bruno bounced."""
    add_people(ctx, 5, list_name="Clients")
    sent = send_campaign(ctx, "Noël", "list:Clients", days_ago(2))
    after = days_ago(2, hour=12)
    for email in ("anne@example.fr", "chloe@example.fr", "person0000@example.fr"):
        track(ctx, "open", sent[email], after)
    track(ctx, "click", sent["anne@example.fr"], after, url=SHOP)
    track(ctx, "click", sent["anne@example.fr"], after + timedelta(minutes=5), url=SHOP)
    track(ctx, "bounce", sent["bruno@example.fr"], after)
    return get_campaign(ctx.db, "Noël")


@pytest.fixture
def report_dialog(qtbot, ctx, noel):  # type: ignore[no-untyped-def]
    dialog = CampaignReportDialog(ctx, "Noël")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded)
    yield dialog
    wait_idle(qtbot, ctx)


def _pct(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%"


def test_report_shows_kpis_runs_links_and_chart(qtbot, ctx, report_dialog, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    dialog = report_dialog
    assert dialog.windowTitle() == "Report on “Noël”"
    assert "Noël" in dialog.header.text() and "Soldes" in dialog.header.text()
    assert dialog.kpis.texts()["sent"] == ("8", "")
    assert dialog.kpis.texts()["opened"] == ("3", f"{_pct(3, 8)} open rate")
    assert dialog.kpis.texts()["bounced"] == ("1", f"{_pct(1, 8)} of mail")
    qtmodeltester.check(dialog.runs_model)
    assert dialog.runs_model.rowCount() == 1
    run = [dialog.runs_model.index(0, c).data() for c in range(RunFiguresModel.COLUMN_COUNT)]
    assert run[RunFiguresModel.SENT :] == ["8", _pct(3, 8), _pct(1, 8), "1", "0"]
    assert dialog.links_model.rowCount() == 1
    assert dialog.links_model.index(0, 0).data() == SHOP
    assert dialog.links_model.index(0, 1).data() == "2"
    assert dialog.chart.point_count() == len(dialog.report.days) >= 1
    assert sum(p.y() for p in dialog.chart.sent_series.points()) == 8
    assert dialog.pdf_button.isEnabled() and dialog.csv_button.isEnabled()


def test_export_pdf(qtbot, ctx, report_dialog, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = report_dialog
    target = tmp_path / "rapport"
    monkeypatch.setattr(dialog, "ask_pdf_path", lambda: "")
    dialog.pdf_button.click()  # cancelled: nothing written
    assert not dialog.exporting and dialog.exported is None
    monkeypatch.setattr(dialog, "ask_pdf_path", lambda: str(target) + ".pdf")
    dialog.pdf_button.click()
    assert not dialog.pdf_button.isEnabled()  # while it is written
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=10_000)
    pdf = target.with_suffix(".pdf")
    assert dialog.message.text() == f"Saved to {pdf}."
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"/Subtype /Image" in data  # the chart
    # Its text, read back by Qt's PDF reader (and pdftotext when the machine has it).
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    assert document.load(str(pdf)) == QPdfDocument.Error.None_
    text = "\n".join(document.getAllText(p).text() for p in range(document.pageCount()))
    document.close()
    assert "Noël" in text
    assert _pct(3, 8) in text and SHOP in text
    assert "Soldes" in text  # the template
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
        assert "Noël" in out.stdout.decode("utf-8")


def test_export_csv(qtbot, ctx, report_dialog, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = report_dialog
    target = tmp_path / "noel.csv"
    monkeypatch.setattr(dialog, "ask_csv_path", lambda: str(target))
    dialog.csv_button.click()
    qtbot.waitUntil(lambda: dialog.exported == str(target), timeout=10_000)
    written = target.read_text(encoding="utf-8")
    assert written == report_csv(dialog.report)
    assert "Noël" in written and SHOP in written
    fresh = campaign_report(ctx.db, "Noël")
    assert fresh.totals == dialog.report.totals


def test_csv_for_a_french_spreadsheet_uses_semicolons(qtbot, report_dialog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """French Excel splits columns on ";" (its decimal mark is the comma)."""
    from PySide6.QtCore import QLocale

    dialog = report_dialog
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    try:
        target = tmp_path / "noel-fr.csv"
        dialog.export_csv(str(target))
        qtbot.waitUntil(lambda: dialog.exported == str(target), timeout=10_000)
    finally:
        QLocale.setDefault(previous)
    written = target.read_text(encoding="utf-8")
    assert written == report_csv(dialog.report, delimiter=";")
    assert written != report_csv(dialog.report)


def test_export_to_an_unwritable_place_says_so(qtbot, ctx, report_dialog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = report_dialog
    dialog.export_csv(str(tmp_path / "missing" / "noel.csv"))
    qtbot.waitUntil(lambda: not dialog.exporting)
    assert dialog.message.text().startswith("Could not write the file")
    assert dialog.csv_button.isEnabled()


def test_opened_from_the_campaigns_page_and_the_history(qtbot, ctx, noel) -> None:  # type: ignore[no-untyped-def]
    page = CampaignsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.loaded)
    assert not page.report_button.isEnabled()
    page.select("Noël")
    assert page.report_button.isEnabled()
    page.report_button.click()
    report = page.report_dialog
    assert isinstance(report, CampaignReportDialog)
    qtbot.waitUntil(lambda: report.loaded)
    assert report.kpis.texts()["clicked"][0] == "1"
    report.close()

    # The history: each run with its figures, and the report from there too.
    page.history_button.click()
    history = page.runs_dialog
    assert isinstance(history, CampaignRunsDialog)
    qtbot.waitUntil(lambda: history.loaded)
    model = history.model
    assert model.rowCount() == 1
    cells = {c: model.index(0, c).data() for c in range(model.columnCount())}
    assert cells[RunsModel.SENT] == "8 / 9"  # denis, unsubscribed, left out
    assert cells[RunsModel.OPENED] == _pct(3, 8)
    assert cells[RunsModel.CLICKED] == _pct(1, 8)
    assert cells[RunsModel.BOUNCED] == "1"
    assert cells[RunsModel.UNSUBSCRIBED] == "0"
    assert model.index(0, RunsModel.OPENED).data(Qt.ItemDataRole.ToolTipRole) == ("3 people opened")
    assert model.headerData(RunsModel.CLICKED, Qt.Orientation.Horizontal) == "Clicked"
    history.report_button.click()
    from_history = history.report_dialog
    assert isinstance(from_history, CampaignReportDialog)
    qtbot.waitUntil(lambda: from_history.loaded)
    assert from_history.windowTitle() == "Report on “Noël”"
    from_history.close()
    history.close()
    wait_idle(qtbot, ctx)
