"""What a tap may start or open, and why not: the programs an entry or a task names (never
through a shell, only where the settings allow them) and the documents the desktop opens."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QProcess

from synoptux.services.programs import Decision

# What a note file may be when no reader is named: the desktop opens it with its viewer.
DOCUMENTS = frozenset(
    ".pdf .txt .text .htm .html .rtf .odt .ods .odp .doc .docx .xls .xlsx .ppt .pptx "
    ".png .jpg .jpeg .gif .bmp .tif .tiff .svg".split()
)


def refusal(decision: Decision, *, entry: bool) -> str:
    """Why a program named by the data is not started, naming it."""
    prog = decision.named
    if decision.reason == "missing":
        if entry:
            text = QCoreApplication.translate(
                "Actions",
                "The program {prog} cannot be found. Check the path written with "
                "the patient's entry.",
            )
        else:
            text = QCoreApplication.translate(
                "Actions",
                "The program {prog} cannot be found. Check the path written with the task.",
            )
        return text.format(prog=prog)
    texts = {
        "bare": QCoreApplication.translate(
            "Actions",
            "The program “{prog}” is not a full path: the board never looks a "
            "program up by its name. Write its full path with the entry.",
        ),
        "batch": QCoreApplication.translate(
            "Actions",
            "The program “{prog}” is a batch file: the board never starts one "
            "(the command interpreter would read the patient's data as commands).",
        ),
        "not_executable": QCoreApplication.translate(
            "Actions", "The program “{prog}” is not an executable file."
        ),
    }
    default = QCoreApplication.translate(
        "Actions",
        "The program “{prog}” is not allowed on this screen. An administrator "
        "can add it to Programmes_Autorises in the settings ([Interface]).",
    )
    return texts.get(decision.reason or "", default).format(prog=prog)


def start_detached(program: str, args: list[str], workdir: str) -> bool:
    """Start a program with its arguments as a list: never through a shell."""
    ok, _pid = QProcess.startDetached(program, args, workdir)
    return bool(ok)
