"""The data a relation report holds, independent of how it is shown (Markdown, HTML, JSON).

Why plain dataclasses: the JSON format is their `asdict`, the renderers read the same fields,
and tests check facts on them without parsing any output. Every count carries its `Tally`,
and every tally carries the quotes behind it, so no number stands without its evidence.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Literal

ReportKind = Literal["overview", "actor", "dyad"]


@dataclass
class Quote:
    """One assertion as evidence: which article said it, when, and the sentence."""

    aid: str
    article: str | None
    title: str | None
    date: str | None
    text: str
    source: str  # the raw ends, before roll-up (an official, an agency, a state)
    target: str
    source_name: str
    target_name: str
    confidence: float | None = None
    hedged: bool = False


@dataclass
class Tally:
    """A count of reports (distinct sentences of articles asserting it) with its distinct
    events, articles and time span."""

    reports: int = 0
    events: int = 0
    articles: int = 0
    first: str | None = None
    last: str | None = None
    quotes: list[Quote] = field(default_factory=list)
    quotes_total: int = 0


@dataclass
class Pair:
    """All reports of one `source -type-> target`, at state/organisation level."""

    type: str
    source: str
    target: str
    source_name: str
    target_name: str
    tally: Tally

    @property
    def key(self) -> str:
        return f"{self.type}|{self.source}|{self.target}"


@dataclass
class ActorCount:
    """One row of a ranking: an actor, its count, and the pairs that make the count up."""

    id: str
    name: str
    reports: int
    events: int
    counterparts: int
    pagerank: float | None = None
    pairs: list[str] = field(default_factory=list)  # Pair.key of each pair behind the count


@dataclass
class Ranking:
    """Top actors for one relationship type, by what they do and by what is done to them."""

    type: str
    outgoing: list[ActorCount]
    incoming: list[ActorCount]


@dataclass
class Matrix:
    """Who -> whom for one type: rows are sources, columns targets, cells reports/events."""

    type: str
    rows: list[str]
    cols: list[str]
    row_names: list[str]
    col_names: list[str]
    reports: list[list[int]]
    events: list[list[int]]
    reciprocity: float | None  # share of directed ties (over all pairs, not only shown ones) returned
    mutual: list[tuple[str, str]]
    hidden_rows: int = 0
    hidden_cols: int = 0


@dataclass
class Series:
    label: str
    type: str
    source: str
    target: str
    counts: list[int]


@dataclass
class Timeline:
    """Monthly reports between two actors, one series per direction and type."""

    a: str
    b: str
    a_name: str
    b_name: str
    months: list[str]
    series: list[Series]

    @property
    def total(self) -> int:
        return sum(sum(s.counts) for s in self.series)


@dataclass
class Bloc:
    """A community of the alignment graph; `ties` are its strongest internal links."""

    members: list[str]
    names: list[str]
    ties: list[tuple[str, str, float]] = field(default_factory=list)


@dataclass
class Party:
    """An actor blamed for or targeted by an incident, with what it rolls up to."""

    id: str
    name: str
    rollup: str
    rollup_name: str
    tally: Tally


@dataclass
class IncidentReport:
    id: str
    name: str
    kind: str | None
    date: str | None
    blamed: list[Party]
    targeted: list[Party]


@dataclass
class OfficialRow:
    id: str
    name: str
    roles: list[str]
    via: list[str]  # names of agencies between the official and the state, if any
    acts: int  # interaction reports made by the official in the selection
    tally: Tally  # the OFFICIAL_OF reports


@dataclass
class StateOfficials:
    id: str
    name: str
    officials: list[OfficialRow]


@dataclass
class Totals:
    reports: int = 0
    events: int = 0
    articles: int = 0
    actors: int = 0


@dataclass
class Report:
    """One report: overview, actor or dyad, with the filters it was made with."""

    kind: ReportKind
    title: str
    subjects: list[str]
    subject_names: list[str]
    filters: dict[str, Any]
    window_days: int
    totals: Totals
    pairs: list[Pair]
    rankings: list[Ranking]
    matrices: list[Matrix]
    timelines: list[Timeline]
    blocs: list[Bloc]
    incidents: list[IncidentReport]
    officials: list[StateOfficials]
    notes: list[str] = field(default_factory=list)

    def pair(self, rel_type: str, source: str, target: str) -> Pair | None:
        return next((p for p in self.pairs if (p.type, p.source, p.target) == (rel_type, source, target)), None)

    def to_json(self) -> str:
        """The report as compact JSON (pairs carry their `key`). json's C encoder with a
        shallow `default` is several times faster than `dataclasses.asdict` on large reports."""
        return json.dumps(self, default=json_default, ensure_ascii=False)

    def as_dict(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.to_json())
        return loaded


def json_default(value: Any) -> Any:
    """`json.dumps` hook: a report dataclass as its fields (a Pair also with its key)."""
    if isinstance(value, Pair):
        return {**vars(value), "key": value.key}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return vars(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
