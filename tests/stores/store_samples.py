"""Small extractions built directly from kg.schema models, for the store contract suite."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path
from typing import Any

from kg.schema import Article, Entity, Evidence, Extraction, Relation, article_id, make_entity
from kg.settings import Settings
from kg.stores.embedded import EmbeddedStore

#: LadybugDB reserves 8 TiB of address space per database by default; tests open many
TEST_DB_SIZE = 1 << 30
#: address space, not memory: a shortest-path query over all 14 relationship types reserves
#: ~600 MB of buffer pool even on a tiny graph (one buffer per FROM/TO table pair)
TEST_BUFFER_POOL = 1 << 30


def open_embedded(path: Path, **kwargs: Any) -> EmbeddedStore:
    return EmbeddedStore(path, max_db_size=TEST_DB_SIZE, buffer_pool_size=TEST_BUFFER_POOL,
                         settings=Settings(), **kwargs)


def entity(ident: str, name: str, *aliases: str, **props: object) -> Entity:
    """An entity of the label its id names (state:chn -> State)."""
    kinds = {"state": "State", "org": "Organization", "agency": "Agency", "person": "Official",
             "incident": "Incident", "group": "Group"}
    kind = kinds[ident.split(":")[0]]
    return make_entity({"id": ident, "type": kind, "name": name, "aliases": list(aliases), **props})


def article(key: str, published: str | None = "2021-07-19", title: str | None = None) -> Article:
    url = f"https://news.example/{key}"
    text = f"Article {key}."
    return Article(id=article_id(url, text), url=url, title=title or f"Story {key}", text=text,
                   published=datetime.fromisoformat(published) if published else None, source="news.example")


def rel(
    art: Article, source: str, rtype: str, target: str, sentence: str = "", start: int = 0, **ev: Any,
) -> Relation:
    """A relation with evidence at [start, start + len(sentence)) in `art`."""
    sentence = sentence or f"{source} {rtype} {target}"
    evidence = Evidence(article=art.id, sentence=sentence, start=start, end=start + len(sentence), **ev)
    return Relation(source=source, type=rtype, target=target, evidence=evidence)


def extraction(art: Article, entities: list[Entity], relations: list[Relation]) -> Extraction:
    return Extraction.model_validate({"article": art, "entities": entities, "relations": relations})


def hack_story(key: str = "hack", published: str = "2021-07-19") -> Extraction:
    """USA and AUS accuse CHN; a group and an incident; an official of the USA."""
    art = article(key, published)
    ents = [
        entity("state:usa", "United States", "US", "Washington", iso3="USA"),
        entity("state:aus", "Australia", "Canberra", iso3="AUS"),
        entity("state:chn", "China", "Beijing", "PRC", iso3="CHN"),
        entity("group:apt40", "APT40"),
        entity("incident:exchange-hack-2021", "Microsoft Exchange hack", kind="cyber", date="2021-03"),
        entity("person:antony-blinken", "Antony Blinken", roles=["Secretary of State"]),
    ]
    rels = [
        rel(art, "state:usa", "ACCUSES", "state:chn", "The US accused China of the hack.", 0, confidence=0.9),
        rel(art, "state:aus", "ACCUSES", "state:chn", "Australia joined in blaming Beijing.", 40, confidence=0.8),
        rel(art, "state:aus", "JOINS", "state:usa", "Australia joined the US.", 80),
        rel(art, "state:chn", "BLAMED_FOR", "incident:exchange-hack-2021", "China was blamed for the hack.", 120),
        rel(art, "group:apt40", "AFFILIATED_WITH", "state:chn", "APT40 works for the MSS.", 160),
        rel(art, "state:chn", "REJECTS", "state:usa", "China rejected the accusations.", 200, negated=False),
        Relation(source="person:antony-blinken", type="OFFICIAL_OF", target="state:usa", role="Secretary of State"),
    ]
    return extraction(art, ents, rels)


STATES = [f"state:{code}" for code in ("usa", "chn", "rus", "ukr", "fra", "deu", "gbr", "irn", "isr", "tur")]
TYPES = ["ACCUSES", "SANCTIONS", "THREATENS", "COOPERATES_WITH", "DEMANDS"]


def random_stories(seed: int, articles: int = 30) -> list[Extraction]:
    """Articles whose assertions join random pairs of ten states, some several times; one
    article in seven is undated and one assertion in eight negated."""
    rng = random.Random(seed)
    stories = []
    for n in range(articles):
        day = f"202{rng.randrange(4)}-0{rng.randrange(1, 10)}-1{rng.randrange(10)}"
        art = article(f"r{seed}-{n}", published=day if n % 7 else None)
        rels = []
        for k in range(rng.randrange(1, 8)):
            source, target = rng.sample(STATES, 2)
            rels.append(rel(art, source, rng.choice(TYPES), target, f"Sentence {k}.", 20 * k, negated=k % 8 == 3))
        ents = [entity(s, s.split(":")[1].upper()) for s in sorted({x for r in rels for x in (r.source, r.target)})]
        stories.append(extraction(art, ents, rels))
    return stories
