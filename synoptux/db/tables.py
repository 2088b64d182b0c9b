"""The table registry: every table and column under its legacy name.

A site has one prefix ("", "ST_" or "synopt_"); every query goes through the
`Tables` built from it. Legacy tables keep their exact column names; the columns
we add are nullable or have a default, so the old INSERTs that name their
columns keep working (the 2.x table contract: MedinTux macros and plug scripts keep
writing these tables unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.dialects import mysql

from synoptux.db.types import LegacyDateTime, LegacyFlag, LegacyInt

KNOWN_PREFIXES = ("", "ST_", "synopt_")
LONG_TEXT = Text().with_variant(mysql.MEDIUMTEXT(), "mysql", "mariadb")  # a whole style sheet
# Dialect keywords for Table(**MYSQL_OPTS): typed Any so they do not claim Table's typed keywords.
MYSQL_OPTS: dict[str, Any] = {
    "mysql_engine": "InnoDB",
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_unicode_ci",
}

# The tables of 2.x, names and columns fixed (its writers still use them).
LEGACY_BASES = (
    "box",
    "destinations",
    "encours",
    "encours_taches",
    "taches",
    "etats",
    "etats_taches",
    "historique",
)

# Tables whose changes every open board must see (the change feed watches them).
# The change-log triggers record, for each changed row, the table and the patient key.
WATCHED = (
    "box",
    "destinations",
    "encours",
    "encours_taches",
    "taches",
    "etats",
    "etats_taches",
    "responsables",
    "niveaux_tri",
    "synoptux_acquittements",
)

# The column of each watched table that names the patient concerned (None: reference data).
PATIENT_KEY = {
    "encours": "EC_PK",
    "encours_taches": "EN_PK_encours",
    "synoptux_acquittements": "AQ_NumEncours",
}


def _encours_columns() -> list[Column]:
    return [
        Column("EC_CodeBox", String(45), nullable=False),
        Column("EC_NomPatient", String(100), nullable=False),
        Column("EC_PrenomPatient", String(100)),
        Column("EC_HeureEntree", LegacyDateTime(), nullable=False),
        Column("EC_HeureSortie", LegacyDateTime()),
        Column("EC_Medecin", String(64)),
        Column("EC_GUIDPatient", String(64)),
        Column("EC_Replier", LegacyFlag(SmallInteger), server_default=text("0")),
        Column("EC_Anonyme", LegacyFlag(SmallInteger), server_default=text("0")),
        Column("EC_Commentaire", String(255)),
        Column("EC_Destination", String(255)),
        Column("EC_ProgAnnexe", String(200)),
        Column("EC_ArgsAnnexe", String(400)),
        # Added by 3.x (triage), nullable: 2.x writers never name them. A macro may write
        # the triage level (a code of `niveaux_tri`, e.g. '3B').
        Column("EC_Niveau_Tri", String(10)),
        # The level the history last recorded: a level a macro wrote is put in the history
        # once, by the first board that sees it differ (services.triage).
        Column("EC_Tri_Trace", String(10)),
        # The name an entry file gave for this patient's GUID when it was clearly another
        # one: shown as "identity to check" until a nurse confirms (services.identity).
        Column("EC_Identite_A_Verifier", String(255)),
    ]


def _task_columns() -> list[Column]:
    return [
        Column("EN_PK_encours", Integer, nullable=False),
        Column("EN_Code_tache", String(45)),
        Column("EN_Comment", String(200)),
        Column("EN_Note_tache", String(5000)),
        Column("EN_Etat_en_cours", String(45)),
        Column("EN_HeureDebPrevue", LegacyDateTime()),
        Column("EN_HeureFinPrevue", LegacyDateTime()),
        Column("EN_HeureDebut", LegacyDateTime()),
        Column("EN_HeureFin", LegacyDateTime()),
        # Widened from int: the manual's writer sends '' when no priority is given,
        # which MariaDB's strict mode refuses for an int column.
        Column("EN_Priorite", String(10)),
        Column("EN_Code_acteur", String(64)),
        Column("EN_PrimKey_blob", String(20)),  # widened from int, as EN_Priorite
        Column("EN_NomFicNote", String(200)),
        Column("EN_NomProgNote", String(200)),
    ]


@dataclass(frozen=True)
class Tables:
    """All tables of one site, built for its prefix."""

    prefix: str
    metadata: MetaData
    box: Table
    destinations: Table
    encours: Table
    encours_taches: Table
    taches: Table
    etats: Table
    etats_taches: Table
    historique: Table
    responsables: Table
    encours_archive: Table
    encours_taches_archive: Table
    meta: Table
    revision: Table
    changes: Table
    applied_entries: Table
    audit: Table
    web_accounts: Table
    triage_levels: Table
    acks: Table

    def name(self, base: str) -> str:
        return f"{self.prefix}{base}"

    @property
    def legacy(self) -> tuple[Table, ...]:
        return tuple(self.metadata.tables[self.name(base)] for base in LEGACY_BASES)

    @property
    def all(self) -> tuple[Table, ...]:
        return tuple(self.metadata.sorted_tables)


def build_tables(prefix: str = "") -> Tables:
    """Build the registry for a prefix. Any prefix of letters, digits and '_' works."""
    if not all(c.isalnum() or c == "_" for c in prefix):
        raise ValueError(f"table prefix {prefix!r}: only letters, digits and '_' are allowed")
    md = MetaData()
    p = prefix

    box = Table(
        f"{p}box",
        md,
        Column("BO_Code", String(45), primary_key=True),
        Column("BO_Libelle", String(100)),
        Column("BO_CouleurBG", String(20)),
        Column("BO_CouleurTitre", String(20)),
        Column("BO_Nb_Maxi_Pat", LegacyInt(Integer), server_default=text("1")),
        Column("BO_Type", String(20), server_default=text("'Soins'")),
        **MYSQL_OPTS,
    )
    destinations = Table(
        f"{p}destinations",
        md,
        Column("DE_PK", Integer, primary_key=True, autoincrement=True),
        Column("DE_Destination", String(100)),
        Column("DE_TypeSortie", String(20)),
        sqlite_autoincrement=True,
        **MYSQL_OPTS,
    )
    encours = Table(
        f"{p}encours",
        md,
        Column("EC_PK", Integer, primary_key=True, autoincrement=True),
        *_encours_columns(),
        Index(f"ix_{p}encours_box", "EC_CodeBox"),
        Index(f"ix_{p}encours_guid", "EC_GUIDPatient"),
        sqlite_autoincrement=True,
        **MYSQL_OPTS,
    )
    encours_taches = Table(
        f"{p}encours_taches",
        md,
        Column("EN_Num_tache", Integer, primary_key=True, autoincrement=True),
        *_task_columns(),
        Index(f"ix_{p}encours_taches_pat", "EN_PK_encours"),
        sqlite_autoincrement=True,
        **MYSQL_OPTS,
    )
    taches = Table(
        f"{p}taches",
        md,
        Column("TA_Code_tache", String(45), primary_key=True),
        Column("TA_Libelle_tache", String(100), nullable=False),
        Column("TA_Couleur_tache", String(20)),
        Column("TA_Couleur_alarme", String(20)),
        Column("TA_Duree_maxi", LegacyInt(Integer)),
        Column("TA_BoutonMenu", String(1), server_default=text("'B'")),
        Column("TA_Priorite", LegacyInt(String(10))),
        Column("TA_Commentaire", String(256)),
        **MYSQL_OPTS,
    )
    etats = Table(
        f"{p}etats",
        md,
        Column("ET_Code_etat", String(45), primary_key=True),
        Column("ET_Libelle_etat", String(100)),
        Column("ET_Couleur_etat", String(20)),
        Column("ET_Tache_terminee", LegacyFlag(SmallInteger), server_default=text("0")),
        **MYSQL_OPTS,
    )
    etats_taches = Table(
        f"{p}etats_taches",
        md,
        Column("ST_Code_tache", String(45), primary_key=True),
        Column("ST_Code_etat", String(45), primary_key=True),
        **MYSQL_OPTS,
    )
    historique = Table(
        f"{p}historique",
        md,
        Column("HI_PK", Integer, primary_key=True, autoincrement=True),
        Column("HI_Date", LegacyDateTime()),
        Column("HI_Action", String(64)),
        Column("HI_NumEncours", String(20)),
        Column("HI_Code_box", String(45)),
        Column("HI_Nom_patient", String(100)),
        Column("HI_PrenomPatient", String(100)),
        Column("HI_Code_resp", String(64)),
        Column("HI_Code_tache", String(45)),
        Column("HI_Libelle_tache", String(100)),
        Column("HI_Libelle_etat", String(100)),
        Column("HI_Commentaire", String(1000)),
        Column("HI_Code_acteur", String(64)),
        # Added by 3.x (nullable: old writers never name them).
        Column("HI_Code_etat", String(45)),
        Column("HI_Etat_avant", String(100)),
        Column("HI_Box_avant", String(45)),
        Column("HI_GUIDPatient", String(64)),
        Column("HI_Num_tache", Integer),
        Column("HI_Source", String(64)),
        Index(f"ix_{p}historique_date", "HI_Date"),
        Index(f"ix_{p}historique_encours", "HI_NumEncours"),
        # Covers the statistics' read of entries and moves (no table lookups); it also
        # serves every search by action and date (ix_historique_action_date was its prefix).
        Index(
            f"ix_{p}historique_moves",
            "HI_Action",
            "HI_Date",
            "HI_NumEncours",
            "HI_Code_box",
            "HI_Box_avant",
        ),
        # Covers the statistics' read of each stay's first responsible (the waiting
        # time to the first medical contact per triage level): no table lookups.
        Index(
            f"ix_{p}historique_owner",
            "HI_Action",
            "HI_Date",
            "HI_NumEncours",
            "HI_Code_resp",
        ),
        sqlite_autoincrement=True,
        **MYSQL_OPTS,
    )
    responsables = Table(
        f"{p}responsables",
        md,
        Column("RE_Code", String(64), primary_key=True),
        Column("RE_Nom", String(100), nullable=False),
        Column("RE_Couleur", String(20)),
        Column("RE_GUID", String(64)),  # MedinTux user GUID, as the macro writes it
        Index(f"ix_{p}responsables_guid", "RE_GUID"),
        **MYSQL_OPTS,
    )
    encours_archive = Table(
        f"{p}encours_archive",
        md,
        Column("AR_PK", Integer, primary_key=True, autoincrement=True),
        Column("EC_PK", Integer, nullable=False),
        *_encours_columns(),
        Column("AR_Date_archive", LegacyDateTime(), nullable=False),
        Column("AR_Motif", String(32), nullable=False),
        Index(f"ix_{p}encours_archive_pk", "EC_PK"),
        Index(f"ix_{p}encours_archive_guid", "EC_GUIDPatient"),
        Index(f"ix_{p}encours_archive_entree", "EC_HeureEntree"),
        Index(f"ix_{p}encours_archive_nom", "EC_NomPatient"),
        Index(f"ix_{p}encours_archive_date", "AR_Date_archive"),
        sqlite_autoincrement=True,
        **MYSQL_OPTS,
    )
    encours_taches_archive = Table(
        f"{p}encours_taches_archive",
        md,
        Column("AT_PK", Integer, primary_key=True, autoincrement=True),
        Column("EN_Num_tache", Integer, nullable=False),
        *_task_columns(),
        Column("AT_Date_archive", LegacyDateTime(), nullable=False),
        Index(f"ix_{p}encours_taches_archive_pat", "EN_PK_encours"),
        Index(f"ix_{p}encours_taches_archive_code", "EN_Code_tache"),
        # Covers the statistics' read of finished tasks (no table lookups); it also serves
        # every search by end time (ix_encours_taches_archive_fin was its prefix).
        Index(
            f"ix_{p}encours_taches_archive_stats",
            "EN_HeureFin",
            "EN_Code_tache",
            "EN_Etat_en_cours",
            "EN_HeureDebut",
            "EN_HeureFinPrevue",
        ),
        Index(f"ix_{p}encours_taches_archive_date", "AT_Date_archive"),
        sqlite_autoincrement=True,
        **MYSQL_OPTS,
    )
    meta = Table(
        f"{p}synoptux_meta",
        md,
        Column("SM_Cle", String(64), primary_key=True),
        Column("SM_Valeur", Text),
        **MYSQL_OPTS,
    )
    # The change feed of schema version 1 (one row bumped by every trigger: it serialised
    # every writer). Kept, unused, so that an older screen still running reads a table that
    # exists; nothing writes it any more.
    revision = Table(
        f"{p}synoptux_revision",
        md,
        Column("RV_Id", Integer, primary_key=True, autoincrement=False),
        Column("RV_Valeur", BigInteger, nullable=False, server_default=text("0")),
        **MYSQL_OPTS,
    )
    # The change log (services.live): AFTER INSERT/UPDATE/DELETE triggers on the watched
    # tables append one row each; a board's idle check reads the ids of the last minute. Rows
    # are only ever inserted (and pruned when old), so writers never wait on each other here.
    # AUTOINCREMENT on SQLite: ids are never reused after pruning.
    changes = Table(
        f"{p}synoptux_changes",
        md,
        Column(
            "CH_Id",
            BigInteger().with_variant(Integer, "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        Column("CH_Table", String(32), nullable=False),
        Column("CH_Cle", Integer),  # the patient (EC_PK); NULL for reference tables
        Column("CH_Cle_avant", Integer),  # UPDATE: the patient before (a task re-attached)
        sqlite_autoincrement=True,
        **MYSQL_OPTS,
    )
    # Ledger of applied entry files (ingest): the content hash is written in the same
    # transaction as the entry, so a file re-read after a crash is never applied twice.
    applied_entries = Table(
        f"{p}entrees_appliquees",
        md,
        Column("EA_Hash", String(64), primary_key=True),
        Column("EA_Fichier", String(255)),
        Column("EA_Date", LegacyDateTime(), nullable=False),
        Column("EA_NumEncours", Integer),
        Column("EA_Nb_Taches", Integer),
        Column("EA_Source", String(64)),
        Index(f"ix_{p}entrees_appliquees_date", "EA_Date"),
        **MYSQL_OPTS,
    )
    # Before and after of every administration change; its history row (ADMIN)
    # says who and what, this row what the values were. Read by `synoptux stats --audit`.
    audit = Table(
        f"{p}synoptux_audit",
        md,
        Column("AU_PK", Integer, primary_key=True, autoincrement=True),
        Column("AU_Date", LegacyDateTime(), nullable=False),
        Column("AU_NumHistorique", Integer),
        Column("AU_Poste", String(64)),
        Column("AU_Session", String(32)),
        Column("AU_Objet", String(32)),
        Column("AU_Quoi", String(1000)),
        Column("AU_Avant", LONG_TEXT),
        Column("AU_Apres", LONG_TEXT),
        Index(f"ix_{p}synoptux_audit_date", "AU_Date"),
        sqlite_autoincrement=True,
        **MYSQL_OPTS,
    )
    # Logins of the read-only web view (`synoptux serve`): full names need one.
    # Managed by `synoptux web-account`; the password as a salted scrypt hash (as the admin
    # PIN). The web server only reads this table (its sessions live in its memory).
    web_accounts = Table(
        f"{p}synoptux_web_accounts",
        md,
        Column("WA_Login", String(64), primary_key=True),
        Column("WA_Nom", String(128)),
        Column("WA_Hash", String(255), nullable=False),
        Column("WA_Actif", SmallInteger, nullable=False, server_default=text("1")),
        Column("WA_Cree", LegacyDateTime()),
        Column("WA_Modifie", LegacyDateTime()),
        **MYSQL_OPTS,
    )
    # The triage scale in use: FRENCH as shipped, CCMU or the site's own, edited
    # in administration. `NT_Delai_mn` is the target delay to the first medical contact.
    triage_levels = Table(
        f"{p}niveaux_tri",
        md,
        Column("NT_Code", String(10), primary_key=True),
        Column("NT_Libelle", String(200), nullable=False),
        Column("NT_Couleur", String(20)),
        Column("NT_Delai_mn", LegacyInt(Integer)),
        Column("NT_Ordre", LegacyInt(Integer), server_default=text("0")),
        Column("NT_Echelle", String(20)),
        **MYSQL_OPTS,
    )
    # Acknowledged alarms, shared by every screen: one row per acknowledgement
    # of a lateness episode (the task, or the patient's triage when AQ_Num_tache is NULL;
    # its kind and the moment it became late). Rows are only inserted.
    acks = Table(
        f"{p}synoptux_acquittements",
        md,
        Column("AQ_PK", Integer, primary_key=True, autoincrement=True),
        Column("AQ_NumEncours", Integer, nullable=False),
        Column("AQ_Num_tache", Integer),
        Column("AQ_Type", String(10), nullable=False),  # 'start' | 'end' | 'triage'
        Column("AQ_Depuis", LegacyDateTime(), nullable=False),
        Column("AQ_Date", LegacyDateTime(), nullable=False),
        Column("AQ_Par", String(100)),  # who: the responsible's name, or the screen
        Column("AQ_Code_resp", String(64)),
        Column("AQ_Poste", String(64)),
        Column("AQ_Code_tache", String(45)),  # statistics per task type
        Index(f"ix_{p}synoptux_acquittements_pat", "AQ_NumEncours"),
        Index(f"ix_{p}synoptux_acquittements_date", "AQ_Date"),
        sqlite_autoincrement=True,
        **MYSQL_OPTS,
    )
    return Tables(
        prefix=prefix,
        metadata=md,
        box=box,
        destinations=destinations,
        encours=encours,
        encours_taches=encours_taches,
        taches=taches,
        etats=etats,
        etats_taches=etats_taches,
        historique=historique,
        responsables=responsables,
        encours_archive=encours_archive,
        encours_taches_archive=encours_taches_archive,
        meta=meta,
        revision=revision,
        changes=changes,
        applied_entries=applied_entries,
        audit=audit,
        web_accounts=web_accounts,
        triage_levels=triage_levels,
        acks=acks,
    )
