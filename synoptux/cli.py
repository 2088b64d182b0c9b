"""The `synoptux` command: the board window by default, plus headless sub-commands.

Exit status (README, Command line), the same for every sub-command:

  0  done
  1  done in part: `ingest` put files in errors/, `doctor` found a failing check, a file
     could not be written
  2  the command line or the configuration is wrong: an option, a --config (or
     $SYNOPTUX_CONFIG) that does not exist, synoptux.ini unreadable or damaged, a wrong
     setting (the message names it), a folder that cannot be created, a 2.x database to
     `synoptux upgrade` first
  3  the database cannot be used: unreachable, user or password refused, unknown
     database, SQLite file missing or not a SQLite file, an unreadable URL
  4  the database has no Synoptux tables: only `synoptux init-db` creates them
  130  interrupted (Ctrl-C)

The board window shows the same failures as a message in a window of its own (never a
board with demo patients), and exits with the same status once it is closed.

Every sub-command speaks the interface language, as the board: --lang, else synoptux.ini's
[Interface] Langue, else French. `main` loads the shipped .qm once (ui/translation.py)
before a headless sub-command runs; the window, `snapshot` and `export-board` install it on
their own Qt application, `doctor` around its report. --help and command line errors are
said in `--lang`'s language, French by default (`cli_parser.help_language`).

The options and sub-commands are declared in cli_parser.py; here they are run.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from synoptux.cli_parser import build_parser, cli_words, help_language
from synoptux.config import ConfigError, ConfigFileError, Settings, locate_config
from synoptux.db.engine import Database, DatabaseUnavailable
from synoptux.db.schema import ensure_schema, triggers_said
from synoptux.fileperm import make_dir
from synoptux.logfile import close_logging, setup_logging
from synoptux.services.setup import (  # open_database re-exported
    DatabaseConnectionError,
    DatabaseEmpty,
    DatabaseNeedsUpgrade,
    check_connection,
    entry_folder,
    exit_status,
    open_database,
    refuse_if_not_upgraded,
)
from synoptux.speech import speaking, translate

log = logging.getLogger("synoptux")


def load_settings(args: argparse.Namespace) -> Settings:
    path, named = locate_config(args.config)
    return Settings.load(path, db=args.db, prefix=args.prefix, named=named)


def cmd_init_db(args: argparse.Namespace, settings: Settings) -> int:
    from synoptux.services.seed import seed_demo, seed_reference

    conn = settings.connection()
    entry_folder(settings)  # a wrong folder is said before anything is written
    url = make_url(conn.url)
    if url.get_backend_name() == "sqlite" and url.database:
        make_dir(Path(url.database).parent)  # private: it will hold patient names
    db = Database.from_url(conn.url, conn.prefix)
    try:
        check_connection(db)  # the one command that creates a missing SQLite file
    except DatabaseConnectionError:
        db.dispose()
        raise
    refuse_if_not_upgraded(db)
    try:
        report = ensure_schema(db)
        none = translate("Cli", "none")
        print(
            translate(
                "Cli",
                "schema: version {version}; tables created: {tables}; columns added: "
                "{columns}; change triggers: {triggers}",
            ).format(
                version=report.version_after,
                tables=", ".join(report.created_tables) or none,
                columns=", ".join(report.added_columns) or none,
                triggers=triggers_said(report.triggers),
            )
        )
        seeded = seed_reference(db)
        print(
            translate("Cli", "reference data: {filled}").format(
                filled=", ".join(seeded.filled) or translate("Cli", "already present, unchanged")
            )
        )
        if args.demo:
            seeded = seed_demo(db, args.now or datetime.now().replace(microsecond=0))
            print(
                translate("Cli", "demo patients added: {count}").format(count=seeded.demo_patients)
                + (
                    ""
                    if seeded.demo_patients
                    else translate("Cli", " (the board already has patients)")
                )
            )
    finally:
        db.dispose()
    return 0


def cmd_board(args: argparse.Namespace, settings: Settings) -> int:
    from synoptux.db.readonly import read_only_reason
    from synoptux.services.export import board_dict
    from synoptux.services.snapshot import load_board

    db = open_database(settings, look=True)  # a 2.x database: read-only, with the reason
    try:
        read_only = read_only_reason(db)
        board = load_board(db, args.now or datetime.now().replace(microsecond=0))
    finally:
        db.dispose()
    if read_only:
        print(f"synoptux: {read_only}", file=sys.stderr)
    if args.json:
        json.dump(
            {**board_dict(board), "read_only": read_only},
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
        return 0
    if read_only:
        print(f"*** {read_only} ***")
    for box in board.boxes:
        print(f"[{box.code}] {box.label} ({box.type.value}) {box.occupancy}/{box.capacity}")
        for p in box.patients:
            late = sum(1 for t in p.tasks if t.overdue)
            print(
                f"    {p.last_name} {p.first_name or ''} — "
                + translate("Cli", "{count} task(s)").format(count=len(p.tasks))
                + (translate("Cli", ", {count} late").format(count=late) if late else "")
            )
    return 0


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from synoptux.ui.doctor_cli import run_doctor

    return run_doctor(args, settings)


def cmd_gui(args: argparse.Namespace, settings: Settings) -> int:
    from synoptux.ui.app import run_gui

    return run_gui(args, settings)


def cmd_snapshot(args: argparse.Namespace, settings: Settings) -> int:
    from synoptux.ui.app import run_snapshot

    return run_snapshot(args, settings)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from synoptux.ingest.cli import run_ingest

    return run_ingest(args, settings)


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from synoptux.stats.cli import run_stats
    from synoptux.ui.stats.charts import cell_words, header_text

    # The CSV files as the statistics window exports them: in the interface language.
    return run_stats(args, settings, header=header_text, cell=cell_words)


def cmd_admin_pin(args: argparse.Namespace, settings: Settings) -> int:
    from synoptux.admin_pin_cli import run_admin_pin

    return run_admin_pin(args, settings)


def cmd_install_autostart(args: argparse.Namespace, settings: Settings) -> int:
    from synoptux import autostart

    try:
        if args.remove:
            gone = autostart.remove()
            print(
                translate("Cli", "removed {path}").format(path=gone)
                if gone
                else translate("Cli", "there was no autostart entry")
            )
            return 0
        if settings.path is None:
            print(
                translate(
                    "Cli",
                    "synoptux: no synoptux.ini in use (give --config PATH): the board started "
                    "by the session would not find this site's database and folders",
                ),
                file=sys.stderr,
            )
            return 2
        extra = [
            part
            for option, value in (
                ("--db", args.db),
                ("--prefix", args.prefix),
                ("--lang", args.lang),
            )
            if value is not None
            for part in (option, value)
        ]
        path = autostart.install(settings, full_screen=args.full_screen, extra=extra)
    except (OSError, autostart.AutostartError) as exc:
        print(f"synoptux: {exc}", file=sys.stderr)
        return 1
    print(
        translate("Cli", "{path}: the board starts when this user's session opens").format(
            path=path
        )
    )
    return 0


def cmd_export_board(args: argparse.Namespace, settings: Settings) -> int:
    from synoptux.ui.board_pdf import run_export_board

    return run_export_board(args, settings)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from synoptux.web.server import run_serve

    return run_serve(args, settings)


def cmd_web_account(args: argparse.Namespace, settings: Settings) -> int:
    from synoptux.web.accounts_cli import run_web_account

    return run_web_account(args, settings)


def cmd_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from synoptux.cli_upgrade import run_upgrade

    return run_upgrade(args, settings)


COMMANDS = {
    None: cmd_gui,
    "init-db": cmd_init_db,
    "board": cmd_board,
    "doctor": cmd_doctor,
    "snapshot": cmd_snapshot,
    "ingest": cmd_ingest,
    "stats": cmd_stats,
    "upgrade": cmd_upgrade,
    "admin-pin": cmd_admin_pin,
    "install-autostart": cmd_install_autostart,
    "export-board": cmd_export_board,
    "serve": cmd_serve,
    "web-account": cmd_web_account,
}
# Sub-commands that write nothing to the log file: `doctor` reports on it and must work
# when its folder cannot be written; the autostart entry is a one-off set-up.
NOT_LOGGED = {"doctor", "install-autostart"}
# Sub-commands that make a Qt application of their own and install the translators on it
# (the window, the snapshot, the PDF copy), or scope them to their report (doctor). The
# others run under the interface language's translator loaded here (`_speaking`).
OWN_TRANSLATOR = {None, "snapshot", "export-board", "doctor"}


@contextmanager
def _speaking(args: argparse.Namespace, settings: Settings | None) -> Iterator[None]:
    """The interface language (--lang, else [Interface] Langue, else French) for what a
    headless sub-command prints: the board's synoptux_fr.qm, loaded through ui/."""
    if args.command in OWN_TRANSLATOR:
        yield
        return
    from synoptux.ui.translation import language, translated

    with translated(language(args, settings)):
        yield


def _said_settings(text: str) -> str:
    """A settings message template (context "Settings") in the interface language."""
    return translate("Settings", text)


def main(argv: list[str] | None = None) -> int:
    with speaking(cli_words(help_language(sys.argv[1:] if argv is None else argv))):
        args = build_parser().parse_args(argv)
    if sys.stderr is not None:  # None under pythonw (the Windows GUI script)
        logging.basicConfig(
            level=logging.DEBUG if args.verbose else logging.INFO,
            format="%(levelname)s %(name)s: %(message)s",
        )
    handler = None
    settings = None
    try:
        settings = load_settings(args)
        if args.command not in NOT_LOGGED:
            handler = setup_logging(settings, verbose=args.verbose)
        with _speaking(args, settings):
            return COMMANDS[args.command](args, settings)
    except (
        ConfigFileError,
        ConfigError,
        DatabaseNeedsUpgrade,
        DatabaseConnectionError,
        DatabaseUnavailable,
        DatabaseEmpty,
    ) as exc:
        with _speaking(args, settings):
            status, message = exit_status(exc, _said_settings) or (2, str(exc))
        log.error("%s", message)
        if args.command is None:  # the board window: the message in a window of its own
            from synoptux.ui.app import run_startup_error

            return run_startup_error(args, settings, exc, status)
        if args.command == "doctor":  # its report, with the one check it could make
            from synoptux.ui.doctor_cli import doctor_failure

            print(doctor_failure(args, settings, exc))
        if sys.stderr is not None:
            print(f"synoptux: {message}", file=sys.stderr)
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `synoptux board | head`
        sys.stderr.close()
        return 0
    finally:
        close_logging(handler)


def main_gui() -> int:
    """`synoptux-board` (a gui-script: no console window on Windows): the board window,
    with the same options as `synoptux`."""
    argv = sys.argv[1:]
    return main(argv)
