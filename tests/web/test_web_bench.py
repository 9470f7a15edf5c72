"""The endpoint load bench runs end to end on loopback and stops by itself (figures are not asserted)."""

import pytest

from bench import endpoint
from kg.query import load_named_queries


def test_example_calls_cover_every_named_query():
    """Each query is called as its header's example shows, with exactly its parameters."""
    queries = {q.name: q for q in load_named_queries().values() if not q.is_check}
    calls = {c.name: c.params for c in endpoint.example_calls()}
    assert set(calls) == set(queries)
    for name, params in calls.items():
        assert set(params) == set(queries[name].parameter_names), name
        assert all(params.values()), name


@pytest.mark.slow
def test_bench_runs_each_level_without_errors(seed_build):
    results = endpoint.run(seed_build.out, seconds_per_level=0.5)
    assert [r["clients"] for r in results] == [1, 8, 64]
    for r in results:
        assert r["requests"] > 0 and r["errors"] == 0
        assert r["p50_ms"] <= r["p99_ms"]
    table = endpoint.markdown(results).splitlines()
    assert table[0].startswith("| clients |") and len(table) == 2 + len(results)
