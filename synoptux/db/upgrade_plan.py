"""What `synoptux upgrade` would do to a database: the plan printed by `--dry-run` and
followed by `upgrade` (read-only: inspection of information_schema and the meta table)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import bindparam, text

from synoptux.db import upgrade_steps as s
from synoptux.db.backup import database_name, primary_key
from synoptux.db.engine import Database
from synoptux.db.schema import SCHEMA_VERSION
from synoptux.db.tables import LEGACY_BASES
from synoptux.speech import QT_TRANSLATE_NOOP, translate

LEGACY = LEGACY_BASES

# The steps as the meta table records them ('convert:<table>' apart), as they are said.
STEPS = {
    "backup": QT_TRANSLATE_NOOP("Upgrade", "backup"),
    "renumber": QT_TRANSLATE_NOOP("Upgrade", "renumbering"),
    "task_key": QT_TRANSLATE_NOOP("Upgrade", "task key"),
    "schema": QT_TRANSLATE_NOOP("Upgrade", "schema"),
    "done": QT_TRANSLATE_NOOP("Upgrade", "done"),
}


def step_said(step: str | None) -> str:
    """A recorded step's name in the interface language."""
    if step and step.startswith("convert:"):
        return translate("Upgrade", "conversion of {table}").format(table=step[len("convert:") :])
    return translate("Upgrade", STEPS[step]) if step in STEPS else str(step)


@dataclass
class Plan:
    database: str
    prefix: str
    states: dict[str, s.TableState]
    missing_legacy: list[str]
    repeated: int
    task_key: bool
    convert: list[str]
    collisions: dict[str, list[str]]
    delta: s.SchemaDelta
    double: list[str]
    state: str | None = None
    step: str | None = None
    backup: str | None = None

    @property
    def needed(self) -> bool:
        d = self.delta
        return bool(
            self.repeated
            or self.task_key
            or self.convert
            or d.tables
            or d.columns
            or d.indexes
            or d.triggers
            or [c for c in d.changes if not c.blocked]
            or d.version != SCHEMA_VERSION
            or self.unfinished
        )

    @property
    def unfinished(self) -> bool:
        return self.state in ("running", "verify-failed")

    @property
    def triggers_only(self) -> bool:
        """Only change triggers are missing (no TRIGGER privilege last time): no data work."""
        d = self.delta
        return bool(d.triggers) and not (
            self.repeated
            or self.task_key
            or self.convert
            or d.tables
            or d.columns
            or d.indexes
            or any(not c.blocked for c in d.changes)
            or d.version != SCHEMA_VERSION
            or self.unfinished
        )

    def lines(self, backup_dir: Path) -> list[str]:
        """The plan, line by line, in the interface language (synoptux.speech)."""
        none = translate("Upgrade", "none")
        out = [
            translate("Upgrade", "database {database}, table prefix {prefix}").format(
                database=self.database, prefix=repr(self.prefix)
            )
        ]
        for name, st in self.states.items():
            out.append(
                "  "
                + translate("Upgrade", "{table}: {rows} rows, {kind}").format(
                    table=name, rows=st.rows, kind=st.describe()
                )
            )
        if self.unfinished:
            out.append(
                (
                    translate(
                        "Upgrade",
                        "an upgrade failed its verification after step '{step}': it will "
                        "resume, backup {backup}",
                    )
                    if self.state == "verify-failed"
                    else translate(
                        "Upgrade",
                        "an upgrade was interrupted after step '{step}': it will resume, "
                        "backup {backup}",
                    )
                ).format(step=step_said(self.step), backup=self.backup)
            )
        if not self.needed:
            out.append(
                translate(
                    "Upgrade",
                    "nothing to do: schema version {version}, InnoDB/utf8mb4, change triggers "
                    "present",
                ).format(version=SCHEMA_VERSION)
            )
            return out
        if not self.unfinished:
            out.append(
                translate(
                    "Upgrade", "1. backup: SQL dump of {count} tables ({rows} rows) into {folder}"
                ).format(
                    count=len(self.states),
                    rows=sum(st.rows for st in self.states.values()),
                    folder=backup_dir,
                )
            )
        if self.repeated:
            out.append(
                translate(
                    "Upgrade",
                    "2. renumber {count} tasks whose EN_Num_tache repeats (new numbers above "
                    "the maximum)",
                ).format(count=self.repeated)
            )
        if self.task_key:
            out.append(
                translate(
                    "Upgrade",
                    "3. encours_taches key: (EN_PK_encours, EN_Num_tache) -> (EN_Num_tache) "
                    "AUTO_INCREMENT",
                )
            )
        for name in self.convert:
            out.append(
                translate("Upgrade", "4. convert {table}: {kind} -> InnoDB/utf8mb4").format(
                    table=name, kind=self.states[name].describe()
                )
            )
        d = self.delta
        out.append(
            translate(
                "Upgrade",
                "5. schema: tables to create: {tables}; columns to add: {columns}; indexes: "
                "{indexes}; change triggers: {triggers}; version {version} -> {target}",
            ).format(
                tables=", ".join(d.tables) or none,
                columns=", ".join(d.columns) or none,
                indexes=len(d.indexes),
                triggers=d.triggers,
                version=none if d.version is None else d.version,  # None: a 2.x database
                target=SCHEMA_VERSION,
            )
        )
        if d.changes:
            out.append(
                "   "
                + translate(
                    "Upgrade",
                    "columns brought to the fresh schema's type and width ({count}; none is "
                    "narrowed):",
                ).format(count=len(d.changes))
            )
            out += [f"     {c.describe()}" for c in d.changes]
        out.append(translate("Upgrade", "6. verify row counts and contents against the backup"))
        for name, keys in self.collisions.items():
            out.append(
                translate(
                    "Upgrade",
                    "BLOCKED {table}: keys equal once accents/case are ignored: {keys} (rename "
                    "them first)",
                ).format(table=name, keys=", ".join(keys[:10]))
            )
        out += self.double
        return out


def make_plan(db: Database) -> Plan:
    t = db.tables
    from synoptux.db.findings import double_encoded_lines

    with db.engine.connect() as conn:
        states = s.site_tables(conn, t)
        missing = [t.name(b) for b in LEGACY if t.name(b) not in states]
        et = states.get(t.encours_taches.name)
        repeated = len(s.repeated_task_numbers(conn, et.name)) if et else 0
        plan = Plan(
            database=database_name(db.engine),
            prefix=t.prefix,
            states=states,
            missing_legacy=missing,
            repeated=repeated,
            task_key=bool(et and not s.task_key_done(et)),
            convert=[n for n, st in states.items() if st.needs_conversion],
            collisions={n: c for n, st in states.items() if (c := s.key_collisions(conn, st))},
            delta=s.schema_delta(conn, t),
            double=double_encoded_lines(conn, t, tr=lambda text: translate("Settings", text)),
            state=s.get_meta(conn, t, "upgrade_state"),
            step=s.get_meta(conn, t, "upgrade_step"),
            backup=s.get_meta(conn, t, "upgrade_backup"),
        )
    return plan


def upgrade_required(db: Database) -> str | None:
    """Why this database must go through `synoptux upgrade` before a board writes to it, or
    None. Cheap (information_schema only): meant for start-up of the board, ingest and stats.

    On a 2.x MyISAM table keyed (EN_PK_encours, EN_Num_tache), a task written by the new
    board gets a number another patient's task already has, and an action on one task would
    touch both: the board must refuse to write there."""
    if db.dialect not in ("mysql", "mariadb"):
        return None
    t = db.tables
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES "
                "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN :names"
            ).bindparams(bindparam("names", expanding=True)),
            {"names": [t.name(b) for b in LEGACY]},
        ).all()
        if not rows:
            return None
        pk = primary_key(conn, t.encours_taches.name)
        state = s.get_meta(conn, t, "upgrade_state")
    if state in ("running", "verify-failed"):
        return (
            "an upgrade of this database did not finish: run 'synoptux upgrade' again "
            "(or 'synoptux upgrade --restore')."
        )
    old = sorted(name for name, engine in rows if (engine or "").lower() != "innodb")
    if pk and [c.lower() for c in pk] != ["en_num_tache"]:
        return (
            f"{t.encours_taches.name} still has the 2.x key ({', '.join(pk)}): task numbers "
            "repeat across patients. Run 'synoptux upgrade' first."
        )
    if old:
        return f"tables still in the 2.x format ({', '.join(old)}): run 'synoptux upgrade' first."
    return None
