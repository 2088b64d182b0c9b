"""synoptux.ini: both connection forms, encodings, commas, comments kept, clear errors."""

from __future__ import annotations

import pytest

from synoptux.config import KEYS, ConfigError, Settings

MANUAL_FORM = """; Synoptux - site des urgences
[Connexion_SynopTux]
Parametres = QMYSQL3 , synoptux , root , s3cr,et , 10.0.0.5 , 3307
Prefixe_Tables=ST_

[Connexion_MedinTux]
Parametres = QMYSQL3 , DrTuxTest , root , , localhost , 3306

[Interface]
; dossier partagé
Dossier_Entrees=\\\\serveur\\urgences\\entrées
Code_Box_Par_Defaut=A1
Bouton_Acces_DrTux=NON
Confirmation_Sortie_Definitive=OUI
Cle_Inconnue=gardée, telle quelle ; avec % et *

[Affichage]
Titre_Application=Urgences, CH de Marignane ; écran 1
Couleur_Patients=#112233
"""

LEGACY_2X = """[Connexion]
Parametres = QMYSQL3 , DrTuxTest , root , motdepasse , localhost , 3306

[Positions_Fenetres]
Pos_S1=@Point(10 20)
Size_S1=@Size(300 200)
"""


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "synoptux.ini"
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "iso-8859-1"])
def test_manual_form_in_each_encoding(tmp_path, encoding):
    s = Settings.load(write(tmp_path, MANUAL_FORM, encoding))
    conn = s.connection()
    assert conn.url == "mysql+pymysql://root:s3cr%2Cet@10.0.0.5:3307/synoptux"
    assert conn.prefix == "ST_"
    assert s.medintux_url() == "mysql+pymysql://root@localhost:3306/DrTuxTest"
    assert s.get("Affichage", "Titre_Application") == "Urgences, CH de Marignane ; écran 1"
    assert s.get("Interface", "Bouton_Acces_DrTux") is False
    assert s.raw("Interface", "Cle_Inconnue") == "gardée, telle quelle ; avec % et *"
    assert s.validate() == []


def test_2x_form_defaults_to_synopt_prefix_and_reads_positions(tmp_path):
    s = Settings.load(write(tmp_path, LEGACY_2X, "iso-8859-1"))
    conn = s.connection()
    assert conn.url == "mysql+pymysql://root:motdepasse@localhost:3306/DrTuxTest"
    assert conn.prefix == "synopt_"
    assert s.positions() == {"S1": (10, 20, 300, 200)}  # [Positions_Fenetres] read too (defect 7)


def test_save_keeps_comments_unknown_keys_and_encoding(tmp_path):
    path = write(tmp_path, MANUAL_FORM, "cp1252")
    s = Settings.load(path)
    s.set("Timer", "Periodicite_clignotement_en_secondes", 2)
    s.set("Affichage", "Couleur_Patients", "#abcdef")
    s.set_position("S2", 5, 6, 70, 80)
    s.save()
    data = path.read_bytes()
    text = data.decode("cp1252")
    assert "; dossier partagé" in text and "Cle_Inconnue=gardée, telle quelle ; avec % et *" in text
    assert "Couleur_Patients=#abcdef" in text and "\r\n" in text
    again = Settings.load(path)
    assert again.get("Timer", "Periodicite_clignotement_en_secondes") == 2
    assert again.positions()["S2"] == (5, 6, 70, 80)
    assert again.get("Affichage", "Titre_Application") == "Urgences, CH de Marignane ; écran 1"


def test_value_with_leading_space_is_quoted_and_survives(tmp_path):
    s = Settings.load(tmp_path / "new.ini")
    s.set("Affichage", "Titre_Application", '  Urgences "A", B ')
    s.save()
    assert (
        Settings.load(tmp_path / "new.ini").get("Affichage", "Titre_Application")
        == '  Urgences "A", B '
    )


@pytest.mark.parametrize(
    ("section", "key", "value", "expected"),
    [
        ("Timer", "Periodicite_clignotement_en_secondes", "vite", "whole number"),
        ("Interface", "Bouton_Acces_DrTux", "peut-être", "OUI or NON"),
        ("Affichage", "Couleur_Patients", "#12", "colour"),
        ("Affichage", "Mode_Affichage", "Plein", "Cadre, Fenetre"),
        ("Affichage", "Hauteur_Taches", "0", "below 1 (allowed: from 1 to 400)"),
        (
            "Timer",
            "Periodicite_clignotement_en_secondes",
            "3600",
            "above 60 (allowed: from 1 to 60)",
        ),
    ],
)
def test_wrong_value_names_section_key_and_form(section, key, value, expected):
    s = Settings.from_text(f"[{section}]\n{key}={value}\n")
    errors = s.validate()
    assert len(errors) == 1
    err = errors[0]
    assert (err.section, err.key) == (section, key) and expected in str(err)
    k = next(k for k in KEYS if k.section == section and k.name == key)
    # A number out of its range is clamped into it; anything else falls back to the default.
    assert s.get_or_default(section, key) == (
        k.clamp(value) if k.clamp(value) is not None else k.default
    )


def test_2x_display_heights_are_size_hints_not_errors():
    """The original 2.16 ini (synoptux.ini_rescue) sets heights below the touch minimum:
    they load as hints (the board keeps its floors), `doctor` finds nothing wrong."""
    s = Settings.from_text(
        "[Affichage]\nHauteur_NomBox=30\nHauteur_Taches=40\nHauteur_Patients=40\n"
        "Hauteur_Medecins=20\nPlein_Ecran=OUI\n"
    )
    assert s.validate() == []
    assert s.get_or_default("Affichage", "Hauteur_NomBox") == 30
    assert s.get_or_default("Affichage", "Plein_Ecran") is True


def test_bad_connection_parameters_are_explained():
    s = Settings.from_text("[Connexion]\nParametres = QODBC , base , u , p , h , 3306\n")
    with pytest.raises(ConfigError, match="QMYSQL3 or QSQLITE"):
        s.connection()
    s = Settings.from_text(  # 2.x's encoded form, but not 4 hex digits per character
        "[Connexion_SynopTux]\nParametres = QMYSQL3 , b , u , #A1B , h , 3306\n"
    )
    with pytest.raises(ConfigError, match="encoded") as info:
        s.connection()
    assert "A1B" not in str(info.value)  # never the password, even a wrong one
    s = Settings.from_text("[Connexion_SynopTux]\nURL=sqlite:///x.db\nPrefixe_Tables=a-b\n")
    with pytest.raises(ConfigError, match="Prefixe_Tables"):
        s.connection()


def test_overrides_and_default_sqlite(tmp_path):
    path = tmp_path / "synoptux.ini"
    path.write_text("[Interface]\nDossier_Entrees=in\n")
    s = Settings.load(path)
    assert s.connection().url == f"sqlite:///{tmp_path / 'var' / 'synoptux.db'}"
    assert s.path_setting("Interface", "Dossier_Entrees") == tmp_path / "in"
    s = Settings.load(path, db="mysql+pymysql://u@h/b", prefix="synopt_")
    assert (s.connection().url, s.connection().prefix) == ("mysql+pymysql://u@h/b", "synopt_")


def test_every_key_declared_once_with_doc():
    seen = set()
    for k in KEYS:
        ident = (k.section.lower(), k.name.lower())
        assert ident not in seen, ident
        seen.add(ident)
        assert k.doc and k.parse(None) == k.default


def test_configuration_doc_is_in_step_with_keys():
    from pathlib import Path

    from synoptux.config import keys_markdown

    doc = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"
    assert doc.read_text(encoding="utf-8") == keys_markdown(), (
        "regenerate: python -m synoptux.config > docs/configuration.md"
    )


def test_example_configurations_load(tmp_path):
    from pathlib import Path

    for ini in (Path(__file__).resolve().parents[1] / "config").glob("*.ini"):
        s = Settings.load(ini)
        assert s.validate() == [], ini.name


def test_a_line_that_is_not_ini_is_an_error_the_editor_cannot_save():
    """The ini editor saves only what validates: a stray line would stop the next start."""
    s = Settings.from_text("[Affichage]\nTitre_Application=Urgences\nTaille police 12\n")
    errors = s.validate()
    assert [(e.section, e.key) for e in errors] == [("synoptux.ini", "line 3")]
    assert "'Taille police 12' is neither a [Section], a key=value nor a ; comment" in str(
        errors[0]
    )
