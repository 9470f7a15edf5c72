"""Stage 7: write the built graph to files, byte-for-byte reproducibly and atomically.

* ``kg.ttl``, ``kg.nt``, ``kg.jsonld``: the asserted graph (ontology, instances,
  provenance). JSON-LD is compacted with ``ontology/context.jsonld``, inlined,
  so nothing is fetched to read it.
* ``kg.trig``: the asserted and the inferred triples as two named graphs.

Blank nodes (only the ontology's axioms have them) get canonical labels
(``rdflib.compare``) and triples are written in the order of their sorted
N-Triples lines, so two builds of the same input give identical bytes. Oxigraph
writes N-Triples, Turtle and TriG, and JSON-LD is written directly: rdflib's
serialisers take minutes on 1,000 articles. Every file is first written beside its target and
then renamed over it: a build that fails leaves the previous files untouched,
and files in the directory that seckg did not write are never removed.

On a large graph, :class:`Export` writes N-Triples, Turtle and TriG in a forked
helper process (:mod:`kg.forked`) while the build validates, and JSON-LD in the
build's own process; the files are committed together, after validation.
"""

from __future__ import annotations

import io
import json
import os
import time
from functools import partial
from itertools import chain, compress, islice
from operator import ne
from pathlib import Path
from typing import BinaryIO

import orjson
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import _TripleCanonicalizer
from rdflib.namespace import RDF

from .errors import DataError
from .fastrdf import NTriplesWriter, split_blank_nodes
from .forked import Forked, available_cores, fork_available
from .paths import CONTEXT
from .vocab import PREFIXES

FORMATS = {"turtle": "kg.ttl", "nt": "kg.nt", "json-ld": "kg.jsonld", "trig": "kg.trig"}


def _canonical(with_bnodes: list[tuple]) -> list[tuple]:
    """Triples with blank nodes, the blank nodes relabelled canonically (stable across runs).

    A blank node's canonical label depends on the triples it occurs in and on
    nothing else, so only these go through ``rdflib.compare``: canonicalising
    the whole graph takes seconds per 100k triples for the handful of
    ontology axioms that have blank nodes.
    """
    if not with_bnodes:
        return []
    g = Graph()
    for triple in with_bnodes:
        g.add(triple)
    return list(_TripleCanonicalizer(g).canonical_triples())


def _canonical_triples(graph) -> list[tuple]:
    """The triples of ``graph``, blank nodes relabelled canonically (stable across runs)."""
    plain, with_bnodes = split_blank_nodes(graph)
    return plain + _canonical(with_bnodes)


def canonical(graph: Graph) -> Graph:
    """``graph`` with blank nodes relabelled canonically (stable across runs)."""
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, override=True)
    for triple in _canonical_triples(graph):
        out.add(triple)
    return out


def load_context(path: Path | str | None = None) -> dict:
    path = Path(path or CONTEXT)
    try:
        return json.loads(path.read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(f"{path}: not a JSON-LD context document: {exc}") from None


def _sorted_lines(triples: list[tuple], terms: NTriplesWriter | None = None) -> list[bytes]:
    """The N-Triples lines of ``triples`` (canonical ones: ``_canonical_triples``), as Oxigraph writes them,
    sorted; a line may occur twice (see :func:`_each_once`).

    The lines are sorted in the order the triples come in: the build's
    triples come an article at a time (kg.assemble), and sorting that order
    is several times faster than sorting a set's."""
    lines = (terms or NTriplesWriter()).ntriples(triples)
    lines.sort()  # UTF-8 byte order, which is code point order
    return lines


def _each_once(lines: list[bytes]):
    """Sorted ``lines`` without repeats (a plain literal and an xsd:string one make one line), as an iterator
    that runs in C: no second list of millions of lines is made."""
    return compress(lines, chain(map(ne, lines, islice(lines, 1, None)), (True,)))


def _sorted_ntriples(triples: list[tuple], terms: NTriplesWriter | None = None) -> bytes:
    """N-Triples of ``triples``, one sorted line per triple, each once (in memory: see :func:`_stream_lines`)."""
    return b"".join(_each_once(_sorted_lines(triples, terms)))


_CHUNK_LINES = 100_000  # lines joined at a time when streaming N-Triples: about 16 MB
_CHUNK_BYTES = 1 << 22  # bytes of Turtle read at a time when composing TriG


def _stream_lines(lines: list[bytes], fh) -> None:
    """Write sorted ``lines``, each once, to ``fh`` a chunk at a time: no one copy of the whole file in memory."""
    each = _each_once(lines)
    while chunk := b"".join(islice(each, _CHUNK_LINES)):
        fh.write(chunk)


def _turtle(ntriples: bytes, prefixes: dict[str, str]) -> bytes:
    """Sorted N-Triples as Turtle (Oxigraph's writer: triples grouped by subject, in that order)."""
    return ox.serialize(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
                        prefixes=prefixes)


def _prefix_lines(prefixes: dict[str, str]) -> bytes:
    """The ``@prefix`` lines Oxigraph's writers open a document with (written with its first triple)."""
    probe = ox.Triple(ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), ox.NamedNode("urn:x"))
    return _split_turtle(ox.serialize([probe], format=ox.RdfFormat.TURTLE, prefixes=prefixes))[0]


def _split_turtle(turtle: bytes) -> tuple[bytes, bytes]:
    """A Turtle document of Oxigraph's writer as its ``@prefix`` lines and the rest."""
    end = 0
    while turtle.startswith(b"@prefix ", end):
        end = turtle.index(b"\n", end) + 1
    return turtle[:end], turtle[end:]


def _stream_trig(prefixes: dict[str, str], graphs: list[tuple[str, BinaryIO]], out: BinaryIO) -> None:
    """:func:`_trig`, from Turtle streams to ``out``, a chunk at a time: memory does not grow with the graph."""
    out.write(_prefix_lines(prefixes))
    for name, source in graphs:
        chunk = _split_turtle(source.read(_CHUNK_BYTES))[1]  # the prefix lines are in the first chunk
        if not chunk:
            continue
        out.write(f"{name} {{\n".encode() + b"\t")
        while following := source.read(_CHUNK_BYTES):
            out.write(chunk.replace(b"\n", b"\n\t"))
            chunk = following
        out.write(chunk[:-1].replace(b"\n", b"\n\t") + b"\n}\n")  # the last line break closes the block


def _trig(prefixes: dict[str, str], graphs: list[tuple[str, bytes]]) -> bytes:
    """TriG of named graphs, each given as Turtle: what Oxigraph's TriG writer writes for the same quads.

    A TriG graph block is the Turtle of its triples inside ``name { }``, each
    line indented by a tab (literals are written on one line, with escapes),
    and the prefixes once at the top; an empty graph is left out. Composing it
    from the Turtle already written saves parsing and writing every triple
    again (tests/test_scale.py compares it with Oxigraph's TriG writer).
    """
    out = [_prefix_lines(prefixes)]
    for name, turtle in graphs:
        body = _split_turtle(turtle)[1]
        if body:
            out += [f"{name} {{\n".encode(), b"\t", body[:-1].replace(b"\n", b"\n\t"), b"\n}\n"]
    return b"".join(out)


class _JsonLdWriter:
    """Compacted JSON-LD with the project's context: a term wherever the term's coercion fits the value.

    Written directly (one node object per subject, sorted) rather than by
    rdflib's compaction, which takes ten seconds on 1,000 articles; the output
    reads back as the same graph (tests/test_scale.py).
    """

    def __init__(self, context: dict):
        self.context = context
        self.prefixes = sorted(((v, k) for k, v in context.items() if isinstance(v, str) and v.endswith(("/", "#"))),
                               key=lambda x: -len(x[0]))
        self.terms: dict[str, list[tuple[str, dict]]] = {}
        self.classes: dict[str, str] = {}
        self._compacted: dict = {}
        self._kinds: dict = {}  # (datatype, language) -> that tuple, one object per kind
        for term, definition in context.items():
            if term.startswith("@") or (isinstance(definition, str) and definition.endswith(("/", "#"))):
                continue
            spec = {"@id": definition} if isinstance(definition, str) else definition
            iri = self.expand(spec["@id"])
            self.terms.setdefault(iri, []).append((term, spec))
            if isinstance(definition, str):
                self.classes.setdefault(iri, term)

    def expand(self, value: str) -> str:
        prefix, _, rest = value.partition(":")
        ns = self.context.get(prefix)
        return ns + rest if isinstance(ns, str) and not rest.startswith("//") else value

    def compact(self, term) -> str:
        out = self._compacted.get(term)
        if out is None:
            out = self._compacted[term] = self._compact(term)
        return out

    def _compact(self, term) -> str:
        if isinstance(term, BNode):
            return f"_:{term}"
        iri = str(term)
        for ns, prefix in self.prefixes:
            if iri.startswith(ns) and not iri[len(ns):].startswith("//") and iri != ns:
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def _plain(self, o, is_node: bool):
        if is_node:
            return {"@id": self.compact(o)}
        if o.language:
            return {"@value": str(o), "@language": o.language}
        if o.datatype is not None:
            return {"@value": str(o), "@type": self.compact(o.datatype)}
        return str(o)

    def _object(self, o) -> tuple:
        """What a node object needs of ``o`` whatever the predicate: (``o``, its kind, its value in each of
        the three ways a rule writes it). The kind -- node, or a literal's datatype and language -- and the
        predicate decide which context term applies."""
        is_node = isinstance(o, (URIRef, BNode))
        if is_node:
            kind = _IRI if isinstance(o, URIRef) else _BLANK
        else:
            kind = self._kinds.setdefault((o.datatype, o.language), (o.datatype, o.language))
        return o, kind, {"id": self.compact(o) if is_node else None, "str": str(o), "plain": self._plain(o, is_node)}

    def _rule(self, p, o) -> tuple[str, str]:
        for term, spec in self.terms.get(str(p), ()):
            kind, language = spec.get("@type"), spec.get("@language")
            if kind == "@id" and isinstance(o, (URIRef, BNode)):
                return term, "id"
            if isinstance(o, Literal) and kind not in (None, "@id") and o.datatype is not None \
                    and str(o.datatype) == self.expand(kind) and not o.language:
                return term, "str"
            if isinstance(o, Literal) and language is not None and o.language == language:
                return term, "str"
            if kind is None and language is None:
                return term, "plain"
        return self.compact(p), "plain"

    def document(self, triples: list[tuple]) -> bytes:
        """The JSON-LD document of ``triples`` (each once): node objects sorted by ``@id``, keys sorted,
        several values of one key sorted by their JSON."""
        nodes: dict = {}
        several: list[tuple[dict, str]] = []  # (node, key) whose value became a list
        rdf_type = str(RDF.type)
        # Per object, by identity (the build makes one object per term): its kind and written values. An
        # rdflib Literal's hash, datatype and language are Python code, and this runs for every triple.
        objects: dict[int, tuple] = {}
        rules: dict = {}  # predicate -> kind -> (key, which value)
        for s, p, o in triples:
            node = nodes.get(s)
            if node is None:
                node = nodes[s] = {"@id": self.compact(s)}
            seen = objects.get(id(o))
            if seen is None:
                seen = objects[id(o)] = self._object(o)
            kind = seen[1]
            if kind is _IRI and str.__eq__(p, rdf_type):  # str's ==: rdflib's is Python code
                key, value = "@type", self.classes.get(str(o)) or seen[2]["id"]
            else:
                by_kind = rules.get(p)
                if by_kind is None:
                    by_kind = rules[p] = {}
                rule = by_kind.get(kind)
                if rule is None:
                    rule = by_kind[kind] = self._rule(p, o)
                key, value = rule[0], seen[2][rule[1]]
            current = node.get(key, _ABSENT)
            if current is _ABSENT:
                node[key] = value
            elif type(current) is _Values:
                current.append(value)
            else:
                node[key] = _Values((current, value))
                several.append((node, key))
        for node, key in several:
            node[key] = sorted(node[key], key=lambda v: orjson.dumps(v, option=orjson.OPT_SORT_KEYS))
        graph = sorted(nodes.values(), key=lambda n: n["@id"])
        doc = {"@context": self.context, "@graph": graph}
        # orjson writes what json.dumps(indent=2, sort_keys=True, ensure_ascii=False) does, ten times faster
        return orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)


_IRI, _BLANK = "IRI", "blank node"  # the kinds of node objects (a literal's: its datatype and language)
_ABSENT = object()


class _Values(list):
    """The values of a key that has more than one (a plain value is never a list)."""


_GRAPH_NS = "https://w3id.org/seckg/graph/"
_PREFIXES = {p: str(ns) for p, ns in sorted(PREFIXES.items())}


class _Serialiser:
    """One graph (and its inferred graph) in every format; the canonical, sorted triples computed once.

    The sorted N-Triples are the export's backbone: ``kg.nt`` as they are,
    Turtle and TriG by streaming them through Oxigraph's parser into its
    writers (so the triples stay in that order, grouped by subject).
    """

    def __init__(self, graph, inferred: Graph | None, terms: NTriplesWriter | None = None):
        self.graph, self.inferred = graph, inferred
        self.terms = terms or NTriplesWriter()
        self._triples = self._lines = self._ntriples = self._turtle = None
        self._written: dict[str, Path] = {}  # format -> the file :meth:`write` wrote it to

    @property
    def lines(self) -> list[bytes]:
        if self._lines is None:
            self._lines = _sorted_lines(self.triples, self.terms)
        return self._lines

    @property
    def triples(self) -> list[tuple]:
        if self._triples is None:
            self._triples = _canonical_triples(self.graph)
        return self._triples

    @property
    def ntriples(self) -> bytes:
        if self._ntriples is None:
            self._ntriples = b"".join(_each_once(self.lines))
        return self._ntriples

    def write(self, fmt: str, fh: BinaryIO) -> None:
        """``fmt`` written to the open file ``fh``: what :meth:`__call__` gives, but N-Triples, Turtle and TriG
        streamed (Turtle from the N-Triples already written, TriG from that Turtle), not held in memory."""
        nt, ttl = self._written.get("nt"), self._written.get("turtle")
        if fmt == "nt":
            _stream_lines(self.lines, fh)
        elif fmt == "turtle" and nt is not None:
            ox.serialize(ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES), fh, format=ox.RdfFormat.TURTLE,
                         prefixes=_PREFIXES)
        elif fmt == "trig" and ttl is not None:
            inferred = _sorted_ntriples(_canonical_triples(self.inferred if self.inferred is not None else Graph()),
                                        self.terms)
            marker = f"<{_GRAPH_NS}".encode()
            if marker in inferred or _file_mentions(nt, marker):
                fh.write(self(fmt))  # an IRI the TriG's graph: prefix abbreviates is in the data: the general way
            else:
                with open(ttl, "rb") as asserted:
                    _stream_trig({**_PREFIXES, "graph": _GRAPH_NS},
                                 [("graph:asserted", asserted), ("graph:inferred", io.BytesIO(_turtle(inferred, _PREFIXES)))], fh)
        else:
            fh.write(self(fmt))
        self._written[fmt] = Path(fh.name)

    @property
    def turtle(self) -> bytes:
        if self._turtle is None:
            self._turtle = _turtle(self.ntriples, _PREFIXES)
        return self._turtle

    def __call__(self, fmt: str) -> bytes:
        if fmt not in FORMATS:
            raise DataError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
        if fmt == "nt":
            return self.ntriples
        if fmt == "turtle":
            return self.turtle
        if fmt == "json-ld":
            return _JsonLdWriter(load_context()).document(self.triples)
        # trig: the asserted and the inferred triples as two named graphs, in that order
        inferred = _sorted_ntriples(_canonical_triples(self.inferred if self.inferred is not None else Graph()),
                                    self.terms)
        prefixes = {**_PREFIXES, "graph": _GRAPH_NS}
        if f"<{_GRAPH_NS}".encode() in self.ntriples or f"<{_GRAPH_NS}".encode() in inferred:
            asserted = _turtle(self.ntriples, prefixes)  # an IRI the graph: prefix abbreviates: write it again
        else:
            asserted, prefixes = self.turtle, _PREFIXES
        return _trig({**_PREFIXES, "graph": _GRAPH_NS},
                     [("graph:asserted", asserted), ("graph:inferred", _turtle(inferred, prefixes))])


def _file_mentions(path: Path, needle: bytes) -> bool:
    """Whether the file at ``path`` contains ``needle`` (read a chunk at a time)."""
    tail = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK_BYTES):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
    return False


def serialise(graph: Graph, fmt: str, inferred: Graph | None = None, *, shared: _Serialiser | None = None) -> bytes:
    """The bytes of ``graph`` in ``fmt`` (turtle, nt, json-ld, trig); the same input gives the same bytes.

    ``shared`` (from :func:`export`) reuses the canonical, sorted triples between formats.
    """
    return (shared or _Serialiser(graph, inferred))(fmt)


def _temporary(target: Path) -> Path:
    """Where ``target``'s new content is written before it replaces ``target``."""
    return target.with_name(f".{target.name}.tmp-{os.getpid()}")


def _write_temporary(tmp: Path, data: bytes) -> None:
    tmp.parent.mkdir(parents=True, exist_ok=True)
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _replace_all(temps: list[tuple[Path, Path]]) -> None:
    """Rename every written temporary over its target, or, if any step fails, restore every target.

    The previous targets are kept as hard links until every rename
    succeeded; on a failure they are put back and the temporaries removed.
    """
    pid = os.getpid()
    backups: list[tuple[Path, Path]] = []
    replaced: list[Path] = []
    try:
        for _, target in temps:
            if target.exists():
                backup = target.with_name(f".{target.name}.bak-{pid}")
                backup.unlink(missing_ok=True)
                os.link(target, backup)
                backups.append((backup, target))
        for tmp, target in temps:
            os.replace(tmp, target)
            replaced.append(target)
    except BaseException:
        had_backup = {target for _, target in backups}
        for backup, target in backups:
            if target in replaced:
                os.replace(backup, target)
            else:  # still the same file as its backup (rename(2) between two links of one file is a no-op)
                backup.unlink(missing_ok=True)
        for target in replaced:
            if target not in had_backup:
                target.unlink(missing_ok=True)
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    for backup, _ in backups:
        backup.unlink(missing_ok=True)


def write_atomically(files: dict[Path, bytes]) -> None:
    """Write every file or none.

    All contents go to temporary files beside their targets first; only then
    are they renamed over the targets (:func:`_replace_all`), so a failure at
    any point (disk full, a rename refused) leaves the previous files and no
    temporaries.
    """
    temps = [(_temporary(target), target) for target in files]
    try:
        for tmp, target in temps:
            _write_temporary(tmp, files[target])
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    _replace_all(temps)


ALL_FORMATS = ("turtle", "nt", "json-ld", "trig")
# Written by the helper process of a parallel export: these three share the sorted N-Triples.
_HELPER_FORMATS = {"nt", "turtle", "trig"}
PARALLEL_FROM = 20_000  # triples: a smaller graph is not worth a second process


def _write_format(shared: _Serialiser, fmt: str, tmp: Path) -> None:
    """One format, streamed to its temporary file and synced."""
    tmp.parent.mkdir(parents=True, exist_ok=True)
    with open(tmp, "wb") as fh:
        shared.write(fmt, fh)
        fh.flush()
        os.fsync(fh.fileno())


_WRITING_ORDER = ("nt", "turtle", "trig", "json-ld")  # each streamed from the one before where it can be


def _write_formats(shared: _Serialiser, temps: list[tuple[str, Path]]) -> float:
    """Write each format to its temporary file (removed again on failure); returns the seconds taken."""
    t = time.perf_counter()
    try:
        for fmt, tmp in sorted(temps, key=lambda ft: _WRITING_ORDER.index(ft[0])):
            _write_format(shared, fmt, tmp)
    except BaseException:
        for _, tmp in temps:
            tmp.unlink(missing_ok=True)
        raise
    return time.perf_counter() - t


class Export:
    """An export under way: every format written beside its target, then all committed together.

    With ``jobs`` of two or more (by default: on a machine with two cores and
    a graph of :data:`PARALLEL_FROM` triples or more), a forked helper process
    writes N-Triples, Turtle and TriG from the moment the export is made,
    while this process goes on -- the build validates meanwhile -- and
    writes JSON-LD in :meth:`commit`. The bytes are the same either way
    (tests/test_export.py, tests/test_scale.py). Nothing replaces a target before :meth:`commit`
    has every file; :meth:`close` (always call it) stops the helper and
    removes temporaries of an export that was not committed.
    """

    def __init__(self, graph, inferred: Graph | None, out_dir: Path | str, formats=ALL_FORMATS, *,
                 jobs: int | None = None, terms: NTriplesWriter | None = None):
        for fmt in formats:
            if fmt not in FORMATS:
                raise DataError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
        out_dir = Path(out_dir)
        self._new_dir = None if out_dir.exists() else out_dir  # removed again if the export is abandoned
        self._shared = _Serialiser(graph, inferred, terms)
        self._temps = [(fmt, _temporary(out_dir / FORMATS[fmt]), out_dir / FORMATS[fmt]) for fmt in formats]
        parallel = (len(graph) >= PARALLEL_FROM and available_cores() >= 2) if jobs is None else jobs >= 2
        every = [(fmt, tmp) for fmt, tmp, _ in self._temps]
        helper = [(fmt, tmp) for fmt, tmp in every if fmt in _HELPER_FORMATS]
        here = [(fmt, tmp) for fmt, tmp in every if fmt not in _HELPER_FORMATS]
        self._helper, self._here = None, every
        if parallel and helper and here and fork_available():
            self._shared.triples  # made before the fork, once: both processes need the canonical triples
            self._helper, self._here = Forked(partial(_write_formats, self._shared, helper)), here
        self.helper_seconds: float | None = None
        self._committed = False

    def commit(self) -> list[Path]:
        """Write this process's formats, wait for the helper's, then replace the targets; the paths written."""
        _write_formats(self._shared, self._here)
        if self._helper is not None:
            self.helper_seconds = self._helper.result()
            self._helper = None
        _replace_all([(tmp, target) for _, tmp, target in self._temps])
        self._committed = True
        return sorted(target for _, _, target in self._temps)

    def close(self) -> None:
        if self._helper is not None:
            self._helper.stop()
            self._helper = None
        if not self._committed:
            for _, tmp, _ in self._temps:
                tmp.unlink(missing_ok=True)
            if self._new_dir is not None and self._new_dir.is_dir() and not any(self._new_dir.iterdir()):
                self._new_dir.rmdir()

    def __enter__(self) -> "Export":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def export(graph, inferred: Graph, out_dir: Path | str, formats=ALL_FORMATS, *, jobs: int | None = None,
           terms: NTriplesWriter | None = None) -> list[Path]:
    """Write ``graph`` (a ``Graph`` or a collection of triples; ``inferred`` in TriG too) to ``out_dir``.

    Returns the paths written. ``terms`` shares term conversion with an earlier stage; ``jobs``: see
    :class:`Export`.
    """
    with Export(graph, inferred, out_dir, formats, jobs=jobs, terms=terms) as exporting:
        return exporting.commit()
