"""What the API tests share: the sample graph (built directly with kg.schema models), a live
uvicorn server in a thread on a free loopback port, and the problem-document assertion."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import httpx
import uvicorn

from kg.api import create_app
from kg.schema import Article, Evidence, Extraction, Relation, article_id, make_entity
from kg.settings import Settings
from kg.stores.base import GraphStore

API_KEY = "test-key-\u00e9-not-secret"

ENTITIES: dict[str, dict[str, Any]] = {
    "state:usa": {"name": "United States", "aliases": ["US", "Washington"], "iso3": "USA"},
    "state:chn": {"name": "China", "aliases": ["Beijing", "PRC"], "iso3": "CHN"},
    "state:aus": {"name": "Australia", "aliases": ["Canberra"], "iso3": "AUS"},
    "state:jpn": {"name": "Japan", "aliases": ["Tokyo"], "iso3": "JPN"},
    "state:rus": {"name": "Russia", "aliases": ["Moscow", "the Kremlin"], "iso3": "RUS"},
    "state:gbr": {"name": "United Kingdom", "aliases": ["Britain", "UK"], "iso3": "GBR"},
    "state:irn": {"name": "Iran", "aliases": ["Tehran"], "iso3": "IRN"},
    "state:civ": {"name": "Côte d'Ivoire", "aliases": ["Ivory Coast"], "iso3": "CIV"},
    "org:sco": {"name": "Shanghai Cooperation Organisation", "aliases": ["SCO"], "acronym": "SCO"},
    "agency:chn:ministry-of-state-security": {"name": "Ministry of State Security", "aliases": ["MSS"]},
    "group:apt40": {"name": "APT40", "aliases": []},
    "incident:exchange-hack-2021": {"name": "Microsoft Exchange hack", "aliases": [], "kind": "cyber"},
    "person:zhao-lijian": {"name": "Zhao Lìjiān", "aliases": ["Zhao"], "roles": ["Foreign Ministry spokesman"]},
}

#: (article key, published, [(source, type, target, sentence, extra evidence fields)])
ARTICLES: list[tuple[str, str, list[tuple[str, str, str, str, dict[str, Any]]]]] = [
    ("exchange-hack", "2021-07-19", [
        ("state:usa", "ACCUSES", "state:chn", "The United States accused China of the Exchange hack.",
         {"confidence": 0.9}),
        ("state:aus", "ACCUSES", "state:chn", "Australia joined the US in blaming Beijing.", {"confidence": 0.8}),
        ("state:aus", "JOINS", "state:usa", "Australia joined the United States.", {"confidence": 0.7}),
        ("state:chn", "BLAMED_FOR", "incident:exchange-hack-2021", "China was blamed for the hack.", {}),
        ("state:chn", "REJECTS", "state:usa", "China rejected the accusations as groundless.", {"confidence": 0.6}),
        ("group:apt40", "AFFILIATED_WITH", "agency:chn:ministry-of-state-security",
         "APT40 works for the Ministry of State Security.", {}),
        ("agency:chn:ministry-of-state-security", "PART_OF", "state:chn", "the Chinese MSS", {}),
        ("person:zhao-lijian", "ACCUSES", "state:usa", "Zhao Lìjiān accused Washington of hypocrisy.",
         {"confidence": 0.3, "hedged": True}),
    ]),
    ("exchange-followup", "2021-08-02", [
        ("state:usa", "ACCUSES", "state:chn", "Washington again accused Beijing.", {"confidence": 0.9}),
        ("state:jpn", "JOINS", "state:usa", "Japan joined the United States.", {"confidence": 0.7}),
        ("state:usa", "DEMANDS", "state:chn", "The US did not demand anything.", {"negated": True}),
    ]),
    ("russia-bars", "2022-04-16", [
        ("state:rus", "SANCTIONS", "state:gbr", "Russia barred British ministers from entering.", {"confidence": 0.9}),
        ("state:gbr", "ACCUSES", "state:rus", "Britain accused Russia of aggression.", {"confidence": 0.8}),
        ("state:rus", "THREATENS", "state:gbr", "Moscow warned of retaliation.", {"confidence": 0.4}),
    ]),
    ("sco", "2023-07-04", [
        ("state:irn", "JOINS", "org:sco", "Iran joined the Shanghai Cooperation Organisation.", {}),
        ("state:irn", "MEMBER_OF", "org:sco", "Iran, now a member of the SCO", {}),
        ("state:civ", "COOPERATES_WITH", "state:chn", "Côte d'Ivoire signed an agreement with China.", {}),
    ]),
]


def article_of(key: str, published: str) -> Article:
    url = f"https://news.example/{key}"
    return Article(
        id=article_id(url, key), url=url, title=f"Story {key}", text=f"Story {key}.", source="news.example",
        published=datetime.fromisoformat(published),
    )


def sample_extractions() -> list[Extraction]:
    out = []
    for key, published, rows in ARTICLES:
        art = article_of(key, published)
        ids = {end for source, _, target, _, _ in rows for end in (source, target)}
        entities = [make_entity({"id": i, "type": _label(i), **ENTITIES[i]}) for i in sorted(ids)]
        relations = []
        for n, (source, rtype, target, sentence, extra) in enumerate(rows):
            evidence = Evidence(article=art.id, sentence=sentence, start=n * 100, end=n * 100 + len(sentence),
                                date=date.fromisoformat(published), **extra)
            role = "Foreign Ministry spokesman" if rtype == "OFFICIAL_OF" else None
            relations.append(Relation(source=source, type=rtype, target=target, evidence=evidence, role=role))
        out.append(Extraction(article=art, entities=entities, relations=relations))
    return out


def _label(entity_id: str) -> str:
    return {"state": "State", "org": "Organization", "agency": "Agency", "person": "Official",
            "incident": "Incident", "group": "Group"}[entity_id.split(":")[0]]


def assertion_count(extractions: list[Extraction]) -> int:
    return sum(len(e.relations) for e in extractions)


# ---------------------------------------------------------------------------- live server


class LiveServer:
    """uvicorn serving `app` in a thread on a free 127.0.0.1 port."""

    def __init__(self, app: Any) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start within 15 s")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(15)
        self.sock.close()


@contextmanager
def served(settings: Settings, store: GraphStore) -> Iterator[httpx.Client]:
    """An httpx client bound to a live server of `create_app(settings, store)`."""
    with LiveServer(create_app(settings, store=store)) as server, httpx.Client(
        base_url=server.url, timeout=60
    ) as client:
        yield client


def empty_neo4j(uri: str) -> None:
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")



def assert_problem(response: httpx.Response, status: int, *words: str) -> dict[str, Any]:
    """The response is an RFC 9457 problem document with this status whose detail names `words`."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:geokg:problem:")
    assert body["title"] and body["detail"]
    for word in words:
        assert word.lower() in body["detail"].lower(), (word, body["detail"])
    return body
