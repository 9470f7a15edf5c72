"""Safe by default: read-only, nothing fetched, every query stopped at its time limit.

A recording HTTP server on 127.0.0.1 stands for "the network": every attempt a
query makes to load data from it must fail to reach it.
"""

from __future__ import annotations

import asyncio
import hashlib
import http.server
import os
import threading
import time
from pathlib import Path

import pytest

from kg.paths import QUERIES_DIR
from kg.web.worker import QuadsSource, QueryExecutor

from . import probes
from .conftest import file_digest, w3c_dataset

JSON = "application/sparql-results+json"


class Recorder(http.server.ThreadingHTTPServer):
    """Records every connection and request it gets; answers any GET with a little Turtle."""

    def __init__(self):
        self.connections: list[str] = []
        self.requests: list[str] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                recorder.requests.append(self.path)
                body = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
                self.send_response(200)
                self.send_header("Content-Type", "text/turtle")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    def verify_request(self, request, client_address):
        self.connections.append(f"{client_address}")
        return True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture(scope="module")
def recorder():
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_recorder_records(recorder):
    """The witness works: a plain fetch from the test process is recorded."""
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    assert b"example.org" in opener.open(recorder.url + "/probe", timeout=5).read()
    assert recorder.requests == ["/probe"]
    recorder.requests.clear()
    recorder.connections.clear()


def dataset_fingerprint(live) -> str:
    """A digest of every quad the endpoint serves (blank nodes left out: their labels differ per worker)."""
    query = ("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER (!isBlank(?s) && !isBlank(?o)) }")
    with live.client() as c:
        r = c.get("/sparql", params={"query": query}, headers={"Accept": "text/tab-separated-values"})
        count = c.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
                      headers={"Accept": JSON}).json()["results"]["bindings"][0]["n"]["value"]
    assert r.status_code == 200 and "results-truncated" not in r.headers
    lines = sorted(r.text.splitlines()[1:])
    return hashlib.sha256(("\n".join(lines) + count).encode()).hexdigest()


# --- read-only -------------------------------------------------------------------------------

UPDATES = [
    "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP ALL",
    "PREFIX seckg: <https://w3id.org/seckg/ontology#> "
    "DELETE { ?s seckg:year ?y } INSERT { ?s seckg:year 1 } WHERE { ?s seckg:year ?y }",
]


def update_requests(update: str):
    yield "POST", {"data": {"update": update}}
    yield "POST", {"content": update.encode(), "headers": {"Content-Type": "application/sparql-update"}}
    yield "GET", {"params": {"update": update}}
    yield "GET", {"params": {"query": update}}
    yield "POST", {"content": update.encode(), "headers": {"Content-Type": "application/sparql-query"}}
    yield "POST", {"data": {"query": update}}


def test_updates_are_refused_and_change_nothing(server, fixture_build):
    trig = fixture_build / "kg.trig"
    before, file_before = dataset_fingerprint(server), file_digest(trig)
    with server.client() as c:
        for update in UPDATES:
            for method, kwargs in update_requests(update):
                r = c.request(method, "/sparql", **kwargs)
                assert r.status_code == 403, (method, kwargs, r.status_code, r.text)
                assert "read-only" in r.text
    assert dataset_fingerprint(server) == before
    assert file_digest(trig) == file_before


# --- nothing is fetched ------------------------------------------------------------------------


def exfiltration_attempts(url: str):
    """(HTTP request, expected status) pairs that would fetch ``url`` if the endpoint let them."""
    q = lambda text, **extra: ("GET", {"params": {"query": text, **extra}})  # noqa: E731
    yield q(f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"), 403
    yield q(f"SELECT * WHERE {{ OPTIONAL {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }} }}"), 403
    yield q(f"ASK {{ FILTER EXISTS {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }} }}"), 403
    yield q(f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}"), 200
    yield q(f"SELECT * FROM NAMED <{url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"), 200
    yield q("SELECT * WHERE { ?s ?p ?o }", **{"default-graph-uri": f"{url}/data.ttl"}), 200
    yield q("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": f"{url}/data.ttl"}), 200
    yield q("SELECT * FROM <file:///etc/hostname> WHERE { ?s ?p ?o }"), 200
    yield q(f"LOAD <{url}/data.ttl>"), 403
    yield ("POST", {"data": {"update": f"LOAD <{url}/data.ttl>"}}), 403
    yield ("POST", {"content": f"LOAD <{url}/data.ttl> INTO GRAPH <urn:x>".encode(),
                    "headers": {"Content-Type": "application/sparql-update"}}), 403


def test_queries_never_fetch(server, recorder):
    with server.client(headers={"Accept": JSON}) as c:
        for (method, kwargs), status in exfiltration_attempts(recorder.url):
            r = c.request(method, "/sparql", **kwargs)
            assert r.status_code == status, (kwargs, r.text)
            if status == 200:  # the named graph is not held here, so it is empty
                assert r.json()["results"]["bindings"] == [], kwargs
    assert recorder.connections == [] and recorder.requests == []


def test_worker_sandbox_refuses_network_files_and_programs(recorder, tmp_path):
    """Defence in depth: even code running inside a query worker cannot reach out."""
    host, port = recorder.server_address

    async def probe():
        executor = QueryExecutor(QuadsSource.from_dataset(w3c_dataset()), workers=1, timeout=20,
                                 readable=(QUERIES_DIR, Path(probes.__file__).resolve().parents[1]))
        await executor.start()
        try:
            return {
                "http": await executor.run(probes.fetch_url, recorder.url + "/x"),
                "socket": await executor.run(probes.connect, host, port),
                "rdflib": await executor.run(probes.parse_remote_graph, recorder.url + "/data.ttl"),
                "read": await executor.run(probes.read_file, "/etc/hostname"),
                "write": await executor.run(probes.write_file, str(tmp_path / "dropped")),
                "program": await executor.run(probes.run_program, "/bin/true"),
                "still serving": await executor.run(probes.triple_count),
            }
        finally:
            await executor.close()

    outcome = asyncio.run(probe())
    assert outcome == {
        "http": "PermissionError", "socket": "PermissionError", "rdflib": "PermissionError",
        "read": "PermissionError", "write": "PermissionError", "program": "PermissionError",
        "still serving": 3,
    }
    assert recorder.connections == [] and recorder.requests == []
    assert not (tmp_path / "dropped").exists()


# --- time limit ----------------------------------------------------------------------------------

# Over the ~500 triples of the fixture this is 10^8 solutions: minutes of work for rdflib.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_runaway_query_is_stopped(limited_server):
    [pid] = limited_server.executor.pids()
    with limited_server.client(headers={"Accept": JSON}) as c:
        started = time.monotonic()
        r = c.get("/sparql", params={"query": RUNAWAY})
        elapsed = time.monotonic() - started
        assert r.status_code == 503
        assert "longer than the limit of 1 s" in r.text
        assert 1.0 <= elapsed < 5.0
        # The worker that ran it was killed, not left computing: its process is gone.
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
        # A fresh worker takes its place and answers the next query.
        ok = c.get("/sparql", params={"query": "ASK { id:helsinki-accords a seckg:Treaty }"})
    assert ok.status_code == 200 and ok.json()["boolean"] is True
    assert limited_server.executor.pids() not in ([], [pid])


def test_runaway_query_on_the_query_page(limited_server):
    with limited_server.client() as c:
        r = c.get("/query", params={"sparql": RUNAWAY})
    assert r.status_code == 503
    assert "longer than the limit of 1 s" in r.text
    assert "<textarea" in r.text  # the form is still there, with the query
