"""What a Synoptux 2.16 screen does with the database, replayed from its own statements.

The statements are those of the original's `src/mainwindow.cpp` and `src/dlg*.cpp`
(MedinTux 2.16, `Hylandras/medintuxGP` at dcfe5b35), in their shapes: the same tables,
columns, joins, ORDER BY and WHERE clauses, the same literal values for "not set"
('1000-01-01 01:01', '1000-01-01 01:01:01', '') and the same string comparisons with
'2000-00-00'. Only the values are bound parameters (2.x concatenated them). The Python
around them reproduces what 2.x derives for display: which state button is highlighted,
which responsible name is shown, which times count as set.

`screen(conn, prefix)` is what a 2.x screen left running beside the new board shows;
the WRITES below are what it (and the MedinTux macros, the plug scripts) write.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, text

UNSET = "2000-00-00"  # 2.x: a datetime string below this is "not set"


def _s(value: object) -> str:
    """A value as 2.x gets it from QVariant::toString() ('' for NULL); datetimes as
    'yyyy-MM-dd hh:mm:ss' (2.x replaces Qt's ISO 'T' by a space before comparing them)."""
    if value is None:
        return ""
    return str(value)


def is_set(value: object) -> bool:
    return _s(value) > UNSET


@dataclass
class TwoXTask:
    num: int
    code: str
    label: str
    raw_state: str
    mode: str  # 'B' one button per state, 'M' one button + menu
    highlighted: list[str] = field(default_factory=list)  # state buttons drawn "EnCours"
    shown: str | None = None  # M: the label on the single state button
    planned_start: str = ""
    planned_end: str = ""
    started: str = ""
    ended: str = ""

    @property
    def state_label(self) -> str | None:
        """The state this 2.x screen shows as current (None: no state button highlighted)."""
        if self.mode == "B":
            return self.highlighted[0] if len(self.highlighted) == 1 else None
        return self.shown


@dataclass
class TwoXPatient:
    pk: int
    box: str
    name: str
    responsible_guid: str | None  # Personnes.GUID whose Login is shown, None: no name shown
    responsible_name: str
    entered: str
    moved: str
    folded: bool
    anonymous: bool
    comment: str
    tasks: dict[int, TwoXTask] = field(default_factory=dict)


def screen(conn: Connection, prefix: str) -> dict[int, TwoXPatient]:
    """Afficher_Les_Box -> RemplirLeBox -> afficheNomMedecin / AfficherLesTaches."""
    p = prefix
    out: dict[int, TwoXPatient] = {}
    boxes = conn.execute(
        text(
            "SELECT BO_Code, BO_Libelle, BO_CouleurBG, BO_CouleurTitre, BO_Nb_Maxi_Pat, BO_Type "
            f"FROM {p}box"
        )
    ).all()
    for box in boxes:
        rows = conn.execute(
            text(
                " SELECT EC_PK, EC_CodeBox, EC_NomPatient, EC_HeureEntree, EC_Medecin, EC_Replier,"
                " EC_HeureSortie, EC_PrenomPatient, EC_Commentaire, EC_Destination, EC_Anonyme "
                f" FROM {p}encours WHERE EC_CodeBox = :box"
            ),
            {"box": box[0]},
        ).all()
        for r in rows:
            guid, name = _responsible(conn, _s(r[4]))
            comment = _s(r[8])
            if comment and _s(r[9]):
                comment += " - "
            comment += _s(r[9])
            patient = TwoXPatient(
                pk=int(r[0]),
                box=_s(r[1]),
                name=f"{_s(r[2])} {_s(r[7])}",
                responsible_guid=guid,
                responsible_name=name,
                entered=_s(r[3]),
                moved=_s(r[6]),
                folded=bool(int(r[5] or 0)),
                anonymous=bool(int(r[10] or 0)),
                comment=comment,
            )
            patient.tasks = _tasks(conn, p, patient.pk)
            out[patient.pk] = patient
    return out


def _responsible(conn: Connection, medecin: str) -> tuple[str | None, str]:
    """afficheNomMedecin: SELECT Login, Couleur FROM Personnes WHERE GUID = EC_Medecin."""
    row = conn.execute(
        text("SELECT Login, Couleur FROM Personnes WHERE GUID = :m"), {"m": medecin}
    ).first()
    return (medecin, _s(row[0])) if row is not None else (None, "")


def _tasks(conn: Connection, p: str, pk: int) -> dict[int, TwoXTask]:
    rows = conn.execute(
        text(
            " SELECT EN_Num_tache, EN_Code_tache, EN_Comment, EN_Etat_en_cours, "
            " TA_Libelle_tache, TA_Couleur_tache, TA_Duree_maxi, TA_Couleur_alarme, "
            " TA_BoutonMenu, EN_HeureDebPrevue, EN_HeureFinPrevue, "
            " EN_HeureDebut, EN_HeureFin, EN_Priorite, EN_Note_tache, "
            " EN_PrimKey_blob, EN_NomFicNote "
            f" FROM {p}encours_taches"
            f" INNER JOIN {p}taches ON EN_Code_tache = TA_Code_tache "
            " WHERE EN_PK_encours = :pk"
            " ORDER BY  EN_HeureFin, EN_Priorite, EN_HeureDebPrevue"
        ),
        {"pk": pk},
    ).all()
    out = {}
    for r in rows:
        task = TwoXTask(
            num=int(r[0]),
            code=_s(r[1]),
            label=_s(r[4]),
            raw_state=_s(r[3]),
            mode=_s(r[8]),
            planned_start=_s(r[9]),
            planned_end=_s(r[10]),
            started=_s(r[11]),
            ended=_s(r[12]),
        )
        states = conn.execute(
            text(
                " SELECT ET_Libelle_etat, ET_Couleur_etat , ET_Tache_terminee, ET_Code_etat"
                f" FROM {p}etats"
                f" INNER JOIN {p}etats_taches ON ST_Code_etat = ET_Code_etat "
                " WHERE ST_Code_tache = :code"
                " ORDER BY ST_Code_Etat"
            ),
            {"code": task.code},
        ).all()
        etat = task.raw_state
        for label, _color, _end, code in states:
            if task.mode == "B":
                if _s(label) == etat:  # 2.x compares the label only
                    task.highlighted.append(_s(label))
            else:
                if len(etat) < 1:  # no state yet: the first one is shown, not highlighted
                    etat = _s(label)
                    continue
                if etat in (_s(label), _s(code)):  # 2.x's menu button: label or code
                    task.shown = _s(label)
        out[task.num] = task
    return out


# -- what 2.x writes ---------------------------------------------------------------------------
def entry_file(conn: Connection, p: str, values: dict, tasks: list[dict], now: str) -> int:
    """Entrees(): an entry file as 2.x applied it (QSettings values, '' when absent)."""
    row = conn.execute(
        text(f"SELECT EC_PK FROM {p}encours WHERE EC_GUIDPatient = :g"), {"g": values["guid"]}
    ).first()
    if row is None:
        conn.execute(
            text(
                f" INSERT INTO {p}encours"
                " (EC_CodeBox, EC_NomPatient, EC_PrenomPatient, EC_Medecin, EC_GUIDPatient,"
                " EC_Replier, EC_Commentaire, EC_HeureEntree, EC_ProgAnnexe, EC_ArgsAnnexe )"
                " VALUES (:box, :nom, :prenom, :resp, :guid, '1', :com, :now, :prog, :args)"
            ),
            {**values, "now": now},
        )
        pk = int(
            conn.execute(
                text(f"SELECT LAST_INSERT_ID() FROM {p}encours WHERE EC_PK = LAST_INSERT_ID()")
            ).scalar_one()
        )
    else:
        pk = int(row[0])
    for t in tasks:
        conn.execute(
            text(
                f" INSERT INTO {p}encours_taches"
                " (EN_PK_encours, EN_Code_tache, EN_Comment,"
                "  EN_HeureDebPrevue, EN_HeureFinPrevue, EN_Priorite, "
                "  EN_PrimKey_blob, EN_NomFicNote, EN_NomProgNote "
                "  ) VALUES (:pk, :code, :com, :deb, :fin, :prio, :blob, :fic, :prog)"
            ),
            {
                "pk": str(pk),
                "code": t["code"],
                "com": t.get("comment", ""),
                "deb": t.get("deb", "1000-01-01 01:01"),
                "fin": t.get("fin", "1000-01-01 01:01"),
                "prio": t.get("priority", ""),  # '' when the file gives none
                "blob": t.get("blob", "0"),
                "fic": t.get("fic", ""),
                "prog": t.get("prog", ""),
            },
        )
    history(conn, p, str(pk), "", "Entrée du patient", "", now)
    return pk


def macro_task(
    conn: Connection, p: str, guid: str, code: str, comment: str, prio: str, deb: str, fin: str
) -> None:
    """TemplateMacro.html: the task INSERT with the priority as the macro expands it."""
    pk = conn.execute(
        text(f"SELECT EC_PK FROM {p}encours WHERE EC_GUIDPatient = :g LIMIT 1"), {"g": guid}
    ).scalar()
    conn.execute(
        text(
            f"INSERT INTO {p}encours_taches(EN_PK_encours,EN_Code_tache,EN_Comment,"
            "EN_HeureDebPrevue,EN_HeureFinPrevue,EN_Priorite)VALUES(:pk,:code,:com,:deb,:fin,:prio)"
        ),
        {"pk": str(pk or ""), "code": code, "com": comment, "deb": deb, "fin": fin, "prio": prio},
    )


def set_state(
    conn: Connection, p: str, pk: int, num: int, label: str, ends: bool, now: str
) -> None:
    """modif_Etat: majDeLaTache (label, first start, planned end) then majDateFinTache."""
    where = " WHERE EN_PK_encours = :pk AND EN_Num_tache = :num"
    key = {"pk": str(pk), "num": str(num)}
    row = conn.execute(
        text(
            " SELECT EN_HeureDebut, EN_HeureFinPrevue, EN_Code_tache, TA_Duree_maxi "
            f" FROM {p}encours_taches INNER JOIN {p}taches ON EN_Code_tache = TA_Code_tache" + where
        ),
        key,
    ).first()
    sets, values = ["EN_Etat_en_cours = :etat"], {"etat": label}
    if row is not None and not is_set(row[0]):
        sets.append("EN_HeureDebut = :now")
        values["now"] = now
    conn.execute(
        text(
            f" UPDATE {p}encours_taches SET {', '.join(sets)}  WHERE EN_PK_Encours = :pk AND EN_Num_tache = :num"
        ),
        {**values, **key},
    )
    ended = conn.execute(text(f" SELECT EN_HeureFin FROM {p}encours_taches" + where), key).scalar()
    if not ends and is_set(ended):
        new = "1000-01-01 01:01:01"
    elif ends and not is_set(ended):
        new = now
    else:
        new = None
    if new is not None:
        conn.execute(
            text(
                f" UPDATE {p}encours_taches SET EN_HeureFin = :f  WHERE EN_PK_Encours = :pk AND EN_Num_tache = :num"
            ),
            {"f": new, **key},
        )
    history(conn, p, str(pk), str(num), "TASK_STATE", label, now)


def history(conn: Connection, p: str, pk: str, num: str, action: str, etat: str, now: str) -> None:
    """majHistorique: denormalised row from encours (and the task, joined with taches)."""
    enc = conn.execute(
        text(
            " SELECT EC_CodeBox, EC_NomPatient, EC_HeureEntree, EC_Medecin, "
            " EC_GUIDPatient, EC_HeureSortie, EC_PrenomPatient, EC_Commentaire "
            f" FROM {p}encours WHERE EC_PK = :pk"
        ),
        {"pk": pk},
    ).first()
    box = nom = resp = prenom = comm = code = libelle = ""
    if enc is not None:
        box, nom, resp, prenom, comm = _s(enc[0]), _s(enc[1]), _s(enc[3]), _s(enc[6]), _s(enc[7])
    if num:
        for r in conn.execute(
            text(
                " SELECT EN_Code_tache, EN_Comment, EN_Etat_en_cours, EN_HeureDebPrevue, "
                " EN_HeureFinPrevue, EN_HeureDebut, EN_HeureFin, EN_Priorite, "
                " TA_Libelle_tache, EN_Comment "
                f" FROM {p}encours_taches INNER JOIN {p}taches ON TA_Code_tache = EN_Code_Tache "
                " WHERE   EN_PK_encours   = :pk AND     EN_Num_tache    = :num"
            ),
            {"pk": pk, "num": num},
        ):
            code, libelle, comm = _s(r[0]), _s(r[8]), _s(r[9])
    conn.execute(
        text(
            f" INSERT INTO {p}historique"
            " (HI_Code_box, HI_Nom_patient, HI_Code_resp, HI_Code_tache, "
            " HI_Date, HI_Action, HI_NumEncours, HI_Libelle_tache, HI_Libelle_etat,"
            " HI_PrenomPatient, HI_Commentaire)"
            " VALUES (:box, :nom, :resp, :code, :now, :action, :pk, :libelle, :etat, :prenom, :comm)"
        ),
        dict(
            box=box,
            nom=nom,
            resp=resp,
            code=code,
            now=now,
            action=action,
            pk=pk,
            libelle=libelle,
            etat=etat,
            prenom=prenom,
            comm=comm,
        ),
    )


def move(conn: Connection, p: str, pk: int, box: str, exit_like: bool, now: str) -> None:
    """rentrerUnPatient (string-built SET clause, EC_Replier = '1' for Sortie/Absence)."""
    sets = "EC_CodeBox = :box, EC_HeureSortie = :now" + (", EC_Replier = '1'" if exit_like else "")
    conn.execute(
        text(f"UPDATE {p}encours  SET {sets}  WHERE EC_PK = :pk"),
        {"box": box, "now": now, "pk": str(pk)},
    )
    history(conn, p, str(pk), "", "SET_PLACE", "", now)


def destination(conn: Connection, p: str, pk: int, dest: str, when: str) -> None:
    """DlgDesti: the chosen destination and the exit time."""
    conn.execute(
        text(
            f"UPDATE {p}encours SET  EC_Destination    = :d, EC_HeureSortie    = :h  WHERE EC_PK = :pk"
        ),
        {"d": dest, "h": when, "pk": str(pk)},
    )


def fold(conn: Connection, p: str, pk: int, folded: bool) -> None:
    conn.execute(
        text(f"UPDATE {p}encours  SET EC_Replier = :r  WHERE    EC_PK = :pk"),
        {"r": int(folded), "pk": pk},
    )


def set_responsible(conn: Connection, p: str, pk: int, guid: str, login: str, now: str) -> None:
    """modif_Resp_menu: EC_Medecin = the Personnes GUID; two history rows."""
    conn.execute(
        text(f"UPDATE {p}encours  SET EC_Medecin = :m  WHERE EC_PK = :pk"),
        {"m": guid, "pk": str(pk)},
    )
    history(conn, p, str(pk), "", "Modification du responsable", "", now)
    history(conn, p, str(pk), "", "SET_OWNER", login, now)


def delete_task(conn: Connection, p: str, pk: int, num: int) -> None:
    conn.execute(
        text(
            f" DELETE FROM {p}encours_taches WHERE EN_PK_encours = :pk AND   EN_Num_tache  = :num"
        ),
        {"pk": str(pk), "num": str(num)},
    )


def final_exit(conn: Connection, p: str, pk: int, now: str) -> None:
    """SortirLePatient: history first, then both DELETEs (2.x hard-deleted)."""
    history(conn, p, str(pk), "", "PATIENT_OUT", "", now)
    conn.execute(text(f"DELETE from {p}encours  WHERE  EC_PK = :pk"), {"pk": str(pk)})
    conn.execute(text(f"DELETE from {p}encours_taches WHERE EN_PK_Encours = :pk"), {"pk": str(pk)})


def alarms(conn: Connection, p: str) -> list[tuple]:
    """Controle_Alarmes' query (open tasks of patients in known boxes)."""
    return conn.execute(
        text(
            " SELECT EN_PK_encours, EN_Num_tache, EN_Code_tache, EN_Comment, EN_Etat_en_cours,"
            " EN_HeureDebPrevue, EN_HeureFinPrevue, EN_HeureDebut, EN_HeureFin, "
            " TA_Libelle_tache, EC_CodeBox, BO_Libelle, EC_Replier "
            f" FROM {p}encours_taches"
            f" INNER JOIN {p}taches  ON TA_Code_tache = EN_Code_tache "
            f" INNER JOIN {p}encours ON EC_PK         = EN_PK_encours "
            f" INNER JOIN {p}box     ON BO_Code       = EC_CodeBox "
            " WHERE EN_HeureFin IS NULL OR EN_HeureFin < '2000-00-00'"
        )
    ).all()


def admin_box(
    conn: Connection, p: str, code: str, label: str, bg: str, title: str, n: int, kind: str
) -> None:
    """DlgBox: INSERT with named parameters."""
    conn.execute(
        text(
            f"INSERT INTO {p}box ( BO_Code, BO_Libelle,   BO_CouleurBG, BO_CouleurTitre, "
            " BO_Nb_Maxi_Pat,   BO_Type)  VALUES ( :c, :l, :bg, :t, :n, :k ) "
        ),
        {"c": code, "l": label, "bg": bg, "t": title, "n": n, "k": kind},
    )


def admin_state(conn: Connection, p: str, code: str, label: str, color: str, ends: int) -> None:
    conn.execute(
        text(
            f"INSERT INTO {p}etats ( ET_Code_etat, ET_Libelle_etat,   ET_Couleur_etat, "
            "ET_Tache_terminee)  VALUES ( :c, :l, :col, :e ) "
        ),
        {"c": code, "l": label, "col": color, "e": ends},
    )


def admin_destination(conn: Connection, p: str, dest: str, kind: str) -> None:
    conn.execute(
        text(f"INSERT INTO {p}destinations (DE_Destination, DE_TypeSortie )  VALUES (:d, :k ) "),
        {"d": dest, "k": kind},
    )
