"""Fixtures of the web tests: builds to serve and real uvicorn servers on 127.0.0.1.

Each server runs in a thread of the test process (so a test can look at the
query workers) on a free loopback port, for the whole session, and is stopped
at the end. Clients ignore proxy settings: every request stays on 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import httpx
import pytest
import uvicorn
from rdflib import Dataset

from kg.paths import ONTOLOGY
from kg.store import new_dataset
from kg.vocab import ASSERTED_GRAPH
from kg.web import create_app, create_app_for_dataset

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "web"
# A copy of ../shared/w3c (W3C test-suite data, dual licence: tests/data/w3c/LICENSE.md).
W3C = Path(__file__).resolve().parents[1] / "data" / "w3c" / "sparql11-protocol"
STARTUP_LIMIT = 60.0  # seconds for uvicorn plus the query workers to come up


@dataclass
class Live:
    url: str
    app: object

    @property
    def executor(self):
        return self.app.state.site.executor

    def client(self, **kwargs) -> httpx.Client:
        return httpx.Client(base_url=self.url, trust_env=False, timeout=30, **kwargs)


@contextmanager
def live_server(app) -> Iterator[Live]:
    # IPPROTO_TCP named explicitly: asyncio sets TCP_NODELAY on accepted connections only for sockets
    # that say so, and without it every answer on a kept-alive connection waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_LIMIT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield Live(f"http://127.0.0.1:{port}", app)
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


def write_fixture_build(out_dir: Path) -> Path:
    """tests/data/web/kg.trig plus the ontology in the asserted graph, as ``kg build`` lays it out."""
    ds = new_dataset()
    ds.parse(FIXTURES / "kg.trig", format="trig")
    ds.graph(ASSERTED_GRAPH).parse(ONTOLOGY, format="turtle")
    out_dir.mkdir(parents=True, exist_ok=True)
    ds.serialize(out_dir / "kg.trig", format="trig")
    return out_dir


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory) -> Path:
    return write_fixture_build(tmp_path_factory.mktemp("fixture-build"))


@pytest.fixture(scope="session")
def server(fixture_build) -> Iterator[Live]:
    """The hand-made fixture graph, with the fixture named queries."""
    with live_server(create_app(fixture_build, queries_dir=FIXTURES / "queries")) as live:
        yield live


@pytest.fixture(scope="session")
def limited_server(fixture_build) -> Iterator[Live]:
    """The fixture graph with tight limits: 1 s per query, 2 rows, a single worker."""
    app = create_app(fixture_build, query_timeout=1.0, max_rows=2, workers=1, queries_dir=FIXTURES / "queries")
    with live_server(app) as live:
        yield live


def w3c_dataset() -> Dataset:
    """The protocol suite's data files, each a named graph called by its label in the manifest."""
    ds = new_dataset()
    for n in (1, 2, 3):
        ds.graph(f"http://kasei.us/2009/09/sparql/data/data{n}.rdf").parse(W3C / f"data{n}.nt", format="nt")
    return ds


@pytest.fixture(scope="session")
def w3c_server() -> Iterator[Live]:
    with live_server(create_app_for_dataset(w3c_dataset())) as live:
        yield live


@pytest.fixture(scope="session")
def seed_server(seed_build) -> Iterator[Live]:
    """The real build of the seed article (``seed_build`` of tests/conftest.py) with the project's queries/."""
    with live_server(create_app(seed_build.out)) as live:
        yield live
