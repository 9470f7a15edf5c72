"""Stage 1: read one glossary article into a :class:`~kg.model.Document`.

The template: a title line, a one-paragraph definition, an ``Updated <date>``
line, then sections under headings ("How It Works in Practice", "Why It
Matters", "<Title> vs <Other>", "Real-World Examples", "Common
Misconceptions", "Example"). The text is kept exactly as decoded (CRLF, a
byte-order mark, curly quotes and double spaces included) so that every
offset points into the file a reader opens; only the parsing looks through
those variations.

Refuses, with :class:`~kg.errors.DocumentError` naming the file: bytes that
are not UTF-8 text, an empty file, a file whose first line is not a title.
"""

from __future__ import annotations

import hashlib
import locale
import os
import re
import stat
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from .errors import DocumentError
from .model import Document, Section, Sentence

# Headings of the template, by kind. Keys are compared after normalising case,
# spacing, hyphens and a trailing colon.
TEMPLATE_HEADINGS = {
    "how it works in practice": "practice",
    "how it works": "practice",
    "in practice": "practice",
    "why it matters": "importance",
    "why it is important": "importance",
    "real world examples": "examples",
    "real-world examples": "examples",
    "examples": "examples",
    "common misconceptions": "misconceptions",
    "misconceptions": "misconceptions",
    "common misunderstandings": "misconceptions",
    "example": "example",
    "an example": "example",
    "case study": "example",
}
# The sections a complete article has; a missing one is a warning, not an error.
EXPECTED_KINDS = ("practice", "importance", "versus", "examples", "misconceptions", "example")
KIND_TITLES = {
    "practice": "How It Works in Practice",
    "importance": "Why It Matters",
    "versus": "<Title> vs <Other>",
    "examples": "Real-World Examples",
    "misconceptions": "Common Misconceptions",
    "example": "Example",
}

_VERSUS = re.compile(r"^(?P<left>.+?)\s+(?:vs\.?|versus|v\.)\s+(?P<right>.+?)\s*:?$", re.I)
_UPDATED = re.compile(r"^(?:last\s+)?updated\s*:?\s*(?P<date>.+?)\s*$", re.I)
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%B %d %Y", "%b. %d, %Y")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
# Title: a short line that does not end like a sentence. 15 words is far above
# any glossary title and far below any definition paragraph.
_MAX_TITLE_WORDS = 15
_MAX_HEADING_WORDS = 12

_SLUG_GAP = re.compile(r"[^a-z0-9]+")

# Sentence splitting: a terminator, optional closing quotes/brackets, space,
# then something that can start a sentence. Abbreviations that end in a full
# stop but rarely end a sentence are not split after.
_SENTENCE_END = re.compile(r"[.!?](?:[\"'\u201d\u2019)\]]*)(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")
# The same for a text without "!" and "?": a pattern that starts with one literal
# character is searched much faster than one that starts with a set of three.
_FULL_STOP_END = re.compile(r"\.(?:[\"'\u201d\u2019)\]]*)(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"[A-Za-z.]*\Z")  # the letters and full stops that end a text
_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "vs", "cf", "mr", "mrs", "ms", "dr", "st", "no", "nos", "art", "arts",
    "para", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.u", "a.d", "b.c", "approx", "ca", "inc", "ltd", "co", "gen", "col", "lt",
}
_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS))


def _normalise_heading(line: str) -> str:
    text = line.strip().strip("\ufeff").rstrip(":").strip()
    text = text.replace("\u2010", "-").replace("\u2011", "-").replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.lower().split())


_SENTENCE_LIKE_ENDS = (".", "!", "?", ";", ",", "\u2026")


def _is_sentence_like(line: str) -> bool:
    return line.rstrip().endswith(_SENTENCE_LIKE_ENDS)


def _classify_heading(line: str) -> tuple[str, str] | None:
    """(kind, title) if ``line`` is a section heading of the template, else None."""
    stripped = line.strip().strip("\ufeff")
    if not stripped or _is_sentence_like(stripped) and not stripped.endswith(":"):
        return None
    return _heading(stripped)


@lru_cache(maxsize=4096)
def _heading(stripped: str) -> tuple[str, str] | None:
    """_classify_heading of a line that does not end like a sentence (the same few in every article)."""
    words = stripped.split()
    if len(words) > _MAX_HEADING_WORDS:
        return None
    norm = _normalise_heading(stripped)
    if norm in TEMPLATE_HEADINGS:
        return TEMPLATE_HEADINGS[norm], stripped.rstrip(":").strip()
    if _VERSUS.match(stripped) and stripped[0].isupper():
        return "versus", stripped.rstrip(":").strip()
    return None


# The first of _DATE_FORMATS, "%B %d, %Y", as strptime reads it in the C locale
# (English month names), for the dates most articles have: strptime is slow.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_MONTH_DAY_YEAR = re.compile(r"(?P<month>%s) (?P<day>3[01]|[12][0-9]|0[1-9]|[1-9]), (?P<year>[0-9]{4})" % "|".join(_MONTHS))


def _parse_date(value: str) -> str | None:
    value = " ".join(value.replace("\u00a0", " ").split()).rstrip(".")
    m = _MONTH_DAY_YEAR.fullmatch(value)
    if m and locale.setlocale(locale.LC_TIME) in ("C", "POSIX"):
        try:
            return date(int(m.group("year")), _MONTHS.index(m.group("month")) + 1, int(m.group("day"))).isoformat()
        except ValueError:
            pass  # not a day of the calendar: as strptime says
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def split_sentences(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of ``text``, offsets shifted by ``start``.

    Leading and trailing white space is not part of a sentence.
    """
    ends = _SENTENCE_END if "!" in text or "?" in text else _FULL_STOP_END
    result: list[tuple[int, int]] = []
    pos = 0
    for m in ends.finditer(text):
        stop = m.start()
        if text[stop] == "." and _abbreviation_before(text, pos, stop):
            continue  # an abbreviation or an initial, not the end of a sentence
        end = m.end()
        chunk = text[pos:end].lstrip()
        if chunk:  # without the white space around it
            a = start + end - len(chunk)
            result.append((a, a + len(chunk.rstrip())))
        pos = end
    chunk = text[pos:].lstrip()
    if chunk:
        a = start + len(text) - len(chunk)
        result.append((a, a + len(chunk.rstrip())))
    return result


def _abbreviation_before(text: str, pos: int, stop: int) -> bool:
    """Whether the letters and full stops right before ``stop`` (from ``pos`` at most)
    are an abbreviation or an initial ("e.g", "Dr", "A")."""
    longer = stop - _LONGEST_ABBREVIATION - 1
    if longer >= pos and text[longer:stop].isalpha() and text[longer:stop].isascii():
        return False  # more letters than any abbreviation has: most sentences end so
    # They start after the last space at the earliest; most are a plain word.
    word = text[max(pos, text.rfind(" ", pos, stop) + 1):stop]
    if not (word.isascii() and word.isalpha()):
        word = _LAST_WORD.search(word).group()
    token = word.lower().rstrip(".")
    return token in _ABBREVIATIONS or len(token) == 1  # (of letters only: an initial)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes (what ``path.read_bytes()`` gives, with fewer layers on the way)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        data = os.read(fd, info.st_size + 1)
        if len(data) <= info.st_size and stat.S_ISREG(info.st_mode):
            return data  # a short read of a regular file ends at its end
        parts = [data]
        while parts[-1]:  # to the end, whatever the size said
            parts.append(os.read(fd, 1 << 16))
        return b"".join(parts)
    finally:
        os.close(fd)


def _read_text(path: Path) -> tuple[str, str]:
    try:
        data = _read_bytes(path)
    except FileNotFoundError:
        raise DocumentError(str(path), "no such file") from None
    except IsADirectoryError:
        raise DocumentError(str(path), "is a directory, not an article") from None
    except OSError as exc:
        raise DocumentError(str(path), f"cannot be read ({exc.strerror})") from None
    if b"\x00" in data:
        raise DocumentError(str(path), "is not UTF-8 text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentError(str(path), f"is not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at byte {exc.start})", line) from None
    return text, hashlib.sha256(data).hexdigest()


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(line number, start offset, content without the line break) for each line."""
    out = []
    if "\r" not in text:  # only "\n" breaks lines: split, the same lines, faster
        start = 0
        for number, content in enumerate(text.split("\n"), start=1):
            out.append((number, start, content))
            start += len(content) + 1
        if out[-1][1] == len(text):
            out.pop()  # after a final line break: no line
        return out
    for number, m in enumerate(_LINE.finditer(text), start=1):
        if m.start() == len(text):
            break
        content = m.group(0).rstrip("\r\n")
        out.append((number, m.start(), content))
    return out


def _content_span(start: int, content: str) -> tuple[int, int]:
    """Offsets of ``content`` without its surrounding white space (and a BOM)."""
    lead = len(content) - len(content.lstrip(" \t\ufeff\u00a0"))
    body = content.rstrip()
    return start + lead, start + len(body)


def parse_document(path: Path | str, display: str | None = None) -> Document:
    """Parse the article at ``path``. ``display`` is the path to show in messages and in the graph."""
    path = path if isinstance(path, Path) else Path(path)
    shown = display or str(path)
    text, digest = _read_text(path)
    if not text.strip(" \t\r\n\ufeff\u00a0"):
        raise DocumentError(shown, "is empty")
    lines = [line for line in _lines(text) if line[2].strip(" \t\ufeff\u00a0")]
    title_line, title_start, title = lines[0]
    title_clean = " ".join(title.strip(" \t\ufeff\u00a0").split())
    if (len(title_clean.split()) > _MAX_TITLE_WORDS or _is_sentence_like(title_clean)
            or _UPDATED.match(title_clean) or not title_clean[0].isalnum()):
        raise DocumentError(shown, "has no title: the first line should be the article's title, not a sentence", title_line)
    t_start, t_end = _content_span(title_start, title)
    warnings: list[str] = []

    # Walk the remaining lines: definition paragraph(s), the Updated line, sections.
    updated = None
    blocks: list[tuple[str, str, int, list[tuple[int, str]]]] = []  # kind, title, heading offset, lines
    current = ("definition", "Definition", t_end, [])
    blocks.append(current)
    for number, start, content in lines[1:]:
        stripped = content.strip(" \t\ufeff\u00a0")
        m = _UPDATED.match(stripped) if stripped[:1] in "lLuU" else None  # "Last updated", "Updated"
        if m and updated is None and len(stripped.split()) <= 6:
            updated = _parse_date(m.group("date"))
            if updated is None:
                warnings.append(f"{shown}:{number}: cannot read the date {m.group('date')!r} of the Updated line")
            continue
        # (A line that ends like a sentence is no heading: the test first, for the paragraphs.)
        heading = None if stripped.endswith(_SENTENCE_LIKE_ENDS) else _classify_heading(stripped)
        if heading:
            kind, head_title = heading
            current = (kind, head_title, start + (len(content) - len(content.lstrip(" \t\ufeff\u00a0"))), [])
            blocks.append(current)
            continue
        current[3].append((start, content))

    sections = []
    index = 0
    title_sentence = Sentence(index=1, text=text[t_start:t_end], start=t_start, end=t_end, section="Title", kind="title")
    index = 1
    sections.append(Section("title", "Title", t_start, (title_sentence,)))
    for kind, head_title, head_start, body in blocks:
        sentences = []
        if kind == "versus":
            # The heading itself states the comparison: keep it as a citable span.
            h_end = head_start + len(head_title)
            index += 1
            sentences.append(Sentence(index, text[head_start:h_end], head_start, h_end, head_title, "heading"))
        for start, content in body:
            for a, b in split_sentences(content, start):
                index += 1
                sentences.append(Sentence(index, text[a:b], a, b, head_title, kind))
        if kind == "definition" and not sentences:
            warnings.append(f"{shown}: no definition paragraph after the title")
        sections.append(Section(kind, head_title, head_start, tuple(sentences)))

    kinds = {s.kind for s in sections}
    for kind in EXPECTED_KINDS:
        if kind not in kinds:
            warnings.append(f"{shown}: no '{KIND_TITLES[kind]}' section")
    if updated is None and not any("Updated line" in w for w in warnings):
        warnings.append(f"{shown}: no 'Updated <date>' line")

    slug = _SLUG_GAP.sub("-", path.stem.lower()).strip("-") or "article"
    return Document(path=shown, slug=slug, text=text, sha256=digest, title=title_clean,
                    title_start=t_start, updated=updated, sections=tuple(sections), warnings=tuple(warnings))
