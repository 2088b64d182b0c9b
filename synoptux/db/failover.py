"""Several database servers for one board: the nodes of a MariaDB Galera cluster.

The ini names them in one URL (`mysql+pymysql://user:pw@node1,node2:3307,node3/base`; a
host without a port gets the URL's default, 3306). `split_hosts` turns any URL into a
plain one-host URL (what SQLAlchemy and the rest of the code read) plus the host list,
kept in the query as `synoptux_hosts=node1:3306,node2:3307,...` so that the one string
carries everything.

Each new connection (`install_failover`: the last step of the engine's connect, after
every `do_connect` listener set its parameters) tries the last host that worked first, then the others in the order written, each with a short
connect timeout; a node that answers but is not ready for clients (`wsrep_ready=OFF`,
a non-primary component after a network split, a joiner) is passed over, and one that is
not `Synced` (a donor busy with a state transfer) is used only when no node is. A
connection that fails because its node went away (lost connection, server shut down,
"WSREP has not yet prepared node for application use" 1047) demotes that host and
invalidates the pool, so every engine on this list (the actions', the feed's) reconnects
to the next node. The list and its preferred host are shared by every engine built from
the same hosts, user and database.
"""

from __future__ import annotations

import logging
import socket
import threading
from dataclasses import dataclass, field
from urllib.parse import unquote

from sqlalchemy import Engine, event

log = logging.getLogger(__name__)

HOSTS_KEY = "synoptux_hosts"
CONNECT_TIMEOUT_S = 1.0  # per host: a LAN connects in milliseconds; a dead host must not wait
# The node went away, or is no longer fit for clients: demote it, reconnect elsewhere.
NODE_GONE = {
    1047,  # WSREP has not yet prepared node for application use (non-primary, joining)
    1053,  # server shutdown in progress
    1927,  # connection was killed
    2002,
    2003,
    2006,
    2013,
    2055,
    4031,  # the client was disconnected by the server (inactivity)
}


@dataclass(frozen=True)
class Host:
    host: str
    port: int

    def __str__(self) -> str:
        name = f"[{self.host}]" if ":" in self.host else self.host
        return f"{name}:{self.port}"


def parse_host(text: str, default_port: int = 3306) -> Host:
    """'node', 'node:3307', '[::1]:3307' -> Host."""
    text = text.strip()
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            raise ValueError(f"{text!r}: unclosed '['")
        host, rest = text[1:end], text[end + 1 :]
        port = rest[1:] if rest.startswith(":") else ""
    elif text.count(":") == 1:
        host, port = text.split(":")
    else:
        host, port = text, ""
    if not host:
        raise ValueError(f"{text!r}: no host name")
    if port and not port.isdigit():
        raise ValueError(f"{text!r}: the port is not a number")
    return Host(host, int(port) if port else default_port)


def split_hosts(url: str) -> tuple[str, tuple[Host, ...]]:
    """A one-host URL (the first host) and the whole host list (empty for one host).

    Takes the host list written in the URL (`user@h1,h2:3307,h3/base`) or already moved to
    its query (`user@h1:3306/base?synoptux_hosts=h1:3306,h2:3307`). The rest of the URL
    (user, password, database, other query keys) is kept as written."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url, ()
    cut = len(rest)
    for ch in "/?":
        i = rest.find(ch)
        if i >= 0:
            cut = min(cut, i)
    authority, tail = rest[:cut], rest[cut:]
    userinfo, at, hostpart = authority.rpartition("@")
    path, qmark, query = tail.partition("?")
    segments = [s for s in query.split("&") if s] if qmark else []
    listed = [unquote(s.partition("=")[2]) for s in segments if _key(s) == HOSTS_KEY]
    if "," not in hostpart and not listed:
        return url, ()
    kept = [s for s in segments if _key(s) != HOSTS_KEY]
    hosts: list[Host] = []
    for text in [*hostpart.split(","), *",".join(listed).split(",")]:
        if text.strip():
            h = parse_host(text)
            if h not in hosts:
                hosts.append(h)
    first = hosts[0] if hosts else None
    where = str(first) if first is not None else ""
    single = f"{scheme}://{userinfo}{at}{where}{path}" + ("?" + "&".join(kept) if kept else "")
    return single, (tuple(hosts) if len(hosts) > 1 else ())


def _key(segment: str) -> str:
    return unquote(segment.partition("=")[0])


def join_hosts(url: str, hosts: tuple[Host, ...]) -> str:
    """The canonical one-string form: a one-host URL whose query lists every host."""
    if len(hosts) <= 1:
        return url
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}{HOSTS_KEY}=" + ",".join(str(h) for h in hosts)


@dataclass
class HostList:
    """The hosts of one site, and the one connections go to first."""

    hosts: tuple[Host, ...]
    preferred: int = 0
    current: Host | None = None  # the host of the last connection made
    switches: int = 0  # times new connections went to another host than before
    last_errors: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def order(self) -> list[Host]:
        with self._lock:
            first = self.preferred
        return [self.hosts[(first + i) % len(self.hosts)] for i in range(len(self.hosts))]

    def connected(self, host: Host) -> None:
        with self._lock:
            if self.current is not None and host != self.current:
                self.switches += 1
                log.warning("database: now connected to %s (was %s)", host, self.current)
            self.current = host
            self.preferred = self.hosts.index(host)
            self.last_errors.pop(str(host), None)

    def failed(self, host: Host, reason: str) -> None:
        """`host` went away: new connections try the next one first."""
        with self._lock:
            self.last_errors[str(host)] = reason
            if host in self.hosts and self.hosts[self.preferred] == host:
                self.preferred = (self.hosts.index(host) + 1) % len(self.hosts)


_LISTS: dict[tuple, HostList] = {}
_LISTS_LOCK = threading.Lock()


def host_list(hosts: tuple[Host, ...], user: str | None, database: str | None) -> HostList:
    """The shared list of these hosts (one per site, whatever the number of engines)."""
    key = (hosts, user, database)
    with _LISTS_LOCK:
        found = _LISTS.get(key)
        if found is None:
            found = _LISTS[key] = HostList(hosts)
        return found


def hosts_of(engine: Engine) -> HostList | None:
    """The host list an engine fails over on (None: one server)."""
    return engine.__dict__.get("_synoptux_hosts")


def _error_code(exc: BaseException | None) -> int | None:
    args = getattr(exc, "args", ())
    return args[0] if args and isinstance(args[0], int) else None


def _node_fit(dbapi_conn) -> str | None:
    """None when the node can serve (or is no Galera node); else 'synced' is missing
    ('not synced: Donor/Desynced') or the reason it cannot serve at all ('not ready')."""
    cur = dbapi_conn.cursor()
    try:
        cur.execute("SHOW GLOBAL VARIABLES LIKE 'wsrep_on'")
        row = cur.fetchone()
        if row is None or str(row[1]).upper() != "ON":
            return None  # not a Galera node (MariaDB without a provider says OFF)
        cur.execute(
            "SHOW GLOBAL STATUS WHERE Variable_name IN "
            "('wsrep_ready', 'wsrep_local_state_comment', 'wsrep_cluster_status')"
        )
        status = {str(k).lower(): str(v) for k, v in cur.fetchall()}
    finally:
        cur.close()
    if not status:
        return None  # not a Galera node
    if status.get("wsrep_ready", "ON").upper() != "ON" or status.get(
        "wsrep_cluster_status", "Primary"
    ) not in ("Primary", ""):
        return f"not ready ({status.get('wsrep_cluster_status')}, {status.get('wsrep_local_state_comment')})"
    state = status.get("wsrep_local_state_comment", "Synced")
    if state != "Synced":
        return f"not synced: {state}"
    return None


def install_failover(engine: Engine, hosts: tuple[Host, ...], hl: HostList | None = None) -> None:
    """Make every new connection of `engine` go through `hosts` (see the module).

    The host loop is the last step of a new connection (it stands for the engine's
    dialect's `connect`), so the parameters `do_connect` listeners set — timeouts, added
    before or after this call — apply to every host tried."""
    if len(hosts) <= 1:
        return
    if hl is None:
        url = engine.url
        hl = host_list(hosts, url.username, url.database)
    engine.__dict__["_synoptux_hosts"] = hl
    dialect = engine.dialect
    one_host = dialect.connect  # the dialect's own connect, to one host
    dbapi = dialect.loaded_dbapi

    def connect_any(*cargs, **cparams):
        cparams.pop(HOSTS_KEY, None)  # ours (the engine's URL keeps the list), not the driver's
        timeout = min(float(cparams.get("connect_timeout") or CONNECT_TIMEOUT_S), CONNECT_TIMEOUT_S)
        errors: list[str] = []
        spare = None  # a ready node that is not Synced: used if no node is
        last: BaseException | None = None
        for host in hl.order():
            params = dict(cparams, host=host.host, port=host.port, connect_timeout=timeout)
            try:
                conn = _open(one_host, dbapi, cargs, params, timeout)
            except dbapi.Error as exc:
                last = exc
                errors.append(f"{host}: {exc}")
                hl.failed(host, str(exc))
                continue
            try:
                unfit = _node_fit(conn)
            except dbapi.Error as exc:
                unfit = f"not ready ({exc})"
            if unfit is None:
                if spare is not None:
                    spare[1].close()
                hl.connected(host)
                return conn
            errors.append(f"{host}: {unfit}")
            hl.failed(host, unfit)
            if unfit.startswith("not synced") and spare is None:
                spare = (host, conn)
            else:
                conn.close()
        if spare is not None:
            hl.connected(spare[0])
            return spare[1]
        message = "no database server answers: " + "; ".join(errors)
        code = _error_code(last) if last is not None else None
        raise dbapi.OperationalError(code if code in NODE_GONE else 2003, message)

    # this engine's dialect only: an instance attribute over the class's method
    dialect.connect = connect_any  # type: ignore[method-assign]

    @event.listens_for(engine, "handle_error")
    def _on_error(ctx) -> None:
        code = _error_code(ctx.original_exception)
        if not (ctx.is_disconnect or code in NODE_GONE):
            return
        host = _host_of(ctx)
        if host is not None:
            hl.failed(host, str(ctx.original_exception))
        if code in NODE_GONE and not ctx.is_disconnect:
            ctx.is_disconnect = True  # drop this connection and the pool's older ones


def bound_greeting(engine: Engine) -> None:
    """One server: a new connection gives up after `connect_timeout` until the server's
    greeting, as each host of a list does (`_open`). Without it PyMySQL waits for the
    greeting as long as its read timeout, and a frozen server (SIGSTOP, a hung VM: the
    kernel still accepts the TCP connection) would hold a connect that long."""
    dialect = engine.dialect
    one_host = dialect.connect
    dbapi = dialect.loaded_dbapi

    def connect_one(*cargs, **cparams):
        timeout = float(cparams.get("connect_timeout") or CONNECT_TIMEOUT_S)
        params = dict(cparams)
        params.setdefault("host", "localhost")
        params.setdefault("port", 3306)
        return _open(one_host, dbapi, cargs, params, timeout)

    # this engine's dialect only: an instance attribute over the class's method
    dialect.connect = connect_one  # type: ignore[method-assign]


def _open(one_host, dbapi, cargs: tuple, params: dict, timeout: float):
    """Connect to one host, giving up after `timeout` until the server's greeting: a node
    that is frozen (the kernel still accepts the TCP connection) must not hold the board
    for the driver's read timeout. PyMySQL takes the socket once the greeting is there."""
    if getattr(dbapi, "__name__", "") != "pymysql" or params.get("unix_socket"):
        return one_host(*cargs, **params)
    where = f"{params['host']}:{params['port']}"
    try:
        sock = socket.create_connection((params["host"], params["port"]), timeout)
    except OSError as exc:
        raise dbapi.OperationalError(
            2003, f"Can't connect to MySQL server on {where} ({exc})"
        ) from None
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        sock.settimeout(timeout)
        if not sock.recv(1, socket.MSG_PEEK):  # the greeting, left in the socket
            raise OSError("the server closed the connection")
    except OSError as exc:
        sock.close()
        raise dbapi.OperationalError(
            2013, f"no answer from {where} within {timeout:g} s ({exc or 'timed out'})"
        ) from None
    conn = dbapi.connect(*cargs, defer_connect=True, **params)
    try:
        conn.connect(sock)
    except BaseException:
        sock.close()
        raise
    return conn


def _host_of(ctx) -> Host | None:
    """The host of the connection that failed (PyMySQL connections know theirs)."""
    conn = ctx.connection
    if conn is None:
        return None
    try:
        raw = conn.connection.dbapi_connection
        return Host(str(raw.host), int(raw.port))
    except Exception:  # an invalidated connection, another driver: unknown
        return None
