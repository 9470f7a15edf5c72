"""The ``kg`` command. Wiring only: each command parses its options, calls one
stage and prints. Errors from the library (:mod:`kg.errors`) become one line
on stderr and an exit status; ``--verbose`` shows the traceback instead.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from . import __version__
from .errors import KgError, QueryError

BUILD_OPTION = click.option("--build", "build_dir", type=click.Path(path_type=Path), default=Path("build"),
                            show_default=True, help="Folder of the built graph (kg.trig).")
FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                             show_default=True, help="Output format (json and csv are the SPARQL 1.1 result formats).")


class KgGroup(click.Group):
    """Turns KgError into one line and an exit status; nothing else prints tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            if ctx.params.get("verbose"):
                raise
            click.echo(f"kg: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (KeyboardInterrupt, BrokenPipeError):
            ctx.exit(130)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except Exception as exc:  # a bug, not bad input: still one line unless --verbose
            if ctx.params.get("verbose"):
                raise
            click.echo(f"kg: internal error: {type(exc).__name__}: {exc} (run with --verbose for the traceback)", err=True)
            ctx.exit(70)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks on errors.")
@click.version_option(__version__, prog_name="kg")
def main(verbose: bool) -> None:
    """seckg: glossary articles on international security -> a validated, queryable knowledge graph.

    \b
    Example:
      kg build data/documents --out build
      kg query exemplifies --param concept="<label or IRI>"
    """


@main.command()
@click.argument("documents", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Folder for kg.ttl, kg.nt, kg.jsonld and kg.trig.")
@click.option("--reasoner", type=click.Choice(["reasonable", "owlrl"]), default="reasonable", show_default=True,
              help="OWL 2 RL engine for the inferred graph (owlrl is the slower reference).")
@click.option("--no-consistency", is_flag=True, help="Skip the HermiT consistency check.")
@click.option("--progress/--no-progress", default=None, help="Progress bars (default: on a terminal).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes that extract; 2 or more also lets the export write beside SHACL "
                   "(default: one per core). The output does not depend on it.")
def build(documents, out_dir, reasoner, no_consistency, progress, jobs):
    """Build the graph from articles (files or folders; default data/documents).

    \b
    Example:
      kg build                                   # data/documents -> build/
      kg build data/documents extra/*.txt --out build
    """
    from .pipeline import build as run_build

    if progress is None:
        progress = sys.stderr.isatty()
    result = run_build(list(documents), out_dir, reasoner=reasoner, consistency=not no_consistency, progress=progress,
                       jobs=jobs)
    for warning in result.warnings:
        click.echo(f"kg: warning: {warning}", err=True)
    c = result.corpus
    click.echo(f"built {len(c.documents)} article(s): {len(c.entities)} entities, {len(c.relations)} relations, "
               f"{len(c.misconceptions)} misconceptions")
    click.echo(f"triples: {len(result.triples)} asserted, {len(result.inferred)} inferred "
               f"({reasoner}); consistent (HermiT): {'skipped' if no_consistency else 'yes'}; "
               f"SHACL: {'conforms' if result.report and result.report.conforms else 'see report'}")
    for path in result.files:
        click.echo(f"wrote {path}")


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in params:
        if "=" not in item:
            raise QueryError(f"--param {item!r}: write it as name=value")
        key, value = item.split("=", 1)
        out[key.strip()] = value
    return out


def _example_params(example: str) -> dict[str, str]:
    words = shlex.split(example)
    out = {}
    for i, w in enumerate(words):
        if w == "--param" and i + 1 < len(words):
            k, _, v = words[i + 1].partition("=")
            out[k] = v
    return out


@main.command()
@click.argument("name", required=False)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter (label or IRI).")
@click.option("--list", "list_only", is_flag=True, help="List the named queries and their parameters.")
@click.option("--all", "run_all", is_flag=True, help="Run every named query with its example parameters.")
@FORMAT_OPTION
@BUILD_OPTION
def query(name, params, list_only, run_all, fmt, build_dir):
    """Run a named query from queries/ (parameters bound, never pasted into the text).

    \b
    Example:
      kg query exemplifies --param concept="<label or IRI>"
      kg query --list
    """
    from .query import describe_parameters, load_named_queries, run_named
    from .render import render
    from .store import load_build

    queries = load_named_queries()
    if list_only or (not name and not run_all):
        for q in queries.values():
            click.echo(f"{q.name}: {q.question}")
            click.echo(f"    parameters: {describe_parameters(q)}")
            for ex in q.examples:
                click.echo(f"    example: {ex}")
        return
    ds = load_build(build_dir)
    if run_all:
        failed = []
        for q in queries.values():
            example = _example_params(q.examples[0]) if q.examples else {}
            result = run_named(ds, q.name, example)
            shown = " ".join(f'--param {k}="{v}"' for k, v in example.items())
            click.echo(f"## {q.name} {shown}".rstrip())
            click.echo(f"# {q.question}")
            click.echo(render(result, fmt))
            click.echo()
            if q.is_check and result.rows:
                failed.append(q.name)
        if failed:
            raise QueryError(f"check(s) returned rows: {', '.join(failed)}")
        return
    result = run_named(ds, name, _parse_params(params))
    click.echo(render(result, fmt))


@main.command()
@click.argument("text", required=False)
@click.option("-f", "--file", "file", type=click.Path(path_type=Path, dir_okay=False), help="Read the query from a file.")
@FORMAT_OPTION
@BUILD_OPTION
def sparql(text, file, fmt, build_dir):
    """Run a SPARQL query over the built graph (read-only, nothing fetched).

    \b
    Example:
      kg sparql 'SELECT ?c WHERE { ?c a <https://w3id.org/seckg/ontology#Concept> } ORDER BY ?c'
      kg sparql -f my-query.rq --format csv
    """
    from .query import run_sparql
    from .render import render
    from .store import load_build

    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"{file}: cannot read the query ({exc.strerror})") from None
    if text == "-":
        text = sys.stdin.read()
    if not text:
        raise QueryError("give a query as an argument, with -f FILE, or '-' for standard input")
    click.echo(render(run_sparql(load_build(build_dir), text), fmt))


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--shapes", type=click.Path(path_type=Path, exists=True, dir_okay=False), help="Other SHACL shapes.")
def validate(file, shapes):
    """Validate a graph with SHACL and the *-violation checks; exit 1 on any violation.

    FILE defaults to build/kg.trig (its asserted graph is validated).

    \b
    Example:
      kg validate
      kg validate build/kg.ttl
    """
    from .errors import ValidationFailed
    from .query import load_named_queries, run_sparql
    from .store import asserted, load_build, load_graph_file, new_dataset
    from .validate import load_shapes, validate as run_validate

    file = file or Path("build") / "kg.trig"
    if file.suffix == ".trig" and file.name == "kg.trig":
        dataset = load_build(file.parent)
        graph = asserted(dataset)
    else:
        graph = load_graph_file(file)
        dataset = new_dataset()  # the checks read the asserted named graph
        asserted(dataset).__iadd__(graph)
    query_target = dataset
    report = run_validate(graph, load_shapes(shapes) if shapes else None)
    checks = [q for q in load_named_queries().values() if q.is_check]
    failures = []
    for q in checks:
        result = run_sparql(query_target, q.text)
        for row in result.rows:
            failures.append(f"Violation: check {q.name}: " + ", ".join(f"{v}={t}" for v, t in zip(result.variables, row)))
    for r in report.results:
        click.echo(str(r))
    for f in failures:
        click.echo(f)
    n = len(report.violations) + len(failures)
    click.echo(f"{file}: {len(graph)} triples; SHACL {'conforms' if report.conforms else 'does not conform'}; "
               f"{len(checks)} checks; {n} violation(s), {len(report.results) - len(report.violations)} warning(s)")
    if n:
        raise ValidationFailed(f"{file}: {n} violation(s)")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "nt", "json-ld", "trig"]), default="turtle",
              show_default=True)
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False), help="File to write (default: stdout).")
@BUILD_OPTION
def export(fmt, out, build_dir):
    """Write the built graph in another RDF format (asserted triples; trig adds the inferred graph).

    \b
    Example:
      kg export --format json-ld --out kg.jsonld
      kg export --format nt | wc -l
    """
    from .export import serialise, write_atomically
    from .store import asserted, inferred, load_build

    ds = load_build(build_dir)
    data = serialise(asserted(ds), fmt, inferred(ds))
    if out is None:
        sys.stdout.buffer.write(data)
    else:
        write_atomically({out: data})
        click.echo(f"wrote {out}", err=True)


@main.command(name="eval")
@click.option("--gold", "gold_dir", type=click.Path(path_type=Path, file_okay=False, exists=True), required=True,
              help="Folder of gold files (*.json).")
@click.argument("documents", nargs=-1, type=click.Path(path_type=Path))
@click.option("--build", "build_dir", type=click.Path(path_type=Path), default=None,
              help="Score this existing build instead of building DOCUMENTS in memory.")
@click.option("--fail-under", type=float, default=None, help="Exit 1 if overall relation F1 is below this.")
def eval_(gold_dir, documents, build_dir, fail_under):
    """Score extraction against gold files: relation P/R/F1, types, years, misconceptions, split entities.

    Without --build, DOCUMENTS (default data/documents) are built in memory.

    \b
    Example:
      kg eval --gold tests/data/gold data/documents
      kg eval --gold tests/data/gold --build build --fail-under 0.95
    """
    from .errors import KgError as _KgError
    from .evaluate import evaluate, format_report, load_gold
    from .pipeline import build as run_build
    from .store import asserted, load_build

    gold = load_gold(gold_dir)
    if build_dir is not None:
        graph = asserted(load_build(build_dir))
    else:
        graph = run_build(list(documents), None, consistency=False, shacl=False).graph
    report = evaluate(graph, gold)
    click.echo(format_report(report))
    overall = report.overall
    if fail_under is not None and overall.f1 < fail_under:
        raise _KgError(f"relation F1 {overall.f1:.3f} is below {fail_under}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=8080, show_default=True, type=int)
@BUILD_OPTION
@click.option("--timeout", "query_timeout", default=10.0, show_default=True, type=float,
              help="Seconds a SPARQL query may run before it is stopped.")
@click.option("--max-rows", default=10000, show_default=True, type=int, help="Rows returned at most (a cut result says so).")
def serve(host, port, build_dir, query_timeout, max_rows):
    """Serve the built graph: SPARQL 1.1 endpoint at /sparql, entity pages under /id/, a query page.

    \b
    Example:
      kg serve                      # http://127.0.0.1:8080/
      kg serve --port 9000 --build build --timeout 5
    """
    from .errors import BuildNotFound
    from .store import TRIG_NAME
    from .web.app import serve as run_server

    if not (build_dir / TRIG_NAME).is_file():
        raise BuildNotFound(f"{build_dir / TRIG_NAME}: no built graph here; run 'kg build' first")
    click.echo(f"serving {build_dir} at http://{host}:{port}/ (SPARQL endpoint: http://{host}:{port}/sparql)", err=True)
    run_server(build_dir, host=host, port=port, query_timeout=query_timeout, max_rows=max_rows)


if __name__ == "__main__":  # pragma: no cover
    main()
