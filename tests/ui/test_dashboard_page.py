"""The dashboard over a real database: KPI tiles, the engagement chart, the campaigns compared and
the top links of a period, read in the background from the roll-ups."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QLocale, Qt

from app.sending.campaigns import CampaignInput, create_campaign
from app.stats.rollups import day_of
from tests.ui.conftest import add_people, wait_idle
from tests.ui.stats_seed import days_ago, paris_today, send_campaign, track
from ui.context import Changes
from ui.dialogs.campaign_report_dialog import CampaignReportDialog
from ui.models.stats_models import ComparisonModel, LinksModel
from ui.pages.dashboard_page import AUTOMATIONS, DashboardPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

SHOP = "https://shop.example.fr/soldes"
BLOG = "https://blog.example.fr/"


@pytest.fixture
def seeded(ctx, mail_world):  # type: ignore[no-untyped-def]
    """ "Noël" sent 3 days ago to 11 people (Clients: anne, bruno, chloe and 8 more): 4 opened
    (anne twice), 2 clicked (anne twice on the shop, chloe on the blog), bruno bounced, chloe
    unsubscribed, plus a link scanner's open and click. "Été" sent 40 days ago to 2 people of
    "Anciens", 1 of whom opened."""
    add_people(ctx, 8, list_name="Clients")
    add_people(ctx, 2, list_name="Anciens", start=100)
    noel = send_campaign(ctx, "Noël", "list:Clients", days_ago(3))
    people = sorted(e for e in noel if e.startswith("person"))
    after = days_ago(3, hour=11)
    for email in ("anne@example.fr", "anne@example.fr", "chloe@example.fr", *people[:2]):
        track(ctx, "open", noel[email], after)
    track(ctx, "click", noel["anne@example.fr"], after, url=SHOP)
    track(ctx, "click", noel["anne@example.fr"], after + timedelta(hours=1), url=SHOP)
    track(ctx, "click", noel["chloe@example.fr"], after, url=BLOG)
    track(ctx, "open", noel[people[3]], after, bot=True)
    track(ctx, "click", noel[people[3]], after, url=SHOP, bot=True)
    track(ctx, "bounce", noel["bruno@example.fr"], after)
    track(ctx, "unsubscribe", noel["chloe@example.fr"], days_ago(2))
    ete = send_campaign(ctx, "Été", "list:Anciens", days_ago(40))
    track(ctx, "open", next(iter(ete.values())), days_ago(39))
    return noel, ete


@pytest.fixture
def page(qtbot, ctx):  # type: ignore[no-untyped-def]
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitUntil(lambda: page.loads >= 1 and not page.loading)
    yield page
    wait_idle(qtbot, ctx)


def _pct(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%"


def _reload(qtbot, page: DashboardPage, change) -> None:  # type: ignore[no-untyped-def]
    loads = page.loads
    change()
    qtbot.waitUntil(lambda: page.loads > loads and not page.loading)


def _rows(model) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_kpis_chart_comparison_and_links(qtbot, ctx, seeded, page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert page.period.currentData() == "30d"
    tiles = page.kpis.texts()
    assert tiles["sent"] == ("11", "")
    assert tiles["opened"] == ("4", f"{_pct(4, 11)} open rate")
    assert tiles["clicked"] == ("2", f"{_pct(2, 11)} click rate, {_pct(2, 4)} of openers")
    assert tiles["bounced"] == ("1", f"{_pct(1, 11)} of mail")
    assert tiles["unsubscribed"] == ("1", f"{_pct(1, 11)} of mail sent")
    assert tiles["complaints"] == ("0", f"{_pct(0, 11)} of mail sent")
    # The scanner's open is told apart, not counted.
    assert "1 automatic" in page.kpis.tiles["opened"].toolTip()
    assert not page.empty_label.isVisible()

    # One point a day over 30 days; the sends on their day, the opens and clicks on theirs.
    chart = page.chart
    assert chart.point_count() == 30 and not chart.weekly
    for series in chart.all_series():
        assert series.count() == 30
    sent_day = (paris_today() - timedelta(days=3)).isoformat()
    by_day = {p.day.isoformat(): p for p in chart.points}
    assert (by_day[sent_day].sent, by_day[sent_day].unique_opened) == (11, 4)
    assert by_day[sent_day].unique_clicked == 2
    assert sum(p.y() for p in chart.sent_series.points()) == 11
    assert sum(p.y() for p in chart.clicks_series.points()) == 2

    qtmodeltester.check(page.comparison_model)
    rows = _rows(page.comparison_model)
    assert rows == [["Noël", "11", _pct(4, 11), _pct(2, 11), "1", "1"]]
    assert _rows(page.links_model) == [[SHOP, "2", "1"], [BLOG, "1", "1"]]
    assert page.links_model.headerData(LinksModel.UNIQUE, Qt.Orientation.Horizontal) == (
        "Unique clicks"
    )

    # 90 days: both campaigns, by weeks.
    _reload(qtbot, page, lambda: page.set_period("90d"))
    assert page.kpis.texts()["sent"][0] == "13"
    assert page.kpis.texts()["opened"] == ("5", f"{_pct(5, 13)} open rate")
    first = paris_today() - timedelta(days=89)
    mondays = {
        first + timedelta(days=i) - timedelta(days=(first + timedelta(days=i)).weekday())
        for i in range(90)
    }
    assert chart.weekly and chart.point_count() == len(mondays)
    assert all(s.count() == len(mondays) for s in chart.all_series())
    assert sum(p.y() for p in chart.sent_series.points()) == 13
    names = [row[ComparisonModel.NAME] for row in _rows(page.comparison_model)]
    assert names == ["Noël", "Été"]  # most recent first
    # The comparison chart: open and click rates per campaign, the most recent on top.
    bars = page.comparison_chart
    assert bars.bar_count() == 2 and bars.y_axis.categories() == ["Été", "Noël"]
    assert bars.opens.at(1) == pytest.approx(100 * 4 / 11)
    assert bars.clicks.at(1) == pytest.approx(100 * 2 / 11)

    # 7 days, one campaign, the automations.
    _reload(qtbot, page, lambda: page.set_period("7d"))
    assert chart.point_count() == 7 and page.kpis.texts()["sent"][0] == "11"
    qtbot.waitUntil(
        lambda: page.campaign.findData(seeded[1]["person0100@example.fr"].campaign_id) >= 0
    )
    ete_id = next(iter(seeded[1].values())).campaign_id
    _reload(qtbot, page, lambda: page.select_campaign(ete_id))
    assert page.kpis.texts()["sent"][0] == "0"
    assert page.empty_label.isVisible()
    assert page.empty_label.text() == "No mail sent yet in this period."
    assert page.links_model.rowCount() == 0
    _reload(qtbot, page, lambda: page.set_period("12m"))
    assert page.kpis.texts()["sent"][0] == "2" and not page.empty_label.isVisible()
    assert page.kpis.texts()["opened"] == ("1", f"{_pct(1, 2)} open rate")
    _reload(qtbot, page, lambda: page.select_campaign(AUTOMATIONS))
    assert page.kpis.texts()["sent"][0] == "0"


def test_custom_range_and_empty_state(qtbot, ctx, seeded, page) -> None:  # type: ignore[no-untyped-def]
    sent_day = paris_today() - timedelta(days=3)
    _reload(qtbot, page, lambda: page.set_range(sent_day, sent_day))
    assert page.period.currentData() == "custom" and page.start_edit.isVisible()
    assert page.chart.point_count() == 1
    assert page.kpis.texts()["sent"][0] == "11"
    year_ago = paris_today() - timedelta(days=365)
    _reload(qtbot, page, lambda: page.set_range(year_ago, year_ago + timedelta(days=10)))
    assert page.empty_label.isVisible()
    assert page.kpis.texts()["opened"] == ("0", "– open rate")
    assert page.comparison_model.rowCount() == 0
    assert page.chart.point_count() == 11


def test_refreshes_on_data_changes_keeping_figures_while_loading(  # type: ignore[no-untyped-def]
    qtbot, ctx, seeded, page
) -> None:
    noel = seeded[0]
    page.min_refresh_ms = 0
    track(ctx, "open", noel["bruno@example.fr"], days_ago(1))
    _reload(qtbot, page, lambda: ctx.bus.notify(Changes(messages=True)))
    assert page.kpis.texts()["opened"][0] == "5"
    assert page.data.campaigns is None  # the filter's campaigns are not read again for that

    # A new campaign joins the filter.
    printemps = create_campaign(
        ctx.db,
        CampaignInput(name="Printemps", template="Soldes", account="Local", include=["all"]),
    )
    _reload(qtbot, page, lambda: ctx.bus.notify(Changes(campaigns=True)))
    assert page.campaign.findData(printemps.id) >= 0
    assert page.campaign.itemText(page.campaign.findData(printemps.id)) == "Printemps"

    # Throttled: a burst of changes right after a read makes one more read, later.
    page.min_refresh_ms = 400
    track(ctx, "click", noel["bruno@example.fr"], days_ago(1), url=BLOG)
    loads = page.loads
    page._since_load.start()  # as if the last read had just started
    ctx.bus.notify(Changes(messages=True))
    ctx.bus.notify(Changes(campaigns=True))
    assert page._refresh_timer.isActive() and not page.loading
    assert page.kpis.texts()["opened"][0] == "5"  # the previous figures stay meanwhile
    qtbot.waitUntil(lambda: page.loads == loads + 1 and not page.loading)
    qtbot.wait(500)
    assert page.loads == loads + 1
    assert page.kpis.texts()["clicked"][0] == "3"
    ctx.bus.notify(Changes(templates=True))  # nothing the page shows
    assert not page._refresh_timer.isActive() and not page.loading

    # Hidden: only marked stale, read when shown again.
    page.hide()
    ctx.bus.notify(Changes(messages=True))
    assert not page.loading
    _reload(qtbot, page, page.show)


def test_french_rates(qtbot, ctx, seeded, page) -> None:  # type: ignore[no-untyped-def]
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    try:
        _reload(qtbot, page, lambda: page.refresh(now=True))
        opened = page.kpis.texts()["opened"][1]
        assert opened.startswith(f"{4 / 11 * 100:.1f}".replace(".", ",") + "\u00a0%")
        row = _rows(page.comparison_model)[0]
        assert row[ComparisonModel.CLICK_RATE] == "18,2\u00a0%"
    finally:
        QLocale.setDefault(previous)


def test_double_click_opens_the_report(qtbot, ctx, seeded, page) -> None:  # type: ignore[no-untyped-def]
    index = page.comparison_model.index(0, ComparisonModel.SENT)
    page.comparison.doubleClicked.emit(index)
    dialog = page.report_dialog
    assert isinstance(dialog, CampaignReportDialog)
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.windowTitle() == "Report on “Noël”"
    assert dialog.kpis.texts()["sent"][0] == "11"
    assert day_of(days_ago(3)) in {d.day.isoformat() for d in dialog.report.days}
    dialog.close()


def test_main_window_lists_the_dashboard_first(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    window = MainWindow(ctx, tray=None)
    qtbot.addWidget(window)
    assert list(window.pages)[0] == "dashboard"
    assert window.sidebar.item(0).text() == "Dashboard"
    assert isinstance(window.stack.currentWidget(), DashboardPage)
    window.show()
    page = window.pages["dashboard"]
    qtbot.waitUntil(lambda: page.loads >= 1)
    assert page.empty_label.isVisible()  # nothing sent yet
    wait_idle(qtbot, ctx)
