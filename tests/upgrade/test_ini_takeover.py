"""A 2.x synoptux.ini (ISO-8859-1, CRLF, comments, [Positions_fenetres]) is taken over as it is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from synoptux.config import KEYS, POS, Settings
from synoptux.inifile import IniDocument

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "synoptux-2x-site.ini"

# What each 2.x key of the example must read as.
EXPECTED = {
    ("Interface", "Dossier_Entrees"): "../../Synoptux/Entrees",
    ("Interface", "Code_Box_Par_Defaut"): "A1",
    ("Interface", "Bouton_Acces_DrTux"): True,
    ("Interface", "Chemin_du_calendrier"): "../../calendrier/bin/calendrier",
    ("Interface", "Confirmation_Sortie_Definitive"): False,
    ("Affichage", "Titre_Application"): "Urgences - Hôpital Sainte-Thérèse, accueil",
    ("Affichage", "Couleur_Patients"): "#000080",
    ("Affichage", "Couleur_Patients_Clignote"): "red",
    ("Affichage", "Couleur_Commentaire_Patients"): "#404040",
    ("Affichage", "Couleur_BougerPatients"): "#ff8000",
    ("Affichage", "Couleur_Medecins"): "darkgreen",
    ("Affichage", "Couleur_HeuresEntree"): "blue",
    ("Affichage", "Couleur_HeuresSortie"): "#800080",
    ("Affichage", "Couleur_ChoixDestination"): "#008080",
    ("Affichage", "Largeur_Box"): 420,
    ("Affichage", "Hauteur_Box"): 300,
    ("Affichage", "Largeur_Tache"): 150,
    ("Affichage", "Hauteur_Taches"): 48,
    ("Affichage", "Hauteur_NomBox"): 40,
    ("Affichage", "Hauteur_Patients"): 50,
    ("Affichage", "Mode_Affichage"): "Fenetre",
    ("Timer", "Periodicite_controle_des_entrees"): 5,
    ("Timer", "Periodicite_clignotement_en_secondes"): 1,
    ("Timer", "Periodicite_controle_alarme_en_secondes"): 30,
    ("Timer", "Delai_avant_suppression_des_sorties_en_mn"): 720,
    ("Timer", "Duree_vie_max_avant_sortie_forcee_en_secondes"): 172800,
}


@pytest.fixture
def site_ini(tmp_path: Path) -> Path:
    path = tmp_path / "synoptux.ini"
    shutil.copyfile(EXAMPLE, path)
    return path


def test_example_is_a_2x_file():
    data = EXAMPLE.read_bytes()
    assert b"\r\n" in data and "Hôpital".encode("iso-8859-1") in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_every_2x_key_is_taken_over(site_ini):
    settings = Settings.load(site_ini)
    assert settings.validate() == []
    declared = {(k.section.lower(), k.name.lower()) for k in KEYS}
    in_file = {
        (section, name)
        for section in ("Interface", "Affichage", "Timer")
        for name, _ in settings.doc.keys(section)
        if (section.lower(), name.lower()) in declared
    }
    assert in_file == set(EXPECTED)
    for (section, name), value in EXPECTED.items():
        assert settings.get(section, name) == value, (section, name)
    assert (
        settings.path_setting("Interface", "Dossier_Entrees")
        == site_ini.parent / "../../Synoptux/Entrees"
    )
    # The 2.x connection line: MySQL base DrTuxTest, tables synopt_ (2.15+).
    conn = settings.connection()
    assert conn.url == "mysql+pymysql://root@localhost:3306/DrTuxTest"
    assert conn.prefix == "synopt_" and "2.x" in conn.source
    # Keys the new board does not use are still there.
    assert settings.raw("Affichage", "Police_Patients") == "Arial,12,-1,5,75,0,0,0,0,0"


def test_window_positions_are_taken_over(site_ini):
    settings = Settings.load(site_ini)
    pos = settings.positions()
    assert pos["S1"] == (10, 20, 300, 200)
    assert pos["Window"] == (0, 0, 1920, 1080)
    assert set(pos) == {"Window", "A1", "S1", "DECH", "SORT"}


def test_positions_read_whatever_the_section_case(tmp_path):
    """2.x defect 7: saved under [Positions_fenetres], read from [Positions_Fenetres]."""
    path = tmp_path / "synoptux.ini"
    path.write_bytes(b"[Positions_Fenetres]\r\nPos_S2=@Point(5 6)\r\nSize_S2=@Size(7 8)\r\n")
    assert Settings.load(path).positions() == {"S2": (5, 6, 7, 8)}


def test_saving_keeps_every_byte_it_does_not_change(site_ini):
    original = site_ini.read_bytes()
    settings = Settings.load(site_ini)
    settings.save()
    assert site_ini.read_bytes() == original
    settings.set_position("S1", 15, 25, 320, 210)
    settings.set_position("UHCD", 960, 540, 480, 270)
    settings.set("Timer", "Periodicite_controle_alarme_en_secondes", 20)
    settings.save()
    data = site_ini.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")  # still CRLF only
    text = data.decode("iso-8859-1")
    assert "Titre_Application=Urgences - Hôpital Sainte-Thérèse, accueil" in text
    assert "; clés de la 2.x que la nouvelle version n'utilise pas" in text
    changed = {ln for ln in text.split("\r\n")} - set(original.decode("iso-8859-1").split("\r\n"))
    assert changed == {
        "Pos_S1=@Point(15 25)",
        "Size_S1=@Size(320 210)",
        "Pos_UHCD=@Point(960 540)",
        "Size_UHCD=@Size(480 270)",
        "Periodicite_controle_alarme_en_secondes=20",
    }
    reloaded = Settings.load(site_ini)
    assert reloaded.positions()["S1"] == (15, 25, 320, 210)
    assert reloaded.positions()["UHCD"] == (960, 540, 480, 270)
    assert IniDocument.load(site_ini).encoding in ("cp1252", "latin-1")
    # The new lines are in the section 2.x wrote, under the name 2.x used.
    lines = text.split("\r\n")
    section = lines.index("[Positions_fenetres]")
    assert section < lines.index("Pos_UHCD=@Point(960 540)")
    assert all(not ln.startswith("[") for ln in lines[section + 1 :] if ln)
    assert POS == "Positions_fenetres"


def test_2x_sizes_below_the_touch_minimum_are_kept_as_hints(site_ini):
    """2.x allowed 25 px task rows: the value loads as a size hint (the board keeps its
    40 px touch floor when it draws), `doctor` reports nothing, the file keeps its value."""
    data = site_ini.read_bytes().replace(b"Hauteur_Taches=48", b"Hauteur_Taches=25")
    site_ini.write_bytes(data)
    settings = Settings.load(site_ini)
    assert settings.validate() == []
    assert settings.get_or_default("Affichage", "Hauteur_Taches") == 25
    settings.save()
    assert site_ini.read_bytes() == data
