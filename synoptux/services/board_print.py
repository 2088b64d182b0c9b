"""The downtime copy's document: the whole board as one self-contained HTML page.

Read with nothing but a browser (no script, no file beside it, no network: its own
Content-Security-Policy forbids them), and the source of the PDF (`ui/board_pdf.py` lays
the same HTML out with Qt's rich-text engine, which reads tables, inline styles and
`bgcolor`: so only those are used). Every piece of data is escaped: a name that looks like
HTML prints as typed. The header says when the copy was taken and when its data was read.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from synoptux.services.board_view import present_board
from synoptux.shipped import said
from synoptux.speech import QT_TRANSLATE_NOOP

CONTEXT = "BoardCopy"
# The copy's own words in English, each marked for lupdate; said in the copy's language from
# synoptux_fr.ts (shipped.said).
TITLES: dict[str, str] = {
    "title": QT_TRANSLATE_NOOP("BoardCopy", "Emergency board — downtime copy"),
    "taken": QT_TRANSLATE_NOOP("BoardCopy", "Copy taken on {date} at {time}"),
    "read": QT_TRANSLATE_NOOP("BoardCopy", "data read at {0}"),
    "patients": QT_TRANSLATE_NOOP("BoardCopy", "{0} patient(s)"),
    "patient": QT_TRANSLATE_NOOP("BoardCopy", "Patient"),
    "resp": QT_TRANSLATE_NOOP("BoardCopy", "Responsible"),
    "times": QT_TRANSLATE_NOOP("BoardCopy", "Entry"),
    "comment": QT_TRANSLATE_NOOP("BoardCopy", "Comment"),
    "tasks": QT_TRANSLATE_NOOP("BoardCopy", "Tasks"),
    "box": QT_TRANSLATE_NOOP("BoardCopy", "Box"),
    "task": QT_TRANSLATE_NOOP("BoardCopy", "Task"),
    "late": QT_TRANSLATE_NOOP("BoardCopy", "Late"),
    "since": QT_TRANSLATE_NOOP("BoardCopy", "Since"),
    "note": QT_TRANSLATE_NOOP(
        "BoardCopy",
        "Downtime copy: it no longer changes. The live board is the reference as soon as the "
        "database is back.",
    ),
}

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #111827;
       margin: 12px; }
h1 { font-size: 16pt; margin: 0 0 4px 0; }
h2 { font-size: 12pt; margin: 12px 0 4px 0; padding: 3px 6px; }
p.meta { margin: 0 0 8px 0; }
table { border-collapse: collapse; width: 100%; margin-bottom: 6px; }
th { text-align: left; background: #f3f4f6; }
td, th { border: 1px solid #9ca3af; padding: 3px 5px; vertical-align: top; }
span.chip { padding: 1px 4px; white-space: nowrap; }
span.late { color: #b91c1c; font-weight: bold; }
@media print { h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } }
"""


def _e(text: object) -> str:
    return escape(str(text or ""), quote=True)


def _chip(task: dict) -> str:
    parts = [task["label"]]
    if task["state"]:
        parts.append(task["state"])
    text = " · ".join(_e(p) for p in parts)
    if task["finished"]:
        text = "✓ " + text
    if task["marks"]:
        text = "? " + text
    late = ""
    if task["late"]:
        late = f' <span class="late" style="color:#b91c1c;font-weight:bold">⚠ {_e(task["late"])}</span>'
    style = f"background-color:{task['fill']};color:{task['ink']}"
    return f'<span class="chip" style="{style}">&nbsp;{text}&nbsp;</span>{late}'


def _patient_row(p: dict) -> str:
    name = f"<b>{_e(p['last'])}</b>" + (f" {_e(p['first'])}" if p["first"] else "")
    extras = [_e(b["text"]) for b in p["badges"]] + [_e(m["text"]) for m in p["marks"]]
    if extras:
        name += " [" + ", ".join(extras) + "]"
    resp = p["resp"]
    pill = (
        f'<span style="background-color:{resp["color"]};color:{resp["ink"]}">'
        f"&nbsp;{_e(resp['text'])}&nbsp;</span>"
    )
    times = " ".join(_e(t["text"]) for t in p["times"])
    chips = "<br>".join(_chip(t) for t in p["tasks"]) or "&nbsp;"
    return (
        f"<tr><td>{name}</td><td>{pill}</td><td>{times}</td>"
        f"<td>{_e(p['comment']) or '&nbsp;'}</td><td>{chips}</td></tr>"
    )


def board_html(board, now: datetime, taken: datetime, *, lang: str = "fr") -> str:
    """The copy of `board` (lateness at `now`), taken at `taken`, with full names."""
    view = present_board(board, now, named=True, lang=lang)
    t = said(lang, CONTEXT, TITLES)
    count = sum(len(b["patients"]) for b in view["boxes"])
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(t['title'])} — {taken:%d/%m/%Y %H:%M}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{_e(t['title'])}</h1>",
        '<p class="meta"><b>'
        + _e(t["taken"].format(date=taken.strftime("%d/%m/%Y"), time=taken.strftime("%H:%M:%S")))
        + "</b> · "
        + _e(t["read"].format(board.generated_at.strftime("%d/%m/%Y %H:%M:%S")))
        + " · "
        + _e(t["patients"].format(count))
        + "</p>",
        f"<p><i>{_e(t['note'])}</i></p>",
    ]
    if view["late"]:
        out.append(
            f'<h2 style="background-color:#fee2e2;color:#7f1d1d">{_e(view["late_title"])}</h2>'
        )
        out.append(
            '<table border="1" cellspacing="0" cellpadding="3" width="100%"><tr>'
            + "".join(f"<th>{_e(t[k])}</th>" for k in ("box", "patient", "task", "late", "since"))
            + "</tr>"
        )
        for item in view["late"]:
            out.append(
                f"<tr><td>{_e(item['box'])}</td><td><b>{_e(item['patient'])}</b></td>"
                f"<td>{_e(item['task'])}</td>"
                f'<td><span class="late" style="color:#b91c1c;font-weight:bold">'
                f"⚠ {_e(item['text'])}</span></td><td>{_e(item['since'])}</td></tr>"
            )
        out.append("</table>")
    for box in view["boxes"]:
        bg = box["bg"] or "#e5e7eb"
        ink = box["title"] or "#111827"
        over = " ⚠" if box["over"] else ""
        out.append(
            f'<h2 style="background-color:{bg};color:{ink};border-left:6px solid {ink}">'
            f"{_e(box['code'])} — {_e(box['label'])} ({box['count']}/{box['capacity']}{over})"
            "</h2>"
        )
        if not box["patients"]:
            continue
        out.append(
            '<table border="1" cellspacing="0" cellpadding="3" width="100%"><tr>'
            f'<th width="20%">{_e(t["patient"])}</th><th width="14%">{_e(t["resp"])}</th>'
            f'<th width="9%">{_e(t["times"])}</th><th width="17%">{_e(t["comment"])}</th>'
            f'<th width="40%">{_e(t["tasks"])}</th></tr>'
        )
        out += [_patient_row(p) for p in box["patients"]]
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)
