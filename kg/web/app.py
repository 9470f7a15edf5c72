"""The web server of a built graph: a read-only SPARQL endpoint and linked-data pages.

Routes:

- ``/sparql`` (and ``/sparql/``): SPARQL 1.1 Protocol, query side; GET with no
  query gives the service description.
- ``/id/{path}``: every instance IRI ``https://w3id.org/seckg/id/{path}``;
  ``/ontology``: the ontology and each term (``/ontology#Term``). HTML or RDF
  (Turtle, N-Triples, JSON-LD, RDF/XML) by ``Accept``, or by ``?format=``.
- ``/``: home page; ``/query``: named queries and a free SPARQL box (a named query
  answers as SPARQL results too, when asked for by ``Accept``).

All graph work runs in a :class:`~kg.web.worker.QueryExecutor` under the
query time limit; this process only speaks HTTP and renders templates.
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from pathlib import Path

import jinja2
import uvicorn
from rdflib import Dataset
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..errors import BuildNotFound, ForbiddenQuery, KgError, QueryError
from ..paths import QUERIES_DIR
from ..query import load_named_queries
from ..store import TRIG_NAME
from ..vocab import ID, ONTOLOGY_IRI
from . import describe, pages, sparql
from .conneg import negotiate
from .sparql import TRUNCATED_HEADER, NotAcceptable, ProtocolError, ProtocolRequest
from .worker import BuildSource, QueryExecutor, QuadsSource, QueryTimeout, ServerBusy, WorkerFailed

HERE = Path(__file__).parent
PAGE_TYPES = ("text/html", *describe.RDF_MEDIA_TYPES)
# Everything a page needs comes from this server: no script at all, styles from /static only.
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; style-src 'self'; img-src 'self' data:; "
                                 b"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
EXAMPLE_QUERY = """\
PREFIX seckg: <https://w3id.org/seckg/ontology#>
SELECT ?example ?concept
WHERE { ?example seckg:exemplifies ?concept }
ORDER BY ?concept ?example
"""


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every label and sentence is data, never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=env)


def _status_of(exc: Exception) -> int:
    if isinstance(exc, ProtocolError):
        return exc.status
    for kind, status in ((NotAcceptable, 406), (ForbiddenQuery, 403), (QueryTimeout, 503), (ServerBusy, 503),
                         (WorkerFailed, 500), (QueryError, 400)):
        if isinstance(exc, kind):
            return status
    return 500


class Site:
    """The routes, sharing one executor, the templates and the settings."""

    def __init__(self, source, *, query_timeout: float, max_rows: int, workers: int, queries_dir: Path):
        self.max_rows = max_rows
        self.query_timeout = query_timeout
        self.queries_dir = queries_dir
        self.executor = QueryExecutor(source, workers=workers, timeout=query_timeout, readable=(queries_dir,),
                                      warm_up=(sparql.prepare_named, queries_dir))
        self.templates = _templates()
        self.summary: sparql.DatasetSummary | None = None
        self.choices: list = []
        self.named = load_named_queries(queries_dir)

    @asynccontextmanager
    async def lifespan(self, app):
        await self.executor.start()
        try:
            # The graph never changes while serving: what every page needs is read once.
            self.summary = await self.executor.run(sparql.dataset_summary)
            self.choices = await self.executor.run(pages.parameter_choices)
            yield
        finally:
            await self.executor.close()

    def routes(self) -> list:
        return [
            Route("/", self.home),
            Route("/sparql", self.sparql, methods=["GET", "POST"]),
            Route("/sparql/", self.sparql, methods=["GET", "POST"]),
            Route("/query", self.query),
            Route("/ontology", self.ontology),
            Route("/id/{path:path}", self.entity),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ]

    # --- helpers ---------------------------------------------------------------------

    def render(self, request: Request, template: str, status_code: int = 200, headers: dict | None = None,
               **context) -> Response:
        return self.templates.TemplateResponse(request, template, context, status_code=status_code, headers=headers)

    async def error(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else _status_of(exc)
        message = exc.detail if isinstance(exc, HTTPException) else str(exc)
        headers = {"Retry-After": "5"} if isinstance(exc, ServerBusy) else None
        wants_html = not request.url.path.startswith("/sparql") and \
            negotiate(request.headers.get("accept"), ("text/html", "text/plain")) == "text/html"
        if wants_html:
            return self.render(request, "error.html", status, headers, status=status, message=message)
        return PlainTextResponse(message + "\n", status, headers=headers)

    # --- SPARQL ------------------------------------------------------------------------

    async def sparql(self, request: Request) -> Response:
        body = await request.body() if request.method == "POST" else b""
        query = sparql.read_request(request.method, request.headers.get("content-type"),
                                    request.query_params.multi_items(), body)
        if query is None:
            return self.service_description(request)
        payload = await self.executor.run(sparql.answer, query, request.headers.get("accept"),
                                          request.query_params.getlist("format"), self.max_rows)
        return self._data_response(payload)

    def service_description(self, request: Request) -> Response:
        chosen = negotiate(request.headers.get("accept"), (*describe.RDF_MEDIA_TYPES, "text/html"))
        if chosen is None:
            raise NotAcceptable(f"the service description is available as {', '.join(describe.RDF_MEDIA_TYPES)}")
        if chosen == "text/html":  # a person in a browser: show the page to ask questions on
            return RedirectResponse("/query", status_code=303)
        endpoint = str(request.url.replace(query="", fragment=""))
        graph = sparql.service_description(endpoint, self.summary, self.query_timeout, self.max_rows)
        body = graph.serialize(format=sparql.GRAPH_FORMATS[chosen], encoding="utf-8")
        return Response(body, media_type=chosen, headers={"Vary": "Accept"})

    # --- linked data -------------------------------------------------------------------

    async def entity(self, request: Request) -> Response:
        iri = str(ID) + request.path_params["path"]
        return await self._resource(request, iri, "entity.html", (pages.entity_page, iri), (describe.entity_rdf, iri))

    async def ontology(self, request: Request) -> Response:
        return await self._resource(request, str(ONTOLOGY_IRI), "ontology.html", (pages.ontology_page,),
                                    (describe.ontology_rdf,))

    async def _resource(self, request: Request, iri: str, template: str, page_job: tuple, rdf_job: tuple) -> Response:
        """``iri`` as a page or as RDF; each job is a function and its arguments (RDF: plus the media type)."""
        chosen = sparql.format_by_name(request.query_params.getlist("format"), PAGE_TYPES) or \
            negotiate(request.headers.get("accept"), PAGE_TYPES)
        if chosen is None:
            raise NotAcceptable(f"this resource is available as {', '.join(PAGE_TYPES)}")
        headers = {"Vary": "Accept"}
        if chosen == "text/html":
            page = await self.executor.run(*page_job)
            if page is None:
                raise HTTPException(404, f"the graph says nothing about {iri}")
            return self.render(request, template, headers=headers, page=page)
        body = await self.executor.run(*rdf_job, chosen)
        if body is None:
            raise HTTPException(404, f"the graph says nothing about {iri}")
        return Response(body, media_type=chosen, headers=headers)

    # --- home and query pages ------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        return self.render(request, "home.html", page=await self.executor.run(pages.home))

    async def query(self, request: Request) -> Response:
        """The query page. With ``name`` and a data type asked for (Accept or ``format``), the named
        query's answer as data, in the endpoint's formats."""
        params = request.query_params
        name, text = params.get("name"), params.get("sparql")
        query = self.named.get(name) if name else None
        values = {p: params[p] for p in (query.parameter_names if query else ()) if params.get(p)}
        if name and self._wants_data(request):
            payload = await self.executor.run(sparql.named_answer, name, values, request.headers.get("accept"),
                                              params.getlist("format"), self.max_rows, self.queries_dir)
            return self._data_response(payload)
        result, error, status, asked = None, None, 200, None
        try:
            if name:
                asked = query.question if query else name
                result = await self.executor.run(sparql.named_table, name, values, self.max_rows, self.queries_dir)
            elif text:
                asked = "Your SPARQL query"
                result = await self.executor.run(sparql.table, ProtocolRequest(text), self.max_rows)
        except KgError as exc:  # shown next to the form, which keeps what was typed
            error, status = str(exc), _status_of(exc)
        forms = [(q, [(p, pages.choices_for(p.name, self.choices)) for p in q.parameters])
                 for q in self.named.values() if not q.is_check]
        headers = {TRUNCATED_HEADER: str(self.max_rows)} if result is not None and result.truncated else None
        return self.render(request, "query.html", status, headers, forms=forms, selected=name, values=params,
                           sparql_text=text or EXAMPLE_QUERY, asked=asked, result=result, error=error)

    @staticmethod
    def _wants_data(request: Request) -> bool:
        data_types = (*sparql.RESULT_FORMATS, *sparql.GRAPH_FORMATS)
        if sparql.format_by_name(request.query_params.getlist("format"), data_types):
            return True
        return negotiate(request.headers.get("accept"), ("text/html", *data_types)) not in ("text/html", None)

    def _data_response(self, payload: sparql.Payload) -> Response:
        headers = {"Vary": "Accept"}
        if payload.truncated:
            headers[TRUNCATED_HEADER] = str(self.max_rows)
        return Response(payload.body, media_type=payload.media_type, headers=headers)


def _build(source, *, query_timeout: float, max_rows: int, workers: int, queries_dir: Path | None) -> Starlette:
    site = Site(source, query_timeout=query_timeout, max_rows=max_rows, workers=workers,
                queries_dir=Path(queries_dir or QUERIES_DIR))
    app = Starlette(routes=site.routes(), lifespan=site.lifespan,
                    exception_handlers={KgError: site.error, HTTPException: site.error})
    app.add_middleware(SecurityHeaders)
    app.state.site = site
    return app


def _default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))  # each worker holds a copy of the graph


def create_app(build_dir: Path, *, query_timeout: float = 10.0, max_rows: int = 10000,
               workers: int | None = None, queries_dir: Path | None = None) -> Starlette:
    """The server of the build in ``build_dir`` (its ``kg.trig``); raises BuildNotFound if there is none."""
    path = Path(build_dir) / TRIG_NAME
    if not path.is_file():
        raise BuildNotFound(f"{path}: no built graph here; run 'kg build' first")
    return _build(BuildSource(Path(build_dir)), query_timeout=query_timeout, max_rows=max_rows,
                  workers=workers or _default_workers(), queries_dir=queries_dir)


def create_app_for_dataset(ds: Dataset, *, query_timeout: float = 10.0, max_rows: int = 10000,
                           workers: int | None = None, queries_dir: Path | None = None) -> Starlette:
    """The server of any dataset (copied to the workers as N-Quads), e.g. a test suite's data."""
    return _build(QuadsSource.from_dataset(ds), query_timeout=query_timeout, max_rows=max_rows,
                  workers=workers or _default_workers(), queries_dir=queries_dir)


def serve(build_dir: Path, host: str = "127.0.0.1", port: int = 8080, query_timeout: float = 10.0,
          max_rows: int = 10000) -> None:
    """Serve ``build_dir`` until interrupted (blocking)."""
    app = create_app(build_dir, query_timeout=query_timeout, max_rows=max_rows)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
