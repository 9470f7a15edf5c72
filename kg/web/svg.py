"""The layout of an entity's neighbourhood diagram, drawn as inline SVG by ``templates/_diagram.html``.

Pure geometry: the entity sits in the middle, its neighbours on an ellipse
around it in a stable order, one arrow per neighbour pointing the way the
relation reads. The template escapes every label; nothing here is markup.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 720, 400
MAX_NEIGHBOURS = 12  # more would not be readable at this size; the page lists them all
MAX_LABEL = 26  # characters shown in a box before an ellipsis
CHAR_WIDTH = 6.6  # average advance of the 12px sans-serif font, for sizing boxes
BOX_HEIGHT = 26


@dataclass(frozen=True)
class Neighbour:
    label: str
    href: str
    kind: str  # CSS class naming the neighbour's type, e.g. "Institution"
    relation: str  # label of the relation drawn
    outgoing: bool  # the relation reads centre -> neighbour
    inferred: bool


@dataclass(frozen=True)
class Box:
    x: float  # centre
    y: float
    width: float
    height: float
    label: str
    title: str  # the full label, as a tooltip
    href: str
    kind: str


@dataclass(frozen=True)
class Arrow:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    label_x: float
    label_y: float
    inferred: bool


@dataclass
class Diagram:
    width: int
    height: int
    boxes: list[Box] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)
    hidden: int = 0  # neighbours left out of the picture


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "\u2026"


def _box(x: float, y: float, label: str, href: str, kind: str) -> Box:
    text = _short(label)
    return Box(round(x, 1), round(y, 1), round(len(text) * CHAR_WIDTH + 20, 1), BOX_HEIGHT, text, label, href, kind)


def _edge_point(box: Box, toward_x: float, toward_y: float) -> tuple[float, float]:
    """Where the line from the box's centre toward a point leaves the box."""
    dx, dy = toward_x - box.x, toward_y - box.y
    if dx == 0 and dy == 0:
        return box.x, box.y
    scale = min((box.width / 2 + 4) / abs(dx) if dx else math.inf, (box.height / 2 + 4) / abs(dy) if dy else math.inf)
    return box.x + dx * scale, box.y + dy * scale


def layout(label: str, href: str, kind: str, neighbours: list[Neighbour]) -> Diagram:
    """The diagram of an entity and (at most ``MAX_NEIGHBOURS`` of) its neighbours, in the given order."""
    diagram = Diagram(WIDTH, HEIGHT, hidden=max(0, len(neighbours) - MAX_NEIGHBOURS))
    cx, cy = WIDTH / 2, HEIGHT / 2
    centre = _box(cx, cy, label, href, f"centre {kind}")
    shown = neighbours[:MAX_NEIGHBOURS]
    rx, ry = WIDTH / 2 - 95, HEIGHT / 2 - 30  # leave room for the widest boxes at the sides
    for i, n in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(shown), 1)
        box = _box(cx + rx * math.cos(angle), cy + ry * math.sin(angle), n.label, n.href, n.kind)
        diagram.boxes.append(box)
        start, end = _edge_point(centre, box.x, box.y), _edge_point(box, cx, cy)
        if not n.outgoing:
            start, end = end, start
        diagram.arrows.append(Arrow(
            round(start[0], 1), round(start[1], 1), round(end[0], 1), round(end[1], 1), n.relation,
            round((cx + box.x) / 2, 1), round((cy + box.y) / 2 - 4, 1), n.inferred,
        ))
    diagram.boxes.append(centre)  # drawn last, on top
    return diagram
