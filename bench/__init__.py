"""Benchmarks of the seckg build: ``python -m bench`` (what ``make bench`` runs)."""
