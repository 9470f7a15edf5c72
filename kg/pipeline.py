"""The build: parse -> extract -> resolve -> assemble -> reason -> validate -> export.

Each stage is its own module; this one only runs them in order, times them
and decides what a failure means. Nothing is written until every stage has
succeeded, so a failed build leaves the previous output as it was.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph
from tqdm import tqdm

from .assemble import assemble_triples, load_ontology, to_graph
from .background import load_background
from .errors import DocumentError, ValidationFailed
from .export import export
from .fastrdf import OxigraphTerms
from .extract import corpus_concepts, extract, name_forms
from .names import normalise
from .parse import parse_document
from .paths import DOCUMENTS_DIR
from .reason import check_consistency, domain_module, materialise
from .resolve import Corpus, resolve
from .validate import ValidationReport, validate


@dataclass
class BuildResult:
    triples: set[tuple]  # the asserted triples (rdflib terms); ``graph`` is the same as a Graph
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


_WORD = re.compile(r"\w+")
_NAME_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f0-9][\w\u00c0-\u024f'\u2019&.\-]*")  # kg.names' name tokens
_JOINING = re.compile(r"['\u2019&.]")  # the characters of a name token that normalise() removes, joining words


def _spellings(title: str) -> tuple[frozenset[str], ...]:
    """The words of each way to write a title ("security is indivisible" too), as a pattern
    match sees them, and the words of its normalised key."""
    forms = [frozenset(_WORD.findall(form.lower())) for form in name_forms(title)]
    return (*forms, frozenset(normalise(title).split()))


class ConceptIndex:
    """The article titles, looked up by their words: which titles can occur in a text.

    ``extract`` looks for every article's title in each article. Handing it all
    of them makes the corpus cost quadratic (a pattern of n titles for each of n
    articles), so the pipeline hands it only the titles that *can* occur: those
    whose words all occur in the article, either as a case-insensitive match
    would see them or as a name's normalised key would. That is a superset of
    the titles that do occur, in the original order, so extraction gives the
    same result (tests/test_scale.py shows it).
    """

    def __init__(self, titles: tuple[str, ...]):
        self.titles = titles
        self._spellings = [_spellings(t) for t in titles]
        titles_with = Counter(w for spellings in self._spellings for w in set().union(*spellings))
        self._by_word: dict[str, set[int]] = defaultdict(set)
        for i, spellings in enumerate(self._spellings):
            for words in spellings:
                # Index by the word fewest titles have: the most selective one (any one is correct).
                self._by_word[min(words, key=lambda w: (titles_with[w], w)) if words else ""].add(i)

    @staticmethod
    def words(text: str) -> set[str]:
        """The words of ``text``: lower-case words, normalised name tokens, and both without a plural ending."""
        words = set(_WORD.findall(text.lower()))
        for token in set(_NAME_TOKEN.findall(text)):
            if _JOINING.search(token):  # "U.S." -> "us": normalise drops these; otherwise its words are in already
                words.update(normalise(token).split())
        return words | {w[:-1] for w in words if w.endswith("s")} | {w[:-2] for w in words if w.endswith("es")}

    def named_in(self, text: str) -> tuple[str, ...]:
        words = self.words(text)
        candidates = set(self._by_word.get("", ()))
        for w in words:
            candidates.update(self._by_word.get(w, ()))
        found = [i for i in candidates if any(spelling <= words for spelling in self._spellings[i])]
        return tuple(self.titles[i] for i in sorted(found))


# --- parse and extract on every core ------------------------------------------------------

PARALLEL_FROM = 64  # fewer articles than this are not worth starting processes for
_SHARED: dict = {}  # what the forked extraction workers read: set just before the pool starts


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


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

    In this process: parsing takes a fraction of a millisecond an article,
    less than sending the result back from another process would.
    """
    return [_parse(p) for p in tqdm(paths, desc="parse", unit="article", disable=not progress)]


def _extract_at(i: int):
    docs, background, concepts, fast = _SHARED["extract"]
    doc = docs[i]
    extraction = extract(doc, background, concepts.named_in(doc.text) if fast else concepts.titles)
    extraction.document = None  # the caller has it: not sent back from a worker (extract_all puts it back)
    return extraction


def extract_all(docs: list, background, *, fast: bool = True, jobs: int | None = None, progress: bool = False) -> list:
    """The extraction of each article, in order: each is given the corpus's concept names it can contain
    (``fast``) or all of them. The same result for any number of ``jobs``."""
    _SHARED["extract"] = (docs, background, ConceptIndex(corpus_concepts(docs)), fast)
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
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@cyclic_gc_paused()
def build(documents: list[Path | str] | None = None, out_dir: Path | str | None = "build", *,
          reasoner: str = "reasonable", consistency: bool = True, shacl: bool = True,
          progress: bool = False, fast: bool = True, jobs: int | None = None) -> BuildResult:
    """Build the graph of ``documents`` and, when ``out_dir`` is set, export it there.

    ``fast=False`` takes the plain path of each stage that has a fast one (all
    titles handed to the extractor, pySHACL on the whole graph): slower, the
    same result (tests/test_scale.py). ``jobs`` is the number of processes
    that parse and extract (default: one per available core); the result does
    not depend on it.

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
    extractions = extract_all(docs, background, fast=fast, jobs=jobs, progress=progress)
    timings["extract"] = time.perf_counter() - t

    t = time.perf_counter()
    corpus = resolve(extractions, background)
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
    terms = OxigraphTerms()  # rdflib -> Oxigraph terms, converted once for SHACL's SPARQL and the export
    if shacl:
        stages.set_postfix_str("SHACL")
        t = time.perf_counter()
        report = validate(graph, engine="fast" if fast else "pyshacl", terms=terms)
        timings["validate"] = time.perf_counter() - t
        if report.violations:
            stages.close()
        if report.violations:
            first = report.violations[0]
            raise ValidationFailed(f"SHACL: {len(report.violations)} violation(s); first: {first}", report)

    stages.update()
    files: list[Path] = []
    if out_dir is not None:
        stages.set_postfix_str("export")
        t = time.perf_counter()
        files = export(graph, inferred, out_dir, terms=terms)
        timings["export"] = time.perf_counter() - t
    stages.update()
    stages.close()
    timings["total"] = time.perf_counter() - t0
    return BuildResult(graph, inferred, corpus, report, files, corpus.warnings, timings)
