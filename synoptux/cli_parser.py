"""The `synoptux` command line: its options and sub-commands (argparse), without running any.

cli.py parses with `build_parser()` and dispatches; the --help texts stay English.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from synoptux import __version__

EXIT_STATUS = """exit status:
  0    done
  1    done in part (ingest: files in errors/; doctor: a check failed)
  2    command line or configuration wrong (the message names the file or the setting),
       or a 2.x database to upgrade first
  3    database connection failure: unreachable, user or password refused, unknown
       database, SQLite file missing or not SQLite, unreadable URL
  4    the database has no Synoptux tables: run 'synoptux init-db'
  130  interrupted"""


def parse_now(value: str | None) -> datetime | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"):
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"--now {value!r}: expected 'YYYY-MM-DD HH:MM'")


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options valid before or after the sub-command (`board --json --now ...`)."""
    d: dict[str, Any] = {"default": argparse.SUPPRESS} if suppress else {}
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="synoptux.ini to use (default: ./synoptux.ini or $SYNOPTUX_CONFIG)",
        **d,
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (overrides the ini): "
        "sqlite:///file.db or mysql+pymysql://user:pw@host:3306/base",
        **d,
    )
    parser.add_argument("--prefix", metavar="P", help="table prefix: '', ST_ or synopt_", **d)
    parser.add_argument("--lang", choices=("fr", "en"), help="interface language", **d)
    parser.add_argument(
        "--now",
        type=parse_now,
        metavar="'YYYY-MM-DD HH:MM'",
        help="time used for lateness (tests, screenshots)",
        **d,
    )
    parser.add_argument("-v", "--verbose", action="store_true", **d)
    parser.add_argument(
        "--full-screen", action="store_true", help="the board fills the screen (kiosk)", **d
    )


def _display_mode(text: str) -> str:
    modes = {"frame": "Cadre", "cadre": "Cadre", "window": "Fenetre", "fenetre": "Fenetre"}
    try:
        return modes[text.strip().lower()]
    except KeyError:
        raise argparse.ArgumentTypeError(f"{text!r}: frame (Cadre) or window (Fenetre)") from None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="synoptux",
        description="Emergency-department tracking board.",
        epilog=EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"synoptux {__version__}")
    _global_options(p, suppress=False)
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, suppress=True)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser(
        "init-db", parents=[common], help="create or upgrade the schema; reference data if empty"
    )
    s.add_argument("--demo", action="store_true", help="also add demo patients (empty board only)")

    s = sub.add_parser("board", parents=[common], help="print the board")
    s.add_argument("--json", action="store_true", help="as JSON (stable keys)")

    sub.add_parser(
        "doctor", parents=[common], help="check configuration, database, entry folder, Qt"
    )

    s = sub.add_parser("snapshot", parents=[common], help="render the board to a PNG, offscreen")
    s.add_argument("out", type=Path)
    s.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT (default 1920x1080)")
    s.add_argument(
        "--report",
        type=Path,
        metavar="OUT.json",
        help="also write where each patient and task was drawn (rect, tier, visible, font px)",
    )
    s.add_argument(
        "--mode",
        type=_display_mode,
        help="frame (Cadre) or window (Fenetre) mode; default: the ini's Mode_Affichage",
    )

    s = sub.add_parser(
        "ingest", parents=[common], help="apply entry files headless and print a summary"
    )
    s.add_argument("--once", action="store_true", help="scan the entry folder once and exit")
    s.add_argument("files", nargs="*", type=Path)

    s = sub.add_parser("stats", parents=[common], help="statistics over a period")
    s.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD (inclusive)")
    s.add_argument("--format", choices=("json", "csv"), default="json")
    s.add_argument("--out", type=Path, help="folder for CSV files")
    s.add_argument(
        "--audit",
        action="store_true",
        help="list the administration changes of the period (who, what, before, after)",
    )

    s = sub.add_parser(
        "admin-pin",
        parents=[common],
        help="the site's admin PIN: state, reset on the server, recovery key",
    )
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--status", action="store_true", help="say whether a PIN is set, unset or lost")
    g.add_argument(
        "--reset",
        action="store_true",
        help="set a new PIN without the old one (typed twice; read from stdin when piped)",
    )
    g.add_argument(
        "--recovery-key",
        action="store_true",
        help="make a new recovery key: shown once, only its hash written in synoptux.ini",
    )

    s = sub.add_parser(
        "install-autostart",
        parents=[common],
        help="start the board when this user's session opens (ward PC)",
    )
    s.add_argument("--remove", action="store_true", help="remove the autostart entry")

    s = sub.add_parser(
        "export-board",
        parents=[common],
        help="write the downtime copy now (PDF and HTML, [Copie_Secours]): for cron",
    )
    s.add_argument("--no-pdf", action="store_true", help="the HTML copy only (no Qt needed)")

    s = sub.add_parser(
        "serve", parents=[common], help="the read-only web view of the board ([Web], docs/web.md)"
    )
    s.add_argument("--host", help="address to listen on (default: [Web] Adresse, 127.0.0.1)")
    s.add_argument("--port", type=int, help="port (default: [Web] Port, 8470)")

    s = sub.add_parser("web-account", parents=[common], help="accounts of the web view")
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--list", action="store_true", help="list the accounts")
    g.add_argument("--add", metavar="LOGIN", help="add an account (password typed twice)")
    g.add_argument("--password", metavar="LOGIN", help="set a new password")
    g.add_argument("--disable", metavar="LOGIN", help="refuse its logins from now on")
    g.add_argument("--enable", metavar="LOGIN", help="accept its logins again")
    g.add_argument("--remove", metavar="LOGIN", help="delete the account")
    g.add_argument(
        "--screen-token",
        metavar="NAME",
        help="a token for a ward display that shows full names without a login (shown once)",
    )
    g.add_argument("--drop-screen-token", metavar="NAME", help="revoke a screen's token")
    s.add_argument("--name", default="", help="with --add: the person's name")

    s = sub.add_parser("upgrade", parents=[common], help="adopt a Synoptux 2.x database in place")
    s.add_argument("--dry-run", action="store_true")
    s.add_argument("--restore", action="store_true", help="put the last backup back")
    s.add_argument("--backup-dir", type=Path, help="where to write the SQL backup")
    return p
