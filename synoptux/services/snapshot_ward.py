"""The vigilance parts of the snapshot: the acknowledgements of the alarms of the patients on
the board (one query), and the look-alike names among them (no query)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from sqlalchemy import Connection, select

from synoptux.db.readonly import Shape
from synoptux.db.tables import Tables
from synoptux.domain import model as m
from synoptux.domain.homonyms import Person, find_homonyms


def read_acks(
    conn: Connection, t: Tables, shape: Shape | None
) -> tuple[dict[int, tuple[m.Ack, ...]], dict[int, tuple[m.Ack, ...]]]:
    """The acknowledgements of the patients on the board (one query): by task, and the
    triage ones by patient. Only the latest of each episode is kept."""
    if shape is not None and not shape.has_table(t.acks.name):
        return {}, {}
    a = t.acks.c
    rows = conn.execute(
        select(a.AQ_NumEncours, a.AQ_Num_tache, a.AQ_Type, a.AQ_Depuis, a.AQ_Date, a.AQ_Par)
        .where(a.AQ_NumEncours.in_(select(t.encours.c.EC_PK)))
        .order_by(a.AQ_Date, a.AQ_PK)
    ).all()
    tasks: dict[int, dict[tuple, m.Ack]] = defaultdict(dict)
    triage: dict[int, dict[tuple, m.Ack]] = defaultdict(dict)
    for pk, task, kind, since, when, by in rows:
        if since is None or when is None or not kind:
            continue
        ack = m.Ack(kind.strip(), since, by or "?", when)
        target = triage[pk] if task is None else tasks[task]
        target[(ack.kind, ack.since)] = ack  # later rows win: the latest ack of the episode
    return (
        {k: tuple(v.values()) for k, v in tasks.items()},
        {k: tuple(v.values()) for k, v in triage.items()},
    )


def add_homonyms(boxes: dict[str, dict]) -> None:
    """Give each patient the look-alike names of the other patients on the board (in place;
    patients of `Sortie` boxes have left and are not compared)."""
    people: list[Person] = []
    where: dict[int, dict] = {}
    for box in boxes.values():
        if box["type"] is m.BoxType.EXIT:
            continue
        for p in box["patients"]:
            people.append(Person(p.id, p.last_name, p.first_name))
            where[p.id] = box
    found = find_homonyms(people)
    if not found:
        return
    for box in boxes.values():
        box["patients"] = [
            dataclasses.replace(
                p,
                homonyms=tuple(
                    m.Homonym(other, where[other]["code"], where[other]["label"], why)
                    for other, why in found[p.id]
                ),
            )
            if p.id in found
            else p
            for p in box["patients"]
        ]
