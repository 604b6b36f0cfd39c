"""`geokg report`: relation reports on the command line (registered in kg.cli)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from kg.report_render import FORMATS, render
from kg.reports import ReportError, ReportOptions, build_report
from kg.stores.base import StoreError

DAY = ["%Y-%m-%d"]


def report(
    actor: Annotated[str | None, typer.Option("--actor", help="Report on one actor, e.g. state:chn.")] = None,
    dyad: Annotated[
        tuple[str, str] | None, typer.Option("--dyad", help="Report on two actors, e.g. --dyad state:usa state:chn.")
    ] = None,
    rel_type: Annotated[
        list[str] | None,
        typer.Option("--type", help="Only these relationship types (repeatable or comma-separated), e.g. ACCUSES."),
    ] = None,
    since: Annotated[datetime | None, typer.Option(formats=DAY, help="Only assertions on or after this day.")] = None,
    until: Annotated[datetime | None, typer.Option(formats=DAY, help="Only assertions on or before this day.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="markdown, html (self-contained, with figures) or json.")] = (
        "markdown"
    ),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    evidence: Annotated[
        int | None, typer.Option(min=0, help="Quotes listed per count (0 = all; default from kg/reports.yaml).")
    ] = None,
    window: Annotated[
        int | None, typer.Option(min=0, help="Days within which repeated reports count as one event (default 7).")
    ] = None,
) -> None:
    """Summarise relations: top actors, who->whom matrices, timelines, blocs, incidents,
    officials, with the quotes behind every count.

    Example: geokg report --actor state:chn --type ACCUSES --since 2021-01-01 --format html -o china.html
    """
    from kg.cli import EXIT_STORE, fail, opened_store

    if fmt not in FORMATS:
        raise fail(f"--format: unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if actor and dyad:
        raise fail("--actor and --dyad: choose one (an actor report or a dyad report)")
    options = ReportOptions(
        kind="actor" if actor else "dyad" if dyad else "overview",
        actor=actor,
        dyad=dyad,
        types=[t.strip() for value in rel_type or [] for t in value.split(",") if t.strip()],
        since=since.date() if since else None,
        until=until.date() if until else None,
    )
    if evidence is not None:
        options.evidence = evidence
    if window is not None:
        options.window_days = window
    with opened_store(read_only=True) as store:
        try:
            text = render(build_report(store, options), fmt)
        except ReportError as error:
            raise fail(str(error)) from None
        except StoreError as error:
            raise fail(f"store: {error}", EXIT_STORE) from None
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise fail(f"{output}: cannot write the report ({error.strerror or error})") from None
    typer.echo(f"wrote {output}", err=True)
