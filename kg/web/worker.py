"""Graph work in processes that can be stopped: the time limit ends the work, not just the wait.

rdflib evaluates SPARQL in pure Python and cannot be interrupted from another
thread, so a thread with a timeout would leave a runaway query burning a core
after its client got an error. Here each worker is a process that loads the
dataset once and then answers jobs over a pipe, one at a time. A job that
overruns its limit has its process killed (SIGKILL) and a fresh one spawned in
its place while the other workers keep serving; the common case pays one pipe
round trip.

A job is a module-level function and its arguments, called in the worker as
``fn(dataset, *args)``; what it returns (or the :class:`~kg.errors.KgError`
it raises) comes back pickled. Workers are sandboxed: a query never loads
graphs from the web or from files (rdflib's ``SPARQL_LOAD_GRAPHS`` is off), and
once the data is loaded an audit hook refuses sockets, subprocesses and any
file outside the Python installation, the ``kg`` package and ``queries/``.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import os
import pickle
import resource
import signal
import sys
import sysconfig
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from rdflib import Dataset

from ..errors import KgError, QueryError
from ..paths import QUERIES_DIR
from ..store import load_build, new_dataset

log = logging.getLogger(__name__)

# Loading a large build and importing rdflib in a fresh process takes seconds,
# not minutes; past this a worker is taken to be stuck.
STARTUP_LIMIT = 120.0


class QueryTimeout(QueryError):
    """The work ran past its time limit and was stopped."""


class ServerBusy(KgError):
    """No worker became free in time."""


class WorkerFailed(KgError):
    """A worker died or hit a bug; the message says which."""


# --- where a worker gets its data -----------------------------------------------


@dataclass(frozen=True)
class BuildSource:
    """The dataset of a build directory (``kg.trig``)."""

    build_dir: Path

    def load(self) -> Dataset:
        return load_build(self.build_dir)


@dataclass(frozen=True)
class QuadsSource:
    """Any dataset, handed to the workers as N-Quads."""

    nquads: bytes

    @classmethod
    def from_dataset(cls, ds: Dataset) -> "QuadsSource":
        return cls(ds.serialize(format="nquads", encoding="utf-8"))

    def load(self) -> Dataset:
        ds = new_dataset()
        ds.parse(data=self.nquads.decode("utf-8"), format="nquads")
        return ds


# --- the worker process -----------------------------------------------------------

_DENIED_EVENTS = frozenset({
    "socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo",
    "socket.gethostbyname", "socket.gethostbyname_ex", "urllib.Request",
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
    "os.fork", "os.forkpty", "os.startfile", "ctypes.dlopen",
})
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


def _readable_roots(extra: tuple[Path, ...]) -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    roots = {paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    roots |= {str(Path(__file__).resolve().parents[1]), *map(str, extra)}
    return tuple(os.path.realpath(r) + os.sep for r in roots)


def _install_sandbox(readable: tuple[Path, ...]) -> None:
    """Refuse, from now on in this process, network, subprocesses and files that are not code or queries."""
    roots = _readable_roots(readable)

    def hook(event: str, args: tuple) -> None:
        if event in _DENIED_EVENTS:
            raise PermissionError(f"the query worker may not do {event}")
        if event == "open":
            path, mode, flags = args
            if not isinstance(path, (str, bytes, os.PathLike)):
                return  # an already open file descriptor
            writing = any(c in mode for c in "wax+") if mode else bool(flags & _WRITE_FLAGS)
            real = os.path.realpath(os.fsdecode(path))
            if writing or not (real + os.sep).startswith(roots):
                raise PermissionError(f"the query worker may not open {real}")

    sys.addaudithook(hook)


def _serve(source, conn, memory_limit_mb: int | None, readable: tuple[Path, ...], warm_up: tuple) -> None:
    """Entry point of a worker: load the data, run the warm-up job, then answer jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if memory_limit_mb:
        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # FROM <x> uses local graphs only, never fetches
    from . import describe, pages, sparql  # noqa: F401  imported now, so that no job waits for them

    try:
        dataset = source.load()
    except KgError as exc:
        conn.send(("error", exc))
        return
    except Exception as exc:  # e.g. a parser error of rdflib, which may not pickle
        conn.send(("error", WorkerFailed(f"the query worker cannot load the data: {exc}")))
        return
    # The dataset lives as long as the worker: keep the collector from walking its objects at every
    # full collection (tens of milliseconds each, on any query that happens to trigger one).
    gc.freeze()
    _install_sandbox(readable)
    if warm_up:
        try:
            warm_up[0](dataset, *warm_up[1:])
        except KgError as exc:
            conn.send(("error", exc))
            return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv_bytes()
        except (EOFError, OSError):
            return  # the server went away
        try:
            fn, args = pickle.loads(job)
            reply = ("ok", fn(dataset, *args))
        except KgError as exc:
            reply = ("error", exc)
        except MemoryError:
            reply = ("error", QueryError("the query needed more memory than a worker may use"))
        except Exception:
            reply = ("bug", traceback.format_exc())
        try:
            conn.send(reply)
        except Exception:  # an unpicklable answer is a bug in the job
            conn.send(("bug", traceback.format_exc()))


# --- the pool, in the server process ------------------------------------------------


class _Worker:
    def __init__(self, process, conn):
        self.process = process
        self.conn = conn

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QueryExecutor:
    """A fixed-size pool of sandboxed worker processes that each hold the dataset.

    Each worker runs ``warm_up`` (a function and its arguments, called like a
    job) once the data is loaded and before it takes jobs.
    :meth:`run` waits for a free worker (at most ``queue_limit`` seconds, else
    :class:`ServerBusy`), gives it the job and waits at most ``timeout``
    seconds for the answer; past that the worker is killed and replaced, and
    :class:`QueryTimeout` is raised.
    """

    def __init__(self, source, *, workers: int = 2, timeout: float = 10.0,
                 queue_limit: float = 30.0, memory_limit_mb: int | None = 2048,
                 readable: tuple[Path, ...] = (QUERIES_DIR,), warm_up: tuple = ()):
        if workers < 1:
            raise ValueError("a query executor needs at least one worker")
        self.source = source
        self.size = workers
        self.timeout = timeout
        self.queue_limit = queue_limit
        self.memory_limit_mb = memory_limit_mb
        self.readable = tuple(readable)
        self.warm_up = warm_up
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._respawns: set[asyncio.Task] = set()
        self._closed = False

    async def start(self) -> None:
        """Start every worker and wait until each has loaded the data (raises the loading error)."""
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)), return_exceptions=True)
        failures = [w for w in workers if isinstance(w, BaseException)]
        for w in workers:
            if not isinstance(w, BaseException):
                self._idle.put_nowait(w)
        if failures:
            await self.close()
            raise failures[0]

    def pids(self) -> list[int]:
        return sorted(w.process.pid for w in self._all)

    async def run(self, fn: Callable[..., Any], *args: Any, timeout: float | None = None) -> Any:
        """``fn(dataset, *args)`` in a worker, within ``timeout`` seconds (default: the pool's)."""
        limit = self.timeout if timeout is None else timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.queue_limit)
        except asyncio.TimeoutError:
            raise ServerBusy(f"no query worker was free within {self.queue_limit:g} s; try again later") from None
        try:
            worker.conn.send((fn, args))
            status, value = await self._receive(worker, limit)
        except asyncio.TimeoutError:
            self._replace(worker)
            raise QueryTimeout(f"the query ran longer than the limit of {limit:g} s and was stopped") from None
        except (EOFError, OSError):
            self._replace(worker)
            raise WorkerFailed("the query worker died; it has been replaced") from None
        except BaseException:  # cancelled: the worker may still be busy, so do not reuse it
            self._replace(worker)
            raise
        self._idle.put_nowait(worker)
        if status == "ok":
            return value
        if status == "error":
            raise value
        log.error("query worker failed:\n%s", value)
        raise WorkerFailed("the query worker hit an internal error")

    async def close(self) -> None:
        self._closed = True
        for task in list(self._respawns):
            task.cancel()
        for worker in list(self._all):
            worker.kill()
        self._all.clear()

    async def _spawn(self) -> _Worker:
        parent_end, child_end = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(self.source, child_end, self.memory_limit_mb, self.readable, self.warm_up),
            name="kg-query-worker", daemon=True,
        )
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end)
        self._all.add(worker)
        try:
            status, value = await self._receive(worker, STARTUP_LIMIT)
        except (EOFError, OSError, asyncio.TimeoutError):
            status, value = "bug", f"the query worker did not start (exit code {process.exitcode})"
        except BaseException:
            self._all.discard(worker)
            worker.kill()
            raise
        if status != "ready":
            self._all.discard(worker)
            worker.kill()
            raise value if isinstance(value, BaseException) else WorkerFailed(str(value))
        return worker

    def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        worker.kill()
        if self._closed:
            return
        task = asyncio.get_running_loop().create_task(self._respawn())
        self._respawns.add(task)
        task.add_done_callback(self._respawns.discard)

    async def _respawn(self) -> None:
        try:
            self._idle.put_nowait(await self._spawn())
        except asyncio.CancelledError:
            raise
        except BaseException:
            log.exception("could not start a replacement query worker")

    @staticmethod
    async def _receive(worker: _Worker, timeout: float) -> tuple[str, Any]:
        """The worker's next message, waiting without a thread and at most ``timeout`` seconds."""
        loop = asyncio.get_running_loop()
        arrived = loop.create_future()
        fd = worker.conn.fileno()
        loop.add_reader(fd, lambda: arrived.done() or arrived.set_result(None))
        try:
            await asyncio.wait_for(arrived, timeout)
        finally:
            loop.remove_reader(fd)
        # The answer is complete or arriving: read it off the event loop, it may be large.
        return await asyncio.to_thread(worker.conn.recv)
