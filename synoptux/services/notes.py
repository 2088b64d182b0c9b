"""Reading a task's MedinTux note (EN_PrimKey_blob) through the optional MedinTux connection.

`RubriquesHead.RbDate_PrimKey` = EN_PrimKey_blob; its `RbDate_RefBlobs_PrimKey`
points to `RubriquesBlobs.RbDate_PrimKey`, whose `RbDate_DataRub` holds the note
(HTML, often latin-1 bytes). Read-only, one query, bound parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from sqlalchemy import Engine, column, select, table
from sqlalchemy.exc import SQLAlchemyError

from synoptux.db.engine import MEDINTUX, make_engine
from synoptux.speech import translate

HEAD = table("RubriquesHead", column("RbDate_PrimKey"), column("RbDate_RefBlobs_PrimKey"))
BLOBS = table("RubriquesBlobs", column("RbDate_PrimKey"), column("RbDate_DataRub"))


class NoteUnavailable(RuntimeError):
    """The note cannot be read (no MedinTux connection, server gone, row missing)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}
_HIDDEN = {"head", "script", "style", "title"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, _attrs: list) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "td":
            self.parts.append("  ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The words of a MedinTux note (HTML), as plain text: what the note says, with its
    paragraphs and line breaks, and never rich text (no styles, links or images to load)."""
    parser = _Text()
    parser.feed(html or "")
    parser.close()
    lines = [re.sub(r"[ \t\r\f\v]+", " ", ln).strip() for ln in "".join(parser.parts).split("\n")]
    text = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


@dataclass(frozen=True)
class MedinTuxNote:
    key: int
    html: str

    @property
    def text(self) -> str:
        return html_to_text(self.html)


def decode_blob(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise TypeError(f"a BLOB value, not {type(raw).__name__}")
    data = bytes(raw)
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
                "no_medintux",
                translate("Notes", "No MedinTux connection is configured ([Connexion_MedinTux])."),
            )
        if self._engine is None:
            self._engine = make_engine(self.url, timeouts=MEDINTUX, create=False)
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
                translate("Notes", "The MedinTux database cannot be read: {error}").format(
                    error=getattr(exc, "orig", exc)
                ),
            ) from exc
        if row is None:
            raise NoteUnavailable(
                "note_missing",
                translate("Notes", "MedinTux note {key} was not found.").format(key=prim_key),
            )
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
