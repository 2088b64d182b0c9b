"""CSV files re-read and checked; `synoptux stats` headless, JSON and CSV."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime

from synoptux.cli import main
from synoptux.stats.export import write_csv
from synoptux.stats.report import compute_stats
from tests.stats.test_figures import _day


def _read(path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_every_table_written_and_read_back(ward, tmp_path) -> None:
    _day(ward)
    report = compute_stats(
        ward.db,
        date(2026, 11, 23),
        date(2026, 11, 23),
        now=datetime(2026, 11, 23, 11, 30),
        threshold=3,
    )
    paths = write_csv(report, tmp_path / "out")
    names = {p.name for p in paths}
    assert names == {f"{n}.csv" for n in report.tables} | {"notes.txt"}
    for name, table in report.tables.items():
        rows = _read(tmp_path / "out" / f"{name}.csv")
        assert rows[0] == table.columns
        assert len(rows) == len(table.rows) + 1
    exits = _read(tmp_path / "out" / "exits_by_destination.csv")
    assert sorted(exits[1:]) == [["Domicile", "1"], ["Hospitalisation médecine", "1"]]
    los = _read(tmp_path / "out" / "length_of_stay.csv")
    assert los[1] == ["2", "90.0", "90.0", "114.0", "1", "0"]
    empty_hour = _read(tmp_path / "out" / "waiting_by_arrival_hour.csv")[1]
    assert empty_hour == ["0", "0", "", "", ""]  # no figure: an empty cell, not 'None'
    assert (tmp_path / "out" / "summary.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def _seed_file(ward, tmp_path) -> str:
    return str(ward.db.engine.url)


def test_cli_json(ward, tmp_path, capsys) -> None:
    _day(ward)
    url = ward.db.engine.url.render_as_string(hide_password=False)
    code = main(
        [
            "--db",
            url,
            "--now",
            "2026-11-23 11:30",
            "stats",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-23",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["from"] == data["to"] == "2026-11-23"
    summary = dict(data["tables"]["summary"]["rows"])
    assert (summary["stays_entered"], summary["exits"], summary["acts"]) == (3, 2, 2)
    assert data["stress_threshold"] == 15  # the [Interface] Seuil_Stress_Patients default
    assert "total" in data["timings_ms"]


def test_cli_csv_to_folder(ward, tmp_path, capsys) -> None:
    _day(ward)
    url = ward.db.engine.url.render_as_string(hide_password=False)
    out = tmp_path / "csv"
    code = main(
        [
            "--db",
            url,
            "--now",
            "2026-11-23 11:30",
            "stats",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-23",
            "--format",
            "csv",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out.split()
    assert str(out / "acts_by_task.csv") in printed
    acts = _read(out / "acts_by_task.csv")
    assert {row[0]: row[2] for row in acts[1:]} == {"ECG": "1", "BIO S": "1"}


def test_cli_refuses_bad_dates(ward, capsys) -> None:
    url = ward.db.engine.url.render_as_string(hide_password=False)
    period = ["stats", "--from", "2026-13-01", "--to", "2026-12-01"]
    assert main(["--lang", "en", "--db", url, *period]) == 2
    assert "expected a date" in capsys.readouterr().err
    assert main(["--db", url, *period]) == 2  # French by default, as the board
    assert "--from '2026-13-01' : une date est attendue" in capsys.readouterr().err
    period = ["stats", "--from", "2026-12-02", "--to", "2026-12-01"]
    assert main(["--lang", "en", "--db", url, *period]) == 2
    assert "before" in capsys.readouterr().err
    assert main(["--db", url, *period]) == 2
    assert "est avant" in capsys.readouterr().err


def test_cli_french_then_the_application_as_it_was(ward, tmp_path, capsys, qapp) -> None:
    """`main` in a process that already has its Qt application (a test process, the
    window): the CSV in French while the command runs, then the translators it installed
    are removed and the application is as it was (English, nothing marked translated)."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    _day(ward)
    url = ward.db.engine.url.render_as_string(hide_password=False)
    translators = len(qapp.findChildren(QTranslator))
    marked = qapp.property("synoptux_translated")
    out = tmp_path / "csv"
    period = ["stats", "--from", "2026-11-23", "--to", "2026-11-23", "--format", "csv"]
    assert main(["--db", url, "--now", "2026-11-23 11:30", *period, "--out", str(out)]) == 0
    assert _read(out / "acts_by_task.csv")[0][:3] == ["Code", "Tâche", "Actes"]
    assert QCoreApplication.instance() is qapp
    assert QCoreApplication.translate("StatsWindow", "Task") == "Task"
    assert len(qapp.findChildren(QTranslator)) == translators
    assert bool(qapp.property("synoptux_translated")) == bool(marked)
