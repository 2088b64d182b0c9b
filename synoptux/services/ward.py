"""The board's vigilance actions: triage level, acknowledged alarms, identity confirmed.

A mixin of `services.board.BoardService` (it uses its `_tx`, `_patient`, `_task`, `_hist`
and `_fit`): one transaction each, with its history row, refused on a read-only database.

- `set_triage(patient, code)`: a level of the scale (`niveaux_tri`), or None to clear it.
  Writes `EC_Niveau_Tri` and `EC_Tri_Trace`, and `SET_TRIAGE` in the history (the level
  before and after).
- `record_outside_triage(patients)`: a level written by a MedinTux macro (straight into
  `EC_Niveau_Tri`) goes into the history once: the row is locked, and only a level that
  still differs from `EC_Tri_Trace` is recorded (two screens never record it twice).
- `acknowledge(patient, task)`: the alarm of a late task (or, `task` None, the patient's
  late triage) is acknowledged by `who` (a responsible's code) or by the screen. The
  episode is recomputed from the rows (the same rules as the board), so an alarm that
  ended meanwhile is refused ("not_late"); one row in `synoptux_acquittements` (shared by
  every screen) and `ALARM_ACK` in the history.
- `confirm_identity(patient)`: clears the identity to check and writes `IDENTITY_OK`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, Table, select

from synoptux.db.fit import Cut
from synoptux.db.tables import Tables
from synoptux.domain import model as m
from synoptux.domain.acks import TRIAGE
from synoptux.domain.clock import Clock
from synoptux.domain.rules import overdue
from synoptux.domain.triage import find_level, level_code, triage_late_since
from synoptux.services.changes import Change
from synoptux.services.errors import ActionRefused
from synoptux.services.history import Action
from synoptux.services.snapshot import Catalogue


def triage_levels(conn: Connection, t) -> tuple[m.TriageLevel, ...]:
    rows = conn.execute(select(t.triage_levels)).mappings().all()
    return tuple(
        m.TriageLevel(
            r["NT_Code"],
            r["NT_Libelle"] or r["NT_Code"],
            r["NT_Couleur"],
            r["NT_Delai_mn"],
            r["NT_Ordre"] or 0,
            r["NT_Echelle"] or "",
        )
        for r in rows
    )


T = TypeVar("T")


class _Board(Protocol):
    """What WardActions uses of BoardService: the type of `self` in its methods."""

    t: Tables
    clock: Clock
    actor: str

    def _tx(self, fn: Callable[[Connection], T]) -> T: ...
    def _patient(self, conn: Connection, patient_id: int, *, lock: bool = True) -> Mapping: ...
    def _task(self, conn: Connection, task_id: int) -> Mapping: ...
    def _hist(self, conn: Connection, action: Action, **kw: Any) -> None: ...
    def _fit(self, table: Table, values: Mapping[str, object], cuts: list[Cut]) -> dict: ...
    def _warn_cuts(self, conn: Connection, cuts: list[Cut], patient: Mapping | None) -> None: ...
    def _update_patient(
        self, conn: Connection, patient_id: int, cuts: list[Cut] | None = None, **values: object
    ) -> None: ...
    def _triage_since(
        self: _Board, conn: Connection, p: Mapping, box_type: m.BoxType | None, now: datetime
    ) -> datetime | None: ...
    @staticmethod
    def _task_since(
        cat: Catalogue, task: Mapping, box_type: m.BoxType | None, now: datetime
    ) -> tuple[str, datetime | None]: ...


def _hhmm(value: datetime) -> str:
    return value.strftime("%H:%M")


class WardActions:
    """Mixed into BoardService (see the module docstring)."""

    # -- triage ------------------------------------------------------------------------------
    def set_triage(self: _Board, patient_id: int, code: str | None) -> Change:
        def tx(conn: Connection) -> Change:
            p = self._patient(conn, patient_id)
            level = None
            if level_code(code) is not None:
                level = find_level(triage_levels(conn, self.t), code)
                if level is None:
                    raise ActionRefused(
                        "triage_unknown", f"Unknown triage level {code!r}.", level=code
                    )
            new = level.code if level else None
            before = p["EC_Niveau_Tri"]
            if level_code(before) == level_code(new) and level_code(
                p["EC_Tri_Trace"]
            ) == level_code(new):
                return Change(Action.SET_TRIAGE, frozenset({patient_id}))
            cuts: list[Cut] = []
            self._update_patient(conn, patient_id, cuts, EC_Niveau_Tri=new, EC_Tri_Trace=new)
            self._hist(
                conn,
                Action.SET_TRIAGE,
                patient=p,
                state_code=new,
                state_label=level.label[:100] if level else None,
                state_before=before,
                comment=new or "",
            )
            self._warn_cuts(conn, cuts, p)
            return Change(Action.SET_TRIAGE, frozenset({patient_id}))

        return self._tx(tx)

    def record_outside_triage(self: _Board, patient_ids: Iterable[int]) -> list[int]:
        """Put in the history the levels written by another program; the ids recorded."""
        wanted = sorted(set(patient_ids))
        if not wanted:
            return []

        def tx(conn: Connection) -> list[int]:
            e = self.t.encours
            rows = (
                conn.execute(select(e).where(e.c.EC_PK.in_(wanted)).with_for_update())
                .mappings()
                .all()
            )
            levels = triage_levels(conn, self.t)
            done: list[int] = []
            for p in rows:
                code = level_code(p["EC_Niveau_Tri"])
                if code == level_code(p["EC_Tri_Trace"]):
                    continue  # another screen recorded it first
                level = find_level(levels, code)
                stored = p["EC_Niveau_Tri"] if code else None
                conn.execute(e.update().where(e.c.EC_PK == p["EC_PK"]).values(EC_Tri_Trace=stored))
                self._hist(
                    conn,
                    Action.SET_TRIAGE,
                    patient=p,
                    state_code=stored,
                    state_label=level.label[:100] if level else None,
                    state_before=p["EC_Tri_Trace"],
                    comment=(stored or "") + " (written by another program)",
                )
                done.append(p["EC_PK"])
            return done

        return self._tx(tx)

    # -- acknowledged alarms -----------------------------------------------------------------
    def acknowledge(
        self: _Board, patient_id: int, task_id: int | None, who: str | None = None
    ) -> Change:
        """Acknowledge the current alarm of task `task_id` (None: the patient's triage)
        on behalf of responsible `who` (None: this screen)."""

        def tx(conn: Connection) -> Change:
            p = self._patient(conn, patient_id, lock=False)
            now = self.clock.now()
            cat = Catalogue(conn, self.t)
            resp = cat.responsible(who) if who else None
            if who and resp is None:
                raise ActionRefused("responsible_unknown", f"Unknown responsible {who!r}.")
            by = resp.name if resp else self.actor
            box = conn.execute(
                select(self.t.box.c.BO_Type).where(self.t.box.c.BO_Code == p["EC_CodeBox"])
            ).scalar()
            box_type = m.BoxType.parse(box)
            if task_id is None:
                kind, since, task = TRIAGE, self._triage_since(conn, p, box_type, now), None
            else:
                task = self._task(conn, task_id)
                if task["EN_PK_encours"] != patient_id:
                    raise ActionRefused("task_gone", "This task no longer exists.", task=task_id)
                kind, since = self._task_since(cat, task, box_type, now)
            if since is None:
                raise ActionRefused("not_late", "This alarm has ended: nothing to acknowledge.")
            tdef = cat.task_by_code.get((task or {}).get("EN_Code_tache") or "")
            values = self._fit(
                self.t.acks,
                {
                    "AQ_NumEncours": patient_id,
                    "AQ_Num_tache": task_id,
                    "AQ_Type": kind,
                    "AQ_Depuis": since,
                    "AQ_Date": now,
                    "AQ_Par": by,
                    "AQ_Code_resp": resp.code if resp else None,
                    "AQ_Poste": self.actor,
                    "AQ_Code_tache": task["EN_Code_tache"] if task else None,
                },
                [],
            )
            conn.execute(self.t.acks.insert().values(**values))
            self._hist(
                conn,
                Action.ALARM_ACK,
                patient=p,
                task_code=task["EN_Code_tache"] if task else None,
                task_label=(tdef.label if tdef else (task or {}).get("EN_Code_tache")),
                task_id=task_id,
                state_code=kind,
                comment=f"{by} ({kind}, late since {_hhmm(since)})",
            )
            return Change(Action.ALARM_ACK, frozenset({patient_id}))

        return self._tx(tx)

    def _triage_since(
        self: _Board, conn: Connection, p: Mapping, box_type: m.BoxType | None, now: datetime
    ) -> datetime | None:
        level = find_level(triage_levels(conn, self.t), p["EC_Niveau_Tri"])
        return triage_late_since(
            level=level,
            entered_at=p["EC_HeureEntree"],
            has_responsible=bool(p["EC_Medecin"]),
            box_type=box_type,
            now=now,
        )

    @staticmethod
    def _task_since(
        cat: Catalogue, task: Mapping, box_type: m.BoxType | None, now: datetime
    ) -> tuple[str, datetime | None]:
        code = (task["EN_Code_tache"] or "").strip()
        tdef = cat.task_by_code.get(code)
        state = cat.state(task["EN_Etat_en_cours"], code)
        kind, since = overdue(
            now=now,
            box_type=box_type,
            finished=bool(state and state.ends_task) or task["EN_HeureFin"] is not None,
            planned_start=task["EN_HeureDebPrevue"],
            planned_end=task["EN_HeureFinPrevue"],
            started_at=task["EN_HeureDebut"],
            ended_at=task["EN_HeureFin"],
            max_minutes=tdef.max_minutes if tdef else None,
        )
        return (kind.value if kind else ""), since

    # -- identity ----------------------------------------------------------------------------
    def confirm_identity(self: _Board, patient_id: int) -> Change:
        def tx(conn: Connection) -> Change:
            p = self._patient(conn, patient_id)
            if not p["EC_Identite_A_Verifier"]:
                return Change(Action.IDENTITY_OK, frozenset({patient_id}))
            self._update_patient(conn, patient_id, EC_Identite_A_Verifier=None)
            self._hist(
                conn,
                Action.IDENTITY_OK,
                patient=p,
                comment=f"identity confirmed (the entry file said {p['EC_Identite_A_Verifier']})",
            )
            return Change(Action.IDENTITY_OK, frozenset({patient_id}))

        return self._tx(tx)
