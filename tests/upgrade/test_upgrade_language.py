"""`synoptux upgrade` speaks the interface language, as the other commands: French by
default, English with --lang en. The real command in a child process (this worktree's code:
cwd and PYTHONPATH), on a SQLite file and on a 2.x site in MariaDB (dry run, upgrade,
restore), every line it prints read."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from tests.support.upgrade import LegacySite

ROOT = Path(__file__).resolve().parents[2]
# Words only English says (a French line holds none; paths and identifiers are left out).
ENGLISH = {
    "rows", "step", "done", "backup", "verified", "finished", "nothing", "every", "the",
    "and", "of", "into", "writing", "restored", "dropped", "none", "found",
    "dry", "run", "kept", "key", "schema", "columns", "verify", "convert", "renumber",
    "tasks", "whose", "gone", "data", "shown", "marked", "stop", "method", "installed",
    "present", "unavailable", "unknown",
}  # fmt: skip


def upgrade_cli(
    url: str, prefix: str, *args: str, lang: str | None = None
) -> subprocess.CompletedProcess:
    """`synoptux [--lang LANG] --db URL --prefix PREFIX upgrade ARGS` (no --lang: the
    default language, no ini file)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    env.pop("SYNOPTUX_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "synoptux", *(["--lang", lang] if lang else [])]
        + ["--db", url, "--prefix", prefix, "upgrade", *args],
        cwd=ROOT,
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def english_words(output: str) -> list[str]:
    """The lines of `output` with English-only words (outside paths, quoted values and SQL
    names), each with those words."""
    found = []
    for line in output.splitlines():
        kept = re.sub(r"\S*[/\\]\S*", " ", line)  # paths
        kept = re.sub(r"'[^']*'|\([^()]*_[^()]*\)", " ", kept)  # 'values', (identifiers)
        words = [w for w in re.findall(r"[A-Za-zÀ-ÿ]+", kept) if w.lower() in ENGLISH]
        if [w for w in words if not w.isupper()]:
            found.append(f"{words}: {line}")
    return found


def test_upgrade_on_sqlite_in_french_by_default_and_in_english(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'board.db'}"
    db = Database.from_url(url, "")
    ensure_schema(db)
    db.dispose()
    french = upgrade_cli(url, "")
    assert french.returncode == 0, french.stdout + french.stderr
    assert "SQLite : pas de base 2.x à reprendre ; schéma vérifié (version" in french.stdout
    assert "tables créées : aucune" in french.stdout
    assert not english_words(french.stdout), "\n".join(english_words(french.stdout))
    dry = upgrade_cli(url, "", "--dry-run")
    assert dry.returncode == 0 and "ne ferait que créer les tables" in dry.stdout
    english = upgrade_cli(url, "", lang="en")
    assert english.returncode == 0, english.stdout + english.stderr
    assert "SQLite: no 2.x database to adopt; schema checked (version" in english.stdout
    assert "tables created: none" in english.stdout


@pytest.mark.mysql
def test_upgrade_of_a_2x_site_in_french_then_english(latin1_site: LegacySite) -> None:
    """Dry run, upgrade, then restore: each in French by default, in English with
    --lang en (the restore puts the 2.x tables back, so the upgrade runs twice)."""
    site = latin1_site
    backups = ("--backup-dir", str(site.backup_dir))
    said = {}
    for lang in ("fr", "en"):
        chosen = None if lang == "fr" else lang  # French: the default, not asked for
        dry = upgrade_cli(site.url, site.prefix, "--dry-run", *backups, lang=chosen)
        run = upgrade_cli(site.url, site.prefix, *backups, lang=chosen)
        back = upgrade_cli(site.url, site.prefix, "--restore", *backups, lang=chosen)
        for done in (dry, run, back):
            assert done.returncode == 0, done.stdout + done.stderr
        said[lang] = (dry.stdout, run.stdout, back.stdout)
    dry, run, back = said["fr"]
    assert "essai à blanc : rien n'est changé" in dry
    assert (
        f"base {site.url.rsplit('/', 1)[-1].split('?')[0]}, préfixe des tables '{site.prefix}'"
        in dry
    )
    assert "1. sauvegarde : dump SQL de " in dry and "6. vérifier le nombre de lignes" in dry
    assert "ATTENTION 6 tâches dont le patient a disparu" in dry  # the findings too
    assert dry.count("doublement encodées") == 1
    assert "sauvegarde : écriture d'un dump SQL de " in run
    assert "étape sauvegarde : terminée" in run and "lignes, contenu identique" in run
    assert "reprise terminée : toutes les lignes sont là" in run
    assert re.search(r"^\d+ tables restaurées \(\d+ lignes\)", back, re.M)
    for out in said["fr"]:
        assert not english_words(out), "\n".join(english_words(out))
    dry, run, back = said["en"]
    assert "dry run: nothing is changed" in dry and "1. backup: SQL dump of " in dry
    assert "  WARN 6 tasks whose patient is gone" in dry
    assert "step backup: done" in run and "upgrade finished: every row is there" in run
    assert re.search(r"^restored \d+ tables", back, re.M)
