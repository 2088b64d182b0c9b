"""The `synoptux` command line: its options and sub-commands (argparse), without running any.

cli.py parses with `build_parser()` and dispatches. Every text of --help and of a command
line error is said through `speech.translate` (context "Cli", found by pyside6-lupdate like the
others): French unless `--lang en` (`help_language`), read without Qt from the package's
catalogue (`cli_words`), since the help is printed before anything else is loaded. argparse's
own words are replaced where it lets a program do so (usage, section titles, -h, --version,
the error line), and its error messages are said again in the interface language
(`argparse_message`: each English form it writes, matched).
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from synoptux import __version__, shipped
from synoptux.speech import QT_TRANSLATE_NOOP, Translate, translate

EXIT_STATUS = QT_TRANSLATE_NOOP(
    "Cli",
    """exit status:
  0    done
  1    done in part (ingest: files in errors/; doctor: a check failed)
  2    command line or configuration wrong (the message names the file or the setting),
       or a 2.x database to upgrade first
  3    database connection failure: unreachable, user or password refused, unknown
       database, SQLite file missing or not SQLite, unreadable URL
  4    the database has no Synoptux tables: run 'synoptux init-db'
  130  interrupted""",
)


def help_language(argv: list[str]) -> str:
    """The language of --help and of command line errors: `--lang` as given, else French
    (parsed before the ini: the help must not need a readable configuration)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "fr"


def cli_words(lang: str) -> Translate:
    """`lang`'s words from the package's catalogue, without Qt (English as written)."""
    words = shipped.catalogue(lang) if lang != "en" else {}
    return lambda context, text: words.get((context, text), text)


# argparse's own error messages (its gettext catalogue is not ours): each English form, as
# Python 3.11 and 3.12 write it, and its words in the interface language.
_ARGPARSE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"argument (?P<arg>.+?): (?P<rest>.*)\Z", re.S),
        QT_TRANSLATE_NOOP("Cli", "argument {arg}: {rest}"),
    ),
    (
        re.compile(r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.*)\)\Z", re.S),
        QT_TRANSLATE_NOOP("Cli", "invalid choice: {value} (choose from {choices})"),
    ),
    (
        re.compile(r"invalid (?P<type>\w+) value: (?P<value>.*)\Z", re.S),
        QT_TRANSLATE_NOOP("Cli", "not a valid value ({type}): {value}"),
    ),
    (
        re.compile(r"the following arguments are required: (?P<args>.*)\Z", re.S),
        QT_TRANSLATE_NOOP("Cli", "these arguments are required: {args}"),
    ),
    (
        re.compile(r"one of the arguments (?P<args>.*) is required\Z", re.S),
        QT_TRANSLATE_NOOP("Cli", "one of the arguments {args} is required"),
    ),
    (
        re.compile(r"unrecognized arguments: (?P<args>.*)\Z", re.S),
        QT_TRANSLATE_NOOP("Cli", "unknown arguments: {args}"),
    ),
    (re.compile(r"expected one argument\Z"), QT_TRANSLATE_NOOP("Cli", "expected one argument")),
    (
        re.compile(r"not allowed with argument (?P<arg>.*)\Z", re.S),
        QT_TRANSLATE_NOOP("Cli", "not allowed with argument {arg}"),
    ),
)


def argparse_message(message: str) -> str:
    """One of argparse's error messages in the interface language (an unknown form as is)."""
    for pattern, words in _ARGPARSE_MESSAGES:
        found = pattern.match(message)
        if found is not None:
            parts = found.groupdict()
            if "rest" in parts:  # "argument --x: <another message>"
                parts["rest"] = argparse_message(parts["rest"])
            return translate("Cli", words).format(**parts)
    return message


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # argparse's name
        if prefix is None:
            prefix = translate("Cli", "usage: ")
        super().add_usage(usage, actions, groups, prefix)


class _Parser(argparse.ArgumentParser):
    """argparse's parser with its own words in the interface language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # its -h is added below, with its words
        super().__init__(*args, **kwargs)
        self._positionals.title = translate("Cli", "positional arguments")
        self._optionals.title = translate("Cli", "options")
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", help=translate("Cli", "show this help and exit")
            )

    def error(self, message: str) -> NoReturn:  # argparse's name
        self.print_usage(sys.stderr)
        message = argparse_message(message)
        said = translate("Cli", "{prog}: error: {message}")
        self.exit(2, said.format(prog=self.prog, message=message) + "\n")


def parse_now(value: str | None) -> datetime | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"):
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(
        translate("Cli", "{value}: expected 'YYYY-MM-DD HH:MM'").format(value=repr(value))
    )


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options valid before or after the sub-command (`board --json --now ...`)."""
    d: dict[str, Any] = {"default": argparse.SUPPRESS} if suppress else {}
    parser.add_argument(
        "--config",
        metavar="PATH",
        help=translate("Cli", "synoptux.ini to use (default: ./synoptux.ini or $SYNOPTUX_CONFIG)"),
        **d,
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help=translate(
            "Cli",
            "database URL (overrides the ini): "
            "sqlite:///file.db or mysql+pymysql://user:pw@host:3306/base",
        ),
        **d,
    )
    parser.add_argument(
        "--prefix", metavar="P", help=translate("Cli", "table prefix: '', ST_ or synopt_"), **d
    )
    parser.add_argument(
        "--lang", choices=("fr", "en"), help=translate("Cli", "interface language"), **d
    )
    parser.add_argument(
        "--now",
        type=parse_now,
        metavar="'YYYY-MM-DD HH:MM'",
        help=translate("Cli", "time used for lateness (tests, screenshots)"),
        **d,
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help=translate("Cli", "say more (debug log)"), **d
    )
    parser.add_argument(
        "--full-screen",
        action="store_true",
        help=translate("Cli", "the board fills the screen (kiosk)"),
        **d,
    )


def _display_mode(text: str) -> str:
    modes = {"frame": "Cadre", "cadre": "Cadre", "window": "Fenetre", "fenetre": "Fenetre"}
    try:
        return modes[text.strip().lower()]
    except KeyError:
        raise argparse.ArgumentTypeError(
            translate("Cli", "{text}: frame (Cadre) or window (Fenetre)").format(text=repr(text))
        ) from None


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="synoptux",
        description=translate("Cli", "Emergency-department tracking board."),
        epilog=translate("Cli", EXIT_STATUS),
    )
    p.add_argument(
        "--version",
        action="version",
        version=f"synoptux {__version__}",
        help=translate("Cli", "show the version and exit"),
    )
    _global_options(p, suppress=False)
    common = _Parser(add_help=False)
    _global_options(common, suppress=True)
    sub = p.add_subparsers(
        dest="command", metavar=translate("Cli", "COMMAND"), parser_class=_Parser
    )

    s = sub.add_parser(
        "init-db",
        parents=[common],
        help=translate("Cli", "create or upgrade the schema; reference data if empty"),
    )
    s.add_argument(
        "--demo",
        action="store_true",
        help=translate("Cli", "also add demo patients (empty board only)"),
    )

    s = sub.add_parser("board", parents=[common], help=translate("Cli", "print the board"))
    s.add_argument("--json", action="store_true", help=translate("Cli", "as JSON (stable keys)"))

    sub.add_parser(
        "doctor",
        parents=[common],
        help=translate("Cli", "check configuration, database, entry folder, Qt"),
    )

    s = sub.add_parser(
        "snapshot", parents=[common], help=translate("Cli", "render the board to a PNG, offscreen")
    )
    s.add_argument("out", type=Path)
    s.add_argument(
        "--size", default="1920x1080", help=translate("Cli", "WIDTHxHEIGHT (default 1920x1080)")
    )
    s.add_argument(
        "--report",
        type=Path,
        metavar="OUT.json",
        help=translate(
            "Cli", "also write where each patient and task was drawn (rect, tier, visible, font px)"
        ),
    )
    s.add_argument(
        "--mode",
        type=_display_mode,
        help=translate(
            "Cli", "frame (Cadre) or window (Fenetre) mode; default: the ini's Mode_Affichage"
        ),
    )

    s = sub.add_parser(
        "ingest",
        parents=[common],
        help=translate("Cli", "apply entry files headless and print a summary"),
    )
    s.add_argument(
        "--once", action="store_true", help=translate("Cli", "scan the entry folder once and exit")
    )
    s.add_argument("files", nargs="*", type=Path)

    s = sub.add_parser("stats", parents=[common], help=translate("Cli", "statistics over a period"))
    s.add_argument("--from", dest="date_from", required=True, help=translate("Cli", "YYYY-MM-DD"))
    s.add_argument(
        "--to", dest="date_to", required=True, help=translate("Cli", "YYYY-MM-DD (inclusive)")
    )
    s.add_argument(
        "--format", choices=("json", "csv"), default="json", help=translate("Cli", "json or csv")
    )
    s.add_argument("--out", type=Path, help=translate("Cli", "folder for CSV files"))
    s.add_argument(
        "--audit",
        action="store_true",
        help=translate(
            "Cli", "list the administration changes of the period (who, what, before, after)"
        ),
    )

    s = sub.add_parser(
        "admin-pin",
        parents=[common],
        help=translate("Cli", "the site's admin PIN: state, reset on the server, recovery key"),
    )
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument(
        "--status",
        action="store_true",
        help=translate("Cli", "say whether a PIN is set, unset or lost"),
    )
    g.add_argument(
        "--reset",
        action="store_true",
        help=translate(
            "Cli", "set a new PIN without the old one (typed twice; read from stdin when piped)"
        ),
    )
    g.add_argument(
        "--recovery-key",
        action="store_true",
        help=translate(
            "Cli", "make a new recovery key: shown once, only its hash written in synoptux.ini"
        ),
    )

    s = sub.add_parser(
        "install-autostart",
        parents=[common],
        help=translate("Cli", "start the board when this user's session opens (ward PC)"),
    )
    s.add_argument(
        "--remove", action="store_true", help=translate("Cli", "remove the autostart entry")
    )

    s = sub.add_parser(
        "export-board",
        parents=[common],
        help=translate(
            "Cli", "write the downtime copy now (PDF and HTML, [Copie_Secours]): for cron"
        ),
    )
    s.add_argument(
        "--no-pdf", action="store_true", help=translate("Cli", "the HTML copy only (no Qt needed)")
    )

    s = sub.add_parser(
        "serve",
        parents=[common],
        help=translate("Cli", "the read-only web view of the board ([Web], docs/web.md)"),
    )
    s.add_argument(
        "--host", help=translate("Cli", "address to listen on (default: [Web] Adresse, 127.0.0.1)")
    )
    s.add_argument("--port", type=int, help=translate("Cli", "port (default: [Web] Port, 8470)"))

    s = sub.add_parser(
        "web-account", parents=[common], help=translate("Cli", "accounts of the web view")
    )
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--list", action="store_true", help=translate("Cli", "list the accounts"))
    g.add_argument(
        "--add", metavar="LOGIN", help=translate("Cli", "add an account (password typed twice)")
    )
    g.add_argument("--password", metavar="LOGIN", help=translate("Cli", "set a new password"))
    g.add_argument(
        "--disable", metavar="LOGIN", help=translate("Cli", "refuse its logins from now on")
    )
    g.add_argument("--enable", metavar="LOGIN", help=translate("Cli", "accept its logins again"))
    g.add_argument("--remove", metavar="LOGIN", help=translate("Cli", "delete the account"))
    g.add_argument(
        "--screen-token",
        metavar="NAME",
        help=translate(
            "Cli", "a token for a ward display that shows full names without a login (shown once)"
        ),
    )
    g.add_argument(
        "--drop-screen-token", metavar="NAME", help=translate("Cli", "revoke a screen's token")
    )
    s.add_argument("--name", default="", help=translate("Cli", "with --add: the person's name"))

    s = sub.add_parser(
        "upgrade", parents=[common], help=translate("Cli", "adopt a Synoptux 2.x database in place")
    )
    s.add_argument(
        "--dry-run",
        action="store_true",
        help=translate("Cli", "say what would be done, change nothing"),
    )
    s.add_argument(
        "--restore", action="store_true", help=translate("Cli", "put the last backup back")
    )
    s.add_argument(
        "--backup-dir", type=Path, help=translate("Cli", "where to write the SQL backup")
    )
    return p
