"""Relation reports: who does what to whom, since when, how often, with the quotes behind it.

`build_report(store, ReportOptions(...))` reads assertions through the `GraphStore` protocol
only (so it runs on both stores), rolls officials and agencies up to their state or
organisation (ontology rule 4), and returns a `Report` (kg.report_model) that
kg.report_render turns into Markdown, HTML or JSON. The CLI (`geokg report`) and the API
(`GET /reports/...`) both call this, so they cannot disagree.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from kg import analytics
from kg.report_model import (
    Bloc,
    IncidentReport,
    OfficialRow,
    Pair,
    Party,
    Quote,
    Report,
    ReportKind,
    StateOfficials,
    Tally,
    Totals,
)
from kg.report_tables import matrices, rankings, timelines
from kg.schema import label_of, vocabulary
from kg.schema.ddl import node_properties
from kg.stores.base import Assertion, GraphStore, RelationFilter

#: `relations()` pages through a store in chunks of this size (keeps each query bounded)
PAGE = 50_000
#: ids per node lookup query, and its timeout (well under the settings' default maxima)
NODE_CHUNK = 5_000
NODE_TIMEOUT_S = 30.0
INCIDENT_TYPES = ("BLAMED_FOR", "TARGETED")


class ReportError(ValueError):
    """A report was asked for something it cannot do (bad id, bad type, bad period)."""


class UnknownActor(ReportError):
    """A well-formed actor id that is not in the graph (HTTP 404 rather than 422)."""


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    """The tuning in reports.yaml (window, table sizes, bloc weights)."""
    loaded: dict[str, Any] = yaml.safe_load(resources.files("kg").joinpath("reports.yaml").read_text("utf-8"))
    return loaded


def report_types() -> list[str]:
    """Types a report can count: the interactions and the incident links."""
    return [n for n, s in vocabulary().relations.items() if s.category in ("interaction", "incident")]


@dataclass
class ReportOptions:
    """What to report on. Defaults for sizes come from reports.yaml."""

    kind: ReportKind = "overview"
    actor: str | None = None
    dyad: tuple[str, str] | None = None
    types: Sequence[str] = ()
    since: date | None = None
    until: date | None = None
    window_days: int = field(default_factory=lambda: int(config()["event_window_days"]))
    top: int = field(default_factory=lambda: int(config()["top_actors"]))
    matrix_size: int = field(default_factory=lambda: int(config()["matrix_size"]))
    timelines: int = field(default_factory=lambda: int(config()["timelines"]))
    evidence: int = field(default_factory=lambda: int(config()["evidence_per_count"]))

    def check(self) -> None:
        known = report_types()
        unknown = [t for t in self.types if t not in known]
        if unknown:
            raise ReportError(f"type: unknown or non-reportable type {unknown[0]!r} (choose from {', '.join(known)})")
        if self.since and self.until and self.since > self.until:
            raise ReportError(f"since: {self.since.isoformat()} is after until ({self.until.isoformat()})")
        if self.kind == "actor" and not self.actor:
            raise ReportError("actor: an actor report needs an actor id such as state:chn")
        if self.kind == "dyad" and (not self.dyad or self.dyad[0] == self.dyad[1]):
            raise ReportError("dyad: a dyad report needs two different actor ids such as state:usa state:chn")
        for subject in (self.actor, *(self.dyad or ())):
            label = label_of(subject or "")
            if subject and (label is None or label in ("Article", "Incident")
                            or not vocabulary().labels[label].id_pattern.match(subject)):
                raise ReportError(f"actor: {subject!r} is not an actor id (expected e.g. state:chn, org:nato)")
        for name, value in (("window_days", self.window_days), ("top", self.top), ("evidence", self.evidence)):
            if value < 0:
                raise ReportError(f"{name}: {value} must not be negative")


@dataclass
class ReportInput:
    """Everything a report reads from a store, fetched once."""

    assertions: list[Assertion]  # interactions and incident links in the period
    structural: list[Assertion]  # OFFICIAL_OF, PART_OF, MEMBER_OF (any date)
    entities: dict[str, dict[str, Any]]
    articles: dict[str, dict[str, Any]]


def _all_relations(store: GraphStore, flt: RelationFilter) -> list[Assertion]:
    found: list[Assertion] = []
    while True:
        page = store.relations(RelationFilter(**{**flt.__dict__, "limit": PAGE, "offset": len(found)}))
        found.extend(page)
        if len(page) < PAGE:
            return found


def _nodes(store: GraphStore, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Properties of many nodes in a few read-only queries (one per label and chunk).

    Why `cypher()` and not `entity()`: `entity()` is one round trip (two queries) per id, which
    for a large graph's thousands of actors and articles costs more than the report itself.
    The query text is built from the vocabulary only; ids travel as parameters."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for ident in sorted(set(ids)):
        label = label_of(ident)
        if label in vocabulary().labels:
            by_label[label].append(ident)
    found: dict[str, dict[str, Any]] = {}
    for label, chunk_ids in by_label.items():
        props = [p for p in node_properties(label) if p not in ("search_text", "aliases")]
        columns = ", ".join(["n.id AS id", *(f"n.{p} AS {p}" for p in props)])
        for start in range(0, len(chunk_ids), NODE_CHUNK):
            chunk = chunk_ids[start : start + NODE_CHUNK]
            result = store.cypher(f"UNWIND $ids AS i MATCH (n:`{label}` {{id: i}}) RETURN {columns}",
                                  {"ids": chunk}, timeout_s=NODE_TIMEOUT_S, max_rows=len(chunk))
            for row in result.rows:
                found[str(row[0])] = {"type": label, **dict(zip(result.columns, row, strict=True))}
    return found


def load_input(store: GraphStore, options: ReportOptions) -> ReportInput:
    """Fetch the assertions of the period and the names of every entity and article they use."""
    types = list(options.types) or report_types()
    assertions = _all_relations(store, RelationFilter(types=types, since=options.since, until=options.until))
    structural = _all_relations(store, RelationFilter(types=list(config()["structural_types"])))
    both = assertions + structural
    ids = {a.source for a in both} | {a.target for a in both} | {i for i in (options.actor, *(options.dyad or ())) if i}
    entities = _nodes(store, ids)
    articles = _nodes(store, {a.article for a in both if a.article})
    return ReportInput(assertions, structural, entities, articles)


def build_report(store: GraphStore, options: ReportOptions) -> Report:
    """Load from the store and build the report (the one entry point for CLI and API)."""
    options.check()
    return Builder(load_input(store, options), options).build()


class Builder:
    """Turns a `ReportInput` into a `Report`; one instance per report."""

    def __init__(self, data: ReportInput, options: ReportOptions) -> None:
        self.data, self.options = data, options
        known = set(data.entities)
        parents = {i: str(e["parent"]) for i, e in data.entities.items() if e.get("parent")}
        self.roll = analytics.rollup_map(data.structural, known, parents, config()["rollup_types"])
        self.subjects = [s for s in (options.actor, *(options.dyad or ())) if s]
        for subject in self.subjects:
            if subject not in known:
                raise UnknownActor(
                    f"actor: {subject!r} is not in the graph (find ids with `geokg query` or GET /entities?q=...)"
                )

    # ------------------------------------------------------------------------ helpers

    def name(self, entity_id: str) -> str:
        return str((self.data.entities.get(entity_id) or {}).get("name") or entity_id)

    def end(self, raw: str) -> str:
        """A subject keeps its own id (an actor report on an official stays on the official);
        everything else rolls up to its state or organisation."""
        return raw if raw in self.subjects else self.roll.get(raw, raw)

    def quote(self, a: Assertion) -> Quote:
        article = self.data.articles.get(a.article or "") or {}
        return Quote(
            aid=a.aid, article=a.article, title=article.get("title") or article.get("name"), date=a.date,
            text=a.evidence or "", source=a.source, target=a.target, source_name=self.name(a.source),
            target_name=self.name(a.target), confidence=a.confidence, hedged=a.hedged,
        )

    def tally(self, assertions: Sequence[Assertion]) -> Tally:
        """Count reports: one per sentence of one article. A sentence asserted against an agency
        and against its state ("accused China's MSS", stored twice) rolls up to one pair and
        must not count twice; two sentences of one article are two reports."""
        distinct: dict[tuple[str | None, str], Assertion] = {}
        for a in sorted(assertions, key=lambda a: (a.date or "9999", a.aid)):
            distinct.setdefault((a.article, a.evidence or a.aid), a)
        ordered = list(distinct.values())
        dates = [a.date[:10] for a in ordered if a.date]
        limit = self.options.evidence or len(ordered)
        return Tally(
            reports=len(ordered),
            events=analytics.count_events(((a.date, a.article) for a in ordered), self.options.window_days),
            articles=len({a.article for a in ordered}),
            first=min(dates) if dates else None,
            last=max(dates) if dates else None,
            quotes=[self.quote(a) for a in ordered[:limit]],
            quotes_total=len(ordered),
        )

    def selected(self, a: Assertion) -> bool:
        """Whether an assertion belongs to this report (all of them in an overview)."""
        ends = {self.end(a.source), self.end(a.target), a.source, a.target}
        if self.options.kind == "actor":
            return self.subjects[0] in ends
        if self.options.kind == "dyad":
            return {self.end(a.source), self.end(a.target)} == set(self.subjects)
        return True

    # ------------------------------------------------------------------------ sections

    def group_pairs(self) -> dict[tuple[str, str, str], list[Assertion]]:
        """The selected interaction assertions by (type, source, target) after roll-up."""
        grouped: dict[tuple[str, str, str], list[Assertion]] = defaultdict(list)
        for a in self.data.assertions:
            if a.type in INCIDENT_TYPES or not self.selected(a):
                continue
            source, target = self.end(a.source), self.end(a.target)
            if source != target:  # an agency "accusing" its own state says nothing between actors
                grouped[(a.type, source, target)].append(a)
        return grouped

    def pairs(self, grouped: dict[tuple[str, str, str], list[Assertion]]) -> list[Pair]:
        pairs = [Pair(t, s, g, self.name(s), self.name(g), self.tally(rows)) for (t, s, g), rows in grouped.items()]
        return sorted(pairs, key=lambda p: (-p.tally.reports, p.type, p.source, p.target))

    def blocs(self) -> list[Bloc]:
        """Louvain communities of net alignment: cooperation, membership and acting together
        against the same target add weight; hostility between the two takes it away (a tie
        whose net weight is not positive is dropped, so rivals are not merged into one bloc)."""
        cfg = config()["blocs"]
        weights = cfg["weights"]
        ties: Counter[frozenset[str]] = Counter()
        co_acting: dict[tuple[str | None, str, str], set[str]] = defaultdict(set)
        for a in self.data.assertions:
            source, target = self.roll.get(a.source, a.source), self.roll.get(a.target, a.target)
            if source == target:
                continue
            if a.type in cfg["cooperative_types"]:
                ties[frozenset((source, target))] += weights["cooperative"]
            elif a.type in cfg["hostile_types"]:
                ties[frozenset((source, target))] -= weights["hostility"]
                co_acting[(a.article, a.type, target)].add(source)
        for s in self.data.structural:
            if s.type == "MEMBER_OF":
                ties[frozenset((self.roll.get(s.source, s.source), s.target))] += weights["membership"]
        for sources in co_acting.values():
            ordered = sorted(sources)
            for i, first in enumerate(ordered):
                for second in ordered[i + 1 :]:
                    ties[frozenset((first, second))] += weights["co_action"]
        positive = {pair: w for pair, w in ties.items() if w > 0 and len(pair) == 2}
        found = analytics.blocs(positive, seed=int(cfg["seed"]), resolution=float(cfg["resolution"]),
                                min_size=int(cfg["min_size"]))
        if self.subjects:
            found = [members for members in found if set(members) & set(self.subjects)]
        result = []
        for members in found:
            inside = [(sorted(p), w) for p, w in positive.items() if p <= set(members)]
            top = sorted(inside, key=lambda pw: (-pw[1], pw[0]))[:5]
            result.append(Bloc(members, [self.name(m) for m in members], [(p[0], p[1], w) for p, w in top]))
        return result

    def incidents(self) -> list[IncidentReport]:
        Sides = dict[str, dict[str, list[Assertion]]]  # "blamed"/"targeted" -> actor -> assertions
        links: dict[str, Sides] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
        for a in self.data.assertions:
            if a.type == "BLAMED_FOR":
                links[a.target]["blamed"][a.source].append(a)
            elif a.type == "TARGETED":
                links[a.source]["targeted"][a.target].append(a)
        result = []
        for incident, roles in links.items():
            involved = {self.end(actor) for side in roles.values() for actor in side} | {
                actor for side in roles.values() for actor in side
            }
            if self.subjects and not (set(self.subjects) <= involved if self.options.kind == "dyad"
                                      else involved & set(self.subjects)):
                continue
            props = self.data.entities.get(incident) or {}
            parties = {
                side: sorted(
                    (Party(actor, self.name(actor), self.roll.get(actor, actor), self.name(self.roll.get(actor, actor)),
                           self.tally(rows)) for actor, rows in roles.get(side, {}).items()),
                    key=lambda p: (-p.tally.reports, p.id),
                )
                for side in ("blamed", "targeted")
            }
            result.append(IncidentReport(incident, self.name(incident), props.get("kind"), props.get("date"),
                                         parties["blamed"], parties["targeted"]))
        return sorted(result, key=lambda i: (-(sum(p.tally.reports for p in i.blamed + i.targeted)), i.id))

    def officials(self) -> list[StateOfficials]:
        by_official: dict[str, list[Assertion]] = defaultdict(list)
        for s in self.data.structural:
            if s.type == "OFFICIAL_OF":
                by_official[s.source].append(s)
        acts = Counter(a.source for a in self.data.assertions if a.type not in INCIDENT_TYPES)
        states: dict[str, list[OfficialRow]] = defaultdict(list)
        for official, rows in by_official.items():
            top = self.roll.get(official, official)
            if top == official or (self.subjects and top not in self.subjects):
                continue
            roles = [r for r in dict.fromkeys(
                [s.role for s in rows if s.role] + list((self.data.entities.get(official) or {}).get("roles") or [])
            ) if r]
            via = sorted({self.name(s.target) for s in rows if label_of(s.target) == "Agency"})
            states[top].append(OfficialRow(official, self.name(official), roles, via, acts[official], self.tally(rows)))
        found = [StateOfficials(s, self.name(s), sorted(rows, key=lambda r: (-r.acts, r.name)))
                 for s, rows in states.items()]
        return sorted(found, key=lambda so: (-len(so.officials), so.id))

    def build(self) -> Report:
        grouped = self.group_pairs()
        pairs = self.pairs(grouped)
        options = self.options
        names = [self.name(s) for s in self.subjects]
        title = {"overview": "Relations overview", "actor": f"Actor report: {' '.join(names)}",
                 "dyad": f"Dyad report: {' and '.join(names)}"}[options.kind]
        report = Report(
            kind=options.kind, title=title, subjects=list(self.subjects), subject_names=names,
            filters={"types": list(options.types), "since": options.since.isoformat() if options.since else None,
                     "until": options.until.isoformat() if options.until else None},
            window_days=options.window_days,
            totals=Totals(
                reports=sum(p.tally.reports for p in pairs), events=sum(p.tally.events for p in pairs),
                articles=len({a.article for rows in grouped.values() for a in rows}),
                actors=len({p.source for p in pairs} | {p.target for p in pairs}),
            ),
            pairs=pairs,
            rankings=rankings(pairs, options.top) if options.kind != "dyad" else [],
            matrices=matrices(pairs, options.matrix_size),
            timelines=timelines(grouped, self.name, self.subjects, options.timelines),
            blocs=self.blocs(),
            incidents=self.incidents(),
            officials=self.officials(),
        )
        if not pairs:
            report.notes.append("No interaction between actors matches these filters.")
        return report
