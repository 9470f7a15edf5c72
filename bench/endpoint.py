"""Load on the web server: the named queries at 1, 8 and 64 concurrent clients.

``python -m bench.endpoint --build build`` prints a markdown table. The server
runs in its own process (``kg serve``) on 127.0.0.1; the clients are httpx in
this process, ask only 127.0.0.1 (proxies ignored), and each level stops by
itself after ``seconds_per_level`` or ``MAX_REQUESTS`` requests, whichever
comes first.

Each named query of ``queries/`` (checks excluded) is called as in the first
``# Example:`` line of its header, through ``/query?name=...`` with SPARQL
JSON results; a call that fails before the load starts is left out and
reported.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from kg.query import load_named_queries

LEVELS = (1, 8, 64)
HOST = "127.0.0.1"  # never anything else: the load stays on this machine
MAX_REQUESTS = 50_000  # per level, a bound even for a very fast server
REQUEST_TIMEOUT = 30.0
STARTUP_LIMIT = 60.0
ACCEPT = {"Accept": "application/sparql-results+json"}


@dataclass(frozen=True)
class Call:
    name: str
    params: dict[str, str]

    def query_params(self) -> dict[str, str]:
        return {"name": self.name, **self.params}


def example_calls(queries_dir: Path | None = None) -> list[Call]:
    """Each named query with the parameters of its first example (``--param k="v"``)."""
    calls = []
    for query in load_named_queries(queries_dir).values():
        if query.is_check:
            continue
        words = shlex.split(query.examples[0]) if query.examples else []
        params = dict(w.split("=", 1) for prev, w in zip(words, words[1:]) if prev == "--param" and "=" in w)
        calls.append(Call(query.name, params))
    return calls


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(build_dir: Path, port: int) -> subprocess.Popen:
    """``kg serve`` in its own process, so that the clients here do not compete with it for the GIL."""
    return subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--build", str(build_dir), "--host", HOST, "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def wait_until_ready(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_LIMIT
    with httpx.Client(trust_env=False, timeout=2) as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"the server exited: {server.stderr.read().decode(errors='replace').strip()}")
            try:
                if client.get(url + "/sparql", headers={"Accept": "text/turtle"}).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer within {STARTUP_LIMIT:g} s")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGINT)  # uvicorn shuts down and stops its query workers
    try:
        server.wait(15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return math.nan
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


async def _level(url: str, calls: list[Call], clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    issued = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, trust_env=False, timeout=REQUEST_TIMEOUT, limits=limits) as http:
        started = time.perf_counter()
        deadline = started + seconds

        async def client() -> None:
            nonlocal issued, errors
            while time.perf_counter() < deadline and issued < MAX_REQUESTS:
                call = calls[issued % len(calls)]
                issued += 1
                t0 = time.perf_counter()
                try:
                    r = await http.get("/query", params=call.query_params(), headers=ACCEPT)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - t0)
                errors += not ok

        await asyncio.gather(*(client() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 2),
        "qps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else math.nan,
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
    }


def _usable(url: str, calls: list[Call]) -> tuple[list[Call], list[str]]:
    usable, skipped = [], []
    with httpx.Client(base_url=url, trust_env=False, timeout=REQUEST_TIMEOUT) as client:
        for call in calls:
            r = client.get("/query", params=call.query_params(), headers=ACCEPT)
            if r.status_code == 200:
                usable.append(call)
            else:
                skipped.append(f"{call.name}: {r.status_code} {r.text.strip()}")
    return usable, skipped


def run(build_dir: Path, seconds_per_level: float = 5.0, levels: tuple[int, ...] = LEVELS) -> list[dict]:
    """Start a server on ``build_dir``, load it level by level, stop it; one result dict per level."""
    port = _free_port()
    url = f"http://{HOST}:{port}"
    server = start_server(Path(build_dir), port)
    try:
        wait_until_ready(url, server)
        calls, skipped = _usable(url, example_calls())
        for reason in skipped:
            print(f"bench.endpoint: left out {reason}", file=sys.stderr)
        if not calls:
            raise RuntimeError("no named query could be run against this build")
        results = []
        for clients in levels:
            result = asyncio.run(_level(url, calls, clients, seconds_per_level))
            result["queries"] = ", ".join(c.name for c in calls)
            results.append(result)
        return results
    finally:
        stop_server(server)


def markdown(results: list[dict]) -> str:
    lines = ["| clients | requests | errors | queries/s | p50 ms | p99 ms |", "|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        cells = (r["clients"], r["requests"], r["errors"], r["qps"], r["p50_ms"], r["p99_ms"])
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.endpoint", description="Load the web server on loopback.")
    parser.add_argument("--build", type=Path, default=Path("build"), help="build directory holding kg.trig")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds of load per level")
    parser.add_argument("--levels", type=lambda s: tuple(int(x) for x in s.split(",")), default=LEVELS,
                        help="concurrent clients per level, comma-separated (default 1,8,64)")
    args = parser.parse_args(argv)
    results = run(args.build, args.seconds, args.levels)
    print(markdown(results))
    print(f"\nNamed queries: {results[0]['queries']}.")
    print(f"Server and clients share this machine; {args.seconds:g} s per level.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
