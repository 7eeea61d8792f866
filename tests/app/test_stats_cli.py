"""``facteur stats`` (a contract): the JSON keys, one campaign's figures, the table, --rebuild."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import Database
from app.db.models import StatDaily
from app.stats import service
from tests.app.test_cli import Cli
from tests.app.test_stats import make_world, queue, send, track

KEYS = [
    "sent",
    "failed",
    "opened",
    "unique_opened",
    "clicked",
    "unique_clicked",
    "bounced",
    "complained",
    "unsubscribed",
    "open_rate",
    "click_rate",
    "click_to_open_rate",
    "bounce_rate",
    "complaint_rate",
    "unsubscribe_rate",
]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db: Database, tmp_path: Path) -> Cli:
    return Cli(capsys, ["--home", str(tmp_path / "home"), "--db", db.url])


@pytest.fixture
def sent(db: Database, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Soldes: 4 sent (one failed), 2 opened, 1 clicked; automation mail: 2 sent."""
    ids = make_world(db)
    rows = queue(db, ids, "run1", range(0, 5))
    queue(db, ids, None, range(5, 7))
    send(db, monkeypatch, datetime(2026, 3, 2, 8, tzinfo=UTC), {rows[4]: "failed"})
    at = datetime(2026, 3, 2, 9, tzinfo=UTC)
    track(db, ids, rows[0], "open", at)
    track(db, ids, rows[0], "open", at)
    track(db, ids, rows[1], "open", at)
    track(db, ids, rows[1], "click", at, url="https://exemple.fr/")
    return ids


def test_json_keys_and_figures(cli: Cli, sent: dict[str, int]) -> None:
    everything = cli.json("stats")
    assert list(everything) == KEYS
    assert (everything["sent"], everything["failed"]) == (6, 1)
    soldes = cli.json("stats", "--campaign", "Soldes")
    assert list(soldes) == KEYS
    assert (soldes["sent"], soldes["opened"], soldes["unique_opened"]) == (4, 3, 2)
    assert (soldes["clicked"], soldes["unique_clicked"]) == (1, 1)
    assert soldes["open_rate"] == 0.5 and soldes["click_to_open_rate"] == 0.5
    assert soldes["click_rate"] == 0.25 and soldes["bounce_rate"] == 0.0
    assert cli.json("stats", "--campaign", "Noël") == service.Totals().to_json()


def test_table(cli: Cli, sent: dict[str, int]) -> None:
    out, _ = cli("stats", "--campaign", "Soldes")
    lines = out.splitlines()
    assert lines[0] == "Campaign: Soldes"
    assert lines[1].split() == ["Sent", "4"]
    unique = next(line for line in lines if line.strip().startswith("Unique opens"))
    assert unique.split() == ["Unique", "opens", "2", "50.0", "%"]


def test_unknown_campaign(cli: Cli) -> None:
    _, err = cli("stats", "--campaign", "Été", "--json", expect=1)
    assert "No campaign named 'Été'" in err


def test_rebuild_recomputes_first(cli: Cli, db: Database, sent: dict[str, int]) -> None:
    before = cli.json("stats")
    with db.session() as s:
        s.execute(StatDaily.__table__.delete())
    assert cli.json("stats")["sent"] == 0
    assert cli.json("stats", "--rebuild") == before
    with db.session() as s:
        assert s.scalar(select(StatDaily.day).limit(1)) == "2026-03-02"
