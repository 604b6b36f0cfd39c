"""Contract: relation pages walk the whole list, oldest first, without gaps or repeats (the
embedded store pages on sort keys first and reads the page's rows second)."""

from __future__ import annotations

from dataclasses import replace

from store_samples import random_stories

from kg.stores.base import GraphStore, RelationFilter


def test_pages_walk_the_whole_ordered_list(store: GraphStore) -> None:
    store.keep_memory_index()  # pages come from the database, and from the index once it is built
    store.upsert(random_stories(3, articles=60))
    filters = [RelationFilter(types=["ACCUSES"]), RelationFilter(source="state:usa"),
               RelationFilter(target="state:chn"), RelationFilter()]
    for flt in filters:
        whole = store.relations(replace(flt, limit=10_000))
        assert len(whole) > 14, flt  # several pages
        keys = [(a.date is None, a.date or "", a.aid) for a in whole]  # undated last
        assert keys == sorted(keys)
        pages = []
        for offset in range(0, len(whole) + 7, 7):
            pages += store.relations(replace(flt, limit=7, offset=offset))
        assert pages == whole, flt
        assert any(a.date is None for a in whole) or flt.source or flt.target, flt  # undated ones are paged too
