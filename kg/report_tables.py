"""The ranked and tabular sections of a report, computed from its pairs.

Every number here is a sum over `Pair`s (kg.report_model), so a ranking or a matrix cell can
always be traced to the pairs, and through them to the quotes, that make it up.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence

from kg import analytics
from kg.report_model import ActorCount, Matrix, Pair, Ranking, Series, Timeline
from kg.stores.base import Assertion


def _by_type(pairs: Sequence[Pair]) -> dict[str, list[Pair]]:
    grouped: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        grouped[pair.type].append(pair)
    return dict(sorted(grouped.items(), key=lambda kv: (-sum(p.tally.reports for p in kv[1]), kv[0])))


def _counts(pairs: Sequence[Pair], side: str, rank: Mapping[str, float], top: int) -> list[ActorCount]:
    rows: dict[str, ActorCount] = {}
    for pair in pairs:
        actor = pair.source if side == "source" else pair.target
        name = pair.source_name if side == "source" else pair.target_name
        row = rows.setdefault(actor, ActorCount(actor, name, 0, 0, 0, rank.get(actor)))
        row.reports += pair.tally.reports
        row.events += pair.tally.events
        row.counterparts += 1
        row.pairs.append(pair.key)
    return sorted(rows.values(), key=lambda r: (-r.reports, -r.events, r.id))[:top]


def rankings(pairs: Sequence[Pair], top: int) -> list[Ranking]:
    """Per type: the actors that do it most and those it is done to most (with PageRank)."""
    result = []
    for rel_type, typed in _by_type(pairs).items():
        rank = analytics.pagerank({(p.source, p.target): p.tally.reports for p in typed})
        result.append(Ranking(rel_type, _counts(typed, "source", rank, top), _counts(typed, "target", rank, top)))
    return result


def matrices(pairs: Sequence[Pair], size: int) -> list[Matrix]:
    """Per type: the most active sources x the most frequent targets, and reciprocity."""
    result = []
    for rel_type, typed in _by_type(pairs).items():
        out_totals: Counter[str] = Counter()
        in_totals: Counter[str] = Counter()
        names: dict[str, str] = {}
        cells: dict[tuple[str, str], Pair] = {}
        for p in typed:
            out_totals[p.source] += p.tally.reports
            in_totals[p.target] += p.tally.reports
            names[p.source], names[p.target] = p.source_name, p.target_name
            cells[(p.source, p.target)] = p
        rows = [a for a, _ in sorted(out_totals.items(), key=lambda kv: (-kv[1], kv[0]))[:size]]
        cols = [a for a, _ in sorted(in_totals.items(), key=lambda kv: (-kv[1], kv[0]))[:size]]
        ratio, mutual = analytics.reciprocity({k: p.tally.reports for k, p in cells.items()})
        result.append(Matrix(
            type=rel_type, rows=rows, cols=cols,
            row_names=[names[r] for r in rows], col_names=[names[c] for c in cols],
            reports=[[cells[(r, c)].tally.reports if (r, c) in cells else 0 for c in cols] for r in rows],
            events=[[cells[(r, c)].tally.events if (r, c) in cells else 0 for c in cols] for r in rows],
            reciprocity=ratio, mutual=mutual,
            hidden_rows=len(out_totals) - len(rows), hidden_cols=len(in_totals) - len(cols),
        ))
    return result


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timelines(
    grouped: Mapping[tuple[str, str, str], list[Assertion]],
    name: Callable[[str], str],
    subjects: Sequence[str],
    count: int,
) -> list[Timeline]:
    """Monthly reports for the busiest dyads (unordered pairs), subjects first in each dyad."""
    dyads: dict[tuple[str, str], list[tuple[str, str, str, Assertion]]] = defaultdict(list)
    for (rel_type, source, target), rows in grouped.items():
        a, b = sorted((source, target), key=lambda x: (x not in subjects, subjects.index(x) if x in subjects else 0, x))
        for assertion in rows:
            if analytics.parse_day(assertion.date):
                dyads[(a, b)].append((rel_type, source, target, assertion))
    ranked = sorted(dyads.items(), key=lambda kv: (-len(kv[1]), kv[0]))[: max(count, 1 if subjects else 0)]
    result = []
    for (a, b), dated in ranked:
        months = _months(min(r[3].date or "" for r in dated)[:7], max(r[3].date or "" for r in dated)[:7])
        series: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
        for rel_type, source, target, row in dated:
            series[(rel_type, source, target)][(row.date or "")[:7]] += 1
        result.append(Timeline(
            a=a, b=b, a_name=name(a), b_name=name(b), months=months,
            series=[
                Series(f"{name(s)} {t} {name(g)}", t, s, g, [counter[m] for m in months])
                for (t, s, g), counter in sorted(series.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
            ],
        ))
    return result
