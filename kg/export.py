"""Stage 7: write the built graph to files, byte-for-byte reproducibly and atomically.

* ``kg.ttl``, ``kg.nt``, ``kg.jsonld``: the asserted graph (ontology, instances,
  provenance). JSON-LD is compacted with ``ontology/context.jsonld``, inlined,
  so nothing is fetched to read it.
* ``kg.trig``: the asserted and the inferred triples as two named graphs.

Blank nodes (only the ontology's axioms have them) get canonical labels
(``rdflib.compare``) and N-Triples lines are sorted, so two builds of the same
input give identical bytes. Every file is first written beside its target and
then renamed over it: a build that fails leaves the previous files untouched,
and files in the directory that seckg did not write are never removed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.compare import _TripleCanonicalizer

from .errors import DataError
from .paths import CONTEXT
from .vocab import PREFIXES

FORMATS = {"turtle": "kg.ttl", "nt": "kg.nt", "json-ld": "kg.jsonld", "trig": "kg.trig"}


def canonical(graph: Graph) -> Graph:
    """``graph`` with blank nodes relabelled canonically (stable across runs)."""
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, override=True)
    if not any(isinstance(t, BNode) for triple in graph for t in (triple[0], triple[2])):
        out += graph
        return out
    for triple in _TripleCanonicalizer(graph).canonical_triples():
        out.add(triple)
    return out


def load_context(path: Path | str | None = None) -> dict:
    path = Path(path or CONTEXT)
    try:
        return json.loads(path.read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(f"{path}: not a JSON-LD context document: {exc}") from None


def _sorted_json(value, in_list: bool = False):
    """Sort JSON-LD arrays that are sets (not @list) and object keys, for stable output."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, k == "@list") for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return items if in_list else sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def serialise(graph: Graph, fmt: str, inferred: Graph | None = None) -> bytes:
    """The bytes of ``graph`` in ``fmt`` (turtle, nt, json-ld, trig)."""
    g = canonical(graph)
    if fmt == "turtle":
        return g.serialize(format="turtle", encoding="utf-8")
    if fmt == "nt":
        lines = sorted(set(g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()))
        return ("\n".join(line for line in lines if line.strip()) + "\n").encode("utf-8")
    if fmt == "json-ld":
        context = load_context()
        text = g.serialize(format="json-ld", context=context, auto_compact=True)
        doc = json.loads(text)
        doc["@context"] = context
        if "@graph" in doc:
            doc["@graph"] = sorted((_sorted_json(n) for n in doc["@graph"]), key=lambda n: str(n.get("@id", "")))
        return (json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    if fmt == "trig":
        # rdflib orders named graphs arbitrarily; write the two blocks in a fixed order.
        head = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(PREFIXES.items())]
        head.append("@prefix graph: <https://w3id.org/seckg/graph/> .")
        blocks = ["\n".join(head) + "\n"]
        for name, part in (("graph:asserted", g), ("graph:inferred", canonical(inferred if inferred is not None else Graph()))):
            body = part.serialize(format="turtle")
            lines = [line for line in body.splitlines() if not line.startswith("@prefix")]
            inner = "\n".join(("    " + line) if line.strip() else "" for line in lines).strip("\n")
            blocks.append(f"{name} {{\n{inner}\n}}\n")
        return "\n".join(blocks).encode("utf-8")
    raise DataError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_atomically(files: dict[Path, bytes]) -> None:
    """Write every file or none.

    All contents go to temporary files beside their targets first; only then
    are they renamed over the targets. The previous targets are kept as hard
    links until every rename succeeded, so a failure at any point (disk full,
    a rename refused) restores the previous files and removes the temporaries.
    """
    pid = os.getpid()
    temps: list[tuple[Path, Path]] = []
    backups: list[tuple[Path, Path]] = []
    replaced: list[Path] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.tmp-{pid}")
            temps.append((tmp, target))
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
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


def export(graph: Graph, inferred: Graph, out_dir: Path | str, formats=("turtle", "nt", "json-ld", "trig")) -> list[Path]:
    """Write ``graph`` (and ``inferred``, in TriG) to ``out_dir``; returns the paths written."""
    out_dir = Path(out_dir)
    files = {out_dir / FORMATS[f]: serialise(graph, f, inferred) for f in formats}
    write_atomically(files)
    return sorted(files)
