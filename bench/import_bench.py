"""Contact import benchmark: 100,000 rows from CSV and XLSX into a fresh SQLite database.

Targets:
- CSV: at most 5x the time of the sqlite3 command-line tool's own ``.import`` of the same file
  into a fresh database, measured in the same run;
- XLSX: under 3 s.

What is measured:
- ``sqlite3 .import``: the sqlite3 command-line tool (a child process, start-up included) creating
  a new database file and importing the CSV into a new table (all columns text, no index, no
  validation, the CLI's default journal and synchronous settings);
- ``import_contacts``: the call alone, on an open connection to a migrated database file (WAL,
  synchronous=FULL, as the app has it): detecting the format and encoding, reading, validating
  and storing every row, and the commit.

Each figure is the best of a few runs, wall-clock (the target) and CPU (of the process, or of
the child process for the CLI); the median wall-clock time follows, as the machine's noise shows
there. Usage: ``.venv/bin/python bench/import_bench.py [--rows N] [--runs N]``.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.contacts.importing import import_contacts  # noqa: E402
from app.contacts.mapping import slugify  # noqa: E402
from app.db import Database  # noqa: E402

CSV_RATIO_TARGET = 5.0
XLSX_SECONDS_TARGET = 3.0
HEADERS = ["Adresse e-mail", "Prénom", "Nom", "Société", "Téléphone", "Ville", "Date de naissance"]


def make_rows(n: int) -> list[list[str]]:
    """French-looking contacts, all valid and distinct (the common case to be fast on).

    Addresses are ASCII, as French mailbox providers require: a non-ASCII address goes through
    email-validator's full path (~25 µs instead of ~1 µs).
    """
    rng = random.Random(2025)
    firsts = ["Jean", "Marie", "Élodie", "François", "Zoé", "Noël", "Agnès", "Luc", "Hélène"]
    lasts = ["Dupont", "Lefèvre", "Martin", "Bernard", "Thomas", "Petit", "Robert", "Müller"]
    cities = ["Paris", "Lyon", "Marseille", "Besançon", "Orléans", "Nîmes", "Saint-Étienne"]
    domains = ["orange.fr", "gmail.com", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr"]
    rows = []
    for i in range(n):
        domain = rng.choice(domains) if i % 3 else f"entreprise-{i % 700}.fr"
        rows.append(
            [
                f"{slugify(rng.choice(firsts))}.{i}@{domain}",
                rng.choice(firsts),
                rng.choice(lasts),
                f"Société {i % 977}",
                f"06 {i % 100:02d} {i % 97:02d} {i % 89:02d} {i % 83:02d}",
                rng.choice(cities),
                f"{1 + i % 28:02d}/{1 + i % 12:02d}/19{50 + i % 50}",
            ]
        )
    return rows


def write_csv(path: Path, rows: list[list[str]], encoding: str) -> None:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADERS)
        writer.writerows(rows)


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Contacts")
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)


def best_of(runs: int, work: Callable[[], tuple[float, float]]) -> tuple[float, float, float]:
    """(best wall-clock, best CPU, median wall-clock seconds) over ``runs`` runs of ``work``."""
    results = [work() for _ in range(runs)]
    walls = [r[0] for r in results]
    return min(walls), min(r[1] for r in results), statistics.median(walls)


def line(label: str, wall: float, cpu: float, median: float, note: str = "") -> str:
    text = f"{label:42s} {wall:6.3f} s wall {cpu:6.3f} s CPU  (median {median:.3f} s)  {note}"
    return text.rstrip()


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def sqlite_cli_import(sqlite3: str, csv_path: Path, work: Path) -> tuple[float, float]:
    target = work / "cli.db"
    target.unlink(missing_ok=True)
    cpu, start = children_cpu(), time.perf_counter()
    subprocess.run(
        [sqlite3, str(target), ".mode csv", ".separator ;", f".import {csv_path} contact"],
        check=True,
    )
    return time.perf_counter() - start, children_cpu() - cpu


def facteur_import(
    template: Path, path: Path, work: Path, **options: object
) -> tuple[float, float]:
    target = work / "facteur.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, target)
    db = Database(f"sqlite:///{target}")
    try:
        with db.engine.connect():  # open the connection outside the measure, as the app has it
            pass
        cpu, start = time.process_time(), time.perf_counter()
        result = import_contacts(db, path, **options)  # type: ignore[arg-type]
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    finally:
        db.dispose()
    assert result.imported > 0 and not result.invalid, result.to_json()
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sqlite3 = shutil.which("sqlite3")
    if sqlite3 is None:
        print("The sqlite3 command-line tool is needed (apt-get install sqlite3).")
        return 2

    with tempfile.TemporaryDirectory(prefix="facteur-bench-") as tmp:
        work = Path(tmp)
        rows = make_rows(args.rows)
        template = work / "template.db"
        db = Database(f"sqlite:///{template}")
        db.migrate()
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.dispose()

        csv_path = work / "contacts.csv"
        write_csv(csv_path, rows, "utf-8")
        cp1252_path = work / "contacts-cp1252.csv"
        write_csv(cp1252_path, rows, "cp1252")
        xlsx_path = work / "contacts.xlsx"
        write_xlsx(xlsx_path, rows)
        print(
            f"{args.rows:,} new contacts, 7 columns (email, 4 fields, 2 attributes); "
            f"CSV {csv_path.stat().st_size / 1e6:.1f} MB (UTF-8, ';'), "
            f"XLSX {xlsx_path.stat().st_size / 1e6:.1f} MB; best of {args.runs} runs"
        )

        cli = best_of(args.runs, lambda: sqlite_cli_import(sqlite3, csv_path, work))
        csv_run = best_of(args.runs, lambda: facteur_import(template, csv_path, work))
        print(line("sqlite3 CLI .import CSV (reference)", *cli))
        print(line("import_contacts CSV", *csv_run))
        ratio_wall, ratio_cpu = csv_run[0] / cli[0], csv_run[1] / max(cli[1], 1e-9)
        verdict = "PASS" if ratio_wall <= CSV_RATIO_TARGET else "FAIL"
        print(
            f"  CSV ratio (best wall / best wall): {ratio_wall:.1f}x; median: "
            f"{csv_run[2] / cli[2]:.1f}x; CPU: {ratio_cpu:.1f}x "
            f"(target: wall <= {CSV_RATIO_TARGET:.0f}x): {verdict}"
        )

        for label, path, options in (
            ("CSV cp1252 (French Excel)", cp1252_path, {}),
            ("CSV + 1 list + 1 tag", csv_path, {"lists": ["Bench"], "tags": ["bench"]}),
        ):
            result = best_of(
                args.runs, lambda p=path, o=options: facteur_import(template, p, work, **o)
            )
            print(line(f"import_contacts {label}", *result, "(information)"))

        xlsx = best_of(args.runs, lambda: facteur_import(template, xlsx_path, work))
        verdict = "PASS" if xlsx[0] < XLSX_SECONDS_TARGET else "FAIL"
        print(
            line(
                "import_contacts XLSX", *xlsx, f"(target < {XLSX_SECONDS_TARGET:.0f} s): {verdict}"
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
