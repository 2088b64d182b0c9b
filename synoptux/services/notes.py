"""Reading a task's MedinTux note (EN_PrimKey_blob) through the optional MedinTux connection.

`RubriquesHead.RbDate_PrimKey` = EN_PrimKey_blob; its `RbDate_RefBlobs_PrimKey`
points to `RubriquesBlobs.RbDate_PrimKey`, whose `RbDate_DataRub` holds the note
(HTML, often latin-1 bytes). Read-only, one query, bound parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, column, select, table
from sqlalchemy.exc import SQLAlchemyError

from synoptux.db.engine import make_engine

HEAD = table("RubriquesHead", column("RbDate_PrimKey"), column("RbDate_RefBlobs_PrimKey"))
BLOBS = table("RubriquesBlobs", column("RbDate_PrimKey"), column("RbDate_DataRub"))


class NoteUnavailable(RuntimeError):
    """The note cannot be read (no MedinTux connection, server gone, row missing)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class MedinTuxNote:
    key: int
    html: str


def decode_blob(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw
    data = bytes(raw)  # type: ignore[arg-type]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


class NoteReader:
    """Keeps one engine to the MedinTux database (created on first use)."""

    def __init__(self, url: str | None) -> None:
        self.url = url or None
        self._engine: Engine | None = None

    def read(self, prim_key: int) -> MedinTuxNote:
        if not self.url:
            raise NoteUnavailable(
                "no_medintux", "No MedinTux connection is configured ([Connexion_MedinTux])."
            )
        if self._engine is None:
            self._engine = make_engine(self.url)
        stmt = (
            select(BLOBS.c.RbDate_DataRub)
            .select_from(HEAD.join(BLOBS, HEAD.c.RbDate_RefBlobs_PrimKey == BLOBS.c.RbDate_PrimKey))
            .where(HEAD.c.RbDate_PrimKey == int(prim_key))
        )
        try:
            with self._engine.connect() as conn:
                row = conn.execute(stmt).first()
        except SQLAlchemyError as exc:
            raise NoteUnavailable(
                "medintux_error",
                f"The MedinTux database cannot be read: {getattr(exc, 'orig', exc)}",
            ) from exc
        if row is None:
            raise NoteUnavailable("note_missing", f"MedinTux note {prim_key} was not found.")
        return MedinTuxNote(int(prim_key), decode_blob(row[0]))

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def read_medintux_note(url: str | None, prim_key: int) -> MedinTuxNote:
    reader = NoteReader(url)
    try:
        return reader.read(prim_key)
    finally:
        reader.dispose()
