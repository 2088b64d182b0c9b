"""The ini editor: form and raw text over one document; comments, unknown keys,
encoding and line ends kept; validation names the key; restart notice."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLineEdit

from synoptux.config import Settings
from synoptux.ui.admin.ini_editor import IniEditor
from tests.support.admin import INI
from tests.support.settle import settle
from tests.support.taps import tap, type_into


def editor(qtbot, ctx) -> IniEditor:
    dlg = IniEditor(ctx)
    qtbot.addWidget(dlg)
    settle()
    dlg.show()
    settle()
    return dlg


def field(dlg: IniEditor, section: str, name: str):
    widget = dlg.findChild(QLineEdit, f"{section}.{name}") or dlg.findChild(
        QComboBox, f"{section}.{name}"
    )
    if widget is None:  # a colour field: its line edit
        widget = dlg.findChild(object, f"{section}.{name}").edit
    return widget


def test_form_round_trip_keeps_comments_and_unknown_keys(qtbot, ctx, ini_path, calls) -> None:
    dlg = editor(qtbot, ctx)
    blink = field(dlg, "Timer", "Periodicite_clignotement_en_secondes")
    assert blink.text() == "1"
    type_into(qtbot, blink, "2")
    field(dlg, "Affichage", "Mode_Confidentiel").setCurrentText("OUI")
    type_into(qtbot, field(dlg, "Affichage", "Couleur_Patients"), "#112233")
    tap(qtbot, dlg.save_button)
    assert dlg.error.text() == "" and "Saved" in dlg.info.text()
    assert "restart" not in dlg.info.text().lower()
    text = ini_path.read_text(encoding="utf-8")
    assert text.startswith("; Synoptux settings of the test site\n[Interface]\n")
    assert "; a key the new board does not know: kept as it is\n" in text
    assert "Cle_Inconnue = garder, moi ; avec un point-virgule\n" in text
    assert "Periodicite_clignotement_en_secondes=2\n" in text
    assert text.endswith("\n[Affichage]\nCouleur_Patients=#112233\nMode_Confidentiel=OUI\n")
    assert "Largeur_Box" not in text  # untouched defaults are not written out
    assert calls.settings == 1  # applied at once
    assert ctx.settings.get("Timer", "Periodicite_clignotement_en_secondes") == 2
    assert ctx.settings.get("Affichage", "Mode_Confidentiel") is True
    again = Settings.load(ini_path)
    assert again.get("Affichage", "Couleur_Patients") == "#112233"


def test_wrong_value_names_the_key_and_saves_nothing(qtbot, ctx, ini_path, calls) -> None:
    dlg = editor(qtbot, ctx)
    type_into(qtbot, field(dlg, "Timer", "Periodicite_controle_alarme_en_secondes"), "dix")
    type_into(qtbot, field(dlg, "Affichage", "Hauteur_Taches"), "0")
    tap(qtbot, dlg.save_button)
    err = dlg.error.text()
    assert "[Timer] Periodicite_controle_alarme_en_secondes: 'dix' is not a whole number" in err
    assert "[Affichage] Hauteur_Taches: 0 is below 1" in err
    assert ini_path.read_text(encoding="utf-8") == INI and calls.settings == 0
    # what was typed is still there, to be fixed
    assert field(dlg, "Timer", "Periodicite_controle_alarme_en_secondes").text() == "dix"


def test_raw_text_tab_and_restart_notice(qtbot, ctx, ini_path, calls) -> None:
    dlg = editor(qtbot, ctx)
    type_into(qtbot, field(dlg, "Interface", "Code_Box_Par_Defaut"), "A2")
    dlg.tabs.setCurrentIndex(1)
    raw = dlg.raw.toPlainText()
    assert "Code_Box_Par_Defaut = A2" not in raw and "Code_Box_Par_Defaut=A2" in raw
    dlg.raw.setPlainText(raw + "\n[Connexion_SynopTux]\nPrefixe_Tables = ST_\n; fin\n")
    dlg.tabs.setCurrentIndex(0)
    assert field(dlg, "Connexion_SynopTux", "Prefixe_Tables").text() == "ST_"
    assert field(dlg, "Interface", "Code_Box_Par_Defaut").text() == "A2"
    tap(qtbot, dlg.save_button)
    assert "Restart Synoptux" in dlg.info.text() and "Prefixe_Tables" in dlg.info.text()
    text = ini_path.read_text(encoding="utf-8")
    assert text.endswith("[Connexion_SynopTux]\nPrefixe_Tables = ST_\n; fin\n")
    # a broken raw text is refused the same way
    dlg.tabs.setCurrentIndex(1)
    dlg.raw.setPlainText(
        dlg.raw.toPlainText().replace("Prefixe_Tables = ST_", "Prefixe_Tables = S-T")
    )
    tap(qtbot, dlg.save_button)
    assert "[Connexion_SynopTux] Prefixe_Tables" in dlg.error.text()
    assert ini_path.read_text(encoding="utf-8") == text


LEGACY = (
    "; Paramètres Synoptux 2.16 - hôpital\r\n"
    "[Connexion]\r\n"
    "Parametres = QMYSQL3 , DrTuxTest , root , se,cret , localhost , 3306\r\n"
    "[Interface]\r\n"
    "Dossier_Entrees = C:\\MedinTux\\Programmes\\synoptux\\entrees\r\n"
    "Bouton_Acces_DrTux = oui\r\n"
    "[Affichage]\r\n"
    "Titre_Application = Urgences, Hôpital Nord ; écran 2\r\n"
    "[Positions_fenetres]\r\n"
    "Pos_S1=@Point(10 20)\r\n"
    "Size_S1=@Size(300 200)\r\n"
    "[Timer]\r\n"
    "Periodicite_controle_des_entrees = 10\r\n"
    "Delai_avant_suppression_des_sorties_en_mn = 1440\r\n"
)


def test_2x_file_latin1_crlf_round_trip(qtbot, ctx, tmp_path: Path, calls) -> None:
    path = tmp_path / "legacy" / "synoptux.ini"
    path.parent.mkdir()
    path.write_bytes(LEGACY.encode("latin-1"))
    ctx.settings = Settings.load(path)
    dlg = editor(qtbot, ctx)
    assert field(dlg, "Affichage", "Titre_Application").text() == "Urgences, Hôpital Nord ; écran 2"
    assert field(dlg, "Connexion", "Parametres").text().startswith("QMYSQL3 , DrTuxTest")
    assert field(dlg, "Interface", "Bouton_Acces_DrTux").currentText() == "OUI"
    type_into(qtbot, field(dlg, "Timer", "Periodicite_controle_des_entrees"), "5")
    tap(qtbot, dlg.save_button)
    assert dlg.error.text() == "", dlg.error.text()
    expected = LEGACY.replace(
        "Periodicite_controle_des_entrees = 10", "Periodicite_controle_des_entrees=5"
    )
    assert path.read_bytes() == expected.encode("latin-1")  # only that line changed
    assert (
        ctx.settings.connection().url == "mysql+pymysql://root:se%2Ccret@localhost:3306/DrTuxTest"
    )
