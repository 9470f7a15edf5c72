"""Jobs for a query worker that try to reach outside it; the sandbox must refuse each.

Each returns the name of the exception it met, or "allowed" if nothing stopped it.
"""

from __future__ import annotations


def _attempt(action) -> str:
    try:
        action()
    except Exception as exc:  # the test wants to know which refusal it was
        return type(exc).__name__
    return "allowed"


def fetch_url(dataset, url: str) -> str:
    import urllib.request

    return _attempt(lambda: urllib.request.urlopen(url, timeout=2).read())


def connect(dataset, host: str, port: int) -> str:
    import socket

    return _attempt(lambda: socket.create_connection((host, port), timeout=2).close())


def read_file(dataset, path: str) -> str:
    return _attempt(lambda: open(path, "rb").read())


def write_file(dataset, path: str) -> str:
    return _attempt(lambda: open(path, "w").write("x"))


def run_program(dataset, program: str) -> str:
    import subprocess

    return _attempt(lambda: subprocess.run([program], check=False))


def parse_remote_graph(dataset, url: str) -> str:
    from rdflib import Graph

    return _attempt(lambda: Graph().parse(url, format="turtle"))


def triple_count(dataset) -> int:
    return len(dataset)
