"""The statistics window: a period, figures computed off the GUI thread, charts with their
numbers, every table exported to CSV. All figures come from `synoptux.stats`."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from synoptux.config import KEYS
from synoptux.services.errors import DatabaseUnavailable
from synoptux.stats.export import write_csv
from synoptux.stats.model import StatsReport
from synoptux.stats.periods import period
from synoptux.stats.report import PeriodError, compute_stats
from synoptux.ui.db_runner import DbRunner
from synoptux.ui.guards import guard_wheel
from synoptux.ui.plain import plain_label
from synoptux.ui.stats.charts import (
    BarChart,
    HeatMap,
    StatTableView,
    cell_words,
    header_text,
    weekday_text,
)

if TYPE_CHECKING:
    from synoptux.ui.dialogs.history_dialog import ArchiveSearchDialog

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("StatsWindow", text)


def _day(q: QDate) -> date:
    """A date field's day (what `QDate.toPython()` gives, typed)."""
    return date(q.year(), q.month(), q.day())


def _labels(cells: Iterable[object]) -> list[str]:
    """A report column as chart labels (the charts show them as `str` does)."""
    return [str(c) for c in cells]


def _numbers(cells: Iterable[object]) -> list[float | None]:
    """A report column of figures (int, float, or None where there is none) as a chart's
    series, the values kept as they are."""
    out: list[float | None] = []
    for c in cells:
        if c is not None and not isinstance(c, int | float):
            raise TypeError(f"a chart value is not a number: {c!r}")
        out.append(c)
    return out


def _counts(cells: Iterable[object]) -> list[int]:
    """A report row of counts as a heat map's row."""
    out: list[int] = []
    for c in cells:
        if not isinstance(c, int):
            raise TypeError(f"a heat map value is not a count: {c!r}")
        out.append(c)
    return out


def _compute(ctx, first: date, last: date) -> StatsReport:
    """On the runner's thread: the figures of the period."""
    threshold = ctx.settings.strict(KEYS.STRESS_THRESHOLD)
    return compute_stats(ctx.db, first, last, now=ctx.clock.now(), threshold=threshold)


def _big(button: QPushButton) -> QPushButton:
    button.setMinimumHeight(48)
    button.setMinimumWidth(120)
    return button


class StatsWindow(QWidget):
    """Statistics of a period. `ctx` has `.db`, `.settings` and `.clock`; the figures are
    computed by the board's `DbRunner` (never on the GUI thread)."""

    sig_report = Signal(object)
    """A report is on screen (tests and the export button use it)."""

    def __init__(self, ctx, runner: DbRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.runner = runner
        self.setObjectName("StatsWindow")
        self.setWindowTitle(QCoreApplication.translate("StatsWindow", "Statistics"))
        self.report: StatsReport | None = None
        self._token = 0
        self._search: ArchiveSearchDialog | None = None
        self._build()
        self.resize(1280, 860)
        self.choose("today")

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.period_group = QButtonGroup(self)
        self.period_buttons: dict[str, QPushButton] = {}
        for kind, text in (
            ("today", QCoreApplication.translate("StatsWindow", "Today")),
            ("week", QCoreApplication.translate("StatsWindow", "Last 7 days")),
            ("month", QCoreApplication.translate("StatsWindow", "Last month")),
            ("custom", QCoreApplication.translate("StatsWindow", "Custom")),
        ):
            b = _big(QPushButton(text, self))
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, k=kind: self.choose(k))
            self.period_group.addButton(b)
            self.period_buttons[kind] = b
            bar.addWidget(b)
        today = self.ctx.clock.now().date()
        self.date_from = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day), self)
        for w in (self.date_from, self.date_to):
            w.setCalendarPopup(True)
            w.setDisplayFormat("dd/MM/yyyy")
            w.setMinimumHeight(48)
            w.dateChanged.connect(self._on_custom_dates)
        bar.addWidget(plain_label(QCoreApplication.translate("StatsWindow", "From"), self))
        bar.addWidget(self.date_from)
        bar.addWidget(plain_label(QCoreApplication.translate("StatsWindow", "to"), self))
        bar.addWidget(self.date_to)
        bar.addStretch(1)
        self.refresh_button = _big(
            QPushButton(QCoreApplication.translate("StatsWindow", "Refresh"), self)
        )
        self.refresh_button.clicked.connect(self.compute)
        self.export_button = _big(
            QPushButton(QCoreApplication.translate("StatsWindow", "Export CSV…"), self)
        )
        self.export_button.clicked.connect(self._on_export)
        self.search_button = _big(
            QPushButton(QCoreApplication.translate("StatsWindow", "Past stays…"), self)
        )
        self.search_button.clicked.connect(self.open_search)
        self.close_button = _big(
            QPushButton(QCoreApplication.translate("StatsWindow", "Close"), self)
        )
        self.close_button.clicked.connect(self.close)
        for b in (self.refresh_button, self.export_button, self.search_button, self.close_button):
            bar.addWidget(b)
        root.addLayout(bar)
        guard_wheel(self)  # a wheel tick must not change the period
        self.status = plain_label("", self)
        self.status.setObjectName("StatsStatus")
        self.status.setWordWrap(True)
        root.addWidget(self.status)
        self.tabs = QTabWidget(self)
        root.addWidget(self.tabs, 1)
        self.views: dict[str, StatTableView] = {}
        self.charts: dict[str, BarChart | HeatMap] = {}
        self.notes = plain_label("", self)
        self.notes.setWordWrap(True)
        self._tab(QCoreApplication.translate("StatsWindow", "Summary"), [self.notes], ["summary"])
        self._tab(
            QCoreApplication.translate("StatsWindow", "Acts"),
            [
                (
                    "acts_task",
                    BarChart(QCoreApplication.translate("StatsWindow", "Acts per task type")),
                ),
                (
                    "acts_hour",
                    BarChart(QCoreApplication.translate("StatsWindow", "Acts per hour of day")),
                ),
            ],
            ["acts_by_task", "acts_by_hour", "acts_by_day"],
        )
        self._tab(
            QCoreApplication.translate("StatsWindow", "Task durations"),
            [
                (
                    "durations",
                    BarChart(
                        QCoreApplication.translate(
                            "StatsWindow", "Median and 90th percentile (min)"
                        )
                    ),
                )
            ],
            ["task_durations"],
        )
        self._tab(
            QCoreApplication.translate("StatsWindow", "Waiting room"),
            [
                (
                    "wait_dist",
                    BarChart(QCoreApplication.translate("StatsWindow", "Waiting times (min)")),
                ),
                (
                    "wait_hour",
                    BarChart(
                        QCoreApplication.translate(
                            "StatsWindow", "Median wait by hour of arrival (min)"
                        )
                    ),
                ),
            ],
            ["waiting_time", "waiting_by_arrival_hour", "waiting_distribution"],
        )
        self._tab(
            QCoreApplication.translate("StatsWindow", "Stays"),
            [
                (
                    "arrivals",
                    HeatMap(
                        QCoreApplication.translate("StatsWindow", "Arrivals: day of week × hour")
                    ),
                ),
                (
                    "exits",
                    BarChart(QCoreApplication.translate("StatsWindow", "Exits by destination")),
                ),
            ],
            ["length_of_stay", "exits_by_destination", "arrivals_heatmap"],
        )
        self._tab(
            QCoreApplication.translate("StatsWindow", "Periods of stress"),
            [
                (
                    "stress",
                    BarChart(
                        QCoreApplication.translate(
                            "StatsWindow", "Mean duration (min): stress / calm"
                        )
                    ),
                )
            ],
            ["durations_stress", "stress_hours", "presence_by_hour"],
        )
        self._tab(
            QCoreApplication.translate("StatsWindow", "Triage and alarms"),
            [],
            ["triage_levels", "alarms_by_task"],
        )

    def _tab(self, title: str, charts: list, tables: list[str]) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        for entry in charts:
            if isinstance(entry, tuple):
                key, chart = entry
                self.charts[key] = chart
                row.addWidget(chart)
            else:
                layout.addWidget(entry)
        if row.count():
            layout.addLayout(row)
        for name in tables:
            label = plain_label("", page)
            label.setObjectName("StatsTableTitle")
            view = StatTableView(page)
            view.title_label = label  # type: ignore[attr-defined]
            self.views[name] = view
            layout.addWidget(label)
            layout.addWidget(view)
        layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        self.tabs.addTab(scroll, title)

    # -- period and computation ------------------------------------------------------------------
    def choose(self, kind: str) -> None:
        self.kind = kind
        self.period_buttons[kind].setChecked(True)
        custom = kind == "custom"
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        self.compute()

    def _on_custom_dates(self) -> None:
        if getattr(self, "kind", None) == "custom":
            self.compute()

    def period(self) -> tuple[date, date]:
        today = self.ctx.clock.now().date()
        custom = (_day(self.date_from.date()), _day(self.date_to.date()))
        return period(self.kind, today, custom)

    def compute(self) -> None:
        first, last = self.period()
        self._token += 1
        self.status.setText(
            QCoreApplication.translate("StatsWindow", "Computing {first} – {last}…").format(
                first=first.strftime("%d/%m/%Y"), last=last.strftime("%d/%m/%Y")
            )
        )
        self.refresh_button.setEnabled(False)
        token, ctx = self._token, self.ctx
        self.runner.submit(
            lambda: _compute(ctx, first, last),
            lambda report: self._on_done(token, report),
            lambda exc: self._on_failed(token, exc),
            name="statistics",
        )

    def _on_failed(self, token: int, exc: BaseException) -> None:
        if token != self._token:
            return
        if isinstance(exc, PeriodError):
            message = str(exc)
        elif isinstance(exc, DatabaseUnavailable):
            message = QCoreApplication.translate(
                "StatsWindow", "The database cannot be reached. Try again in a moment."
            )
        else:  # shown, never lost in a thread
            log.error("statistics failed", exc_info=exc)
            message = QCoreApplication.translate(
                "StatsWindow", "The statistics could not be computed: {error}"
            ).format(error=exc)
        self.refresh_button.setEnabled(True)
        self.status.setText(message)

    def _on_done(self, token: int, report: StatsReport) -> None:
        if token != self._token:
            return  # an older request: a newer period was chosen meanwhile
        self.refresh_button.setEnabled(True)
        self.show_report(report)

    # -- display -------------------------------------------------------------------------------
    def show_report(self, report: StatsReport) -> None:
        self.report = report
        self.status.setText(
            QCoreApplication.translate(
                "StatsWindow",
                "Period {first} – {last}: {n} stay(s), {acts} act(s). Computed in {ms} ms.",
            ).format(
                first=report.date_from.strftime("%d/%m/%Y"),
                last=report.date_to.strftime("%d/%m/%Y"),
                n=report.value("stays_entered"),
                acts=report.value("acts"),
                ms=int(report.timings_ms.get("total", 0)),
            )
        )
        self.notes.setText(
            "\n".join(f"• {_tr(text).format(**values)}" for text, values in report.note_items)
        )
        for name, view in self.views.items():
            table = report.tables.get(name)
            if table is None:
                continue
            view.set_table(table)
            view.title_label.setText(QCoreApplication.translate("StatsWindow", table.title))  # type: ignore[attr-defined]
        self._fill_charts(report)
        self.sig_report.emit(report)

    def _bar(self, key: str) -> BarChart:
        chart = self.charts[key]
        assert isinstance(chart, BarChart), key
        return chart

    def _heat(self, key: str) -> HeatMap:
        chart = self.charts[key]
        assert isinstance(chart, HeatMap), key
        return chart

    def _fill_charts(self, r: StatsReport) -> None:
        t = r.tables
        acts = t["acts_by_task"].rows[:15]
        self._bar("acts_task").set_data(
            _labels(row[0] for row in acts), _numbers(row[2] for row in acts)
        )
        self._bar("acts_hour").set_data(
            [str(h) for h in range(24)], _numbers(t["acts_by_hour"].column("acts"))
        )
        durations = [row for row in t["task_durations"].rows if row[0] != "*" and row[2]][:15]
        self._bar("durations").set_data(
            _labels(row[0] for row in durations),
            _numbers(row[4] for row in durations),
            _numbers(row[5] for row in durations),
            legend=[
                QCoreApplication.translate("StatsWindow", "Median"),
                QCoreApplication.translate("StatsWindow", "90th percentile"),
            ],
        )
        dist = t["waiting_distribution"].rows
        self._bar("wait_dist").set_data(
            _labels(row[0] for row in dist), _numbers(row[1] for row in dist)
        )
        self._bar("wait_hour").set_data(
            [str(h) for h in range(24)], _numbers(t["waiting_by_arrival_hour"].column("median_min"))
        )
        heat = t["arrivals_heatmap"]
        self._heat("arrivals").set_data(
            [weekday_text(str(row[0])) for row in heat.rows],
            [str(h) for h in range(24)],
            [_counts(row[1:25]) for row in heat.rows],
        )
        exits = t["exits_by_destination"].rows[:12]
        self._bar("exits").set_data(
            _labels(row[0] for row in exits), _numbers(row[1] for row in exits)
        )
        stress = [row for row in t["durations_stress"].rows if row[2] or row[6]][:12]
        self._bar("stress").set_data(
            _labels(row[0] for row in stress),
            _numbers(row[3] for row in stress),
            _numbers(row[7] for row in stress),
            legend=[
                QCoreApplication.translate("StatsWindow", "Stress"),
                QCoreApplication.translate("StatsWindow", "Calm"),
            ],
        )

    # -- export and search ----------------------------------------------------------------------
    def export_csv(self, folder: Path) -> list[Path]:
        """Write every table of the report on screen to `folder`; say so on screen."""
        if self.report is None:
            self.status.setText(QCoreApplication.translate("StatsWindow", "Nothing to export yet."))
            return []
        try:
            paths = write_csv(self.report, folder, header=header_text, cell=cell_words)
        except OSError as exc:
            self.status.setText(
                QCoreApplication.translate(
                    "StatsWindow", "The CSV files could not be written: {error}"
                ).format(error=exc)
            )
            return []
        self.status.setText(
            QCoreApplication.translate("StatsWindow", "{n} file(s) written in {folder}.").format(
                n=len(paths), folder=str(folder)
            )
        )
        return paths

    def _on_export(self) -> None:
        if self.report is None:
            self.status.setText(QCoreApplication.translate("StatsWindow", "Nothing to export yet."))
            return
        default = Path.home() / f"synoptux_stats_{self.report.date_from}_{self.report.date_to}"
        chosen = QFileDialog.getExistingDirectory(
            self,
            QCoreApplication.translate("StatsWindow", "Folder for the CSV files"),
            str(default.parent),
        )
        if chosen:
            self.export_csv(Path(chosen) / default.name)

    def open_search(self) -> None:
        from synoptux.ui.dialogs.history_dialog import ArchiveSearchDialog

        self._search = ArchiveSearchDialog(self.ctx.db, self.runner, self)
        self._search.show()

    def closeEvent(self, event) -> None:  # Qt name
        self._token += 1  # results still on their way are dropped
        super().closeEvent(event)
