"""Contract: reads from many threads at once give the same answers as one at a time, and see
what was committed before they started (the embedded store reads on a pool of connections)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from store_samples import hack_story

from kg.stores.base import GraphStore, RelationFilter


def _answers(store: GraphStore) -> tuple[object, ...]:
    graph = store.neighbors("state:chn")
    return (
        sorted(graph.nodes), sorted(k for _, _, k in graph.edges(keys=True)),
        [a.aid for a in store.relations(RelationFilter(source="state:usa"))],
        store.entity("state:aus"), store.cypher("MATCH (n:State) RETURN count(n) AS c").rows,
    )


def test_concurrent_reads_agree_with_serial_reads(store: GraphStore) -> None:
    store.upsert([hack_story()])
    expected = _answers(store)
    assert expected[0] and expected[2]  # the sample really has neighbours and relations
    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(lambda _: _answers(store), range(48)))
    assert all(r == expected for r in results)


def test_reads_from_other_threads_see_committed_writes(store: GraphStore) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        before = list(pool.map(lambda _: store.entity("state:chn"), range(8)))
        store.upsert([hack_story()])
        after = list(pool.map(lambda _: store.entity("state:chn"), range(8)))
    assert before == [None] * 8
    assert all(e is not None and e["name"] == "China" for e in after)
