"""The rules of an entry that decide what is stored and say why (docs/live-feeds.md): the
box it goes to, the responsible's code, the triage level, a task's defaults from the
catalogue, text cut to its column. Each reads what it needs and writes nothing: the
warnings it appends are what `services.entries.EntryService` reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from sqlalchemy import Connection, RowMapping, Table, select

from synoptux.db.fit import column_width, fit_row
from synoptux.db.tables import Tables
from synoptux.domain import model as m
from synoptux.domain.codes import find_code, same_code
from synoptux.domain.triage import find_level, level_code
from synoptux.services.entries_types import NewEntry, NewTask
from synoptux.speech import translate

# The entry-file key each column comes from, for the warnings a nurse or an admin reads.
KEY_OF_COLUMN = {
    "EC_NomPatient": "Nom_Patient",
    "EC_PrenomPatient": "Prenom_Patient",
    "EC_Medecin": "Code_Responsable",
    "EC_GUIDPatient": "GUID_Patient",
    "EC_Commentaire": "Commentaire",
    "EC_ProgAnnexe": "Programme_Annexe",
    "EC_ArgsAnnexe": "Arguments_Annexe",
    "EN_Code_tache": "Code_Tache",
    "EN_Note_tache": "Note",
    "EN_NomFicNote": "Nom_Fichier_Note",
    "EN_NomProgNote": "Nom_Lecteur_Note",
    "EN_Priorite": "Priorite",
    "EN_PrimKey_blob": "PrimKey_Blob",
    "EC_Niveau_Tri": "Niveau_Tri",
}


def fit_reported(table: Table, values: dict, warnings: list[str], where: str = "") -> dict:
    """`values` cut to their columns; each cut is reported."""
    row, cuts = fit_row(table, values)
    for cut in cuts:
        key = KEY_OF_COLUMN.get(cut.column, cut.column)
        said = (  # cut.describe()'s words, in the interface language
            translate("Ingest", "{key} ({column}: {length} characters cut to {width})")
            if cut.width
            else translate("Ingest", "{key} ({column}: number out of range, not stored)")
        )
        warnings.append(
            where + said.format(key=key, column=cut.column, length=cut.length, width=cut.width)
        )
    return row


def entry_text(value: str | None) -> str | None:
    """A text of the entry, trimmed; None when empty."""
    value = (value or "").strip()
    return value or None


def choose_box(
    conn: Connection, t: Tables, wanted: str | None, default_box: str, warnings: list[str]
) -> tuple[str, RowMapping | None]:
    """The code of the box a new patient goes to and its row (None: not in the box list,
    the board shows a stand-in box). An unknown box means the default one; capacity
    never refuses an arrival: both are said."""
    boxes = {r["BO_Code"]: r for r in conn.execute(select(t.box)).mappings().all()}
    box = None
    if wanted:
        code = find_code(wanted, boxes)
        box = boxes[code] if code is not None else None
        if box is None:
            warnings.append(
                translate(
                    "Ingest",
                    "unknown box {wanted!r}: patient placed in the default box {box!r}",
                ).format(wanted=wanted, box=default_box)
            )
    if box is None:
        code = find_code(default_box, boxes)
        box = boxes[code] if code is not None else None
        if box is None:
            warnings.append(
                translate(
                    "Ingest",
                    "the default box {box!r} does not exist either: "
                    "the board shows the patient in a marked stand-in box",
                ).format(box=default_box)
            )
    code = box["BO_Code"] if box is not None else default_box
    if box is not None:
        capacity = max(box["BO_Nb_Maxi_Pat"] or 1, 1)
        present = sum(
            1
            for other in conn.execute(select(t.encours.c.EC_CodeBox)).scalars()
            if same_code(other, code)
        )
        if present >= capacity:
            warnings.append(
                translate(
                    "Ingest",
                    "box {box} is over capacity ({count}/{capacity}): the "
                    "patient is placed anyway, an arrival is never refused",
                ).format(box=code, count=present + 1, capacity=capacity)
            )
    return code, box


def responsible_code(conn: Connection, t: Tables, written: str, warnings: list[str]) -> str:
    """A responsible's code by the code rule (stored in the table's spelling), or a
    MedinTux user GUID exactly (what the macro writes); unknown: kept as written, said."""
    rows = conn.execute(select(t.responsables.c.RE_Code, t.responsables.c.RE_GUID)).all()
    code = find_code(written, [r.RE_Code for r in rows])
    if code is not None:
        return code
    if not any((r.RE_GUID or "").strip() == written for r in rows):
        warnings.append(
            translate(
                "Ingest",
                "unknown responsible {written!r}: kept as written, the card shows it marked",
            ).format(written=written)
        )
    return written


def triage_code(conn: Connection, t: Tables, entry: NewEntry, warnings: list[str]) -> str | None:
    """The level to store for `Niveau_Tri`: the scale's spelling, or (unknown) the code as
    written, with a warning; None when the file gives none."""
    code = level_code(entry.triage)
    if code is None:
        return None
    rows = conn.execute(select(t.triage_levels)).mappings().all()
    levels = tuple(m.TriageLevel(r["NT_Code"], r["NT_Libelle"] or "") for r in rows)
    level = find_level(levels, code)
    if level is None:
        warnings.append(
            translate(
                "Ingest",
                "unknown triage level Niveau_Tri={written!r}: kept as written, "
                "the board shows it marked",
            ).format(written=(entry.triage or "").strip())
        )
        return code
    return level.code


def task_values(
    t: Tables,
    patient_id: int,
    task: NewTask,
    catalogue: Mapping[str, Mapping],
    warnings: list[str],
    where: str,
) -> tuple[dict, Mapping | None]:
    """The row of a new task (not yet cut to its columns) and its catalogue row (None: an
    unknown code, kept as written): the catalogue's defaults where the entry gives none."""
    written = task.code.strip()
    known = find_code(written, catalogue)
    tdef = catalogue[known] if known is not None else None
    if tdef is None:
        warnings.append(
            where
            + translate(
                "Ingest",
                "unknown task code {written!r}: kept as written, the board shows it marked",
            ).format(written=written)
        )
    code = known or written
    priority = task.priority
    if priority is None and tdef is not None:
        priority = tdef["TA_Priorite"]
    comment = entry_text(task.comment)
    if comment is None and tdef is not None:
        comment = entry_text(tdef["TA_Commentaire"])
    note = entry_text(task.note)
    button = column_width(t.encours_taches, "EN_Comment") or 200
    if comment is not None and len(comment) > button:
        warnings.append(
            where
            + translate(
                "Ingest",
                "comment longer than {n} characters: the button shows "
                "the start, the note keeps the whole text",
            ).format(n=button)
        )
        note = comment if note is None else f"{comment}\n{note}"
        comment = comment[: button - 1] + "…"
    planned_end = task.planned_end
    max_minutes = tdef["TA_Duree_maxi"] if tdef is not None else None
    if planned_end is None and task.planned_start is not None and max_minutes:
        try:
            planned_end = task.planned_start + timedelta(minutes=max_minutes)
        except OverflowError:  # 9999-12-31 23:59 + the duration: past the last date
            warnings.append(
                where
                + translate(
                    "Ingest",
                    "planned end not computed: {start:%Y-%m-%d %H:%M} + "
                    "{minutes} min is past the last date a database can hold",
                ).format(start=task.planned_start, minutes=max_minutes)
            )
    return {
        "EN_PK_encours": patient_id,
        "EN_Code_tache": code,
        "EN_Comment": comment,
        "EN_Note_tache": note,
        "EN_HeureDebPrevue": task.planned_start,
        "EN_HeureFinPrevue": planned_end,
        "EN_Priorite": priority,
        "EN_PrimKey_blob": task.blob,
        "EN_NomFicNote": entry_text(task.note_file),
        "EN_NomProgNote": entry_text(task.note_program),
    }, tdef
