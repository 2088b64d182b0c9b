"""What a MariaDB Galera cluster asks of the schema, and what `doctor` says about one.

Galera replicates InnoDB rows by primary key at commit. So, on a cluster:

- every table is InnoDB: MyISAM writes are not replicated at all (each node keeps its own
  rows) and `ALTER TABLE ... ENGINE=InnoDB` runs on every node over that node's own rows;
- every table has a primary key (a DELETE or UPDATE of a table without one is replicated
  row by row without a key, slow, and Galera refuses it in some modes);
- nothing relies on a lock that only one node knows: `SELECT ... FOR UPDATE`, `GET_LOCK()`
  and `LOCK TABLES` hold on the node that took them; a conflicting write from another
  node is detected at COMMIT (error 1213) and the whole transaction must run again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from synoptux.config_types import msg
from synoptux.speech import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class ClusterStatus:
    """One node's view of its cluster (SHOW STATUS LIKE 'wsrep%')."""

    size: int
    ready: bool  # wsrep_ready: the node accepts queries
    state: str  # wsrep_local_state_comment: Synced, Donor/Desynced, Joining, ...
    component: str  # wsrep_cluster_status: Primary, non-Primary
    node: str  # wsrep_node_name
    addresses: str  # wsrep_incoming_addresses: where clients reach each node
    name: str  # wsrep_cluster_name

    @property
    def healthy(self) -> bool:
        return self.ready and self.state == "Synced" and self.component == "Primary"

    def describe(self, tr=None) -> str:  # tr: str -> str (doctor's)
        values = {
            "name": repr(self.name),
            "size": self.size,
            "addresses": self.addresses or "?",
            "node": self.node or "?",
            "state": self.state,
            "component": self.component,
        }
        said = (
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "Galera cluster {name}: {size} node(s) ({addresses}); this node {node}: "
                    "{state}, ready, component {component}",
                ),
                **values,
            )
            if self.ready
            else msg(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "Galera cluster {name}: {size} node(s) ({addresses}); this node {node}: "
                    "{state}, NOT ready, component {component}",
                ),
                **values,
            )
        )
        return said.translated(tr or (lambda text: text))


def is_galera(conn: Connection) -> bool:
    """The server is a node of a Galera cluster (wsrep on)."""
    if conn.dialect.name not in ("mysql", "mariadb"):
        return False
    row = conn.execute(text("SHOW GLOBAL VARIABLES LIKE 'wsrep_on'")).first()
    return row is not None and str(row[1]).upper() == "ON"


def cluster_status(conn: Connection) -> ClusterStatus | None:
    """This node's view of its cluster, or None when the server is no Galera node."""
    if not is_galera(conn):
        return None
    status = {
        str(k).lower(): str(v)
        for k, v in conn.execute(text("SHOW GLOBAL STATUS LIKE 'wsrep%'")).all()
    }
    names = {
        str(k).lower(): str(v)
        for k, v in conn.execute(
            text(
                "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('wsrep_node_name', 'wsrep_cluster_name')"
            )
        ).all()
    }
    try:
        size = int(status.get("wsrep_cluster_size", "0"))
    except ValueError:
        size = 0
    return ClusterStatus(
        size=size,
        ready=status.get("wsrep_ready", "OFF").upper() == "ON",
        state=status.get("wsrep_local_state_comment", "?"),
        component=status.get("wsrep_cluster_status", "?"),
        node=names.get("wsrep_node_name", ""),
        addresses=status.get("wsrep_incoming_addresses", ""),
        name=names.get("wsrep_cluster_name", ""),
    )


def shape_problems(conn: Connection, tables: list[str], tr=None) -> list[str]:
    """What in these tables Galera does not replicate safely: not InnoDB, no primary key
    (`tr`: doctor's translation, str -> str)."""
    if not tables:
        return []
    found = conn.execute(
        text(
            "SELECT t.TABLE_NAME, t.ENGINE, "
            "(SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS c "
            " WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME "
            " AND c.CONSTRAINT_TYPE = 'PRIMARY KEY') "
            "FROM information_schema.TABLES t "
            "WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'"
        )
    ).all()
    wanted = set(tables)
    problems = []
    for name, engine, keys in sorted(found):
        if name not in wanted:
            continue
        if (engine or "").lower() != "innodb":
            problems.append(
                msg(
                    QT_TRANSLATE_NOOP(
                        "Settings", "{table} is {engine} (not replicated: run synoptux upgrade)"
                    ),
                    table=name,
                    engine=engine,
                )
            )
        if not keys:
            problems.append(
                msg(QT_TRANSLATE_NOOP("Settings", "{table} has no primary key"), table=name)
            )
    return [p.translated(tr or (lambda text: text)) for p in problems]
