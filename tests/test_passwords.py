"""2.x's encoded passwords: MedinTux's CGestIni::PassWordEncode.

'#', then for each byte of the Latin-1 password the 4 hex digits of (byte XOR key[i]), key =
"les linges qui sechent mouillent les cordes" (its NUL terminator at index 43; no wrap).
2.x encodes the `[Connexion] Parametres` password on its first start, so every 2.x site's
ini holds one. `doctor` says which form it read and never prints the password.
"""

from __future__ import annotations

import pytest

from synoptux.config import ConfigError, Settings, decode_2x_password, encode_2x_password
from tests.support.db import MYSQL_SERVER

KEY = b"les linges qui sechent mouillent les cordes"


def reference_encode(password: str) -> str:
    """The original's loop, step by step: `char encoded = pt[i] ^ key[i]` (signed char on
    x86), then UINTtoHex(quint16) with upper-case digits."""
    out = "#"
    for i, byte in enumerate(password.encode("latin-1")):
        key = KEY[i] if i < len(KEY) else 0  # index 43: the C string's NUL
        value = byte ^ key
        signed = value - 256 if value >= 128 else value
        out += f"{signed & 0xFFFF:04X}"
    return out


@pytest.mark.parametrize(
    "password",
    ["", "root", "brahmadou_2014", "Mot de passe, avec virgule; et 'quote'", "Hôpital-Été",
     "x" * 43, "y" * 44],
)  # fmt: skip
def test_what_2x_writes_decodes_back(password: str) -> None:
    encoded = reference_encode(password)
    assert encode_2x_password(password) == encoded
    assert decode_2x_password(encoded) == password
    assert decode_2x_password(encoded.lower()) == password  # HexToUINT ignores the case


def test_known_vectors() -> None:
    assert decode_2x_password("#001E000A001C0054") == "root"  # 'r'^'l', 'o'^'e', 'o'^'s', 't'^' '
    assert decode_2x_password("#") == ""  # a bare '#' is the empty password
    # A byte >= 0x80 comes out 'FFxx' where char is signed (x86), '00xx' where it is not.
    assert decode_2x_password("#FF85") == decode_2x_password("#0085") == "é"


@pytest.mark.parametrize("bad", ["#A1B", "#ZZZZ", "#" + "0000" * 45])
def test_what_cannot_be_decoded_is_said_without_the_password(bad: str) -> None:
    s = Settings.from_text(f"[Connexion]\nParametres = QMYSQL3 , base , root , {bad} , h , 3306\n")
    with pytest.raises(ConfigError) as info:
        s.connection()
    assert "encoded" in str(info.value) and bad not in str(info.value)


@pytest.mark.parametrize(
    "ini",
    [
        "[Connexion]\nParametres = QMYSQL3 , DrTuxTest , root , {pw} , db.local , 3306\n",
        '[Connexion]\nParametres = "QMYSQL3 , DrTuxTest , root , {pw} , db.local , 3306"\n',
        "[Connexion_SynopTux]\nParametres=QMYSQL3,DrTuxTest,root,{pw},db.local,3306\n",
    ],
    ids=["2x", "qt-quoted", "manual-section"],
)
def test_encoded_passwords_load_in_every_connection_form(ini: str) -> None:
    s = Settings.from_text(ini.format(pw=encode_2x_password("s3cr,et")))
    conn = s.connection()
    assert conn.url == "mysql+pymysql://root:s3cr%2Cet@db.local:3306/DrTuxTest"
    assert conn.password == "2.x encoded"


def test_the_medintux_connection_decodes_too() -> None:
    s = Settings.from_text(
        "[Connexion_SynopTux]\nURL=sqlite:///b.db\n[Connexion_MedinTux]\n"
        f"Parametres = QMYSQL3 , DrTuxTest , medintux , {encode_2x_password('pw')} , mx , 3306\n"
    )
    assert s.medintux_url() == "mysql+pymysql://medintux:pw@mx:3306/DrTuxTest"
    assert s.medintux_connection()[2] == "2.x encoded"


def _doctor(tmp_path, ini_text: str, capsys) -> str:
    from synoptux.cli import main

    ini = tmp_path / "synoptux.ini"
    ini.write_text(
        ini_text + f"[Interface]\nDossier_Entrees={tmp_path / 'in'}\n", encoding="latin-1"
    )
    (tmp_path / "in").mkdir(exist_ok=True)
    main(["--lang", "en", "--config", str(ini), "doctor"])
    out = capsys.readouterr()
    return out.out + out.err


@pytest.mark.mysql
def test_doctor_says_which_form_it_read_and_never_the_password(
    mysql_factory,
    tmp_path,
    capsys,
) -> None:
    url = mysql_factory.create()
    name = url.rsplit("/", 1)[1].split("?")[0]
    host_port = MYSQL_SERVER.rsplit("@", 1)[1]
    host, port = host_port.split(":")
    # The test server's root has no password: 2.x writes its empty password as a bare '#'.
    out = _doctor(
        tmp_path,
        f"[Connexion]\nParametres = QMYSQL3 , {name} , root , # , {host} , {port}\n",
        capsys,
    )
    line = next(ln for ln in out.splitlines() if "database connection" in ln)
    assert line.startswith("OK") and "2.x encoded form ('#' + hex), decoded" in line
    # A wrong password: the connection fails, and neither form of it is printed.
    encoded = encode_2x_password("Secret-Été")
    out = _doctor(
        tmp_path,
        f"[Connexion]\nParametres = QMYSQL3 , {name} , root , {encoded} , {host} , {port}\n",
        capsys,
    )
    assert "FAIL database connection" in out
    assert "Secret" not in out and encoded not in out and encoded[1:] not in out
    out = _doctor(
        tmp_path,
        f"[Connexion]\nParametres = QMYSQL3 , {name} , root , enclair , {host} , {port}\n",
        capsys,
    )
    assert "password: in clear" in out and "enclair" not in out
