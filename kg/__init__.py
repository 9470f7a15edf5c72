"""seckg: glossary articles on international security -> a validated, queryable knowledge graph."""

__version__ = "1.0.0"
