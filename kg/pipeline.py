"""The build: parse -> extract -> resolve -> assemble -> reason -> validate -> export.

Each stage is its own module; this one only runs them in order, times them
and decides what a failure means. Nothing is written until every stage has
succeeded, so a failed build leaves the previous output as it was. Two things
run beside others: extraction, in one forked process per core, and, on a large
graph, the export's first formats, in a forked helper while SHACL runs here
(:class:`kg.export.Export`: committed only once validation has passed).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph
from tqdm import tqdm

from .assemble import assemble_triples, load_ontology, to_graph
from .background import load_background
from .errors import DocumentError, ValidationFailed
from .export import Export
from .fastrdf import NTriplesWriter
from .extract import CorpusConcepts, corpus_concepts, extract
from .forked import available_cores
from .parse import parse_document
from .paths import DOCUMENTS_DIR
from .reason import check_consistency, domain_module, materialise
from .resolve import Corpus, resolve
from .validate import ValidationReport, validate


@dataclass
class BuildResult:
    triples: AbstractSet[tuple]  # the asserted triples (rdflib terms), in the order made; ``graph``: as a Graph
    inferred: Graph
    corpus: Corpus
    report: ValidationReport | None
    files: list[Path]
    warnings: list[str]
    timings: dict[str, float] = field(default_factory=dict)

    @cached_property
    def graph(self) -> Graph:
        """The asserted graph as an rdflib ``Graph``, made on first use (seconds per 100k triples)."""
        return to_graph(self.triples)


def discover(paths: list[Path | str]) -> list[Path]:
    """Article files named by ``paths``: files as given, folders' ``*.txt`` (sorted). Refuses none."""
    found: list[Path] = []
    for p in paths or [DOCUMENTS_DIR]:
        p = Path(p)
        if p.is_dir():
            found.extend(sorted(q for q in p.glob("*.txt") if q.is_file()))
        elif p.exists():
            found.append(p)
        else:
            raise DocumentError(str(p), "no such file or folder")
    if not found:
        raise DocumentError(", ".join(str(p) for p in paths or [DOCUMENTS_DIR]), "holds no article (*.txt)")
    unique = []
    seen = set()
    for p in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


# --- parse and extract on every core ------------------------------------------------------

PARALLEL_FROM = 64  # fewer articles than this are not worth starting processes for
_SHARED: dict = {}  # what the forked extraction workers read: set just before the pool starts


def _map(function, items: list, *, jobs: int | None, desc: str, progress: bool) -> list:
    """``[function(x) for x in items]``, in order, over ``jobs`` forked processes when it pays off.

    Workers are forked, so ``function`` sees the module state of the moment
    the pool starts (``_SHARED``); results come back pickled, in input order.
    """
    jobs = available_cores() if jobs is None else max(1, jobs)
    bar = dict(desc=desc, unit="article", total=len(items), disable=not progress)
    if jobs == 1 or len(items) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return [function(x) for x in tqdm(items, **bar)]
    with multiprocessing.get_context("fork").Pool(min(jobs, len(items))) as pool:
        chunk = max(1, min(32, len(items) // (jobs * 8)))
        return list(tqdm(pool.imap(function, items, chunksize=chunk), **bar))


def _parse(path: Path):
    return parse_document(path, _display(path))


def parse_all(paths: list[Path], *, progress: bool = False) -> list:
    """The parsed articles, in the order of ``paths``. Raises the first DocumentError.

    In this process: parsing takes about 0.4 ms an article, and in worker
    processes each parsed article would cost about 0.2 ms more to send back
    (pickled, then unpickled here), which would leave about 5% of parse +
    extract to gain for a second pool of processes.
    """
    return [_parse(p) for p in tqdm(paths, desc="parse", unit="article", disable=not progress)]


def _extract_at(i: int):
    docs, background, concepts = _SHARED["extract"]
    extraction = extract(docs[i], background, concepts)
    extraction.document = None  # the caller has it: not sent back from a worker (extract_all puts it back)
    return extraction


def extract_all(docs: list, background, *, jobs: int | None = None, progress: bool = False) -> list:
    """The extraction of each article, in order, each knowing the concepts the corpus names
    (:class:`kg.extract.CorpusConcepts`, built once). The same result for any number of ``jobs``."""
    _SHARED["extract"] = (docs, background, CorpusConcepts(corpus_concepts(docs)))
    try:
        extractions = _map(_extract_at, list(range(len(docs))), jobs=jobs, desc="extract", progress=progress)
    finally:
        _SHARED.clear()
    for doc, extraction in zip(docs, extractions):
        extraction.document = doc
    return extractions


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path.resolve(), Path.cwd())
    except ValueError:
        return str(path)


@contextmanager
def cyclic_gc_paused():
    """Python's cyclic garbage collector off for the duration.

    A build makes millions of objects that live until it ends (terms, triples,
    index entries), and the collector would walk them again and again: a
    quarter of the build time at 1,000 articles, a growing share beyond.
    Reference counting still frees everything that is not in a cycle; the
    collector is back on when the build returns or fails.

    What the build made and kept has outlived it, so it goes straight to the
    collector's oldest generation (``gc.freeze`` then ``gc.unfreeze``). Left in
    the youngest, all of it would be scanned by the first collection after
    the build and again by the next generation's: 7 s at 10,000 articles,
    for objects that are still alive.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


@cyclic_gc_paused()
def build(documents: list[Path | str] | None = None, out_dir: Path | str | None = "build", *,
          reasoner: str = "reasonable", consistency: bool = True, shacl: bool = True,
          progress: bool = False, fast: bool = True, jobs: int | None = None) -> BuildResult:
    """Build the graph of ``documents`` and, when ``out_dir`` is set, export it there.

    ``fast=False`` takes the plain path of each stage that has a fast one
    (pySHACL on the whole graph): slower, the same result (tests/test_scale.py). ``jobs`` is the number of processes
    that extract (default: one per available core); with 2 or more the export
    also writes its first formats in a helper process while SHACL runs
    (:class:`kg.export.Export`). The result does not depend on it.

    Raises DocumentError (an unreadable article), InconsistentOntology,
    ValidationFailed (SHACL violations), DataError (project files).
    """
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    paths = discover(list(documents or []))
    background = load_background()
    ontology = load_ontology()
    docs = parse_all(paths, progress=progress)
    timings["parse"] = time.perf_counter() - t0

    t = time.perf_counter()
    extractions = extract_all(docs, background, jobs=jobs, progress=progress)
    timings["extract"] = time.perf_counter() - t

    t = time.perf_counter()
    corpus = resolve(extractions, background)
    del extractions  # the corpus has what the later stages need: the rest is memory the assembler can reuse
    graph = assemble_triples(corpus, ontology)
    timings["assemble"] = time.perf_counter() - t

    # The stages after assembly work on the whole graph: one bar, advanced stage by stage.
    stages = tqdm(total=4, desc="build", unit="stage", disable=not progress, bar_format="{desc}: {n}/{total} {postfix}")
    stages.set_postfix_str("reasoning module")
    t = time.perf_counter()
    module = domain_module(graph)  # shared by HermiT and the OWL RL reasoner
    timings["module"] = time.perf_counter() - t
    t = time.perf_counter()
    if consistency:
        stages.set_postfix_str("consistency (HermiT)")
        check_consistency(graph, module=module)
    timings["consistency"] = time.perf_counter() - t
    stages.update()
    stages.set_postfix_str(f"materialise ({reasoner})")
    t = time.perf_counter()
    inferred = materialise(graph, reasoner, module=module)
    timings["materialise"] = time.perf_counter() - t
    stages.update()

    report = None
    files: list[Path] = []
    terms = NTriplesWriter()  # each term written as N-Triples once, for the SHACL store and the export
    # The export starts now: on a large graph a helper process writes its first formats while SHACL
    # runs here. Nothing replaces the previous output unless validation passes (commit).
    exporting = Export(graph, inferred, out_dir, jobs=jobs, terms=terms) if out_dir is not None else None
    try:
        if shacl:
            stages.set_postfix_str("SHACL")
            t = time.perf_counter()
            report = validate(graph, engine="fast" if fast else "pyshacl", terms=terms)
            timings["validate"] = time.perf_counter() - t
            if report.violations:
                stages.close()
                first = report.violations[0]
                raise ValidationFailed(f"SHACL: {len(report.violations)} violation(s); first: {first}", report)
        stages.update()
        if exporting is not None:
            stages.set_postfix_str("export")
            t = time.perf_counter()
            files = exporting.commit()
            timings["export"] = time.perf_counter() - t  # what is left of it after validation
            if exporting.helper_seconds is not None:
                timings["export_helper"] = exporting.helper_seconds  # in the helper, beside validation
    finally:
        if exporting is not None:
            exporting.close()
    stages.update()
    stages.close()
    timings["total"] = time.perf_counter() - t0
    return BuildResult(graph, inferred, corpus, report, files, corpus.warnings, timings)
