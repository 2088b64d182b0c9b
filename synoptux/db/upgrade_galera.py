"""The 2.x upgrade on a MariaDB Galera cluster (used by `upgrade.py` when the server is a node).

What differs from one server:

- **MyISAM rows are not replicated.** A 2.x site's tables are MyISAM: their rows exist on
  the node 2.x wrote to, the other nodes have the tables (DDL is replicated) but not the
  rows. `ALTER TABLE ... ENGINE=InnoDB` runs on every node over that node's own rows, so
  it would leave the other nodes empty. Each MyISAM table is therefore copied: an empty
  InnoDB twin is created (DDL, on every node), this node's rows are inserted into it (an
  InnoDB write: replicated), then the two are swapped by one `RENAME TABLE` and the
  MyISAM one dropped. Before anything, every other node is asked whether it holds rows
  of its own in those tables (2.x screens writing to several nodes): then the upgrade
  stops and says where, rather than drop them.
- **Named locks are per node.** `GET_LOCK()` on one node does not stop an upgrade on
  another, so the upgrade also writes a lock row in the meta table (replicated: a second
  upgrade finds it) naming the server and connection that hold the node's named lock. A
  row whose holder no longer holds that lock (its process or its node died) is stale and
  taken over.
- At the end every node's tables are compared with the digests taken at backup time.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from synoptux.db.backup import Fingerprint, fingerprint, q
from synoptux.db.engine import CLUSTER_PEER, make_engine
from synoptux.db.failover import HOSTS_KEY, Host, parse_host
from synoptux.db.tables import Tables
from synoptux.speech import translate

log = logging.getLogger(__name__)

LOCK_KEY = "upgrade_lock"
TWIN, OLD = "__stx_innodb", "__stx_2x"


class ClusterRefusal(RuntimeError):
    """The cluster is not in a state the upgrade can work on; the message says why."""


# -- the other nodes -------------------------------------------------------------------------
def _node_name(conn: Connection) -> str:
    return str(conn.execute(text("SELECT @@wsrep_node_name")).scalar() or "")


def other_nodes(engine: Engine, conn: Connection) -> list[tuple[str, Engine | None]]:
    """(address, engine) of every other node of the cluster, from the addresses the
    cluster publishes for its clients (`wsrep_incoming_addresses`), with this URL's user,
    password and database. The engine is None when the node cannot be reached."""
    row = conn.execute(text("SHOW GLOBAL STATUS LIKE 'wsrep_incoming_addresses'")).first()
    addresses = [a.strip() for a in str(row[1] if row else "").split(",") if a.strip()]
    me = _node_name(conn)
    out: list[tuple[str, Engine | None]] = []
    for address in addresses:
        try:
            host = parse_host(address)
        except ValueError:
            continue
        other = _engine_for(engine, host)
        try:
            with other.connect() as c:
                if _node_name(c) == me:
                    other.dispose()
                    continue
        except (OperationalError, DBAPIError):
            other.dispose()
            out.append((address, None))
            continue
        out.append((address, other))
    return out


def _engine_for(engine: Engine, host: Host) -> Engine:
    url = engine.url.set(host=host.host, port=host.port).difference_update_query([HOSTS_KEY])
    return make_engine(
        url.render_as_string(hide_password=False),
        timeouts=CLUSTER_PEER,
        # reads wait until this node applied what the cluster committed before them
        init_command="SET SESSION wsrep_sync_wait = 1",
    )


# -- before: rows that only another node has -------------------------------------------------
def foreign_rows(engine: Engine, conn: Connection, tables: list[str]) -> list[str]:
    """MyISAM tables of which another node holds rows: copying this node's rows everywhere
    would lose them, and the steps done here on MyISAM (renumbering) would not reach them.
    (Where the cluster replicates MyISAM, `wsrep_mode=REPLICATE_MYISAM`, every node holds
    the same rows: nothing to lose.)"""
    myisam = [t for t in tables if _engine_of(conn, t) != "innodb"]
    if not myisam:
        return []
    replicated = _replicates_myisam(conn)
    problems = []
    mine: dict[str, Fingerprint] = {}
    for address, other in other_nodes(engine, conn):
        if other is None:
            problems.append(
                translate(
                    "Upgrade",
                    "node {node} cannot be reached: whether 2.x left rows there cannot be "
                    "checked; start it, or run the upgrade once it is back",
                ).format(node=address)
            )
            continue
        try:
            for table in myisam:
                with other.connect() as c:
                    present = _engine_of(c, table) is not None
                    count = (
                        c.execute(text(f"SELECT COUNT(*) FROM {q(table)}")).scalar()
                        if present
                        else 0
                    )
                if not count:
                    continue
                if replicated:
                    cols = _columns(conn, table)
                    if table not in mine:
                        mine[table] = fingerprint(engine, table, cols)
                    theirs = fingerprint(other, table, cols)
                    if (theirs.count, theirs.digest) == (mine[table].count, mine[table].digest):
                        continue
                problems.append(
                    translate(
                        "Upgrade",
                        "{table} has {count} row(s) of its own on node {node}: MyISAM rows are "
                        "not replicated, each node kept those written there (2.x screens on "
                        "several nodes); run the upgrade on the node 2.x wrote to, once the rows "
                        "of the others are merged into it",
                    ).format(table=table, count=count, node=address)
                )
        finally:
            other.dispose()
    return problems


def strict_mode_problem(conn: Connection, tables: list[str]) -> str | None:
    """`wsrep_mode=STRICT_REPLICATION` refuses every DDL on a MyISAM table (error 4165), and
    the upgrade must alter 2.x's MyISAM tables before they are InnoDB. The mode is checked
    on the node the DDL runs on: lift it there for the upgrade."""
    if not any(_engine_of(conn, t) not in ("innodb", None) for t in tables):
        return None
    row = conn.execute(text("SHOW GLOBAL VARIABLES LIKE 'wsrep_mode'")).first()
    modes = [m.strip().upper() for m in str(row[1] if row else "").split(",") if m.strip()]
    if "STRICT_REPLICATION" not in modes:
        return None
    rest = ",".join(m for m in modes if m != "STRICT_REPLICATION")
    return translate(
        "Upgrade",
        "wsrep_mode has STRICT_REPLICATION on this node, which refuses any change to a MyISAM "
        "table (2.x's tables are MyISAM): run SET GLOBAL wsrep_mode = '{modes}' on this node, "
        "run the upgrade, then put STRICT_REPLICATION back",
    ).format(modes=rest)


def _replicates_myisam(conn: Connection) -> bool:
    for name in ("wsrep_mode", "wsrep_replicate_myisam"):
        row = conn.execute(text("SHOW GLOBAL VARIABLES LIKE :n"), {"n": name}).first()
        if row is not None and (
            "REPLICATE_MYISAM" in str(row[1]).upper() or str(row[1]).upper() == "ON"
        ):
            return True
    return False


def _engine_of(conn: Connection, table: str) -> str | None:
    row = conn.execute(
        text(
            "SELECT ENGINE FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :t"
        ),
        {"t": table},
    ).first()
    return (row[0] or "").lower() if row else None


def _columns(conn: Connection, table: str) -> list[str]:
    return [r[0] for r in conn.execute(text(f"SHOW COLUMNS FROM {q(table)}"))]


# -- the conversion --------------------------------------------------------------------------
def copy_to_innodb(conn: Connection, table: str, charset: str, collation: str) -> None:
    """Convert a MyISAM table by copying this node's rows into an InnoDB twin (see above).
    Killed at any point, it starts again from the MyISAM table (the swap is one RENAME)."""
    twin, old = f"{table}{TWIN}"[:64], f"{table}{OLD}"[:64]
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {q(twin)}, {q(old)}")
    conn.exec_driver_sql(f"CREATE TABLE {q(twin)} LIKE {q(table)}")
    conn.exec_driver_sql(
        f"ALTER TABLE {q(twin)} ENGINE=InnoDB, CONVERT TO CHARACTER SET {charset} COLLATE {collation}"
    )
    cols = ", ".join(q(c) for c in _columns(conn, table))
    conn.exec_driver_sql(f"INSERT INTO {q(twin)} ({cols}) SELECT {cols} FROM {q(table)}")
    conn.commit()
    conn.exec_driver_sql(f"RENAME TABLE {q(table)} TO {q(old)}, {q(twin)} TO {q(table)}")
    conn.exec_driver_sql(f"DROP TABLE {q(old)}")


def drop_leftovers(conn: Connection, table: str) -> None:
    """The twin or the old table of a conversion killed before it finished."""
    twin, old = f"{table}{TWIN}"[:64], f"{table}{OLD}"[:64]
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {q(twin)}, {q(old)}")


# -- the lock ------------------------------------------------------------------------------
@contextmanager
def cluster_lock(engine: Engine, conn: Connection, t: Tables, name: str) -> Iterator[None]:
    """Hold the upgrade's lock row for the whole cluster while `conn` holds the node's named
    lock `name` (taken by the caller)."""
    t.meta.create(conn, checkfirst=True)
    conn.commit()
    u = engine.url
    mine = json.dumps(
        {
            "server": f"{u.host}:{u.port or 3306}",
            "node": _node_name(conn),
            "connection": conn.execute(text("SELECT CONNECTION_ID()")).scalar(),
            "lock": name,
            "since": datetime.now().isoformat(timespec="seconds"),
        }
    )
    for attempt in range(2):
        try:
            conn.execute(t.meta.insert().values(SM_Cle=LOCK_KEY, SM_Valeur=mine))
            conn.commit()
            break
        except (IntegrityError, OperationalError) as exc:  # taken (1062), or at once (1213)
            conn.rollback()
            held = conn.execute(t.meta.select().where(t.meta.c.SM_Cle == LOCK_KEY)).first()
            if held is None:
                continue  # the other one was refused at COMMIT: try again
            holder = _holder(held.SM_Valeur)
            if attempt == 0 and not _alive(engine, holder, name):
                log.warning("upgrade lock of a dead upgrade taken over: %s", held.SM_Valeur)
                conn.execute(
                    t.meta.delete().where(
                        (t.meta.c.SM_Cle == LOCK_KEY) & (t.meta.c.SM_Valeur == held.SM_Valeur)
                    )
                )
                conn.commit()
                continue
            raise ClusterRefusal(
                translate(
                    "Upgrade",
                    "another 'synoptux upgrade' is working on this database (server {server}, "
                    "node {node}, since {since}); wait for it to finish",
                ).format(
                    server=holder.get("server", "?"),
                    node=holder.get("node", "?"),
                    since=holder.get("since", "?"),
                )
            ) from exc
    try:
        yield
    finally:
        conn.execute(
            t.meta.delete().where((t.meta.c.SM_Cle == LOCK_KEY) & (t.meta.c.SM_Valeur == mine))
        )
        conn.commit()


def _holder(value: str | None) -> dict:
    try:
        data = json.loads(value or "")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _alive(engine: Engine, holder: dict, name: str) -> bool:
    """The holder still holds the named lock on its server. A server that cannot be asked
    (down: its connections are gone) means no; a server that answers as another node (an
    address in front of several nodes) cannot tell: the lock is kept."""
    try:
        host = parse_host(str(holder.get("server", "")))
    except ValueError:
        return False
    other = _engine_for(engine, host)
    try:
        with other.connect() as c:
            if holder.get("node") and _node_name(c) != holder["node"]:
                return True
            used = c.execute(
                text("SELECT IS_USED_LOCK(:n)"), {"n": holder.get("lock", name)}
            ).scalar()
        return used is not None and int(used) == int(holder.get("connection", -1))
    except (OperationalError, DBAPIError):
        return False
    finally:
        other.dispose()


# -- after: every node the same ------------------------------------------------------------------
def compare_nodes(engine: Engine, conn: Connection, prints: dict[str, Fingerprint]) -> list[str]:
    """Tables whose rows on another node differ from the backup's digests."""
    bad = []
    for address, other in other_nodes(engine, conn):
        if other is None:
            bad.append(
                translate("Upgrade", "node {node} could not be checked (unreachable)").format(
                    node=address
                )
            )
            continue
        try:
            for table, before in prints.items():
                after = fingerprint(other, table, before.columns, before.method)
                if (after.count, after.digest) != (before.count, before.digest):
                    bad.append(
                        translate(
                            "Upgrade", "{table} on node {node} ({rows} rows, {expected} expected)"
                        ).format(table=table, node=address, rows=after.count, expected=before.count)
                    )
        finally:
            other.dispose()
    return bad
