"""`MemoryIndex`: the graph's entities, ties (assertions counted per source, type and target)
and assertion keys held in memory, for the entity, neighbourhood and relation-page reads the
API answers most.

Why: on LadybugDB every query costs milliseconds of query-engine time however small its
answer (measured on the 100k-assertion benchmark graph: 3.9 ms per neighbourhood hop, 8 ms for
the ties among 56 nodes, ~1 ms per node-label lookup), so a neighbourhood of four queries kept
a 2-core server to ~25 answers a second. That graph's whole index (2,000 entities, 92,605
ties) loads in about a second and answers the same questions in microseconds.

When it is exact: a store keeps one only when asked (the API server does) and uses it only
while no write has been committed since it was built (kg.stores.index_keeper: the embedded
store counts its own writes, as its database's one writer; on Neo4j every geokg write
replaces a token that other geokg processes see within 0.2 s); undated questions only
(`since`/`until` go to the database). Measured on that graph: built in 1.1 s, holding
30 MiB (ids, types and dates interned). `GEOKG_MEMORY_INDEX=false` turns it off.
"""

from __future__ import annotations

import heapq
import sys
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from itertools import islice
from typing import Any, NamedTuple

from kg.stores.base import Tie
from kg.stores.common import SEARCH_SEPARATOR


def interned(value: str | None) -> str | None:
    """`sys.intern` for values an index holds once per row but with few distinct values (ids,
    types, dates): measured on the 92,605 ties of the benchmark graph, 37 MiB before, 10 after."""
    return sys.intern(value) if value else value


def tie_from_row(row: dict[str, Any]) -> Tie:
    """A Tie from a tie query's row (source, target, type, count, first_seen, last_seen)."""
    return Tie(
        sys.intern(row["source"]), sys.intern(row["target"]), sys.intern(row["type"]), row["count"],
        interned(row["first_seen"]), interned(row["last_seen"]),
    )


class AssertionKey(NamedTuple):
    """What paging and filtering an assertion needs, sort keys first: (undated, date, aid)
    orders as `relations` does (undated last, then by date, then aid; aids are unique)."""

    undated: bool
    date: str
    aid: str
    type: str
    negated: bool
    source: str
    target: str


def assertion_key(type: str, date: str | None, aid: str, negated: bool, source: str, target: str) -> AssertionKey:
    return AssertionKey(date is None, date or "", aid, type, negated, source, target)


class MemoryIndex:
    """Entity properties, mention counts and the out- and in-adjacency of the ties, as of one
    store write token. Every node of `labels` is in `nodes`: an id of those labels that is
    missing there is not in the store."""

    def __init__(
        self, labels: Iterable[str], nodes: dict[str, dict[str, Any]], mentions: dict[str, int], ties: Iterable[Tie],
        token: Hashable, keys: Iterable[AssertionKey] = (), search_texts: dict[str, str] | None = None,
    ) -> None:
        #: the store's write token when the index was read (kg.stores.index_keeper)
        self.token = token
        #: the node labels held (entities; articles stay in the database, they are many)
        self.labels = frozenset(labels)
        self._nodes = nodes
        self._mentions = mentions
        #: per label, (search_text, id) of its entities: what `search` looks through
        self._search: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for ident, text in (search_texts or {}).items():
            self._search[nodes[ident]["type"]].append((text, ident))
        self._in: dict[str, list[Tie]] = defaultdict(list)
        #: per source, its ties by target: `among` intersects these keys with its node set
        self._out: dict[str, dict[str, list[Tie]]] = defaultdict(lambda: defaultdict(list))
        #: the assertions' keys in `relations` order, per type, per source and per target
        self._by_type: dict[str, list[AssertionKey]] = defaultdict(list)
        self._by_source: dict[str, list[AssertionKey]] = defaultdict(list)
        self._by_target: dict[str, list[AssertionKey]] = defaultdict(list)
        for key in sorted(keys):
            self._by_type[key.type].append(key)
            self._by_source[key.source].append(key)
            self._by_target[key.target].append(key)
        self.entities = len(nodes)
        self.assertions = sum(len(found) for found in self._by_type.values())
        self.size = 0
        for tie in ties:
            self._out[tie.source][tie.target].append(tie)
            self._in[tie.target].append(tie)
            self.size += 1

    def nodes(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Copies of the stored nodes among `ids` (callers may change what they get)."""
        found = {}
        for ident in ids:
            node = self._nodes.get(ident)
            if node is not None:
                found[ident] = {**node, "aliases": list(node["aliases"])}
        return found

    def mentions(self, ident: str) -> int:
        """How many articles mention the entity."""
        return self._mentions.get(ident, 0)

    def weights(self, ids: Iterable[str], types: Sequence[str]) -> Counter[str]:
        """Assertion counts per node at the other end of a tie with `ids` (types in `types`),
        as `CypherReads._tie_weights` counts them in the database: a tie between two of `ids`
        counts for both ends, a self-loop for its node."""
        wanted = set(types)
        weights: Counter[str] = Counter()
        for node in set(ids):
            for ties in self._out.get(node, {}).values():
                for tie in ties:
                    if tie.type in wanted:
                        weights[tie.target] += tie.count
            for tie in self._in.get(node, ()):
                if tie.type in wanted:
                    weights[tie.source] += tie.count
        return weights

    def among(self, ids: Iterable[str], types: Sequence[str]) -> list[Tie]:
        """The ties with both ends in `ids`, types in `types`."""
        kept, wanted = set(ids), set(types)
        found: list[Tie] = []
        for node in kept:
            by_target = self._out.get(node)
            if by_target:
                for target in by_target.keys() & kept:
                    found += (tie for tie in by_target[target] if tie.type in wanted)
        return found

    def page(
        self, types: Sequence[str], include_negated: bool, offset: int, limit: int,
        source: str | None = None, target: str | None = None, since: str | None = None, until: str | None = None,
    ) -> list[str]:
        """The aids of one page of assertions, oldest first (date, then aid): of `types`,
        from `source`, to `target`, dated within [since, until] (ISO strings compared as the
        databases compare them; undated ones are outside any period)."""
        wanted = set(types)
        ordered: Iterable[AssertionKey]
        if source is not None:
            ordered = self._by_source.get(source, [])
        elif target is not None:
            ordered = self._by_target.get(target, [])
        elif len(wanted) == 1:
            ordered = self._by_type.get(next(iter(wanted)), [])
        else:
            ordered = heapq.merge(*(self._by_type.get(t, []) for t in wanted))

        def kept(key: AssertionKey) -> bool:
            return (
                key.type in wanted
                and (include_negated or not key.negated)
                and (target is None or key.target == target)
                and (since is None or (not key.undated and key.date >= since))
                and (until is None or (not key.undated and key.date <= until))
            )

        return [key.aid for key in islice(filter(kept, ordered), offset, offset + limit)]

    def search(self, needle: str, labels: Sequence[str], limit: int) -> list[dict[str, Any]]:
        """`CypherReads.search` over memory: `needle` (folded) in the search text; exact name,
        then exact alias, then name prefix, then the rest; at most `limit` per label first,
        as the database query does, then shorter names first."""
        sep = SEARCH_SEPARATOR
        hits = []
        for label in labels:
            found = []
            for text, ident in self._search.get(label, ()):
                if needle not in text:
                    continue
                if text == needle or text.startswith(needle + sep):
                    rank = 0
                elif text.endswith(sep + needle) or sep + needle + sep in text:
                    rank = 1
                else:
                    rank = 2 if text.startswith(needle) else 3
                found.append((rank, self._nodes[ident]["name"] or "", ident))
            hits += sorted(found)[:limit]
        hits.sort(key=lambda h: (h[0], len(h[1]), h[1], h[2]))
        return [
            {"id": ident, "type": self._nodes[ident]["type"], "name": self._nodes[ident]["name"],
             "aliases": list(self._nodes[ident]["aliases"]), "rank": rank}
            for rank, _, ident in hits[:limit]
        ]
