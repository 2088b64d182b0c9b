"""synoptux.ini keys of the database connections: the board's (`[Connexion_SynopTux]`),
MedinTux's (`[Connexion_MedinTux]`) and 2.x's (`[Connexion] Parametres`).

One group of `KEYS` (config_keys assembles them, in file order); which connection they
describe is config_connection's.
"""

from __future__ import annotations

from synoptux.config_types import TextKey
from synoptux.speech import QT_TRANSLATE_NOOP

CONN, MTX, LEGACY = "Connexion_SynopTux", "Connexion_MedinTux", "Connexion"


class ConnectionKeys:
    """[Connexion_SynopTux], [Connexion_MedinTux] and 2.x's [Connexion]."""

    DB_URL = TextKey(
        CONN,
        "URL",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "SQLAlchemy URL of the board database (sqlite:///path or "
            "mysql+pymysql://user:pw@host:3306/base). Empty: the embedded SQLite file. "
            "Several servers (Galera cluster nodes): mysql+pymysql://user:pw@node1,node2,node3:3307/base "
            "(the last one that worked first, then in this order; docs/galera.md).",
        ),
        restart=True,
    )
    DB_PARAMS = TextKey(
        CONN,
        "Parametres",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "MedinTux form: driver , base , user , password , host , port (QMYSQL3 or QSQLITE); "
            "a password starting with '#' is 2.x's encoded form (decoded). Several servers: "
            "host1;host2;host3 in the host field.",
        ),
        restart=True,
    )
    TABLE_PREFIX = TextKey(
        CONN,
        "Prefixe_Tables",
        "",
        QT_TRANSLATE_NOOP("Settings", "Table prefix: empty, ST_ or synopt_."),
        restart=True,
    )
    MEDINTUX_URL = TextKey(
        MTX,
        "URL",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "URL of the MedinTux database (task notes, responsibles: its Personnes until they are "
            "imported). Optional; with a 2.x [Connexion] only, that same database.",
        ),
        restart=True,
    )
    MEDINTUX_PARAMS = TextKey(
        MTX,
        "Parametres",
        "",
        QT_TRANSLATE_NOOP("Settings", "MedinTux form of the same connection."),
        restart=True,
    )
    LEGACY_PARAMS = TextKey(
        LEGACY,
        "Parametres",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Synoptux 2.x connection: QMYSQL3 , base , user , password , host , port; the password "
            "as 2.x left it ('#' + hex: encoded, decoded here) or in clear.",
        ),
        restart=True,
    )
