"""Where the project's files are: the ontology, shapes, context, queries and data.

Resolved relative to the project root (the directory holding ``ontology/``),
so ``kg`` works from any working directory inside an editable install.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "seckg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
CONTEXT = ROOT / "ontology" / "context.jsonld"
QUERIES_DIR = ROOT / "queries"
DATA_DIR = ROOT / "data"
DOCUMENTS_DIR = DATA_DIR / "documents"
BACKGROUND = DATA_DIR / "background.ttl"
DEFAULT_BUILD = Path("build")
