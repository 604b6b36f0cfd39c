"""A `Report` as Markdown, self-contained HTML (figures embedded as PNG data URIs) or JSON.

Why the care with escaping: every name and quote comes from article text, which is untrusted.
HTML goes through a Jinja2 template with autoescape on; Markdown escapes HTML and Markdown
punctuation so a quote can neither open a tag nor a link; matplotlib gets `$` escaped so a
name cannot switch on its math parser. The HTML page makes no request of its own: figures are
data URIs, styles are inline, there is no script.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kg.report_model import Bloc, Pair, Quote, Report, Tally, Timeline
from kg.reports import config

FORMATS = ("markdown", "html", "json")
MEDIA_TYPES = {"markdown": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
               "json": "application/json"}
#: inside a line (quotes never start one) only these can start emphasis, code, links or cells
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def render(report: Report, fmt: str) -> str:
    """The report in one of FORMATS (ValueError naming the format otherwise)."""
    renderers: dict[str, Callable[[Report], str]] = {"markdown": to_markdown, "html": to_html, "json": to_json}
    if fmt not in renderers:
        raise ValueError(f"format: unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")
    return renderers[fmt](report)


def to_json(report: Report) -> str:
    return report.to_json() + "\n"


# ---------------------------------------------------------------------------- shared wording


def anchor(key: str) -> str:
    """An HTML id for a pair key (`ACCUSES|state:usa|state:chn` -> `ACCUSES-state-usa-state-chn`)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", key)


def span(tally: Tally) -> str:
    if not tally.first:
        return "undated"
    return tally.first if tally.first == tally.last else f"{tally.first} to {tally.last}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def summary(tally: Tally) -> str:
    """`6 reports, 2 events, 3 articles, 2021-07-19 to 2021-09-01`."""
    return ", ".join([plural(tally.reports, "report"), plural(tally.events, "event"),
                      plural(tally.articles, "article"), span(tally)])


def via(quote: Quote, pair_source: str, pair_target: str) -> str:
    """The raw ends of a quote when roll-up changed them (`Antony Blinken → China`), else ''."""
    if (quote.source, quote.target) == (pair_source, pair_target):
        return ""
    return f"{quote.source_name} → {quote.target_name}"


def listed_pairs(report: Report) -> list[Pair]:
    """The relations whose evidence Markdown and HTML list: the busiest `pairs_listed` of them
    (reports.yaml; 0 = all). A large graph has tens of thousands; JSON always has them all."""
    limit = int(config()["pairs_listed"])
    return report.pairs[:limit] if limit else report.pairs


def actor_names(report: Report) -> dict[str, str]:
    names = {p.source: p.source_name for p in report.pairs}
    names.update({p.target: p.target_name for p in report.pairs})
    return names


def tie_names(bloc: Bloc) -> list[str]:
    """`Australia–Japan (5)` for a bloc's strongest ties."""
    names = dict(zip(bloc.members, bloc.names, strict=True))
    return [f"{names.get(a, a)}–{names.get(b, b)} ({w:g})" for a, b, w in bloc.ties]


def filters_line(report: Report) -> str:
    f = report.filters
    parts = [f"types: {', '.join(f['types']) or 'all'}", f"since: {f['since'] or 'start'}",
             f"until: {f['until'] or 'end'}", f"event window: {report.window_days} days"]
    return "; ".join(parts)


# ---------------------------------------------------------------------------- figures


def _mpl_text(text: str) -> str:
    return text.replace("$", r"\$")


def timeline_png(timeline: Timeline) -> str:
    """A stacked monthly bar chart of one dyad as a `data:image/png;base64,...` URI."""
    cfg = config()["figure"]
    legend_rows = (len(timeline.series) + 1) // 2
    height = cfg["height_in"] + 0.18 * legend_rows
    fig = Figure(figsize=(cfg["width_in"], height), dpi=cfg["dpi"], layout="constrained")
    ax = fig.add_subplot()
    positions = list(range(len(timeline.months)))
    bottom = [0] * len(positions)
    for index, series in enumerate(timeline.series):
        ax.bar(positions, series.counts, bottom=bottom, label=_mpl_text(series.label), color=f"C{index % 10}")
        bottom = [b + c for b, c in zip(bottom, series.counts, strict=True)]
    step = max(1, len(positions) // 12)
    ax.set_xticks(positions[::step], [m for m in timeline.months[::step]], rotation=45, ha="right", fontsize=7)
    ax.set_ylabel("reports per month", fontsize=8)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(_mpl_text(f"{timeline.a_name} and {timeline.b_name}"), fontsize=9)
    fig.legend(fontsize=7, loc="outside lower center", ncols=2, frameon=False)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


# ---------------------------------------------------------------------------- HTML


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(anchor=anchor, span=span, summary=summary)
    env.globals.update(via=via, plural=plural, tie_names=tie_names)
    return env.from_string(resources.files("kg").joinpath("report_template.html").read_text("utf-8"))


def to_html(report: Report) -> str:
    figures = [timeline_png(t) for t in report.timelines]
    listed = listed_pairs(report)
    return _template().render(
        report=report, figures=figures, filters=filters_line(report), all_pairs={p.key: p for p in report.pairs},
        listed=listed, listed_keys={p.key for p in listed}, hidden=len(report.pairs) - len(listed),
        names=actor_names(report),
    )


# ---------------------------------------------------------------------------- Markdown


def md(text: Any) -> str:
    """Untrusted text as inert Markdown: HTML escaped, Markdown punctuation backslashed,
    line breaks flattened (a quote must not end a table row or start a heading)."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def _md_quotes(pair_source: str, pair_target: str, tally: Tally) -> Iterator[str]:
    for q in tally.quotes:
        where = md(q.title or q.article or "unknown article")
        who = via(q, pair_source, pair_target)
        said = f"“{md(q.text)}” — " if q.text else "stated in "
        yield f"  - {said}{where} ({md(q.date or 'undated')}){' · ' + md(who) if who else ''}"
    if tally.quotes_total > len(tally.quotes):
        yield f"  - … and {tally.quotes_total - len(tally.quotes)} more (raise --evidence, or use --format json)"


def _md_table(header: list[str], rows: list[list[str]]) -> Iterator[str]:
    yield "| " + " | ".join(header) + " |"
    yield "|" + "|".join("---" for _ in header) + "|"
    for row in rows:
        yield "| " + " | ".join(row) + " |"


def _md_pair(pair: Pair) -> Iterator[str]:
    yield f"- **{md(pair.source_name)} {pair.type} {md(pair.target_name)}**: {summary(pair.tally)}"
    yield from _md_quotes(pair.source, pair.target, pair.tally)


def to_markdown(report: Report) -> str:
    return "\n".join(_markdown_lines(report)) + "\n"


def _markdown_lines(r: Report) -> Iterator[str]:
    t = r.totals
    yield f"# {md(r.title)}"
    yield ""
    yield f"{t.reports} reports of {t.events} distinct events in {t.articles} articles, between {t.actors} actors."
    yield f"Filters: {md(filters_line(r))}. Officials and agencies are counted for their state or organisation;"
    yield f"reports of the same relation within {r.window_days} days count as one event."
    for note in r.notes:
        yield f"\n> {md(note)}"
    if r.rankings:
        yield "\n## Top actors"
        for ranking in r.rankings:
            for side, rows in (("by outgoing", ranking.outgoing), ("by incoming", ranking.incoming)):
                yield f"\n### {ranking.type} {side}\n"
                yield from _md_table(
                    ["actor", "reports", "events", "counterparts", "PageRank"],
                    [[md(a.name), str(a.reports), str(a.events), str(a.counterparts),
                      f"{a.pagerank:.3f}" if a.pagerank is not None else ""] for a in rows],
                )
    if r.matrices:
        yield "\n## Who → whom (reports, events in brackets)"
        for m in r.matrices:
            recip = f"{m.reciprocity:.0%}" if m.reciprocity is not None else "n/a"
            yield f"\n### {m.type}: reciprocity {recip}\n"
            yield from _md_table(
                ["source \\ target", *(md(c) for c in m.col_names)],
                [[md(name), *(f"{n} ({e})" if n else "" for n, e in zip(m.reports[i], m.events[i], strict=True))]
                 for i, name in enumerate(m.row_names)],
            )
            if m.hidden_rows or m.hidden_cols:
                yield f"\n{m.hidden_rows} more sources and {m.hidden_cols} more targets are not shown."
            if m.mutual:
                names = actor_names(r)
                yield "\nMutual: " + "; ".join(f"{md(names.get(a, a))} ↔ {md(names.get(b, b))}" for a, b in m.mutual)
    if r.timelines:
        yield "\n## Dyad timelines (reports per month)"
        for tl in r.timelines:
            yield f"\n### {md(tl.a_name)} and {md(tl.b_name)}\n"
            yield from _md_table(["month", *(md(s.label) for s in tl.series)],
                                 [[m, *(str(s.counts[i]) for s in tl.series)]
                                  for i, m in enumerate(tl.months) if any(s.counts[i] for s in tl.series)])
    if r.pairs:
        listed = listed_pairs(r)
        yield "\n## Evidence per relation"
        yield ""
        for pair in listed:
            yield from _md_pair(pair)
        if len(listed) < len(r.pairs):
            yield f"- … and {len(r.pairs) - len(listed)} more relations (the JSON format lists them all)"
    yield from _md_sections(r)


def _md_sections(r: Report) -> Iterator[str]:
    if r.blocs:
        yield "\n## Blocs (community detection on cooperation, membership and joint action)"
        yield ""
        for i, bloc in enumerate(r.blocs, 1):
            yield f"{i}. {', '.join(md(n) for n in bloc.names)}; strongest ties: {md(', '.join(tie_names(bloc)))}"
    if r.incidents:
        yield "\n## Incidents"
        for inc in r.incidents:
            extra = ", ".join(md(x) for x in (inc.kind, inc.date) if x)
            yield f"\n### {md(inc.name)}{f' ({extra})' if extra else ''}\n"
            for side, parties in (("Blamed", inc.blamed), ("Targeted", inc.targeted)):
                for p in parties:
                    rolled = f" [{md(p.rollup_name)}]" if p.rollup != p.id else ""
                    yield f"- {side}: **{md(p.name)}**{rolled}: {summary(p.tally)}"
                    yield from _md_quotes(p.id if side == "Blamed" else inc.id,
                                          inc.id if side == "Blamed" else p.id, p.tally)
    if r.officials:
        yield "\n## Officials"
        for so in r.officials:
            yield f"\n### {md(so.name)}\n"
            for o in so.officials:
                roles = ", ".join(md(x) for x in o.roles) or "role not stated"
                through = f" ({', '.join(md(v) for v in o.via)})" if o.via else ""
                acts = plural(o.acts, "interaction report")
                yield f"- **{md(o.name)}**: {roles}{through}; {acts}; {summary(o.tally)}"
                yield from _md_quotes(o.id, so.id, o.tally)
