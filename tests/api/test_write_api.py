"""Writes over real HTTP, against both stores: the API key (constant-time compared, refused
when wrong or not configured), ingest of text, URLs and feeds (private addresses refused),
delete, the body-size cap, CORS and the access log."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from api_support import API_KEY, assert_problem, served

from kg.settings import Settings
from kg.stores.base import GraphStore

TEXT = "New Zealand accused Iran of a cyber attack on Monday. Iran rejected the accusation."
KEY = {"X-API-Key": API_KEY.encode()}  # the key is not ASCII: sent as its UTF-8 bytes


def test_ingest_without_the_key_is_refused_and_stores_nothing(api: httpx.Client) -> None:
    before = api.get("/stats").json()
    response = api.post("/articles", json={"text": TEXT})
    assert_problem(response, 401, "X-API-Key")
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert_problem(api.post("/articles", json={"text": TEXT}, headers={"X-API-Key": "guess"}), 403, "not the")
    assert_problem(api.post("/articles", json={"text": TEXT}, headers={"Authorization": "Bearer guess"}), 403)
    assert_problem(api.post("/articles", json={"text": TEXT}, headers={"Authorization": "Basic Z3Vlc3M="}), 401)
    assert api.get("/stats").json() == before
    assert_problem(api.get("/entities/state:nzl"), 404)


def test_without_a_configured_key_writes_are_disabled(store_settings: Settings, store: GraphStore) -> None:
    with served(store_settings.model_copy(update={"api_key": None}), store) as client:
        assert client.get("/health").json()["writes_enabled"] is False
        for response in (
            client.post("/articles", json={"text": TEXT}, headers=KEY),
            client.post("/articles", json={"text": TEXT}),
            client.delete("/articles/article:0123456789abcdef", headers=KEY),
        ):
            body = assert_problem(response, 403, "writes are disabled: no API key configured")
            assert body["type"] == "urn:geokg:problem:writes-disabled"


def test_ingest_text_then_delete_it(api: httpx.Client) -> None:
    before = api.get("/stats").json()
    response = api.post(
        "/articles", json={"text": TEXT, "title": "NZ accuses Iran", "published": "2024-03-25T09:00:00Z"}, headers=KEY
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["articles_stored"] == 1 and body["relations"] >= 1
    [article] = body["article_ids"]
    assert api.get("/entities/state:nzl").json()["name"] == "New Zealand"
    found = api.get("/relations", params={"article": article, "type": "ACCUSES"}).json()["items"]
    assert [(r["source"], r["target"]) for r in found] == [("state:nzl", "state:irn")]
    assert "accused Iran" in found[0]["evidence"]
    after = api.get("/stats").json()
    assert after["articles"] == before["articles"] + 1

    again = api.post("/articles", json={"text": TEXT, "title": "NZ accuses Iran"}, headers=KEY).json()
    assert again["article_ids"] == [article]
    assert api.get("/stats").json() == after  # idempotent

    assert_problem(api.delete(f"/articles/{article}"), 401)
    response = api.delete(f"/articles/{article}", headers={"Authorization": b"Bearer " + API_KEY.encode()})
    assert response.json() == {"article": article, "removed": True}
    assert_problem(api.get("/entities/state:nzl"), 404)  # no other article supports it
    assert api.get("/entities/state:irn").status_code == 200  # the sample graph still does
    assert api.get("/stats").json() == before
    assert_problem(api.delete(f"/articles/{article}", headers=KEY), 404, article)
    assert_problem(api.delete("/articles/not-an-id", headers=KEY), 422, "article id")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({}, ["text, url or feed_url"]),
        ({"text": "   "}, ["blank"]),
        ({"url": "ftp://example.org/a"}, ["http(s)"]),
        ({"url": "file:///etc/passwd"}, ["http(s)"]),
        ({"text": TEXT, "feed_url": "https://example.org/feed"}, ["feed_url"]),
        ({"text": TEXT, "author": "me"}, ["author"]),
        ({"text": TEXT, "published": "yesterday-ish"}, ["published"]),
    ],
)
def test_bad_article_bodies_name_the_problem(api: httpx.Client, body: dict[str, Any], words: list[str]) -> None:
    assert_problem(api.post("/articles", json=body, headers=KEY), 422, *words)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/article", "http://localhost/feed.xml", "http://10.1.2.3/x", "http://[::1]/a",
            "http://169.254.169.254/latest/meta-data/"],
)
def test_urls_on_private_addresses_are_refused(api: httpx.Client, url: str) -> None:
    before = api.get("/stats").json()
    field = "feed_url" if "feed" in url else "url"
    body = assert_problem(api.post("/articles", json={field: url}, headers=KEY), 422, "refused", "address")
    assert body["type"] == "urn:geokg:problem:nothing-ingested"
    assert api.get("/stats").json() == before


ARTICLE_HTML = b"""<!doctype html><html><head><title>Japan protests</title>
<meta property="article:published_time" content="2024-05-02T08:00:00Z"></head><body><article>
<h1>Japan protests</h1><p>Japan accused Russia of violating its airspace near Hokkaido on Tuesday.</p>
<p>Russia rejected the accusation.</p></article></body></html>"""

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>http://wire.example/</link>
<item><title>Canada sanctions Belarus</title><link>http://wire.example/1</link>
<description>Canada imposed sanctions on Belarus on Friday.</description>
<pubDate>Fri, 03 May 2024 10:00:00 GMT</pubDate></item>
<item><title>Brazil meets Argentina</title><link>http://wire.example/2</link>
<description>Brazil signed an agreement with Argentina on trade.</description>
<pubDate>Sat, 04 May 2024 10:00:00 GMT</pubDate></item></channel></rss>"""


@pytest.fixture(scope="module")
def news_site() -> Iterator[str]:
    """A local web server with one article page and one RSS feed."""
    pages = {"/article.html": (ARTICLE_HTML, "text/html"), "/feed.xml": (FEED, "application/rss+xml")}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, kind = pages.get(self.path, (b"not found", "text/plain"))
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_urls_and_feeds_when_private_addresses_are_allowed(
    store_settings: Settings, store: GraphStore, news_site: str
) -> None:
    with served(store_settings.model_copy(update={"allow_private_urls": True}), store) as client:
        page = client.post("/articles", json={"url": f"{news_site}/article.html"}, headers=KEY)
        assert page.status_code == 200, page.text
        assert page.json()["articles_stored"] == 1
        assert client.get("/entities/state:jpn").status_code == 200
        feed = client.post("/articles", json={"feed_url": f"{news_site}/feed.xml"}, headers=KEY)
        assert feed.status_code == 200, feed.text
        assert feed.json()["articles_stored"] == 2
        assert client.get("/entities/state:blr").json()["name"] == "Belarus"
        missing = client.post("/articles", json={"url": f"{news_site}/gone.html"}, headers=KEY)
        assert_problem(missing, 422, "404")
        for article in page.json()["article_ids"] + feed.json()["article_ids"]:
            assert client.delete(f"/articles/{article}", headers=KEY).status_code == 200
        assert_problem(client.get("/entities/state:blr"), 404)


def test_request_bodies_above_the_cap_are_refused(store_settings: Settings, store: GraphStore) -> None:
    with served(store_settings.model_copy(update={"max_body_bytes": 2000}), store) as client:
        big = {"cypher": "RETURN 1 AS one, '" + "x" * 3000 + "' AS padding"}
        assert_problem(client.post("/query", json=big), 413, "2000 bytes", "GEOKG_MAX_BODY_BYTES")

        def chunks() -> Iterator[bytes]:  # streamed without Content-Length (chunked)
            yield b'{"cypher": "RETURN 1", "params": {"p": "'
            for _ in range(10):
                yield b"y" * 500
            yield b'"}}'

        assert_problem(client.post("/query", content=chunks(), headers={"Content-Type": "application/json"}), 413)
        assert_problem(client.post("/articles", json={"text": "z" * 5000}, headers=KEY), 413)
        assert client.post("/query", json={"cypher": "RETURN 1 AS one"}).json()["rows"] == [[1]]


def test_cors_is_off_by_default(api: httpx.Client) -> None:
    origin = {"Origin": "https://analyst.example"}
    assert "access-control-allow-origin" not in api.get("/health", headers=origin).headers
    preflight = api.options(
        "/query", headers={**origin, "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_allows_only_configured_origins(store_settings: Settings, store: GraphStore) -> None:
    settings = store_settings.model_copy(update={"cors_origins": ["https://analyst.example"]})
    with served(settings, store) as client:
        allowed = client.get("/health", headers={"Origin": "https://analyst.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://analyst.example"
        preflight = client.options(
            "/articles",
            headers={"Origin": "https://analyst.example", "Access-Control-Request-Method": "POST",
                     "Access-Control-Request-Headers": "X-API-Key, Content-Type"},
        )
        assert preflight.status_code == 200
        assert "x-api-key" in preflight.headers["access-control-allow-headers"].lower()
        other = client.get("/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_access_log_has_one_json_line_per_request(api: httpx.Client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="geokg.access")
    api.get("/entities/state:chn", params={"secret": "q"})
    api.post("/articles", json={"text": TEXT}, headers={"X-API-Key": "wrong-key"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "geokg.access"]
    assert [(x["method"], x["path"], x["status"]) for x in lines[-2:]] == [
        ("GET", "/entities/state:chn", 200), ("POST", "/articles", 403)]
    for line in lines[-2:]:
        assert set(line) == {"method", "path", "status", "duration_ms", "client"}
        assert line["duration_ms"] >= 0 and line["client"].startswith("127.0.0.1:")
    assert "wrong-key" not in caplog.text and "secret" not in caplog.text
