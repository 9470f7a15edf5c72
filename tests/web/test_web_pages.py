"""Linked-data pages, home and query pages over the fixture graph (server-rendered HTML and RDF)."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from kg.vocab import ID, OA, ONTOLOGY_IRI, SECKG

from .dom import parse, squash

SCRIPT_PACT = "<script>alert('pwned')</script> Pact"
IOS = "Indivisibility of Security"
OSCE = "Organization for Security and Co-operation in Europe"
OSCE_SENTENCE = ("One clear example is the Organization for Security and Co-operation in Europe (OSCE), which "
                 "promotes security through dialogue and cooperation across the continent, reflecting the idea "
                 "that the security of its members is linked.")


def page(live, path, **params):
    with live.client() as c:
        r = c.get(path, params=params, headers={"Accept": "text/html"})
    return r, parse(r.text)


def relations(doc, direction):
    """(predicate, other entity, inferred) of each relation listed in the 'From' or 'To' section."""
    section = doc.one("section", cls=direction)
    rows = []
    for item in section.all("li", cls="relation"):
        fact = item.one("span", cls="fact")
        links = fact.all("a")
        predicate = fact.one("span", cls="predicate").text
        other = links[1].text if direction == "outgoing" else links[0].text
        rows.append((predicate, other, "inferred" in item.classes))
    return rows


# --- home ------------------------------------------------------------------------------------


def test_home_lists_entities_by_class_and_a_timeline(server):
    r, doc = page(server, "/")
    assert r.status_code == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
    sections = {s.one("h2").text: [a.text for a in s.all("a")] for s in doc.all("section", cls="category")}
    assert sections == {
        "Concepts": [IOS],
        "Mechanisms": ["Collective Security"],
        "Institutions": [OSCE, "United Nations"],
        "Treaties": [SCRIPT_PACT, "Helsinki Accords"],
        "Historical events": ["Cold War"],
        "Regions": ["Benelux", "Europe", "Western Europe"],
    }
    timeline = [(li.one("time").text, [a.text for a in li.all("a")])
                for li in doc.one("section", cls="timeline").all("li")]
    assert timeline == [("1945", ["United Nations"]), ("1975", ["Helsinki Accords"]), ("1999", [SCRIPT_PACT])]


@pytest.mark.parametrize("path", ["/", "/id/script-pact", "/id/indivisibility-of-security", "/id/doc/xss-probe",
                                  "/query?name=exemplifies&concept=Indivisibility+of+Security"])
def test_markup_in_labels_and_sentences_is_text(server, path):
    r, doc = page(server, path)
    assert r.status_code == 200
    assert "<script" not in r.text and "<b>" not in r.text
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; Pact" in r.text
    assert doc.all("script") == []


def test_pages_load_nothing_from_elsewhere(server):
    r, doc = page(server, "/id/indivisibility-of-security")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert all(not e.attrs.get("src") for e in doc.all())
    assert [l.attrs["href"] for l in doc.all("link") if l.attrs.get("rel") == "stylesheet"] == ["/static/style.css"]
    with server.client() as c:
        css = c.get("/static/style.css")
    assert css.status_code == 200 and "url(" not in css.text and "@import" not in css.text


# --- entity pages ------------------------------------------------------------------------------


def test_entity_page_header(server):
    r, doc = page(server, "/id/indivisibility-of-security")
    assert doc.one("h1").text == IOS
    assert [a.text for a in doc.one("p", cls="meta").all("a")] == ["Concept", "Concept or mechanism"]
    assert doc.one("p", cls="aliases").text == "Also called: indivisibility"
    assert squash(doc.one("blockquote", cls="definition").text).startswith("The concept that the security of one")


def test_relations_both_ways_with_inferred_marked(server):
    _, doc = page(server, "/id/organization-for-security-and-co-operation-in-europe")
    assert relations(doc, "outgoing") == [("reflects", IOS, False), ("exemplifies", IOS, True)]
    assert relations(doc, "incoming") == [("exemplified by", IOS, True)]
    badges = [squash(b.text) for b in doc.all("span", cls="badge")]
    assert badges == ["inferred", "inferred"]


def test_relation_shows_its_sentence_with_the_cue_marked(server):
    _, doc = page(server, "/id/organization-for-security-and-co-operation-in-europe")
    asserted = doc.one("section", cls="outgoing").all("li", cls="relation")[0]
    [evidence] = asserted.all("ul", cls="evidence")[0].all("li")
    assert evidence.one("q", cls="sentence").text == OSCE_SENTENCE
    assert [m.text for m in evidence.all("mark")] == ["reflecting"]
    source = evidence.one("span", cls="source")
    assert [(a.text, a.attrs["href"]) for a in source.all("a")] == [
        (IOS, "/id/doc/indivisibility-of-security#sentence-16"),
        ("evidence", "/id/evidence/0a1b2c3d"),
    ]


def test_inferred_relation_shows_the_facts_it_follows_from(server):
    _, doc = page(server, "/id/indivisibility-of-security")
    inferred = {squash(li.one("span", cls="fact").text): li for li in doc.one("section", cls="outgoing").all("li")
                if "inferred" in li.classes}
    contrast = inferred[f"{IOS} contrasts with Collective Security"]
    [evidence] = contrast.one("ul", cls="evidence").all("li")
    assert [m.text for m in evidence.all("mark")] == ["on the other hand"]
    assert "inferred from “Collective Security contrasts with Indivisibility of Security”" in squash(evidence.text)


def test_article_page_shows_its_sentences_with_cues(server):
    r, doc = page(server, "/id/doc/indivisibility-of-security")
    assert doc.one("h1").text == IOS
    sentence = doc.one("li", id="sentence-16")
    assert sentence.one("span", cls="sentence").text == OSCE_SENTENCE
    assert [m.text for m in sentence.all("mark")] == ["reflecting"]
    assert [h.text for h in doc.one("section", cls="article-text").all("h3")] == [
        "Definition", "Indivisibility of Security vs Collective Security", "Real-World Examples", "Example"]


def test_neighbourhood_diagram_is_inline_svg(server):
    _, doc = page(server, "/id/indivisibility-of-security")
    svg = doc.one("svg", cls="diagram")
    nodes = {a.attrs["href"]: squash(a.one("title").text) for a in svg.all("a")}
    assert nodes == {
        "/id/indivisibility-of-security": IOS,
        "/id/collective-security": "Collective Security",
        "/id/organization-for-security-and-co-operation-in-europe": OSCE,
        "/id/united-nations": "United Nations",
        "/id/helsinki-accords": "Helsinki Accords",
        "/id/script-pact": SCRIPT_PACT,
        "/id/misconception/indivisibility-of-security-1":
            "A common misunderstanding is that indivisibility of security means all states must have i\u2026",
    }
    arrows = sorted(squash(g.one("text").text) for g in svg.all("g", cls="arrow"))
    assert arrows == ["contrasts with", "embodies", "embodies", "exemplifies", "misconception about", "reflects"]


def test_diagram_dashes_inferred_only_neighbours(server):
    _, doc = page(server, "/id/europe")
    svg = doc.one("svg", cls="diagram")
    assert [squash(a.one("title").text) for a in svg.all("a")] == ["Benelux", "Western Europe", "Europe"]
    # Western Europe is stated to be part of Europe; Benelux only by transitivity, so its arrow is dashed.
    drawn = [(squash(g.one("text").text), "inferred" in g.classes) for g in svg.all("g", cls="arrow")]
    assert drawn == [("has part", True), ("part of", False)]


# --- linked data: the same IRIs as RDF -------------------------------------------------------------


def rdf(live, path, accept):
    with live.client() as c:
        return c.get(path, headers={"Accept": accept})


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                         ("application/ld+json", "json-ld")])
def test_entity_description_as_rdf(server, accept, fmt):
    r = rdf(server, "/id/organization-for-security-and-co-operation-in-europe", accept)
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == accept
    assert "accept" in r.headers["vary"].lower()
    g = Graph().parse(data=r.content, format=fmt)
    osce, evidence = ID["organization-for-security-and-co-operation-in-europe"], ID["evidence/0a1b2c3d"]
    sentence = ID["doc/indivisibility-of-security/sentence/16"]
    assert (osce, SECKG.reflects, ID["indivisibility-of-security"]) in g  # asserted
    assert (osce, SECKG.exemplifies, ID["indivisibility-of-security"]) in g  # inferred
    assert (ID["indivisibility-of-security"], SECKG.exemplifiedBy, osce) in g  # pointing to it
    assert (evidence, SECKG.statedIn, sentence) in g
    assert (evidence, SECKG.cueStart, Literal(2107)) in g
    assert (ID["doc/indivisibility-of-security/sentence/16/quote"], OA.exact, Literal(OSCE_SENTENCE)) in g
    assert (ID["rule/relation/reflects/reflecting"], RDF.type, SECKG.ExtractionRule) in g
    # nothing about unrelated entities
    assert not set(g.triples((ID["helsinki-accords"], None, None)))


def test_rdf_formats_agree(server):
    path = "/id/indivisibility-of-security"
    turtle = Graph().parse(data=rdf(server, path, "text/turtle").text, format="turtle")
    ntriples = Graph().parse(data=rdf(server, path, "application/n-triples").text, format="nt")
    jsonld = Graph().parse(data=rdf(server, path + "?format=jsonld", "text/html").text, format="json-ld")
    assert len(turtle) > 50 and isomorphic(turtle, ntriples) and isomorphic(turtle, jsonld)


def test_browsers_get_html_and_unknown_types_406(server):
    browser = rdf(server, "/id/europe", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert browser.headers["content-type"].startswith("text/html")
    assert rdf(server, "/id/europe", "image/png").status_code == 406


@pytest.mark.parametrize("accept", ["text/html", "text/turtle"])
def test_unknown_iri_is_404(server, accept):
    r = rdf(server, "/id/no-such-thing", accept)
    assert r.status_code == 404
    assert "https://w3id.org/seckg/id/no-such-thing" in r.text


def test_ontology_page_has_an_anchor_per_term(server):
    r, doc = page(server, "/ontology")
    assert r.status_code == 200
    concept = doc.one("section", id="Concept")
    assert concept.one("h2").all("small")[0].text == "Class"
    exemplifies = doc.one("section", id="exemplifies")
    facts = {dt.text: [a.text for a in dd.all("a")] for dt, dd in zip(exemplifies.all("dt"), exemplifies.all("dd"))}
    assert facts == {"inverse of": ["exemplified by"], "range": ["Concept or mechanism"]}
    reflects = doc.one("section", id="reflects")
    assert {dt.text for dt in reflects.all("dt")} == {"subproperty of"}


def test_ontology_as_turtle(server):
    g = Graph().parse(data=rdf(server, "/ontology", "text/turtle").text, format="turtle")
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert (SECKG.contrastsWith, RDF.type, OWL.SymmetricProperty) in g
    assert (SECKG.reflects, URIRef("http://www.w3.org/2000/01/rdf-schema#subPropertyOf"), SECKG.exemplifies) in g
    assert not set(g.triples((ID["united-nations"], None, None)))


# --- the query page ------------------------------------------------------------------------------


def test_query_page_offers_named_queries_with_label_dropdowns(server):
    r, doc = page(server, "/query")
    forms = {f.attrs["id"]: f for f in doc.all("form", cls="named-query")}
    assert sorted(forms) == ["q-exemplifies", "q-timeline"]  # the -violation check is not offered
    select = forms["q-exemplifies"].one("select", name="concept")
    groups = [(g.attrs["label"], [o.text for o in g.all("option")]) for g in select.all("optgroup")]
    assert groups[0] == ("Concept", [IOS])  # the class the parameter is named after comes first
    assert ("Institution", [OSCE, "United Nations"]) in groups
    assert [o.attrs["value"] for o in select.all("option")][0] == str(ID["indivisibility-of-security"])


@pytest.mark.parametrize("concept", [str(ID["indivisibility-of-security"]), "Indivisibility of Security"])
def test_named_query_answers_as_a_table_with_links(server, concept):
    r, doc = page(server, "/query", name="exemplifies", concept=concept)
    assert r.status_code == 200
    table = doc.one("table", cls="results")
    assert [th.text for th in table.all("th")] == ["example", "label"]
    rows = [[(td.text, td.all("a")[0].attrs["href"] if td.all("a") else None) for td in tr.all("td")]
            for tr in table.one("tbody").all("tr")]
    assert [row[0] for row in rows] == [
        (SCRIPT_PACT, "/id/script-pact"),
        ("Helsinki Accords", "/id/helsinki-accords"),
        (OSCE, "/id/organization-for-security-and-co-operation-in-europe"),
        ("United Nations", "/id/united-nations"),
    ]
    assert [squash(row[1][0]) for row in rows] == [f"{SCRIPT_PACT} @en", "Helsinki Accords @en", f"{OSCE} @en",
                                                  "United Nations @en"]
    selected = doc.one("form", id="q-exemplifies").all("option", selected="")
    assert [o.text for o in selected] == [IOS]


@pytest.mark.parametrize("params, message", [
    ({"name": "exemplifies"}, "needs a value for 'concept'"),
    ({"name": "exemplifies", "concept": "Atlantis"}, "no entity is labelled 'Atlantis'"),
    ({"name": "no-such-query"}, "unknown query 'no-such-query'"),
    ({"sparql": "SELECT ?x WHERE {"}, "SPARQL syntax error"),
    ({"sparql": "CLEAR ALL"}, "read-only"),
])
def test_query_page_reports_errors_next_to_the_form(server, params, message):
    r, doc = page(server, "/query", **params)
    assert r.status_code in (400, 403)
    assert message in doc.one("p", cls="error").text
    if "sparql" in params:
        assert doc.one("textarea").text == params["sparql"]


def test_free_sparql_box(server):
    r, doc = page(server, "/query", sparql="SELECT ?y WHERE { id:helsinki-accords seckg:year ?y }")
    rows = [[td.text for td in tr.all("td")] for tr in doc.one("tbody").all("tr")]
    assert [[squash(c) for c in row] for row in rows] == [["1975 xsd:gYear"]]


def test_truncated_table_says_so(limited_server):
    r, doc = page(limited_server, "/query", sparql="SELECT ?e WHERE { ?e skos:prefLabel ?l } ORDER BY ?e")
    assert r.headers["results-truncated"] == "2"
    assert len(doc.one("tbody").all("tr")) == 2
    assert "Truncated: only the first 2 rows are shown" in doc.one("p", cls="truncated").text


def test_unknown_page_is_an_html_404(server):
    r, doc = page(server, "/nowhere")
    assert r.status_code == 404 and doc.one("h1").text == "404"


def test_named_query_as_sparql_results(server):
    with server.client() as c:
        r = c.get("/query", params={"name": "exemplifies", "concept": "Indivisibility of Security"},
                  headers={"Accept": "application/sparql-results+json"})
        csv_text = c.get("/query", params={"name": "timeline", "format": "csv"}).text
        missing = c.get("/query", params={"name": "exemplifies"}, headers={"Accept": "application/sparql-results+json"})
    assert r.headers["content-type"] == "application/sparql-results+json"
    assert [b["label"]["value"] for b in r.json()["results"]["bindings"]] == [
        SCRIPT_PACT, "Helsinki Accords", OSCE, "United Nations"]
    assert csv_text.splitlines()[1:] == [
        f"1945,{ID['united-nations']},United Nations", f"1975,{ID['helsinki-accords']},Helsinki Accords",
        f"1999,{ID['script-pact']},{SCRIPT_PACT}"]
    assert missing.status_code == 400 and missing.headers["content-type"].startswith("text/plain")


def test_article_page_lists_the_entities_it_mentions(server):
    _, doc = page(server, "/id/doc/indivisibility-of-security")
    mentions = [a.text for a in doc.one("section", cls="mentions").all("a")]
    assert mentions == ["Cold War", "Collective Security", "Europe", "Helsinki Accords", IOS, OSCE, "United Nations"]
    assert doc.all("section", cls="incoming") == []  # its sentences are listed under "Sentences" instead
