"""`synoptux web-account`: accounts in the database (hashed, audited), screen tokens in the
ini (hashed, shown once)."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import select

from synoptux.config import WEB, Settings
from synoptux.services.web_accounts import AccountStore, parse_tokens, token_hash


def cli(site, *args: str, stdin: str = "", lang: str = "en") -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "synoptux",
            "--lang",
            lang,
            "--config",
            str(site.settings.path),
            "web-account",
            *args,
        ],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
    )


def test_accounts_are_added_changed_disabled_and_removed(site) -> None:
    store = AccountStore(site.db)
    done = cli(
        site,
        "--add",
        "IAO.Durand",
        "--name",
        "IAO Durand",
        stdin="un mot de passe\nun mot de passe\n",
    )
    assert done.returncode == 0, done.stderr
    assert store.verify("iao.durand", "un mot de passe").name == "IAO Durand"
    a = site.db.tables.web_accounts.c
    with site.db.connect() as conn:
        stored = conn.execute(select(a.WA_Hash).where(a.WA_Login == "iao.durand")).scalar_one()
    assert stored.startswith("scrypt$") and "un mot de passe" not in stored
    assert cli(site, "--add", "iao.durand", stdin="x" * 12 + "\n" + "x" * 12 + "\n").returncode == 2
    assert cli(site, "--add", "court", stdin="abc\nabc\n").returncode == 2  # too short
    assert cli(site, "--add", "autre", stdin="un mot de passe\nun autre\n").returncode == 2
    assert (
        cli(site, "--password", "iao.durand", stdin="nouveau secret!\nnouveau secret!\n").returncode
        == 0
    )
    assert store.verify("iao.durand", "un mot de passe") is None
    assert store.verify("iao.durand", "nouveau secret!") is not None
    assert cli(site, "--disable", "iao.durand").returncode == 0
    assert store.verify("iao.durand", "nouveau secret!") is None
    listing = cli(site, "--list").stdout
    assert "iao.durand\tdisabled\tIAO Durand" in listing and "drmartin\tactive" in listing
    assert cli(site, "--enable", "iao.durand").returncode == 0
    assert cli(site, "--remove", "iao.durand").returncode == 0
    assert cli(site, "--remove", "iao.durand").returncode == 2
    au = site.db.tables.audit.c
    with site.db.connect() as conn:
        what = [r[0] for r in conn.execute(select(au.AU_Quoi).where(au.AU_Objet == "web"))]
    assert "web account iao.durand added" in what and "web account iao.durand removed" in what
    assert not any("mot de passe" in w or "secret" in w for w in what)


def test_web_account_speaks_the_interface_language(site) -> None:
    done = cli(site, "--add", "iao.leroy", stdin="un mot de passe\nun mot de passe\n", lang="fr")
    assert done.returncode == 0, done.stderr
    assert "compte web iao.leroy ajouté" in done.stdout
    assert cli(site, "--disable", "iao.leroy", lang="fr").returncode == 0
    listing = cli(site, "--list", lang="fr").stdout
    assert "iao.leroy\tdésactivé" in listing and "drmartin\tactif" in listing
    refused = cli(site, "--add", "autre", stdin="un mot de passe\nun autre\n", lang="fr")
    assert refused.returncode == 2 and "les deux mots de passe diffèrent" in refused.stderr


def test_a_screen_token_is_shown_once_and_only_its_hash_kept(site) -> None:
    done = cli(site, "--screen-token", "radio")
    assert done.returncode == 0, done.stderr
    token = done.stdout.split("/screen/", 1)[1].split()[0]
    ini = site.settings.path.read_text(encoding="utf-8")
    assert token not in ini
    tokens = parse_tokens(str(Settings.load(site.settings.path).raw(WEB, "Jetons_Ecrans")))
    assert tokens == {token_hash(token): "radio"}
    again = cli(site, "--screen-token", "radio")  # a new token replaces the old one
    assert len(parse_tokens(str(Settings.load(site.settings.path).raw(WEB, "Jetons_Ecrans")))) == 1
    assert again.stdout != done.stdout
    assert cli(site, "--drop-screen-token", "radio").returncode == 0
    assert not parse_tokens(str(Settings.load(site.settings.path).raw(WEB, "Jetons_Ecrans")))
    assert cli(site, "--drop-screen-token", "radio").returncode == 2
