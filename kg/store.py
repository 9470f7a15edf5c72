"""Reading a built graph back: ``build/kg.trig`` holds the asserted and the inferred named graphs.

Queries run over the union of both (the dataset's default graph); the page
server uses the two named graphs to mark inferred relations as inferred.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from .errors import BuildNotFound, DataError
from .vocab import ASSERTED_GRAPH, INFERRED_GRAPH, PREFIXES

TRIG_NAME = "kg.trig"


def new_dataset() -> Dataset:
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    return ds


def load_build(build_dir: Path | str = "build") -> Dataset:
    """The built dataset (union default graph; named graphs ``graph:asserted`` and ``graph:inferred``)."""
    path = Path(build_dir) / TRIG_NAME
    if not path.is_file():
        raise BuildNotFound(f"{path}: no built graph here; run 'kg build' first")
    ds = new_dataset()
    try:
        ds.parse(path, format="trig")
    except Exception as exc:
        raise DataError(f"{path}: cannot parse the built graph: {exc}") from None
    return ds


def load_graph_file(path: Path | str) -> Graph:
    """Any RDF file, format guessed from the extension (TriG/N-Quads merged into one graph)."""
    path = Path(path)
    if not path.is_file():
        raise BuildNotFound(f"{path}: no such file")
    from rdflib.util import guess_format

    fmt = guess_format(str(path)) or "turtle"
    try:
        if fmt in ("trig", "nquads"):
            ds = new_dataset()
            ds.parse(path, format=fmt)
            g = Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
            return g
        return Graph().parse(path, format=fmt)
    except Exception as exc:
        raise DataError(f"{path}: cannot parse as {fmt}: {exc}") from None


def asserted(ds: Dataset) -> Graph:
    return ds.graph(ASSERTED_GRAPH)


def inferred(ds: Dataset) -> Graph:
    return ds.graph(INFERRED_GRAPH)
