"""The backup taken before an upgrade: a plain SQL dump file, written by us.

Why a dump file and not table copies: it leaves the database as it was (no extra
`_bak` tables for the old writers to trip over), it can be copied off the server
before the weekend switch, and it is readable by the `mysql` client as well as by
`synoptux upgrade --restore`. Why not `mysqldump`: it is not on every board PC;
this needs only the driver.

Format: a header line `-- synoptux-backup: {json}` (database, prefix, date, row
count per table, the tables that did not exist yet), then per table `DROP TABLE
IF EXISTS`, the server's own `SHOW CREATE TABLE` (engine, charset and
AUTO_INCREMENT counter included) and multi-row INSERTs. Every value is escaped by
the driver (PyMySQL `escape`); one statement per line (newlines inside values
are escaped), so the restore reads it line by line. The file is written under a
temporary name and renamed only when complete: a killed backup leaves no file
that looks whole.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from synoptux.fileperm import make_dir

HEADER = "-- synoptux-backup: "
GLOB = "synoptux-backup-*.sql"
BATCH = 200
SESSION_MODE = "NO_ENGINE_SUBSTITUTION,ALLOW_INVALID_DATES"
MOD = 2**64


@dataclass
class BackupInfo:
    path: Path
    database: str
    prefix: str
    created: str
    label: str
    counts: dict[str, int] = field(default_factory=dict)
    absent: list[str] = field(default_factory=list)  # tables created after the backup


def _as_text(value: object) -> object:
    """Numbers as their text: the upgrade turns 2.x's int EN_Priorite into varchar (3 -> '3')
    and tinyint flags into smallint; the value is the same, its Python type is not."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    return value


@dataclass
class Fingerprint:
    """Order-independent digest of a table's rows over chosen columns (count + hash sum).

    Method 2 (the current one) digests numbers as text, so that a column the upgrade
    widens from a number to text keeps its digest; method 1 (fingerprints recorded by an
    earlier version, read back when an interrupted upgrade resumes) digested them as is."""

    columns: list[str]
    count: int = 0
    digest: int = 0
    method: int = 2

    def add(self, row: tuple) -> None:
        values = tuple(row) if self.method == 1 else tuple(_as_text(v) for v in row)
        h = hashlib.sha256(repr(values).encode("utf-8", "surrogatepass")).digest()
        self.digest = (self.digest + int.from_bytes(h[:8], "big")) % MOD
        self.count += 1

    def to_json(self) -> list:
        return [self.columns, self.count, str(self.digest), self.method]

    @classmethod
    def from_json(cls, data: list) -> Fingerprint:
        method = int(data[3]) if len(data) > 3 else 1
        return cls(list(data[0]), int(data[1]), int(data[2]), method)


def q(name: str) -> str:
    """A MySQL identifier, quoted (names come from our registry, never from input)."""
    return "`" + name.replace("`", "``") + "`"


def _session(cur) -> None:
    cur.execute("SET NAMES utf8mb4")
    cur.execute(f"SET SESSION sql_mode = '{SESSION_MODE}'")


def iter_rows(engine: Engine, table: str, columns: list[str] | None = None) -> Iterator[tuple]:
    """Stream the rows of a table through an unbuffered cursor (large history tables)."""
    import pymysql.cursors

    raw = engine.raw_connection()
    try:
        cur = raw.cursor(pymysql.cursors.SSCursor)
        _session(cur)
        cols = ", ".join(q(c) for c in columns) if columns else "*"
        cur.execute(f"SELECT {cols} FROM {q(table)}")
        while True:
            rows = cur.fetchmany(1000)
            if not rows:
                break
            yield from rows
        cur.close()
    finally:
        raw.close()


def fingerprint(engine: Engine, table: str, columns: list[str], method: int = 2) -> Fingerprint:
    fp = Fingerprint(columns, method=method)
    for row in iter_rows(engine, table, columns):
        fp.add(row)
    return fp


def primary_key(conn: Connection, table: str) -> list[str]:
    """The primary-key columns of a MySQL table, in key order (empty when it has none)."""
    rows = conn.execute(
        text(
            "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
            "AND TABLE_NAME = :t AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX"
        ),
        {"t": table},
    )
    return [r[0] for r in rows]


def database_name(engine: Engine) -> str:
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SELECT DATABASE()")
        return str(_one(cur)[0])
    finally:
        raw.close()


def write_backup(
    engine: Engine,
    tables: list[str],
    directory: Path,
    *,
    prefix: str,
    absent: list[str],
    label: str = "before-upgrade",
    fingerprint_columns: dict[str, list[str]] | None = None,
) -> tuple[BackupInfo, dict[str, Fingerprint]]:
    """Dump `tables` to a new file in `directory`; also fingerprint the given columns."""
    make_dir(directory)  # private: the dump holds patient names (see fileperm)
    db_name = database_name(engine)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = directory / f"synoptux-backup-{db_name}-{label}-{stamp}.sql"
    tmp = path.with_name(path.name + ".part")
    info = BackupInfo(
        path,
        db_name,
        prefix,
        datetime.now().isoformat(timespec="seconds"),
        label,
        absent=list(absent),
    )
    prints: dict[str, Fingerprint] = {}
    fp_cols = fingerprint_columns or {}
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        _session(cur)
        body = tmp.with_name(tmp.name + ".body")
        for f in (body, tmp):  # patient names: readable by the owner only
            os.close(os.open(f, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        with body.open("w", encoding="utf-8", newline="\n") as out:
            for table in tables:
                cur.execute(f"SHOW CREATE TABLE {q(table)}")
                create = " ".join(ln.strip() for ln in _one(cur)[1].splitlines())
                out.write(f"DROP TABLE IF EXISTS {q(table)};\n{create};\n")
                columns = [c for c in _columns(cur, table)]
                wanted = fp_cols.get(table)
                index = [columns.index(c) for c in wanted] if wanted else []
                fp = Fingerprint(wanted) if wanted else None
                count, batch = 0, []
                for row in iter_rows(engine, table, columns):
                    batch.append("(" + ",".join(raw.escape(v) for v in row) + ")")
                    if fp is not None:
                        fp.add(tuple(row[i] for i in index))
                    count += 1
                    if len(batch) >= BATCH:
                        out.write(_insert(table, columns, batch))
                        batch = []
                if batch:
                    out.write(_insert(table, columns, batch))
                info.counts[table] = count
                if fp is not None:
                    prints[table] = fp
        with tmp.open("w", encoding="utf-8", newline="\n") as out:
            meta = {
                "database": db_name,
                "prefix": prefix,
                "created": info.created,
                "label": label,
                "counts": info.counts,
                "absent": info.absent,
            }
            out.write(HEADER + json.dumps(meta, ensure_ascii=False) + "\n")
            out.write("-- Restore: synoptux upgrade --restore (or: mysql BASE < this file)\n")
            out.write(f"SET NAMES utf8mb4;\nSET SESSION sql_mode = '{SESSION_MODE}';\n")
            with body.open("r", encoding="utf-8") as src:
                for line in src:
                    out.write(line)
            out.write("-- end of backup\n")
            out.flush()
            os.fsync(out.fileno())
        body.unlink()
        tmp.replace(path)
    finally:
        raw.close()
    return info, prints


def _one(cur) -> tuple:
    """The row of a statement that always returns one (the DB-API's fetchone() may be None)."""
    row = cur.fetchone()
    if row is None:
        raise RuntimeError("the database server returned no row")
    return row


def _columns(cur, table: str) -> list[str]:
    cur.execute(f"SHOW COLUMNS FROM {q(table)}")
    return [r[0] for r in cur.fetchall()]


def _insert(table: str, columns: list[str], values: list[str]) -> str:
    cols = ", ".join(q(c) for c in columns)
    return f"INSERT INTO {q(table)} ({cols}) VALUES " + ",".join(values) + ";\n"


def read_info(path: Path) -> BackupInfo:
    """The header of a backup file; ValueError when it is not a complete synoptux backup."""
    with Path(path).open("r", encoding="utf-8") as f:
        first = f.readline()
        if not first.startswith(HEADER):
            raise ValueError(f"{path} is not a synoptux backup (no header line)")
        data = json.loads(first[len(HEADER) :])
        f.seek(0, os.SEEK_END)
        size = f.tell()
        f.seek(max(0, size - 64))
        if not f.read().rstrip().endswith("-- end of backup"):
            raise ValueError(f"{path} is incomplete (no end marker)")
    return BackupInfo(
        Path(path),
        data["database"],
        data["prefix"],
        data["created"],
        data.get("label", ""),
        dict(data["counts"]),
        list(data["absent"]),
    )


def latest_backup(
    directory: Path, database: str | None = None, label: str = "before-upgrade"
) -> Path | None:
    """The newest complete backup in a folder (of that database, when given)."""
    found = []
    for p in Path(directory).glob(GLOB):
        try:
            info = read_info(p)
        except (ValueError, OSError, json.JSONDecodeError):
            continue
        if (database is None or info.database == database) and info.label == label:
            found.append((info.created, p.name, p))
    return max(found)[2] if found else None


def restore_backup(engine: Engine, path: Path) -> dict[str, int]:
    """Put every table of the backup back as it was and drop the tables created since.

    Re-runnable: each table is dropped and recreated from the file. Returns the
    row count of each restored table, read back from the server."""
    info = read_info(path)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        _session(cur)
        with Path(path).open("r", encoding="utf-8") as f:
            for line in f:
                stmt = line.rstrip("\n")
                if not stmt.strip() or stmt.startswith("--"):
                    continue
                cur.execute(stmt[:-1] if stmt.endswith(";") else stmt)
        for table in info.absent:
            cur.execute(f"DROP TABLE IF EXISTS {q(table)}")
        raw.commit()
        counts = {}
        for table in info.counts:
            cur.execute(f"SELECT COUNT(*) FROM {q(table)}")
            counts[table] = int(_one(cur)[0])
        return counts
    finally:
        raw.close()
