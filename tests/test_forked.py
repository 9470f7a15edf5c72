"""kg.forked: a function run in a forked process gives back its value or its exception, or says it died."""

from __future__ import annotations

import os
import time

import pytest

from kg.errors import DataError
from kg.forked import Forked, HelperDied

BIG = list(range(100_000))  # made before the fork: the child reads the parent's memory, nothing is sent


def test_the_value_comes_back_and_the_child_sees_the_parents_memory():
    child_pid, total = Forked(lambda: (os.getpid(), sum(BIG))).result()
    assert child_pid != os.getpid() and total == sum(BIG)


def test_the_childs_exception_is_raised_with_its_type_and_message():
    def fails():
        raise DataError("ontology/context.jsonld: not a JSON-LD context document")

    with pytest.raises(DataError, match="context.jsonld: not a JSON-LD"):
        Forked(fails).result()


def test_a_child_that_dies_without_an_answer_is_reported():
    with pytest.raises(HelperDied, match="exit code 3"):
        Forked(lambda: os._exit(3)).result()


def test_an_answer_that_does_not_pickle_is_reported():
    with pytest.raises(HelperDied, match="could not be sent back"):
        Forked(lambda: (lambda: None)).result()


def test_stop_ends_a_running_child():
    helper = Forked(lambda: time.sleep(60))
    started = time.monotonic()
    helper.stop()
    assert time.monotonic() - started < 10
    assert not helper._process.is_alive()
