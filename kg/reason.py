"""Stage 5: reasoning. Two jobs, two tools.

* **Consistency** with owlready2's HermiT (OWL 2 DL). HermiT gets a *module*:
  the ontology's axioms plus every entity's types and relations, without the
  provenance records and without ``xsd:gYear`` / ``xsd:date`` values (outside
  the OWL 2 datatype map HermiT implements). Provenance cannot make the
  domain model inconsistent, so the answer is the same and it stays fast.
  The module goes to HermiT as an N-Triples file (see :func:`check_consistency`).
* **Materialisation** of the OWL 2 RL entailments the queries rely on
  (sub-properties, inverses, symmetry, transitivity, sub-classes) into a
  separate graph, kept apart from the asserted triples. Two backends behind
  one function: ``reasonable`` (Rust, fast, the default) and ``owlrl`` (the
  reference implementation in pure Python); a test shows they agree.

Only entailments about instances are kept: types in the seckg, schema.org and
PROV vocabularies and seckg relations between instances, not the tautologies
an OWL RL closure also yields (``owl:sameAs`` of every node to itself, ...).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from .assemble import to_graph
from .errors import InconsistentOntology, ReasonerError
from .fastrdf import NTriplesWriter
from .vocab import ID, SECKG

_SECKG_NS = str(SECKG._NS)
_ID_NS = str(ID)
_KEPT_TYPE_NAMESPACES = (_SECKG_NS, "https://schema.org/", "http://www.w3.org/ns/prov#")
_UNSUPPORTED_DATATYPES = {XSD.gYear, XSD.date, XSD.gYearMonth, XSD.gMonthDay}
# Provenance properties: never needed to decide consistency of the domain model.
_PROVENANCE_PREFIXES = ("https://w3id.org/seckg/id/evidence/", "https://w3id.org/seckg/id/doc/",
                        "https://w3id.org/seckg/id/rule/")

REASONERS = ("reasonable", "owlrl")
_RDF_TYPE = RDF.type


def domain_module(graph) -> list[tuple]:
    """The ontology axioms plus instance types and instance-to-instance relations, as a list of triples.

    ``graph`` is a ``Graph`` or any collection of triples. A list, not a
    ``Graph``: both reasoners take triples, and an rdflib ``Graph`` costs tens of
    microseconds a triple to fill.
    """
    module = []
    keep = module.append
    is_literal: dict[type, bool] = {}  # by the term's type: isinstance on rdflib's ABC terms is slow when false
    for s, p, o in graph:
        kind = type(o)
        literal = is_literal.get(kind)
        if literal is None:
            literal = is_literal[kind] = issubclass(kind, Literal)
        if literal:
            if o.datatype in _UNSUPPORTED_DATATYPES:
                continue
        elif o in _UNSUPPORTED_DATATYPES:
            continue  # e.g. "rdfs:range xsd:gYear"
        if str.startswith(s, _PROVENANCE_PREFIXES) and isinstance(s, URIRef):
            continue
        if str.startswith(s, _ID_NS) and isinstance(s, URIRef):
            # Instances: keep types and object relations, not labels or text.
            if str.__eq__(p, _RDF_TYPE) or (str.startswith(p, _SECKG_NS) and not literal and isinstance(o, URIRef)):
                keep((s, p, o))
            continue
        keep((s, p, o))
    return module


def materialise(graph, reasoner: str = "reasonable", *, module: list[tuple] | None = None) -> Graph:
    """The OWL 2 RL entailments about instances that ``graph`` does not assert."""
    module = module if module is not None else domain_module(graph)
    if reasoner == "reasonable":
        import reasonable

        r = reasonable.PyReasoner()
        r.from_graph(module)
        triples = r.reason()
    elif reasoner == "owlrl":
        import owlrl

        closure = Graph()
        closure += module
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
        triples = closure
    else:
        raise ReasonerError(f"unknown reasoner {reasoner!r}; choose one of {', '.join(REASONERS)}")
    inferred = Graph()
    for s, p, o in triples:
        if not (isinstance(s, URIRef) and str(s).startswith(_ID_NS)):
            continue
        if p == RDF.type:
            if not (isinstance(o, URIRef) and str(o).startswith(_KEPT_TYPE_NAMESPACES)):
                continue
        elif not (str(p).startswith(_SECKG_NS) and isinstance(o, URIRef) and str(o).startswith(_ID_NS)):
            continue
        if (s, p, o) not in graph:
            inferred.add((s, p, o))
    return inferred


@dataclass(frozen=True)
class Clash:
    individual: str
    classes: tuple[str, ...]


def disjointness_clashes(graph: Graph) -> list[Clash]:
    """Individuals typed (directly or by sub-classing) with two classes declared disjoint."""
    pairs: set[frozenset] = set()
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(graph.items(graph.value(axiom, OWL.members)))
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pairs.add(frozenset((a, b)))
    for a, b in graph.subject_objects(OWL.disjointWith):
        pairs.add(frozenset((a, b)))
    supers: dict = {}

    def ancestors(cls):
        if cls not in supers:
            supers[cls] = {cls}
            for parent in graph.objects(cls, RDFS.subClassOf):
                if isinstance(parent, URIRef):
                    supers[cls] |= ancestors(parent)
        return supers[cls]

    clashes = []
    for ind in sorted(set(graph.subjects(RDF.type, None))):
        if not str(ind).startswith(_ID_NS):
            continue
        types = set()
        for t in graph.objects(ind, RDF.type):
            types |= ancestors(t)
        bad = sorted({c for pair in pairs if pair <= types for c in pair})
        if bad:
            clashes.append(Clash(str(ind), tuple(str(c) for c in bad)))
    return clashes


def check_consistency(graph, *, module: list[tuple] | None = None) -> None:
    """Raise :class:`InconsistentOntology` (naming individuals and classes) if HermiT finds a contradiction.

    HermiT is owlready2's (its jar, its Java settings), run as owlready2 runs it but
    asked one question: is owl:Thing satisfiable, that is, is the module consistent.
    The module goes to it as the N-Triples file it is already written as; going
    through owlready2's quadstore would load that file and save it again before
    HermiT starts (4-6 s at 10,000 articles). Nothing else of the graph is read.
    """
    import owlready2

    if shutil.which(owlready2.JAVA_EXE) is None:
        raise ReasonerError("HermiT needs Java: install a Java runtime (e.g. 'apt-get install default-jre-headless')")
    module = list(module if module is not None else domain_module(graph))
    individuals = {s for s, p, _ in module if str.__eq__(p, _RDF_TYPE) and str.startswith(s, _ID_NS)}
    module += [(ind, RDF.type, OWL.NamedIndividual) for ind in sorted(individuals)]
    fd, path = tempfile.mkstemp(suffix=".nt", prefix="seckg-module-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.writelines(NTriplesWriter().ntriples(module))
        hermit = os.path.join(os.path.dirname(owlready2.__file__), "hermit")
        # The serial collector: HermiT reasons in one thread, and the parallel collector's threads would take
        # the build's other core (10.3 s of CPU in 6.1 s at 10,000 articles, against 8.0 s in 5.3 s with it).
        command = [owlready2.JAVA_EXE, "-XX:+UseSerialGC", f"-Xmx{owlready2.reasoning.JAVA_MEMORY}M", "-cp",
                   os.pathsep.join((hermit, os.path.join(hermit, "HermiT.jar"))),
                   "org.semanticweb.HermiT.cli.CommandLine", "-k", Path(path).as_uri()]
        run = subprocess.run(command, capture_output=True)
    finally:
        os.unlink(path)
    if run.returncode == 0 and b"is satisfiable" in run.stdout:
        return
    if b"Inconsistent ontology" in run.stdout + run.stderr:
        clashes = disjointness_clashes(to_graph(module))
        if clashes:
            detail = "; ".join(f"{c.individual} is a {' and a '.join(_local(x) for x in c.classes)}" for c in clashes[:5])
            raise InconsistentOntology(
                f"the graph is inconsistent (OWL 2 DL, HermiT): {detail}, but these classes are disjoint",
                [c.individual for c in clashes], sorted({x for c in clashes for x in c.classes}))
        raise InconsistentOntology("the graph is inconsistent (OWL 2 DL, HermiT); no disjointness clash explains it, "
                                   "look at domain/range and property characteristics")
    lines = (run.stderr or run.stdout).decode("utf-8", "replace").strip().splitlines()
    raise ReasonerError(f"HermiT failed (exit status {run.returncode}): {lines[0] if lines else 'no output'}")


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
