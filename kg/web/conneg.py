"""HTTP content negotiation: pick a media type from an ``Accept`` header (RFC 9110, section 12.5.1).

Each offered type gets the quality of the *most specific* media range that
matches it (``text/turtle`` beats ``text/*`` beats ``*/*``, whatever their
q-values), types with quality 0 are refused, and ties go to the server's
order of preference. Media-type parameters other than ``q`` are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """How closely this range names ``media_type``: 2 exact, 1 ``type/*``, 0 ``*/*``, -1 no match."""
        type_, _, subtype = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != type_:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == subtype else -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header; a missing or empty header accepts anything."""
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0)]
    ranges = []
    for item in header.split(","):
        parts = [p.strip() for p in item.split(";")]
        type_, _, subtype = parts[0].lower().partition("/")
        if not type_ or not subtype:
            continue  # not a media range; RFC 9110 lets us ignore it
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0  # an unreadable weight is not a request for this type
        ranges.append(MediaRange(type_, subtype, q))
    return ranges


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    best, best_specificity = 0.0, -1
    for r in ranges:
        s = r.specificity(media_type)
        if s > best_specificity:
            best, best_specificity = r.q, s
    return best if best_specificity >= 0 else 0.0


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers most, or ``None`` when it accepts none of them (HTTP 406)."""
    ranges = parse_accept(accept)
    chosen, chosen_q = None, 0.0
    for offer in offers:  # strict '>' keeps the server's order on ties
        q = quality(ranges, offer)
        if q > chosen_q:
            chosen, chosen_q = offer, q
    return chosen
