"""The `geokg` command line.

Exit codes (also in the README): 0 success; 1 some inputs were skipped (the rest was stored);
2 bad usage or bad input (missing path, bad Cypher, nothing processed); 3 the database is
unavailable or locked by another process. Errors are one line on stderr naming the input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from kg.settings import Settings
from kg.stores.base import GraphStore, QueryError, QueryRefused, QueryTimeout, StoreError, StoreLockedError

EXIT_PARTIAL, EXIT_USAGE, EXIT_STORE = 1, 2, 3

app = typer.Typer(
    name="geokg",
    help="Turn news articles into a knowledge graph of geopolitical relations.\n\n"
    "Example: geokg demo   |   geokg ingest articles/ && geokg stats",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
out = Console(soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class State:
    """Options given before the command (`geokg --db DIR ingest ...`)."""

    settings: Settings = Settings()


state = State()


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one clear line on stderr and return the exit to raise."""
    # Database messages can span lines (an echo of the query, a caret): keep it to one line.
    parts = [line.strip() for line in message.splitlines() if line.strip() and set(line.strip()) != {"^"}]
    err.print(f"geokg: {' '.join(parts)}", markup=False)
    return typer.Exit(code)


@app.callback()
def main_options(
    db: Annotated[
        Path | None, typer.Option("--db", help="Embedded store directory (default ./geokg-data or $GEOKG_DB).")
    ] = None,
    neo4j_uri: Annotated[
        str | None, typer.Option("--neo4j-uri", help="Use Neo4j at this bolt:// URI instead ($GEOKG_NEO4J_URI).")
    ] = None,
) -> None:
    overrides: dict[str, Any] = {}
    if db is not None:
        overrides["db"] = db
    if neo4j_uri is not None:
        overrides["neo4j_uri"] = neo4j_uri
    state.settings = Settings(**overrides)


@contextmanager
def opened_store(read_only: bool = False) -> Iterator[GraphStore]:
    """Open the configured store, turning lock and connection errors into one clear line."""
    from kg.stores.factory import open_store

    try:
        store = open_store(state.settings, read_only=read_only)
    except StoreLockedError as error:
        raise fail(str(error), EXIT_STORE) from None
    except StoreError as error:
        raise fail(f"cannot open the graph store: {error}", EXIT_STORE) from None
    try:
        yield store
    finally:
        store.close()


def check_paths(paths: list[str]) -> None:
    for path in paths:
        if path == "-" or path.startswith(("http://", "https://")):
            continue
        if not Path(path).exists():
            raise fail(f"{path}: no such file or directory")


def make_extractor() -> Any:
    from kg.loaders.extraction import Extractor

    return Extractor(model=state.settings.spacy_model)


def load_options(
    include: list[str] | None, exclude: list[str] | None, follow_links: bool, allow_private: bool, strict: bool
) -> Any:
    from kg.loaders import LoadOptions

    return LoadOptions(
        include=include or [],
        exclude=exclude or [],
        follow_links=follow_links,
        allow_private=allow_private or state.settings.allow_private_urls,
        strict=strict,
    )


IncludeOpt = Annotated[
    list[str] | None, typer.Option("--include", help="Glob of files to take from folders (repeatable).")
]
ExcludeOpt = Annotated[list[str] | None, typer.Option("--exclude", help="Glob of files to leave out (repeatable).")]
FollowOpt = Annotated[bool, typer.Option("--follow-links", help="For feeds, fetch each item's page.")]
PrivateOpt = Annotated[bool, typer.Option("--allow-private", help="Allow URLs on private or loopback addresses.")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Stop at the first input that fails.")]
WorkersOpt = Annotated[int, typer.Option("--workers", min=1, help="Extraction processes (each loads the model).")]


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, URLs, or - for stdin.")],
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    follow_links: FollowOpt = False,
    allow_private: PrivateOpt = False,
    strict: StrictOpt = False,
    batch_size: Annotated[int | None, typer.Option(help="Articles per store transaction.")] = None,
    workers: WorkersOpt = 1,
) -> None:
    """Read articles, extract entities and relations, and store them (idempotent).

    Example: geokg ingest news/ feed.xml --exclude '*.tmp'
    """
    from kg.loaders import LoadError
    from kg.pipeline import ingest as run_ingest

    check_paths(paths)
    options = load_options(include, exclude, follow_links, allow_private, strict)
    extractor = make_extractor()
    with opened_store() as store, err.status("ingesting…") as status:
        count = 0

        def progress(extraction: Any) -> None:
            nonlocal count
            count += 1
            status.update(f"ingesting… {count} articles ({extraction.article.path or extraction.article.id})")

        try:
            summary = run_ingest(
                paths,
                store,
                extractor,
                options,
                batch_size or state.settings.batch_size,
                on_article=progress,
                workers=workers,
            )
        except LoadError as error:
            raise fail(str(error)) from None
        except StoreError as error:
            raise fail(f"store: {error}", EXIT_STORE) from None
    for problem in summary.skipped:
        err.print(f"skipped {problem}", markup=False)
    out.print(
        f"read {summary.articles_read} articles, stored {summary.articles_stored}, "
        f"skipped {len(summary.skipped)}; {summary.entities} entities and {summary.relations} relations "
        f"extracted in {summary.seconds:.1f}s"
    )
    if summary.skipped:
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, URLs, or - for stdin.")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl (one object per article) or json (a list).")] = "jsonl",
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    allow_private: PrivateOpt = False,
    strict: StrictOpt = False,
    workers: WorkersOpt = 1,
    with_text: Annotated[bool, typer.Option("--with-text", help="Include the cleaned article text.")] = False,
) -> None:
    """Print what extraction finds, without storing it (the evaluation contract).

    Example: geokg extract article.txt --format jsonl > system.jsonl
    """
    from kg.loaders import LoadError
    from kg.pipeline import Problem, extract_articles, load_articles

    if fmt not in ("jsonl", "json"):
        raise fail(f"--format: unknown format {fmt!r} (choose jsonl or json)")
    check_paths(paths)
    options = load_options(include, exclude, False, allow_private, strict)
    extractor = make_extractor()
    problems: list[Problem] = []
    exclude_fields: dict[str, Any] = {} if with_text else {"article": {"text"}}
    rows = []
    try:
        for extraction in extract_articles(load_articles(paths, options, problems), extractor, problems, workers):
            row = extraction.model_dump(mode="json", exclude=exclude_fields)
            if fmt == "jsonl":
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                rows.append(row)
    except LoadError as error:
        raise fail(str(error)) from None
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    for problem in problems:
        err.print(f"skipped {problem}", markup=False)
    if problems:
        raise typer.Exit(EXIT_PARTIAL)


def parse_params(params: list[str] | None) -> dict[str, Any]:
    """`k=v` pairs; values that parse as JSON (numbers, lists, true) are taken as such."""
    parsed: dict[str, Any] = {}
    for item in params or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise fail(f"--param {item!r}: expected key=value")
        try:
            parsed[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            parsed[key.strip()] = value
    return parsed


@app.command()
def query(
    cypher: Annotated[str, typer.Argument(help="A read-only Cypher query.")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Query parameter key=value (repeatable).")
    ] = None,
    timeout: Annotated[float | None, typer.Option(help="Seconds before the query is stopped.")] = None,
    max_rows: Annotated[int | None, typer.Option(help="Row cap.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
) -> None:
    """Run a read-only Cypher query (writes, LOAD CSV and admin procedures are refused).

    Example: geokg query "MATCH (a:State)-[r:ACCUSES]->(b:State) RETURN a.name, b.name, count(r)"
    """
    from kg.queries import query_limits

    params = parse_params(param)
    try:  # the same limits as POST /query: over a maximum is refused, not silently lowered
        timeout_s, row_cap = query_limits(state.settings, timeout, max_rows, ("--timeout", "--max-rows"), "to raise it")
    except ValueError as error:
        raise fail(str(error)) from None
    with opened_store(read_only=True) as store:
        try:
            result = store.cypher(cypher, params, timeout_s=timeout_s, max_rows=row_cap)
        except QueryRefused as error:
            raise fail(f"query refused: {error}") from None
        except QueryTimeout as error:
            raise fail(f"query timed out: {error}") from None
        except QueryError as error:
            raise fail(f"bad query: {error}") from None
    if fmt == "json":
        rows = [dict(zip(result.columns, row, strict=False)) for row in result.rows]
        out.print_json(json.dumps({"rows": rows, "truncated": result.truncated}, default=str, ensure_ascii=False))
    elif fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        writer.writerows(result.rows)
    else:
        table = Table(*result.columns)
        for row in result.rows:
            table.add_row(*(str(v) for v in row))
        out.print(table)
    if result.truncated:
        err.print(f"note: output truncated at {len(result.rows)} rows (raise --max-rows)")


@app.command()
def stats(fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table") -> None:
    """Count nodes per label and relations per type.

    Example: geokg --db ./geokg-data stats --format json
    """
    with opened_store(read_only=True) as store:
        figures = store.stats()
    if fmt == "json":
        out.print_json(
            json.dumps({"nodes": figures.nodes, "relations": figures.relations, "articles": figures.articles})
        )
        return
    table = Table("kind", "name", "count")
    for label, count in sorted(figures.nodes.items()):
        table.add_row("node", label, str(count))
    for rel, count in sorted(figures.relations.items()):
        table.add_row("relation", rel, str(count))
    out.print(table)
    out.print(f"{figures.articles} articles, {figures.total_nodes} nodes, {figures.total_relations} relations")


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="graphml, json or csv.")] = "graphml",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (a folder for csv); stdout if omitted.")
    ] = None,
) -> None:
    """Export the whole graph, one edge per assertion with its evidence.

    Example: geokg export --format graphml -o graph.graphml
    """
    from kg.export import FORMATS, write_export

    if fmt not in FORMATS:
        raise fail(f"--format: unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    with opened_store(read_only=True) as store:
        graph = store.subgraph(max_nodes=10**9)
    written = write_export(graph, fmt, output)
    if isinstance(written, str):
        sys.stdout.write(written)
    else:
        out.print("wrote " + ", ".join(str(p) for p in written))


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Where the demo graph, page and report go.")] = Path(
        "geokg-demo"
    ),
    serve: Annotated[
        bool, typer.Option("--serve", help="Then serve the API on the demo graph and open the viewer in a browser.")
    ] = False,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port for --serve (on 127.0.0.1).")] = 8000,
) -> None:
    """Ingest the bundled sample articles into a fresh embedded graph; write the viewer page and
    an overview report (HTML and Markdown) and print where they are.

    Example: geokg demo --out /tmp/geokg-demo --serve
    """
    from kg.demo import demo_settings, open_when_ready, run_demo

    try:
        lines = run_demo(out_dir, state.settings)
    except StoreLockedError as error:
        raise fail(str(error), EXIT_STORE) from None
    for line in lines:
        out.print(line, markup=False, highlight=False)
    if serve:
        from kg.serve import serve as serve_api

        state.settings = demo_settings(out_dir, state.settings)
        open_when_ready(f"http://127.0.0.1:{port}")
        out.print(
            f"serving the demo graph; the viewer opens at http://127.0.0.1:{port}/viz (Ctrl-C stops)",
            markup=False,
            highlight=False,
        )
        serve_api(host="127.0.0.1", port=port, log_level="warning")


# Commands implemented in their own modules (each module owns its command's options and help).
# Register one per line: app.command("name")(function).
from kg.report_cli import report  # noqa: E402

app.command("report")(report)
from kg.viz_cli import viz  # noqa: E402

app.command("viz")(viz)
from kg.serve import serve  # noqa: E402

app.command("serve")(serve)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    # Run through the imported module, not this __main__ copy: commands defined in other modules
    # read the options from `kg.cli.state`, which this copy's callback would never set.
    from kg.cli import main as imported_main

    imported_main()
