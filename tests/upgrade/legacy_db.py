"""Build a Synoptux 2.x database the way live sites have it (legacy-compat.md sections 2-3).

MyISAM tables in latin1 or utf8 (utf8mb3), no foreign keys, no secondary indexes;
`encours_taches` keyed (`EN_PK_encours`, `EN_Num_tache`) with the per-patient
AUTO_INCREMENT only MyISAM accepts, so task numbers repeat across patients;
`1000-01-01 01:01:00` for "not set"; state LABELS in `EN_Etat_en_cours`; no
`responsables` table (2.x read MedinTux `Personnes`); orphans of every kind; a
history of about a thousand rows with the translated action texts of 2.x.

`build_legacy(url, prefix, charset)` fills an empty MariaDB database and returns
what it put there (the facts the tests check against).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import create_engine, text

from synoptux.db.tables import LEGACY_BASES  # re-exported for the tests
from synoptux.services.seed_data import BOXES, STATES, TASKS

SENTINEL = "1000-01-01 01:01:00"
ZERO_DATE = "0000-00-00 00:00:00"  # old MySQL let 2.x store it; "not set" as well
T0 = datetime(2026, 11, 23, 10, 0, 0)
DELETED_BOXES = ("S99", "ANCIEN_BOX")
UNKNOWN_TASK_CODES = ("VIEUX_CODE", "TEST ÉCHO")
ORPHAN_PATIENT_PKS = (900001, 900002, 900003)

LAST_NAMES = [
    "MARTIN",
    "DUPONT",
    "D'ARTAGNAN",
    "LEFÈVRE",
    "MÜLLER",
    "NÚÑEZ",
    "ŒUVRARD",
    "GARÇON",
    "BÉRANGER",
    "O'NEILL",
    "DURAND",
    "FAURÉ",
    "CHÂTEAU",
    "NGUYEN",
]
FIRST_NAMES = [
    "Éloïse",
    "Zoé",
    "Jérôme",
    "François",
    "Anaïs",
    "Noël",
    "Chloé",
    "Loïc",
    "Hélène",
    "Ève",
    "Jean-Cédric",
    "Maëlle",
]
COMMENTS = [
    "Coup de couteau ! (abdomen)",
    "Chute à domicile; 50% de perte",
    "Allergie: pénicilline",
    "Douleur thoracique, « brutale »",
    "Prix: 30€",
    "Enfant accompagné",
    "",
    "Back\\slash et 'quote' et \"double\"",
]
HISTORY_ACTIONS = [
    "SET_PLACE",
    "TASK_STATE",
    "SET_OWNER",
    "PATIENT_IN",
    "PATIENT_OUT",
    "PATIENT_LIFEOUT",
    "Saisie Commentaire",
    "Entrée du patient",
    "Modification du responsable",
    "Masquer le nom",
]
# A user GUID as the MedinTux macro writes it into EC_Medecin, and 2.x codes.
RESPONSIBLES = ["ro", "sev", "lam", "A1B2C3D4-USER-GUID", "", None]


def ddl(prefix: str, charset: str, version: str = "2.16") -> list[str]:
    """CREATE TABLE statements of a 2.x site, in the shapes of the original's own
    `synoptuxBases.sql` (MedinTux 2.16, Programmes/synoptux/bin/Ressources): column order,
    `varchar(45)` almost everywhere, `int(10) unsigned` numbers (EN_Priorite among them),
    `tinyint(1)` flags, MyISAM. The utf8 variant carries the original's utf8_unicode_ci
    collation; the latin1 variant is the same file loaded on a latin1 server. 2.15 sites
    predate EC_Anonyme."""
    p = prefix
    if charset == "latin1":
        opts, col = "ENGINE=MyISAM DEFAULT CHARSET=latin1", ""
    else:
        opts = "ENGINE=MyISAM DEFAULT CHARSET=utf8 COLLATE=utf8_unicode_ci"
        col = " collate utf8_unicode_ci"

    def v(n: int) -> str:
        return f"varchar({n}){col}"

    anonyme = ",\n  `EC_Anonyme` tinyint(1) default NULL" if version >= "2.16" else ""
    return [
        f"""CREATE TABLE `{p}box` (
  `BO_Code` {v(45)} NOT NULL,
  `BO_Libelle` {v(45)} default NULL,
  `BO_CouleurBG` {v(45)} default NULL,
  `BO_CouleurTitre` {v(45)} default NULL,
  `BO_Nb_Maxi_Pat` int(10) unsigned default NULL,
  `BO_Type` {v(45)} default NULL,
  PRIMARY KEY  (`BO_Code`)) {opts}""",
        f"""CREATE TABLE `{p}destinations` (
  `DE_PK` int(10) unsigned NOT NULL auto_increment,
  `DE_Destination` {v(45)} NOT NULL,
  `DE_TypeSortie` {v(45)} NOT NULL,
  PRIMARY KEY  (`DE_PK`)) {opts}""",
        f"""CREATE TABLE `{p}encours` (
  `EC_PK` int(10) unsigned NOT NULL auto_increment,
  `EC_CodeBox` {v(45)} NOT NULL,
  `EC_NomPatient` {v(45)} NOT NULL,
  `EC_HeureEntree` datetime NOT NULL,
  `EC_Medecin` {v(45)} default NULL,
  `EC_GUIDPatient` {v(45)} default NULL,
  `EC_Replier` tinyint(1) default '0',
  `EC_HeureSortie` datetime default NULL,
  `EC_Commentaire` {v(45)} default NULL,
  `EC_PrenomPatient` {v(45)} default NULL,
  `EC_ProgAnnexe` {v(200)} default NULL,
  `EC_ArgsAnnexe` {v(400)} default NULL,
  `EC_Destination` {v(45)} default NULL{anonyme},
  PRIMARY KEY  (`EC_PK`)) {opts}""",
        f"""CREATE TABLE `{p}encours_taches` (
  `EN_PK_encours` int(10) unsigned NOT NULL,
  `EN_Num_tache` int(10) unsigned NOT NULL auto_increment,
  `EN_Code_tache` {v(45)} default NULL,
  `EN_Comment` {v(200)} default NULL,
  `EN_Etat_en_cours` {v(45)} default NULL,
  `EN_HeureDebPrevue` datetime default NULL,
  `EN_HeureFinPrevue` datetime default NULL,
  `EN_HeureDebut` datetime default NULL,
  `EN_HeureFin` datetime default NULL,
  `EN_Priorite` int(10) unsigned default NULL,
  `EN_Note_tache` {v(5000)} default NULL,
  `EN_Code_acteur` {v(45)} default NULL,
  `EN_PrimKey_blob` int(10) unsigned default NULL,
  `EN_NomFicNote` {v(200)} default NULL,
  `EN_NomProgNote` {v(200)} default NULL,
  PRIMARY KEY  (`EN_PK_encours`,`EN_Num_tache`)) {opts}""",
        f"""CREATE TABLE `{p}etats` (
  `ET_Code_etat` {v(45)} NOT NULL,
  `ET_Libelle_etat` {v(45)} default NULL,
  `ET_Couleur_etat` {v(45)} default NULL,
  `ET_Tache_terminee` tinyint(1) default NULL,
  PRIMARY KEY  (`ET_Code_etat`)) {opts}""",
        f"""CREATE TABLE `{p}etats_taches` (
  `ST_Code_tache` {v(45)} NOT NULL,
  `ST_Code_etat` {v(45)} NOT NULL,
  PRIMARY KEY  (`ST_Code_tache`,`ST_Code_etat`)) {opts}""",
        f"""CREATE TABLE `{p}historique` (
  `HI_PK` int(10) unsigned NOT NULL auto_increment,
  `HI_Code_box` {v(45)} default NULL,
  `HI_Nom_patient` {v(45)} default NULL,
  `HI_Code_resp` {v(45)} default NULL,
  `HI_Code_tache` {v(45)} default NULL,
  `HI_Date` datetime default NULL,
  `HI_Libelle_tache` {v(45)} default NULL,
  `HI_Action` {v(45)} default NULL,
  `HI_NumEncours` {v(45)} default NULL,
  `HI_Libelle_etat` {v(45)} default NULL,
  `HI_PrenomPatient` {v(45)} default NULL,
  `HI_Commentaire` {v(45)} default NULL,
  `HI_Code_acteur` {v(45)} default NULL,
  PRIMARY KEY  (`HI_PK`)) {opts}""",
        f"""CREATE TABLE `{p}taches` (
  `TA_Code_tache` {v(45)} NOT NULL,
  `TA_Libelle_tache` {v(45)} NOT NULL,
  `TA_Couleur_tache` {v(45)} default NULL,
  `TA_Duree_maxi` int(10) unsigned default NULL,
  `TA_Couleur_alarme` {v(45)} default NULL,
  `TA_BoutonMenu` {v(45)} NOT NULL,
  `TA_Priorite` {v(10)} default NULL,
  `TA_Commentaire` {v(256)} default NULL,
  PRIMARY KEY  (`TA_Code_tache`)) {opts}""",
    ]


# MedinTux's user table as 2.x reads it (GUID, Login, Couleur, Droits); the columns the
# responsibles import also reads (Nom, Prenom) are there as in MedinTux.
PERSONNES_DDL = """CREATE TABLE `Personnes` (
  `ID_PrimKey` int(11) NOT NULL auto_increment,
  `Nom` varchar(60) default NULL, `Prenom` varchar(60) default NULL,
  `Login` varchar(40) default NULL, `GUID` varchar(40) default NULL,
  `Droits` varchar(255) default NULL, `Couleur` varchar(20) default NULL,
  PRIMARY KEY (`ID_PrimKey`)) ENGINE=MyISAM DEFAULT CHARSET=latin1"""
PERSONNES = [
    # (Nom, Prenom, Login, GUID, Droits, Couleur): two doctors who sign, a nurse, a secretary
    ("ROCHE", "Olivier", "ro", "A1B2C3D4-USER-GUID", "-med-sgn-adm-", "#ff8000"),
    ("SEVIN", "Emma", "sev", "B2C3D4E5-USER-GUID", "-sgn-med-", "#3366cc"),
    ("LAMBERT", "Anne", "lam", "C3D4E5F6-USER-GUID", "-inf-", "#00aa00"),
    ("MARTIN", "Luc", "sec", "D4E5F6A7-USER-GUID", "-med-", "#aa00aa"),
]


def add_personnes(url: str, rows: list[tuple] | None = None) -> None:
    """MedinTux's Personnes table in the same database, as on most 2.x sites."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(PERSONNES_DDL))
            conn.execute(
                text(
                    "INSERT INTO Personnes (Nom, Prenom, Login, GUID, Droits, Couleur) "
                    "VALUES (:n, :p, :l, :g, :d, :c)"
                ),
                [
                    dict(n=n, p=pr, l=lo, g=g, d=d, c=c)
                    for n, pr, lo, g, d, c in (rows if rows is not None else PERSONNES)
                ],
            )
    finally:
        engine.dispose()


@dataclass
class LegacyFacts:
    """What `build_legacy` wrote, for the assertions."""

    prefix: str
    charset: str
    counts: dict[str, int] = field(default_factory=dict)
    orphan_tasks: int = 0
    unknown_box_patients: int = 0
    unknown_code_tasks: int = 0
    duplicate_task_numbers: int = 0  # rows whose EN_Num_tache also exists for another patient
    sentinels: int = 0
    double_encoded: int = 0


def _dt(value: datetime | None) -> str:
    return SENTINEL if value is None else value.strftime("%Y-%m-%d %H:%M:%S")


def build_legacy(
    url: str,
    prefix: str = "synopt_",
    charset: str = "latin1",
    *,
    patients: int = 300,
    history: int = 1000,
    version: str = "2.16",
    seed: int = 8,
) -> LegacyFacts:
    """Create and fill the 2.x tables in the (empty) database of `url`."""
    rnd = random.Random(seed)
    facts = LegacyFacts(prefix, charset)
    p = prefix
    engine = create_engine(url)
    with engine.begin() as conn:
        for stmt in ddl(prefix, charset, version):
            conn.execute(text(stmt))
        conn.execute(
            text(f"INSERT INTO `{p}box` VALUES (:c, :l, :bg, :ti, :n, :ty)"),
            [dict(c=b[0], l=b[1], bg=b[2], ti=b[3], n=b[4], ty=b[5]) for b in BOXES],
        )
        conn.execute(
            text(f"INSERT INTO `{p}etats` VALUES (:c, :l, :col, :end)"),
            [dict(c=s[0], l=s[1], col=s[2], end=s[3]) for s in STATES],
        )
        conn.execute(
            text(
                f"INSERT INTO `{p}taches` (TA_Code_tache, TA_Libelle_tache, TA_Couleur_tache, "
                "TA_Couleur_alarme, TA_Duree_maxi, TA_BoutonMenu, TA_Priorite, TA_Commentaire) "
                "VALUES (:c, :l, :col, :al, :mx, :mode, :pr, :com)"
            ),
            [
                dict(c=t[0], l=t[1], col=t[2], al=t[3], mx=t[4], mode=t[5], pr=t[6], com=t[7])
                for t in TASKS
            ],
        )
        conn.execute(
            text(f"INSERT INTO `{p}etats_taches` VALUES (:t, :s)"),
            [dict(t=t[0], s=s) for t in TASKS for s in t[8]],
        )
        conn.execute(
            text(f"INSERT INTO `{p}destinations` (DE_Destination, DE_TypeSortie) VALUES (:d, :k)"),
            [
                dict(d=d, k=k)
                for d, k in [
                    ("Domicile", "Sortie"),
                    ("Hospitalisation médecine", "Sortie"),
                    ("Décès", "Sortie"),
                    ("Scanner (CHU)", "Absence"),
                    ("Réa", "Sortie"),
                ]
            ],
        )

        box_codes = [b[0] for b in BOXES]
        labels = {s[0]: s[1] for s in STATES}
        task_codes = [t[0] for t in TASKS]
        for i in range(patients):
            unknown_box = i % 61 == 7
            box = DELETED_BOXES[i % 2] if unknown_box else rnd.choice(box_codes)
            facts.unknown_box_patients += unknown_box
            entered = T0 - timedelta(minutes=rnd.randint(5, 60 * 30))
            moved = None if i % 3 else entered + timedelta(minutes=rnd.randint(1, 60))
            last, first = rnd.choice(LAST_NAMES), rnd.choice(FIRST_NAMES)
            comment = rnd.choice(COMMENTS)
            if charset == "latin1" and i % 50 == 3:
                # A 2.x client that sent UTF-8 bytes over a latin1 connection.
                comment = "Entrée par SAMU".encode().decode("latin-1")
                facts.double_encoded += 1
            row = dict(
                box=box,
                nom=f"{last}{i:03d}",
                prenom=first,
                entree=_dt(entered),
                sortie=_dt(moved),
                med=rnd.choice(RESPONSIBLES),
                guid=f"guid-{i:05d}",
                rep=i % 4 == 0,
                com=comment,
                dest=rnd.choice(["", "Domicile", None]),
                prog="../../drtux/bin/drtux",
                args=f"lucette|lucette|guid-{i:05d}|6521",
            )
            facts.sentinels += moved is None
            pk = conn.execute(
                text(
                    f"INSERT INTO `{p}encours` (EC_CodeBox, EC_NomPatient, EC_PrenomPatient, "
                    "EC_HeureEntree, EC_HeureSortie, EC_Medecin, EC_GUIDPatient, EC_Replier, "
                    "EC_Commentaire, EC_Destination, EC_ProgAnnexe, EC_ArgsAnnexe) VALUES (:box, "
                    ":nom, :prenom, :entree, :sortie, :med, :guid, :rep, :com, :dest, :prog, :args)"
                ),
                row,
            ).lastrowid
            for _ in range(rnd.randint(0, 5)):
                facts.sentinels += _insert_task(
                    conn, p, pk, rnd, task_codes, labels, entered, facts
                )
        for orphan in ORPHAN_PATIENT_PKS:
            for _ in range(2):
                facts.sentinels += _insert_task(conn, p, orphan, rnd, task_codes, labels, T0, facts)
                facts.orphan_tasks += 1
        for n in range(history):
            when = T0 - timedelta(minutes=7 * n)
            conn.execute(
                text(
                    f"INSERT INTO `{p}historique` (HI_Date, HI_Action, HI_NumEncours, HI_Code_box, "
                    "HI_Nom_patient, HI_PrenomPatient, HI_Code_resp, HI_Code_tache, HI_Libelle_tache, "
                    "HI_Libelle_etat, HI_Commentaire, HI_Code_acteur) VALUES (:d, :a, :n, :b, :nom, "
                    ":pre, :resp, :tc, :tl, :el, :com, :act)"
                ),
                dict(
                    d=ZERO_DATE if n % 211 == 5 else (_dt(when) if n % 97 else SENTINEL),
                    a=HISTORY_ACTIONS[n % len(HISTORY_ACTIONS)],
                    n=str(1 + n % patients),
                    b=rnd.choice(box_codes),
                    nom=rnd.choice(LAST_NAMES),
                    pre=rnd.choice(FIRST_NAMES),
                    resp=rnd.choice(RESPONSIBLES[:4]),
                    tc=rnd.choice(task_codes),
                    tl="Échographie",
                    el=rnd.choice(list(labels.values())),
                    com=rnd.choice(COMMENTS),
                    act="iao",
                ),
            )
            facts.sentinels += n % 97 == 0 or n % 211 == 5
        nums = conn.execute(
            text(
                f"SELECT EN_Num_tache, COUNT(*) FROM `{p}encours_taches` GROUP BY EN_Num_tache "
                "HAVING COUNT(*) > 1"
            )
        ).all()
        facts.duplicate_task_numbers = sum(c for _, c in nums)
        for base in LEGACY_BASES:
            facts.counts[base] = conn.execute(text(f"SELECT COUNT(*) FROM `{p}{base}`")).scalar()
    engine.dispose()
    return facts


def _insert_task(
    conn,
    p: str,
    pk: int,
    rnd: random.Random,
    codes: list[str],
    labels: dict[str, str],
    entered: datetime,
    facts: LegacyFacts,
) -> int:
    """One task (the MyISAM per-patient AUTO_INCREMENT numbers it); returns its sentinel count."""
    unknown = rnd.random() < 0.04
    code = rnd.choice(UNKNOWN_TASK_CODES) if unknown else rnd.choice(codes)
    facts.unknown_code_tasks += unknown
    start = entered + timedelta(minutes=rnd.randint(0, 90))
    started = start if rnd.random() < 0.5 else None
    ended = start + timedelta(minutes=20) if started and rnd.random() < 0.5 else None
    state = rnd.choice([*labels.values(), "", None, "30"])  # 2.x wrote labels; a few codes
    conn.execute(
        text(
            f"INSERT INTO `{p}encours_taches` (EN_PK_encours, EN_Code_tache, EN_Comment, EN_Note_tache, "
            "EN_Etat_en_cours, EN_HeureDebPrevue, EN_HeureFinPrevue, EN_HeureDebut, EN_HeureFin, "
            "EN_Priorite, EN_Code_acteur, EN_PrimKey_blob, EN_NomFicNote, EN_NomProgNote) VALUES "
            "(:pk, :code, :com, :note, :etat, :dp, :fp, :d, :f, :pr, :act, :blob, :fic, :prog)"
        ),
        dict(
            pk=pk,
            code=code,
            com=rnd.choice(["Voir médecin avant", "", "À jeun"]),
            note="Précision : « contrôle » à H3\nligne 2" if rnd.random() < 0.2 else None,
            etat=state,
            dp=_dt(start),
            fp=_dt(start + timedelta(minutes=30)),
            d=_dt(started),
            f=_dt(ended),
            pr=rnd.choice([1, 2, 3, None]),
            act=rnd.choice(["iao", "ro", None]),
            blob=rnd.choice([None, 160651]),
            fic="",
            prog="",
        ),
    )
    return (started is None) + (ended is None)


def legacy_rows(url: str, table: str, columns: list[str] | None = None) -> list[tuple]:
    """Every row of a table as the driver returns it, sorted: the before/after comparison."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            cols = ", ".join(f"`{c}`" for c in columns) if columns else "*"
            rows = [tuple(r) for r in conn.execute(text(f"SELECT {cols} FROM `{table}`"))]
    finally:
        engine.dispose()
    return sorted(rows, key=repr)


def table_columns(url: str, table: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [
                r[0]
                for r in conn.execute(
                    text(
                        "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                        "AND TABLE_NAME = :t ORDER BY ORDINAL_POSITION"
                    ),
                    {"t": table},
                )
            ]
    finally:
        engine.dispose()
