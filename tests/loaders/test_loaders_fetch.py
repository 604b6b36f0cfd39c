"""URL loading against a real HTTP server on 127.0.0.1 (allowed only with allow_private)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.loaders import USER_AGENT, LoadError, LoadFailure, LoadOptions, fetch_url, load_sources
from kg.loaders.fetch import address_problem
from kg.schema import Article

FIXTURES = Path(__file__).with_name("fixtures")
SEEN_AGENTS: list[str] = []


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args: object) -> None:  # keep pytest output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str | None, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        SEEN_AGENTS.append(self.headers.get("User-Agent", ""))
        port = int(self.server.server_address[1])  # type: ignore[index]
        base = f"http://127.0.0.1:{port}"
        routes = {
            "/page.html": (200, (FIXTURES / "article.html").read_bytes(), "text/html; charset=utf-8"),
            "/plain": (200, (FIXTURES / "scraped_furniture.txt").read_bytes(), "text/plain"),
            "/feed": (200, (FIXTURES / "feed.rss").read_text().replace("https://harbour.example/world/fishing-accord",
                                                                        f"{base}/page.html")
                      .replace("https://harbour.example/world/expulsion", f"{base}/missing").encode(),
                      "application/rss+xml"),
            "/feed-as-xml": (200, (FIXTURES / "feed.atom").read_bytes(), "text/xml"),
            "/jsonl": (200, (FIXTURES / "articles.jsonl").read_bytes(), "application/x-ndjson"),
            "/pdf": (200, b"%PDF-1.4 not really", "application/pdf"),
            "/big": (200, b"x" * 50_000, "text/plain"),
        }
        if self.path in routes:
            self._send(*routes[self.path])
        elif self.path == "/big-declared":
            self._send(200, b"", "text/plain", {"Content-Length": str(10**9)})
        elif self.path == "/redirect":
            self._send(302, b"", None, {"Location": "/page.html"})
        elif self.path == "/loop":
            self._send(302, b"", None, {"Location": "/loop"})
        elif self.path == "/to-file":
            self._send(302, b"", None, {"Location": "file:///etc/passwd"})
        elif self.path == "/to-unspecified":
            self._send(302, b"", None, {"Location": f"http://0.0.0.0:{port}/page.html"})
        elif self.path == "/slow":
            time.sleep(2)
            self._send(200, b"late", "text/plain")
        else:
            self._send(404, b"not here", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LOCAL = LoadOptions(allow_private=True, timeout_s=5)


def test_loopback_refused_without_allow_private(server: str) -> None:
    [failure] = load_sources([f"{server}/page.html"], LoadOptions(allow_private=False))
    assert isinstance(failure, LoadFailure) and failure.input == f"{server}/page.html"
    assert "refused" in failure.problem and "loopback" in failure.problem and "allow-private" in failure.problem


def test_hostname_resolving_to_loopback_refused(server: str) -> None:
    url = server.replace("127.0.0.1", "localhost") + "/page.html"
    [failure] = load_sources([url], LoadOptions(allow_private=False))
    assert isinstance(failure, LoadFailure)
    assert "localhost resolves to" in failure.problem and "loopback" in failure.problem


def test_html_page_over_http(server: str) -> None:
    SEEN_AGENTS.clear()
    [article] = load_sources([f"{server}/page.html"], LOCAL)
    assert isinstance(article, Article)
    assert article.title == "Freedonia and Ruritania sign fishing accord"
    assert article.url == "https://harbour.example/world/fishing-accord"  # the page's canonical URL
    assert article.path is None
    assert SEEN_AGENTS == [USER_AGENT] and USER_AGENT.startswith("geokg/") and "(+https://" in USER_AGENT


def test_redirect_followed_and_final_url_kept(server: str) -> None:
    fetched = fetch_url(f"{server}/redirect", LOCAL)
    assert fetched.url == f"{server}/page.html" and fetched.kind == "html"


def test_redirect_loop_capped(server: str) -> None:
    with pytest.raises(LoadError, match="more than 3 redirects"):
        fetch_url(f"{server}/loop", LoadOptions(allow_private=True, max_redirects=3))


def test_each_redirect_target_is_checked(server: str) -> None:
    with pytest.raises(LoadError, match="not an http"):
        fetch_url(f"{server}/to-file", LOCAL)
    with pytest.raises(LoadError, match="unspecified address"):  # refused even with allow_private
        fetch_url(f"{server}/to-unspecified", LOCAL)


def test_plain_text_and_jsonl_urls(server: str) -> None:
    [article] = load_sources([f"{server}/plain"], LOCAL)
    assert isinstance(article, Article) and article.url == f"{server}/plain"
    items = list(load_sources([f"{server}/jsonl"], LOCAL))
    assert sum(isinstance(i, Article) for i in items) == 3
    assert any(isinstance(i, LoadFailure) and i.input == f"{server}/jsonl:3" for i in items)


def test_feed_url_and_following_links(server: str) -> None:
    items = list(load_sources([f"{server}/feed"], LOCAL))
    assert [i.title for i in items if isinstance(i, Article)] == [
        "Freedonia and Ruritania sign fishing accord", "Ruritania expels Norwegian diplomat"]
    followed = list(load_sources([f"{server}/feed"], LoadOptions(allow_private=True, follow_links=True)))
    first, failure, second = followed
    assert isinstance(first, Article) and "Norway welcomed the accord" in first.text  # from the linked page
    assert isinstance(failure, LoadFailure) and failure.input == f"{server}/feed#2"
    assert "HTTP 404" in failure.problem and "used the feed's summary" in failure.problem
    assert isinstance(second, Article) and second.title == "Ruritania expels Norwegian diplomat"


def test_feed_served_as_generic_xml(server: str) -> None:
    [article] = load_sources([f"{server}/feed-as-xml"], LOCAL)
    assert isinstance(article, Article) and article.url == "https://northwire.example/cables"


@pytest.mark.parametrize(("path", "options", "problem"), [
    ("/pdf", LOCAL, "unsupported content type 'application/pdf'"),
    ("/big", LoadOptions(allow_private=True, max_bytes=10_000), "too large: more than 10,000 bytes"),
    ("/big-declared", LOCAL, "too large: 1,000,000,000 bytes announced"),
    ("/missing", LOCAL, "HTTP 404 Not Found"),
    ("/slow", LoadOptions(allow_private=True, timeout_s=0.5), "timed out after 0.5 s"),
])
def test_bad_responses_are_clean_failures(server: str, path: str, options: LoadOptions, problem: str) -> None:
    [failure] = load_sources([server + path], options)
    assert isinstance(failure, LoadFailure) and failure.input == server + path
    assert problem in failure.problem


def test_unreachable_and_unresolvable() -> None:
    [refused] = load_sources(["http://127.0.0.1:9/x"], LOCAL)  # discard port: nothing listens
    assert isinstance(refused, LoadFailure) and "cannot connect" in refused.problem
    [unknown] = load_sources(["http://no-such-host.invalid/x"], LOCAL)
    assert isinstance(unknown, LoadFailure) and "cannot resolve host 'no-such-host.invalid'" in unknown.problem


@pytest.mark.parametrize(("address", "allowed", "refused"), [
    ("10.1.2.3", True, "private"), ("192.168.0.1", True, "private"), ("169.254.169.254", True, "link-local"),
    ("::1", True, "loopback"), ("::ffff:127.0.0.1", True, "loopback"), ("fe80::1", True, "link-local"),
    ("100.64.0.1", True, "non-public"), ("224.0.0.1", False, "multicast"), ("0.0.0.0", False, "unspecified"),
    ("240.0.0.1", False, "reserved"),
])
def test_address_policy(address: str, allowed: bool, refused: str) -> None:
    problem = address_problem(address, allow_private=False)
    assert problem is not None and refused in problem
    assert (address_problem(address, allow_private=True) is None) is allowed
    assert address_problem("93.184.216.34", allow_private=False) is None
