"""Figures of small hand-made days, computed by hand, on SQLite and MariaDB."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from synoptux.stats.report import PeriodError, compute_stats

DAY = date(2026, 11, 23)  # a Monday


def _day(ward) -> dict[str, int]:
    """Three patients on Monday 23 November 2026.

    A: enters A1 08:00, to S1 08:40 (waited 40 min); ECG started 08:50 (planned end 09:00 from
       the 10 min maximum), done 09:05 (15 min, late); to SORT 10:00 (Domicile); final exit 11:00.
    B: enters A1 09:00, to A2 09:10, to S2 09:30 (waited 30 min); BIO S started 09:35, done
       10:15 (40 min, planned end 10:35: on time); still present.
    C: enters DECH 09:30 (direct to care); RX TH asked 09:40, never finished; to SORT 10:30
       (Hospitalisation médecine); final exit 10:45.
    """
    a = ward.admit("ALPHA", "A1", "08:00")
    ward.at("08:40").move_patient(a, "S1")
    ecg = ward.task(a, "ECG")
    ward.at("08:50").set_task_state(ecg, "30")
    ward.at("09:05").set_task_state(ecg, "80")
    b = ward.admit("BRAVO", "A1", "09:00")
    ward.at("09:10").move_patient(b, "A2")
    ward.at("09:30").move_patient(b, "S2")
    c = ward.admit("CHARLIE", "DECH", "09:30")
    bio = ward.task(b, "BIO S")
    ward.at("09:35").set_task_state(bio, "25")
    rx = ward.task(c, "RX TH")
    ward.at("09:40").set_task_state(rx, "20")
    ward.at("10:00").move_patient(a, "SORT", destination="Domicile")
    ward.at("10:15").set_task_state(bio, "80")
    ward.at("10:30").move_patient(c, "SORT", destination="Hospitalisation médecine")
    ward.at("10:45").final_exit(c)
    ward.at("11:00").final_exit(a)
    return {"a": a, "b": b, "c": c}


def _stats(ward, threshold: int = 3, now: str = "2026-11-23 11:30"):
    return compute_stats(ward.db, DAY, DAY, now=datetime.fromisoformat(now), threshold=threshold)


def test_counts_of_a_hand_made_day(ward) -> None:
    _day(ward)
    r = _stats(ward)
    assert r.value("stays_entered") == 3
    assert r.value("exits") == 2  # A at 10:00 and C at 10:30 (their move to SORT)
    assert r.value("still_present") == 1
    assert r.value("acts") == 2
    assert r.value("tasks_finished") == 2
    assert r.value("tasks_never_finished") == 1  # C's RX TH, archived open
    assert r.value("tasks_still_open") == 0  # B's only task is done
    assert r.value("direct_to_care") == 1
    assert r.value("waited_then_care") == 2


def test_length_of_stay_and_waiting_by_hand(ward) -> None:
    _day(ward)
    r = _stats(ward)
    # LOS: A 120 min, C 60 min -> mean 90, median 90, p90 = 60 + 0.9 * 60 = 114.
    assert r.tables["length_of_stay"].rows == [[2, 90.0, 90.0, 114.0, 1, 0]]
    # Waiting: A 40, B 30 (A1 then A2, both Attente) -> mean 35, p90 = 30 + 0.9 * 10 = 39.
    assert r.tables["waiting_time"].rows == [[2, 35.0, 35.0, 39.0, 1, 0, 0]]
    hourly = r.tables["waiting_by_arrival_hour"]
    assert hourly.row(8) == [8, 1, 40.0, 40.0, 40.0]
    assert hourly.row(9) == [9, 1, 30.0, 30.0, 30.0]
    assert hourly.row(10) == [10, 0, None, None, None]
    dist = dict(r.tables["waiting_distribution"].rows)
    assert dist["30-60"] == 2 and sum(dist.values()) == 2


def test_task_durations_and_lateness_by_hand(ward) -> None:
    _day(ward)
    r = _stats(ward)
    d = r.tables["task_durations"]
    cols = d.columns
    ecg = dict(zip(cols, d.row("ECG"), strict=True))
    assert (ecg["n"], ecg["mean_min"], ecg["planned_end_exceeded"], ecg["exceeded_pct"]) == (
        1,
        15.0,
        1,
        100.0,
    )
    bio = dict(zip(cols, d.row("BIO S"), strict=True))
    assert (bio["n"], bio["mean_min"], bio["planned_end_exceeded"]) == (1, 40.0, 0)
    rx = dict(zip(cols, d.row("RX TH"), strict=True))
    assert (rx["n"], rx["never_finished"], rx["mean_min"]) == (0, 1, None)
    everything = dict(zip(cols, d.row("*"), strict=True))
    # 15 and 40: mean 27.5, p90 = 15 + 0.9 * 25 = 37.5; 1 late out of 2 with a deadline.
    assert (
        everything["n"],
        everything["mean_min"],
        everything["p90_min"],
        everything["exceeded_pct"],
    ) == (2, 27.5, 37.5, 50.0)


def test_acts_per_task_day_and_hour(ward) -> None:
    _day(ward)
    r = _stats(ward)
    acts = r.tables["acts_by_task"]
    assert {row[0]: row[2] for row in acts.rows} == {"ECG": 1, "BIO S": 1}
    assert "state_80" in acts.columns
    assert r.tables["acts_by_day"].rows == [["2026-11-23", 2]]
    hours = {h: n for h, n, _ in r.tables["acts_by_hour"].rows}
    assert hours[9] == 1 and hours[10] == 1 and sum(hours.values()) == 2


def test_arrivals_exits_and_stress(ward) -> None:
    _day(ward)
    r = _stats(ward, threshold=3)
    monday = r.tables["arrivals_heatmap"].row("mon")
    assert monday[1 + 8] == 1 and monday[1 + 9] == 2 and monday[-1] == 3
    assert r.tables["arrivals_heatmap"].row("tue")[-1] == 0
    assert sorted(r.tables["exits_by_destination"].rows) == [
        ["Domicile", 1],
        ["Hospitalisation médecine", 1],
    ]
    # Present: 08h peak 1; 09h A, B, C -> 3; 10h A leaves at 10:00 sharp -> 2; 11h B -> 1.
    assert r.tables["stress_hours"].rows == [["2026-11-23 09:00", 3]]
    peaks = {h: mx for h, _mean, mx in r.tables["presence_by_hour"].rows}
    assert (peaks[8], peaks[9], peaks[10], peaks[11], peaks[12]) == (1, 3, 2, 1, None)
    st = r.tables["durations_stress"]
    ecg = dict(zip(st.columns, st.row("ECG"), strict=True))
    bio = dict(zip(st.columns, st.row("BIO S"), strict=True))
    assert (ecg["stress_n"], ecg["calm_n"], ecg["calm_mean_min"]) == (0, 1, 15.0)  # 08:50: calm
    assert (bio["stress_n"], bio["stress_mean_min"], bio["calm_n"]) == (1, 40.0, 0)  # 09:35


def test_higher_threshold_means_no_stress(ward) -> None:
    _day(ward)
    r = _stats(ward, threshold=4)
    assert r.tables["stress_hours"].rows == []
    everything = dict(
        zip(
            r.tables["durations_stress"].columns, r.tables["durations_stress"].row("*"), strict=True
        )
    )
    assert (everything["stress_n"], everything["calm_n"]) == (0, 2)


def test_stay_across_midnight_counts_on_its_day_of_arrival(ward) -> None:
    p = ward.admit("NUIT", "A1", "23:30", day="2026-11-22")
    ward.at("00:20", day="2026-11-23").move_patient(p, "S3")
    ward.at("02:00", day="2026-11-23").move_patient(p, "SORT", destination="Domicile")
    sunday = compute_stats(
        ward.db,
        date(2026, 11, 22),
        date(2026, 11, 22),
        now=datetime(2026, 11, 23, 11, 0),
        threshold=1,
    )
    assert sunday.value("stays_entered") == 1
    assert sunday.value("crossed_midnight") == 1
    assert sunday.value("exits") == 0  # the exit is on Monday
    assert sunday.tables["waiting_time"].rows[0][:2] == [1, 50.0]  # 23:30 -> 00:20
    assert sunday.tables["length_of_stay"].rows == [[1, 150.0, 150.0, 150.0, 0, 1]]
    assert any("crossed midnight" in n for n in sunday.notes)
    monday = _stats(ward, threshold=1)
    assert monday.value("stays_entered") == 0 and monday.value("exits") == 1
    # Present on Monday from 00:00 to 02:00: two stress hours at threshold 1.
    assert [h for h, _n in monday.tables["stress_hours"].rows] == [
        "2026-11-23 00:00",
        "2026-11-23 01:00",
    ]


def test_patient_still_waiting_is_said_not_averaged(ward) -> None:
    ward.admit("ATTEND", "A1", "09:00")
    r = _stats(ward, now="2026-11-23 10:15")
    assert r.value("still_waiting") == 1
    assert r.tables["waiting_time"].rows == [[0, None, None, None, 0, 1, 0]]
    assert r.value("still_present") == 1
    assert any("still in a waiting box" in n for n in r.notes)
    assert any("not over" in n for n in r.notes)


def test_open_task_on_the_board_is_counted_apart(ward) -> None:
    p = ward.admit("OUVERT", "S4", "09:00")
    task = ward.task(p, "SCOPE")
    ward.at("09:10").set_task_state(task, "30")
    r = _stats(ward)
    row = dict(
        zip(
            r.tables["task_durations"].columns, r.tables["task_durations"].row("SCOPE"), strict=True
        )
    )
    assert (row["n"], row["still_open"], row["never_finished"]) == (0, 1, 0)
    assert r.value("tasks_still_open") == 1


def test_empty_period(board_db) -> None:
    r = compute_stats(
        board_db,
        date(2026, 1, 1),
        date(2026, 1, 31),
        now=datetime(2026, 11, 23, 10, 0),
        threshold=15,
    )
    assert r.value("stays_entered") == 0 and r.value("acts") == 0
    assert r.tables["task_durations"].rows == [
        ["*", "All tasks", 0, None, None, None, 0, None, 0, 0, 0]
    ]
    assert len(r.tables["acts_by_day"].rows) == 31
    assert all(n == 0 for _d, n in r.tables["acts_by_day"].rows)
    assert r.tables["exits_by_destination"].rows == []
    assert r.tables["stress_hours"].rows == []
    assert r.notes == []


def test_bad_periods_are_refused(board_db) -> None:
    with pytest.raises(PeriodError, match="before it starts"):
        compute_stats(
            board_db, date(2026, 2, 1), date(2026, 1, 1), now=datetime(2026, 3, 1), threshold=15
        )
    with pytest.raises(PeriodError, match="threshold"):
        compute_stats(board_db, DAY, DAY, now=datetime(2026, 3, 1), threshold=0)


def test_a_packed_read_cut_by_the_server_is_split_not_wrong(ward, monkeypatch) -> None:
    """MariaDB cuts GROUP_CONCAT at group_concat_max_len (or max_allowed_packet): with a
    tiny limit on the real server, the chunks are split and read again, same figures."""
    from synoptux.stats import packed

    if ward.db.dialect != "mysql":
        pytest.skip("only MariaDB/MySQL cut packed strings")
    _day(ward)
    expected = _stats(ward).tables
    monkeypatch.setattr(packed, "GROUP_CONCAT_MAX_LEN", 120)
    again = _stats(ward).tables
    for name in (
        "task_durations",
        "acts_by_task",
        "waiting_time",
        "length_of_stay",
        "arrivals_heatmap",
        "stress_hours",
    ):
        assert again[name].rows == expected[name].rows, name
    monkeypatch.setattr(packed, "GROUP_CONCAT_MAX_LEN", 8)  # not even one row fits
    with pytest.raises(packed.PackedTooLarge):
        _stats(ward)
