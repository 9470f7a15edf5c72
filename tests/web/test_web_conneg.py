"""Content negotiation (RFC 9110 section 12.5.1): q-values, specificity, server order on ties."""

import pytest

from kg.web.conneg import negotiate

RESULTS = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values")


@pytest.mark.parametrize("accept, expected", [
    (None, "application/sparql-results+json"),  # no header: the server's first choice
    ("", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("text/csv", "text/csv"),
    ("TEXT/CSV", "text/csv"),
    ("text/*", "text/csv"),  # ties among text/* go to the server's order
    ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
    ("application/sparql-results+xml;q=0.9, */*;q=0.1", "application/sparql-results+xml"),
    # the most specific range decides: csv is refused although text/* would accept it
    ("text/*;q=0.8, text/csv;q=0", "text/tab-separated-values"),
    ("*/*;q=0.2, application/sparql-results+json;q=0", "application/sparql-results+xml"),
    ("text/csv; charset=utf-8; q=0.7, text/tab-separated-values; q=0.6", "text/csv"),
    ("text/csv;q=abc, text/tab-separated-values;q=0.1", "text/tab-separated-values"),
    ("garbage, text/csv", "text/csv"),
])
def test_negotiate_picks_preferred_type(accept, expected):
    assert negotiate(accept, RESULTS) == expected


@pytest.mark.parametrize("accept", [
    "text/turtle", "image/*", "*/*;q=0", "text/csv;q=0, text/tab-separated-values;q=0, application/*;q=0",
])
def test_negotiate_refuses_when_nothing_fits(accept):
    assert negotiate(accept, RESULTS) is None
