"""`synoptux upgrade`: adopt a live Synoptux 2.x MySQL database in place, losing no row.

Order of the work (each step checks the database first and is skipped when
done, and is recorded as `upgrade_step` in the meta table, so an upgrade killed
at any point finishes when run again):

1. backup   SQL dump file of every table the upgrade touches (see `backup.py`);
            the row count and an order-independent digest of every legacy table
            are recorded with it (`upgrade_fingerprint`)
2. renumber repeated `EN_Num_tache` get new numbers above the maximum (nothing
            references them); the old -> new list is kept next to the backup
3. task_key `encours_taches` key becomes (`EN_Num_tache`) AUTO_INCREMENT
4. convert  every table to InnoDB, utf8mb4 (`ALTER ... CONVERT TO CHARACTER SET`,
            strict mode: a value that does not convert stops the upgrade)
5. schema   `ensure_schema`: new columns, tables, indexes, change triggers, version
6. verify   row counts and digests equal to those taken at backup time

`--restore` first dumps the current state (label `before-restore`), then puts the
backup back (tables dropped and recreated as they were, tables created by the
upgrade dropped). On SQLite there is no 2.x to adopt: `upgrade` runs
`ensure_schema` and says so.

Before anything changes, the plan (`upgrade_plan.py`, printed by `--dry-run`)
refuses keys that would collide under utf8mb4_unicode_ci (latin1_swedish_ci tells
'BU' from 'BÜ', the new collation does not) and reports values that look
double-encoded (UTF-8 bytes in latin1 columns): they are kept byte for byte, as
2.x showed them. One upgrade or restore runs at a time (a server named lock; on a Galera cluster also a
lock row, and MyISAM tables are copied rather than altered: `upgrade_galera.py`).
Boards and ingest should call `upgrade_plan.upgrade_required(db)` at start-up and
refuse to write to a database that still has the 2.x task key.

This module prints nothing: every step reports through the caller's `out`. The command
itself (arguments, messages, exit status) is `synoptux/cli_upgrade.py`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from synoptux.db import upgrade_galera as g
from synoptux.db import upgrade_steps as s
from synoptux.db.backup import (
    Fingerprint,
    database_name,
    fingerprint,
    latest_backup,
    read_info,
    restore_backup,
    write_backup,
)
from synoptux.db.engine import UPGRADE, Database, make_engine
from synoptux.db.failover import split_hosts
from synoptux.db.galera import is_galera, shape_problems
from synoptux.db.schema import ensure_schema, triggers_said
from synoptux.db.upgrade_plan import LEGACY, make_plan, step_said
from synoptux.speech import translate

Out = Callable[[str], None]


def said_settings(text: str) -> str:
    """A data finding's template (context "Settings", db/findings.py) in the interface
    language."""
    return translate("Settings", text)


def none_said() -> str:
    """'none' in an empty list of names, in the interface language."""
    return translate("Upgrade", "none")


class UpgradeError(RuntimeError):
    """The upgrade cannot go on; the message says why and what to do."""


class UpgradeInterrupted(RuntimeError):
    """Raised by the `stop_after` test hook: the process 'dies' after a step."""


@dataclass
class UpgradeResult:
    backup: Path | None = None
    renumbered: int = 0
    converted: list[str] = field(default_factory=list)
    triggers: str = ""
    counts: dict[str, int] = field(default_factory=dict)


@contextmanager
def exclusive(db: Database) -> Iterator[None]:
    """One upgrade or restore at a time per database and prefix (a server-side named lock,
    released by the server even when the process is killed; on a Galera cluster, where
    that lock is the node's own, also a replicated lock row naming its holder)."""
    name = f"synoptux_upgrade:{database_name(db.engine)[:40]}:{db.tables.prefix}"
    conn = db.engine.connect()
    try:
        if conn.execute(text("SELECT GET_LOCK(:n, 0)"), {"n": name}).scalar() != 1:
            raise UpgradeError(
                translate(
                    "Upgrade",
                    "another 'synoptux upgrade' is working on this database; wait for it to finish",
                )
            )
        try:
            if is_galera(conn):
                try:
                    with g.cluster_lock(db.engine, conn, db.tables, name):
                        yield
                except g.ClusterRefusal as exc:
                    raise UpgradeError(str(exc)) from None
            else:
                yield
        finally:
            conn.execute(text("SELECT RELEASE_LOCK(:n)"), {"n": name})
    finally:
        conn.close()


def upgrade(
    db: Database, backup_dir: Path, *, out: Out, stop_after: str | None = None
) -> UpgradeResult:
    """Run (or resume) the upgrade; raise UpgradeError when it cannot finish."""
    with exclusive(db):
        return _upgrade(db, backup_dir, out, stop_after)


def _upgrade(db: Database, backup_dir: Path, out: Out, stop_after: str | None) -> UpgradeResult:
    t, eng = db.tables, db.engine
    plan = make_plan(db)
    if len(plan.missing_legacy) == len(LEGACY):
        with eng.connect() as conn:
            seen = s.other_prefixes(conn)
        raise UpgradeError(
            translate(
                "Upgrade",
                "no Synoptux tables with prefix {prefix} in {database} (tables found: "
                "{tables}); check --prefix",
            ).format(
                prefix=repr(t.prefix), database=plan.database, tables=", ".join(seen) or none_said()
            )
        )
    if plan.collisions:
        raise UpgradeError(
            translate("Upgrade", "{tables} (rename them, then run again)").format(
                tables="; ".join(
                    translate(
                        "Upgrade", "{table}: keys equal once accents/case are ignored: {keys}"
                    ).format(table=name, keys=", ".join(keys[:10]))
                    for name, keys in plan.collisions.items()
                )
            )
        )
    result = UpgradeResult()
    if not plan.needed:
        out(plan.lines(backup_dir)[-1])
        return result
    with eng.connect() as conn:
        galera = is_galera(conn)
        if galera:
            strict = g.strict_mode_problem(conn, list(plan.states))
            if strict:
                raise UpgradeError(strict)
            problems = g.foreign_rows(eng, conn, list(plan.states))
            if problems:
                raise UpgradeError("; ".join(problems))

    def checkpoint(step: str) -> None:
        s.set_meta(eng, t, {"upgrade_step": step})
        out(translate("Upgrade", "step {step}: done").format(step=step_said(step)))
        if stop_after == step:
            raise UpgradeInterrupted(step)

    if plan.triggers_only:
        report = ensure_schema(db)
        result.triggers = report.triggers
        out(
            translate(
                "Upgrade", "only the change triggers were missing: {triggers} (no data changed)"
            ).format(triggers=triggers_said(report.triggers))
        )
        return result
    if plan.unfinished and plan.backup and Path(plan.backup).exists():
        result.backup = Path(plan.backup)
        out(
            translate(
                "Upgrade", "resuming the upgrade interrupted after step '{step}' (backup {backup})"
            ).format(step=step_said(plan.step), backup=plan.backup)
        )
    else:
        if plan.unfinished:
            out(
                translate(
                    "Upgrade",
                    "warning: the backup of the interrupted upgrade ({backup}) is missing; "
                    "a new backup of the current state is taken",
                ).format(backup=plan.backup)
            )
        for name in plan.missing_legacy:
            out(
                translate("Upgrade", "note: {table} does not exist yet; it will be created").format(
                    table=name
                )
            )
        fp_cols = {
            name: [
                c
                for c in st.columns
                if not (name == t.encours_taches.name and c.lower() == "en_num_tache")
            ]
            for name, st in plan.states.items()
            # the change log (and version 1's revision row) grow while we work
            if name not in (t.revision.name, t.changes.name)
        }
        absent = [tb.name for tb in t.all if tb.name not in plan.states]
        out(
            translate(
                "Upgrade", "backup: writing a SQL dump of {count} tables into {folder} ..."
            ).format(count=len(plan.states), folder=backup_dir)
        )
        info, prints = write_backup(
            eng,
            list(plan.states),
            backup_dir,
            prefix=t.prefix,
            absent=absent,
            fingerprint_columns=fp_cols,
        )
        result.backup = info.path
        out(
            translate(
                "Upgrade", "backup: {path} ({rows} rows; restore with 'synoptux upgrade --restore')"
            ).format(path=info.path, rows=sum(info.counts.values()))
        )
        s.set_meta(
            eng,
            t,
            {
                "upgrade_state": "running",
                "upgrade_backup": str(info.path),
                "upgrade_started": datetime.now().isoformat(timespec="seconds"),
                "upgrade_fingerprint": json.dumps({k: v.to_json() for k, v in prints.items()}),
            },
        )
        checkpoint("backup")

    et_name = t.encours_taches.name
    with eng.connect() as conn:
        s.session(conn)
        st = s.table_state(conn, et_name)
        if st is not None and not s.task_key_done(st):
            log_file = result.backup.with_suffix(".renumbered.csv") if result.backup else None
            result.renumbered = s.renumber_tasks(conn, et_name, log_file, out)
            checkpoint("renumber")
            for attempt in range(3):  # a 2.x writer may add a task between the two steps
                try:
                    s.change_task_key(conn, et_name, has_key=bool(st.primary_key))
                    break
                except (IntegrityError, OperationalError) as exc:
                    if attempt == 2 or exc.orig is None or "1062" not in str(exc.orig.args[0]):
                        raise UpgradeError(
                            translate("Upgrade", "changing the key of {table}: {error}").format(
                                table=et_name, error=exc.orig
                            )
                        ) from exc
                    result.renumbered += s.renumber_tasks(conn, et_name, log_file, out)
            out(
                "  "
                + translate("Upgrade", "{table}: key is now EN_Num_tache alone").format(
                    table=et_name
                )
            )
            checkpoint("task_key")
        for name in list(s.site_tables(conn, t)):
            if galera:
                g.drop_leftovers(conn, name)
            current = s.table_state(conn, name)
            if current is None or not current.needs_conversion:
                continue
            out(
                "  "
                + translate("Upgrade", "converting {table} ({rows} rows, {kind}) ...").format(
                    table=name, rows=current.rows, kind=current.describe()
                )
            )
            try:
                if galera and current.engine.lower() != "innodb":
                    # MyISAM rows live on this node only: copied into InnoDB (replicated)
                    g.copy_to_innodb(conn, name, s.TARGET_CHARSET, s.TARGET_COLLATION)
                else:
                    s.convert_table(conn, name)
            except DBAPIError as exc:
                raise UpgradeError(
                    translate(
                        "Upgrade",
                        "converting {table}: {error}; nothing of this table was changed (run "
                        "again after fixing, or --restore)",
                    ).format(table=name, error=exc.orig)
                ) from exc
            result.converted.append(name)
            checkpoint(f"convert:{name}")

    report = ensure_schema(db)
    result.triggers = report.triggers
    out(
        "  "
        + translate(
            "Upgrade",
            "schema version {version}; tables created: {tables}; columns added: {columns}; "
            "indexes created: {indexes}; change triggers: {triggers}",
        ).format(
            version=report.version_after,
            tables=", ".join(report.created_tables) or none_said(),
            columns=", ".join(report.added_columns) or none_said(),
            indexes=len(report.created_indexes),
            triggers=triggers_said(report.triggers),
        )
    )
    for line in report.changed_columns:
        out("  " + translate("Upgrade", "column {change}").format(change=line))
    checkpoint("schema")

    result.counts = verify(db, out)
    s.set_meta(
        eng,
        t,
        {
            "upgrade_state": "done",
            "upgrade_step": "done",
            "upgrade_finished": datetime.now().isoformat(timespec="seconds"),
        },
    )
    out(translate("Upgrade", "upgrade finished: every row is there"))
    return result


def verify(db: Database, out: Out) -> dict[str, int]:
    """Compare every legacy table with the digest taken at backup time."""
    t = db.tables
    with db.engine.connect() as conn:
        raw = s.get_meta(conn, t, "upgrade_fingerprint")
    if not raw:
        raise UpgradeError(
            translate("Upgrade", "no fingerprint recorded at backup time: cannot verify")
        )
    bad, counts = [], {}
    for table, data in json.loads(raw).items():
        before = Fingerprint.from_json(data)
        after = fingerprint(db.engine, table, before.columns, before.method)
        counts[table] = after.count
        if (after.count, after.digest) != (before.count, before.digest):
            bad.append(
                translate(
                    "Upgrade", "{table} ({before} rows before, {after} after, contents differ)"
                )
                if after.count == before.count
                else translate("Upgrade", "{table} ({before} rows before, {after} after)")
            )
            bad[-1] = bad[-1].format(table=table, before=before.count, after=after.count)
        else:
            out(
                "  "
                + translate("Upgrade", "verified {table}: {rows} rows, contents identical").format(
                    table=table, rows=after.count
                )
            )
    with db.engine.connect() as conn:
        if is_galera(conn):
            prints = {k: Fingerprint.from_json(v) for k, v in json.loads(raw).items()}
            bad += g.compare_nodes(db.engine, conn, prints)
            bad += shape_problems(conn, [tb.name for tb in t.all], said_settings)
            if not bad:
                out(
                    "  "
                    + translate(
                        "Upgrade",
                        "verified on every node of the cluster: the same rows, InnoDB, keys",
                    )
                )
    if bad:
        s.set_meta(db.engine, t, {"upgrade_state": "verify-failed"})
        raise UpgradeError(
            translate(
                "Upgrade",
                "verification failed: {problems}. Put the backup back with "
                "'synoptux upgrade --restore'",
            ).format(problems="; ".join(bad))
        )
    return counts


def restore(db: Database, backup_dir: Path, *, out: Out) -> dict[str, int]:
    """Put the last 'before-upgrade' backup of this database back."""
    with exclusive(db):
        return _restore(db, backup_dir, out)


def _restore(db: Database, backup_dir: Path, out: Out) -> dict[str, int]:
    t = db.tables
    with db.engine.connect() as conn:
        recorded = s.get_meta(conn, t, "upgrade_backup")
        states = s.site_tables(conn, t)
        meta_present = s.table_state(conn, t.meta.name) is not None
    path = (
        Path(recorded)
        if recorded and Path(recorded).exists()
        else latest_backup(backup_dir, database_name(db.engine))
    )
    if path is None:
        raise UpgradeError(
            translate(
                "Upgrade", "no backup of {database} found in {folder} (use --backup-dir)"
            ).format(database=database_name(db.engine), folder=backup_dir)
        )
    info = read_info(path)
    current = list(states) + ([t.meta.name] if meta_present else [])
    if current:
        safety, _ = write_backup(
            db.engine, current, backup_dir, prefix=t.prefix, absent=[], label="before-restore"
        )
        out(translate("Upgrade", "current state saved first: {path}").format(path=safety.path))
    out(
        translate("Upgrade", "restoring {path} (taken {taken}) ...").format(
            path=path, taken=info.created
        )
    )
    counts = restore_backup(db.engine, path)
    wrong = [
        translate("Upgrade", "{table}: {rows} rows, expected {expected}").format(
            table=k, rows=counts.get(k), expected=v
        )
        for k, v in info.counts.items()
        if counts.get(k) != v
    ]
    if wrong:
        raise UpgradeError(
            translate("Upgrade", "restore incomplete: {problems}").format(problems="; ".join(wrong))
        )
    out(
        translate(
            "Upgrade", "restored {count} tables ({rows} rows); tables dropped: {dropped}"
        ).format(
            count=len(counts),
            rows=sum(counts.values()),
            dropped=", ".join(info.absent) or none_said(),
        )
    )
    return counts


def open_for_upgrade(url: str, prefix: str) -> Database:
    """The database with long driver timeouts: the board's engine gives up reading after 10 s
    (a live screen must not freeze), but converting a large 2.x history takes minutes."""
    # On a cluster: the first server of the list only, the node 2.x wrote to (its MyISAM
    # rows are there); an upgrade does not move to another node half-way.
    u = make_url(split_hosts(url)[0])
    if u.get_backend_name() not in ("mysql", "mariadb"):
        return Database.from_url(url, prefix)
    u = u.set(query={**dict(u.query), "charset": "utf8mb4"})  # what the upgrade converts to
    engine = make_engine(u.render_as_string(hide_password=False), timeouts=UPGRADE)
    return Database(engine, prefix)
