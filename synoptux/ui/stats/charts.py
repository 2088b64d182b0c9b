"""Small charts drawn with QPainter (QtCharts is not available): bars and a heat map;
and the read-only table view of a statistics table.

Each chart shows its numbers on the drawing itself, so that nothing needs a hover;
the tables beside them hold the exact figures.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from synoptux.stats.model import StatTable
from synoptux.ui.plain import plain_tip

BAR = QColor("#2563eb")
BAR_ALT = QColor("#f59e0b")
TEXT = QColor("#1f2937")
GRID = QColor("#e5e7eb")


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


class BarChart(QWidget):
    """Vertical bars (one or two series side by side), a label under each, values on top."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.labels: list[str] = []
        self.series: list[list[float | None]] = []
        self.legend: list[str] = []
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(
        self, labels: Sequence[str], *series: Sequence[float | None], legend: Sequence[str] = ()
    ) -> None:
        self.labels = [str(x) for x in labels]
        self.series = [list(s) for s in series]
        self.legend = list(legend)
        self.update()

    def sizeHint(self) -> QSize:  # Qt name
        return QSize(max(320, 28 * len(self.labels)), 260)

    @property
    def maximum(self) -> float:
        values = [v for s in self.series for v in s if v is not None]
        return max(values) if values else 0.0

    def paintEvent(self, _event: QPaintEvent) -> None:  # Qt name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        font = QFont(self.font())
        p.setPen(TEXT)
        p.drawText(QRectF(0, 0, w, 22), Qt.AlignmentFlag.AlignLeft, self.title)
        top, bottom, left = 40.0, 36.0, 6.0
        if self.legend:
            x = w - 6.0
            for i, name in reversed(list(enumerate(self.legend))):
                tw = p.fontMetrics().horizontalAdvance(name) + 22
                x -= tw
                p.fillRect(QRectF(x, 6, 12, 12), BAR if i == 0 else BAR_ALT)
                p.drawText(QRectF(x + 16, 0, tw, 22), Qt.AlignmentFlag.AlignLeft, name)
        n = len(self.labels)
        top_value = self.maximum
        if n == 0 or top_value <= 0:
            p.drawText(
                QRectF(0, top, w, h - top - bottom), Qt.AlignmentFlag.AlignCenter, self.empty_text()
            )
            p.end()
            return
        area_h = h - top - bottom
        slot = (w - left * 2) / n
        k = max(1, len(self.series))
        bar_w = max(2.0, slot * 0.8 / k)
        p.setPen(GRID)
        p.drawLine(int(left), int(top + area_h), int(w - left), int(top + area_h))
        small = QFont(font)
        small.setPointSizeF(max(6.0, font.pointSizeF() * (0.8 if slot < 40 else 0.95)))
        p.setFont(small)
        for i, label in enumerate(self.labels):
            x0 = left + i * slot + slot * 0.1
            for j, s in enumerate(self.series):
                value = s[i] if i < len(s) else None
                bh = 0.0 if value is None else area_h * float(value) / top_value
                rect = QRectF(x0 + j * bar_w, top + area_h - bh, bar_w - 1, bh)
                p.fillRect(rect, BAR if j == 0 else BAR_ALT)
                if slot >= 22 and value is not None:
                    p.setPen(TEXT)
                    p.drawText(
                        QRectF(rect.x() - 10, rect.y() - 16, bar_w + 20, 14),
                        Qt.AlignmentFlag.AlignHCenter,
                        _fmt(value),
                    )
            p.setPen(TEXT)
            if slot >= 14 or i % max(1, int(14 / max(slot, 1))) == 0:
                p.drawText(
                    QRectF(left + i * slot, top + area_h + 2, slot, bottom - 2),
                    Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
                    label,
                )
        p.end()

    def empty_text(self) -> str:
        return QCoreApplication.translate("StatsWindow", "No data in this period")


class HeatMap(QWidget):
    """A grid of counts (rows x columns), darker for more, with the count in each cell."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.rows: list[str] = []
        self.cols: list[str] = []
        self.values: list[list[int]] = []
        self.setMinimumHeight(240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(
        self, rows: Sequence[str], cols: Sequence[str], values: Sequence[Sequence[int]]
    ) -> None:
        self.rows, self.cols = list(rows), list(cols)
        self.values = [list(r) for r in values]
        self.update()

    def color(self, value: int) -> QColor:
        top = max((v for r in self.values for v in r), default=0)
        if top <= 0 or value <= 0:
            return QColor("#f8fafc")
        t = value / top
        # From a pale to a deep red, the same hue so that it reads in grey too.
        return QColor.fromHsvF(0.0, 0.08 + 0.82 * t, 1.0 - 0.45 * t)

    def paintEvent(self, _event: QPaintEvent) -> None:  # Qt name
        p = QPainter(self)
        w, h = self.width(), self.height()
        p.setPen(TEXT)
        p.drawText(QRectF(0, 0, w, 22), Qt.AlignmentFlag.AlignLeft, self.title)
        if not self.rows or not self.cols:
            p.end()
            return
        left, top = 46.0, 44.0
        cw = (w - left - 4) / len(self.cols)
        ch = (h - top - 4) / len(self.rows)
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, self.font().pointSizeF() * (0.75 if cw < 30 else 0.9)))
        p.setFont(small)
        for j, col in enumerate(self.cols):
            p.drawText(QRectF(left + j * cw, 24, cw, 18), Qt.AlignmentFlag.AlignCenter, col)
        for i, row in enumerate(self.rows):
            p.setPen(TEXT)
            p.drawText(
                QRectF(0, top + i * ch, left - 4, ch),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                row,
            )
            for j in range(len(self.cols)):
                value = self.values[i][j] if i < len(self.values) and j < len(self.values[i]) else 0
                cell = QRectF(left + j * cw, top + i * ch, cw - 1, ch - 1)
                bg = self.color(value)
                p.fillRect(cell, bg)
                if value and cw >= 18:
                    p.setPen(QColor("white") if bg.valueF() < 0.75 else TEXT)
                    p.drawText(cell, Qt.AlignmentFlag.AlignCenter, str(value))
        p.end()


def header_text(column: str, table: StatTable | None = None) -> str:
    """Display name of a column identifier."""
    if table is not None and column in table.headers:
        return table.headers[column]
    names = {
        "metric": QCoreApplication.translate("StatsWindow", "Figure"),
        "value": QCoreApplication.translate("StatsWindow", "Value"),
        "task_code": QCoreApplication.translate("StatsWindow", "Code"),
        "task_label": QCoreApplication.translate("StatsWindow", "Task"),
        "acts": QCoreApplication.translate("StatsWindow", "Acts"),
        "day": QCoreApplication.translate("StatsWindow", "Day"),
        "hour": QCoreApplication.translate("StatsWindow", "Hour"),
        "per_day": QCoreApplication.translate("StatsWindow", "Per day"),
        "n": QCoreApplication.translate("StatsWindow", "Count"),
        "mean_min": QCoreApplication.translate("StatsWindow", "Mean (min)"),
        "median_min": QCoreApplication.translate("StatsWindow", "Median (min)"),
        "p90_min": QCoreApplication.translate("StatsWindow", "90th percentile (min)"),
        "planned_end_exceeded": QCoreApplication.translate("StatsWindow", "Planned end exceeded"),
        "exceeded_pct": QCoreApplication.translate("StatsWindow", "Exceeded (%)"),
        "never_finished": QCoreApplication.translate("StatsWindow", "Never finished"),
        "still_open": QCoreApplication.translate("StatsWindow", "Still open"),
        "no_start_time": QCoreApplication.translate("StatsWindow", "No start time"),
        "direct_to_care": QCoreApplication.translate("StatsWindow", "Direct to care"),
        "still_waiting": QCoreApplication.translate("StatsWindow", "Still waiting"),
        "left_without_care": QCoreApplication.translate("StatsWindow", "Left without care"),
        "minutes": QCoreApplication.translate("StatsWindow", "Minutes"),
        "patients": QCoreApplication.translate("StatsWindow", "Patients"),
        "still_present": QCoreApplication.translate("StatsWindow", "Still present"),
        "crossed_midnight": QCoreApplication.translate("StatsWindow", "Crossed midnight"),
        "weekday": QCoreApplication.translate("StatsWindow", "Day"),
        "total": QCoreApplication.translate("StatsWindow", "Total"),
        "destination": QCoreApplication.translate("StatsWindow", "Destination"),
        "exits": QCoreApplication.translate("StatsWindow", "Exits"),
        "mean_peak": QCoreApplication.translate("StatsWindow", "Mean peak"),
        "max_peak": QCoreApplication.translate("StatsWindow", "Highest peak"),
        # triage levels and acknowledged alarms (stats.ward)
        "level": QCoreApplication.translate("StatsWindow", "Level"),
        "label": QCoreApplication.translate("StatsWindow", "Label"),
        "target_min": QCoreApplication.translate("StatsWindow", "Target (min)"),
        "with_contact": QCoreApplication.translate("StatsWindow", "Seen by a doctor"),
        "within_target": QCoreApplication.translate("StatsWindow", "Within target"),
        "within_target_pct": QCoreApplication.translate("StatsWindow", "Within target (%)"),
        "never_seen": QCoreApplication.translate("StatsWindow", "Not seen"),
        "raised": QCoreApplication.translate("StatsWindow", "Alarms raised"),
        "acknowledged": QCoreApplication.translate("StatsWindow", "Acknowledged"),
        "ack_pct": QCoreApplication.translate("StatsWindow", "Acknowledged (%)"),
        "median_ack_min": QCoreApplication.translate(
            "StatsWindow", "Median time to acknowledge (min)"
        ),
    }
    for prefix, label in (
        ("stress_", QCoreApplication.translate("StatsWindow", "Stress")),
        ("calm_", QCoreApplication.translate("StatsWindow", "Calm")),
    ):
        if column.startswith(prefix):
            return f"{label}: {names.get(column[len(prefix) :], column[len(prefix) :])}"
    if column.startswith("h") and column[1:].isdigit():
        return f"{int(column[1:])}h"
    return names.get(column, column)


def weekday_text(key: str) -> str:
    return {
        "mon": QCoreApplication.translate("StatsWindow", "Mon"),
        "tue": QCoreApplication.translate("StatsWindow", "Tue"),
        "wed": QCoreApplication.translate("StatsWindow", "Wed"),
        "thu": QCoreApplication.translate("StatsWindow", "Thu"),
        "fri": QCoreApplication.translate("StatsWindow", "Fri"),
        "sat": QCoreApplication.translate("StatsWindow", "Sat"),
        "sun": QCoreApplication.translate("StatsWindow", "Sun"),
    }.get(key, key)


def metric_text(metric: str) -> str:
    """Display name of a figure of the summary table."""
    names = {
        "from": QCoreApplication.translate("StatsWindow", "From"), "to": QCoreApplication.translate("StatsWindow", "To"), "stays_entered": QCoreApplication.translate("StatsWindow", "Arrivals"),
        "exits": QCoreApplication.translate("StatsWindow", "Exits"), "still_present": QCoreApplication.translate("StatsWindow", "Still present"),
        "crossed_midnight": QCoreApplication.translate("StatsWindow", "Stays across midnight"), "acts": QCoreApplication.translate("StatsWindow", "Acts done"),
        "tasks_finished": QCoreApplication.translate("StatsWindow", "Tasks finished"), "tasks_never_finished": QCoreApplication.translate("StatsWindow", "Tasks never finished"),
        "tasks_still_open": QCoreApplication.translate("StatsWindow", "Tasks still open"),
        "tasks_without_start": QCoreApplication.translate("StatsWindow", "Finished tasks without a start time"),
        "waited_then_care": QCoreApplication.translate("StatsWindow", "Waited, then reached care"), "direct_to_care": QCoreApplication.translate("StatsWindow", "Direct to care"),
        "still_waiting": QCoreApplication.translate("StatsWindow", "Still waiting"), "left_without_care": QCoreApplication.translate("StatsWindow", "Left without care"),
        "stress_threshold": QCoreApplication.translate("StatsWindow", "Stress threshold (patients)"),
        "stress_hours": QCoreApplication.translate("StatsWindow", "Hours of stress"), "hours_in_period": QCoreApplication.translate("StatsWindow", "Hours in the period"),
    }  # fmt: skip
    return names.get(metric, metric)


def cell_words(table: StatTable, column: str, value: object) -> object:
    """A cell in the interface language where it holds words (a weekday, the summary's
    figure names); any other value as it is. The window's table and its CSV export."""
    if column == "weekday":
        return weekday_text(str(value))
    if table.name == "summary" and column == table.columns[0]:
        return metric_text(str(value))
    return value


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


class StatTableView(QTableWidget):
    """A read-only view of one StatTable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 0, parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(36)
        self.setMinimumHeight(160)
        self.source: StatTable | None = None

    def set_table(self, table: StatTable) -> None:
        self.source = table
        self.clear()
        self.setColumnCount(len(table.columns))
        self.setRowCount(len(table.rows))
        self.setHorizontalHeaderLabels([header_text(c, table) for c in table.columns])
        for r, row in enumerate(table.rows):
            for c, value in enumerate(row):
                text = _cell(cell_words(table, table.columns[c], value))
                item = QTableWidgetItem(text)
                if isinstance(value, int | float):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(r, c, item)
        self.resizeColumnsToContents()
        if table.note:
            self.setToolTip(plain_tip(table.note))  # names state labels: data
        self.setFixedHeight(min(480, 40 + 36 * max(1, len(table.rows))))
