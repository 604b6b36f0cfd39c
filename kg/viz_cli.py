"""`geokg viz`: write the interactive viewer page for the stored graph (or a part of it).

The store chooses the subgraph (center, depth, types, dates, node limit keeping the strongest
ties) and says how many nodes it left out; `kg.viz` turns it into the page and never queries
a store. The one thing the page needs beyond `subgraph()` is the title, link and date of each
article behind the evidence: `kg.queries.viewer_graph` adds those Article nodes, and the
API's `GET /viz` calls it too, so both show the same page.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from kg.queries import viewer_graph
from kg.stores.base import StoreError


def viz(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="HTML file to write ('-' for stdout).")
    ] = Path("graph.html"),
    center: Annotated[
        str | None, typer.Option("--center", help="Entity id at the centre (e.g. state:chn); whole graph if absent.")
    ] = None,
    depth: Annotated[int, typer.Option("--depth", min=0, max=6, help="Hops around --center.")] = 2,
    types: Annotated[
        list[str] | None,
        typer.Option("--types", help="Relationship types to draw, repeated or comma-separated (ACCUSES,SANCTIONS)."),
    ] = None,
    since: Annotated[
        datetime | None, typer.Option("--since", formats=["%Y-%m-%d"], help="Only assertions dated on or after.")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option("--until", formats=["%Y-%m-%d"], help="Only assertions dated on or before.")
    ] = None,
    max_nodes: Annotated[
        int, typer.Option("--max-nodes", min=1, help="Node limit; the strongest ties are kept, the rest counted.")
    ] = 500,
    title: Annotated[str | None, typer.Option("--title", help="Page title.")] = None,
) -> None:
    """Write a self-contained interactive page of the graph (opens from file://, no network).

    Example: geokg viz -o china.html --center state:chn --depth 2 --types ACCUSES,SANCTIONS --since 2021-01-01
    """
    from kg import queries
    from kg.cli import EXIT_STORE, fail, opened_store, out
    from kg.viz import render_page

    since_day, until_day = (since.date() if since else None), (until.date() if until else None)
    try:
        rel_types = queries.check_relation_types(types, "--types")
        queries.check_period(since_day, until_day)
        if center:
            queries.check_entity_id(center, "--center")
    except ValueError as error:
        raise fail(str(error)) from None
    if str(output) != "-" and not output.parent.is_dir():
        raise fail(f"{output}: folder {output.parent} does not exist")

    with opened_store(read_only=True) as store:
        try:
            if center and store.entity(center) is None:
                raise fail(f"--center: no entity {center!r} in the store")
            graph = viewer_graph(store, center, depth, rel_types, since_day, until_day, max_nodes)
        except StoreError as error:
            raise fail(f"store: {error}", EXIT_STORE) from None
    omitted = int(graph.graph.get("omitted_nodes", 0) or 0)
    page = render_page(graph, title=title or (f"geokg: around {center}" if center else "geokg"), omitted=omitted)
    if str(output) == "-":
        sys.stdout.write(page)
        return
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as error:
        raise fail(f"{output}: cannot write ({error.strerror})") from None
    entities = sum(1 for _, label in graph.nodes(data="label") if label != "Article")
    note = f"; {omitted} more left out (raise --max-nodes or narrow the selection)" if omitted else ""
    out.print(
        f"wrote {output} ({len(page) // 1024} kB): {entities} entities, {graph.number_of_edges()} assertions{note}",
        markup=False,
        highlight=False,
    )
