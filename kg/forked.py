"""One function run in a forked process beside the caller: the build exports while it validates.

The child starts from a copy of the caller's memory (the built graph, at no
cost until either side writes to a page), so nothing large is pickled on the
way in; what the function returns, or the exception it raises, comes back
pickled through a pipe, so keep it small (the export sends file names).
"""

from __future__ import annotations

import multiprocessing
import os


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class HelperDied(RuntimeError):
    """The forked process ended without an answer (killed, or out of memory)."""


class Forked:
    """``function()`` running in a forked process from the moment this is made.

    :meth:`result` waits for it and returns its value or raises its exception;
    :meth:`stop` ends it early (a no-op once it has finished).
    """

    def __init__(self, function):
        context = multiprocessing.get_context("fork")
        self._answers, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_answer, args=(function, sender), daemon=True)
        self._process.start()
        sender.close()  # the child holds the sending end: end of file here once it is gone

    def result(self):
        try:
            ok, value = self._answers.recv()
        except EOFError:
            self._process.join()
            raise HelperDied(f"the helper process (pid {self._process.pid}) ended with exit code "
                             f"{self._process.exitcode} and no answer") from None
        finally:
            self._answers.close()
        self._process.join()
        if ok:
            return value
        raise value

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._answers.close()


def _answer(function, sender) -> None:
    try:
        answer = (True, function())
    except BaseException as exc:  # noqa: BLE001 (every failure goes back to the caller, which raises it)
        answer = (False, exc)
    try:
        sender.send(answer)
    except Exception as exc:  # the value or the exception does not pickle: say so, in a form that does
        sender.send((False, HelperDied(f"the helper process's answer could not be sent back: "
                                       f"{type(exc).__name__}: {exc}; it was {answer[1]!r}")))
    finally:
        sender.close()
