"""Fetching http(s) URLs without becoming a tool for server-side request forgery.

Why every hop is checked and pinned: `geokg serve` fetches URLs that strangers submit. A URL
may name a private address directly, resolve to one, redirect to one, or resolve differently
the second time it is looked up (DNS rebinding). So each hop's host is resolved here, every
address is checked, and the connection goes to the checked address (Host header and TLS SNI
carry the name). Size, time and redirects are capped; the body is read as a stream so an
endless response stops at the cap.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from kg.loaders.base import LoadOptions, fail

ACCEPTED_TYPES = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "feed", "application/atom+xml": "feed", "application/rdf+xml": "feed",
    "application/xml": "xml", "text/xml": "xml",
    "text/plain": "text",
    "application/json": "jsonl", "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
    "application/jsonlines": "jsonl", "application/x-jsonlines": "jsonl",
}
_ACCEPT_HEADER = "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, " \
                 "application/xml;q=0.9, text/plain;q=0.8, application/x-ndjson;q=0.8"
_PRIVATE_HINT = "use --allow-private (LoadOptions.allow_private) to fetch from your own network"


@dataclass(frozen=True)
class Fetched:
    url: str  # the final URL, after redirects
    content_type: str  # media type without parameters, lower case ("" when the server sent none)
    charset: str | None
    body: bytes

    @property
    def kind(self) -> str | None:
        """"html", "feed", "xml", "text", "jsonl", or None when the type says nothing."""
        return ACCEPTED_TYPES.get(self.content_type)


def fetch_url(url: str, options: LoadOptions | None = None) -> Fetched:
    """GET `url` following at most `max_redirects` redirects; raise LoadError(url, problem)."""
    opts = options or LoadOptions()
    deadline = time.monotonic() + opts.timeout_s
    current = url
    headers = {"User-Agent": opts.user_agent, "Accept": _ACCEPT_HEADER}
    with httpx.Client(timeout=httpx.Timeout(opts.timeout_s), follow_redirects=False, trust_env=False,
                      headers=headers) as client:
        for _ in range(opts.max_redirects + 1):
            request = _pinned_request(client, url, current, opts)
            try:
                response = client.send(request, stream=True)
            except httpx.TimeoutException:
                raise fail(url, f"timed out after {opts.timeout_s:g} s ({current})") from None
            except httpx.HTTPError as exc:
                raise fail(url, f"cannot connect to {current} ({exc or type(exc).__name__})") from None
            try:
                if response.is_redirect:
                    location = response.headers.get("location", "").strip()
                    if not location:
                        raise fail(url, f"HTTP {response.status_code} redirect without a Location header")
                    current = urljoin(current, location)
                    continue
                return _read(response, url, current, opts, deadline)
            finally:
                response.close()
    raise fail(url, f"more than {opts.max_redirects} redirects (last: {current})")


def _pinned_request(client: httpx.Client, original: str, current: str, opts: LoadOptions) -> httpx.Request:
    """A request to the checked IP address of `current`'s host, with its name in Host and SNI."""
    try:
        target = httpx.URL(current)
    except (httpx.InvalidURL, ValueError) as exc:
        raise fail(original, f"malformed URL {current!r} ({exc})") from None
    if target.scheme not in ("http", "https"):
        raise fail(original, f"refused: {current!r} is not an http(s) URL")
    host = target.host
    if not host:
        raise fail(original, f"malformed URL {current!r} (no host)")
    port = target.port or (443 if target.scheme == "https" else 80)
    address = resolve_checked(host, port, original, opts.allow_private)
    extensions = {"sni_hostname": host} if target.scheme == "https" else {}
    host_header = host if target.port is None else f"{host}:{target.port}"
    if ":" in host and not host.startswith("["):
        host_header = f"[{host}]" if target.port is None else f"[{host}]:{target.port}"
    return client.build_request("GET", target.copy_with(host=address), headers={"Host": host_header},
                                extensions=extensions)


def resolve_checked(host: str, port: int, name: str, allow_private: bool) -> str:
    """The first address of `host` after checking all of them (one bad address refuses the host)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise fail(name, f"cannot resolve host {host!r} ({exc})") from None
    addresses = sorted({str(info[4][0]) for info in infos}, key=lambda a: (":" in a, a))  # IPv4 first
    if not addresses:
        raise fail(name, f"cannot resolve host {host!r}")
    for address in addresses:
        problem = address_problem(address, allow_private)
        if problem:
            shown = host if host == address else f"{host} resolves to {address},"
            raise fail(name, f"refused: {shown} {problem}")
    return addresses[0]


def address_problem(address: str, allow_private: bool) -> str | None:
    """Why an address may not be fetched from, or None. Multicast, unspecified and reserved
    addresses are always refused; private, loopback and link-local ones unless allowed."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_unspecified:
        return "is an unspecified address (0.0.0.0 or ::)"
    if ip.is_multicast:
        return "is a multicast address"
    kind = "loopback" if ip.is_loopback else "link-local" if ip.is_link_local else None
    if kind is None and ip.is_reserved:
        return "is a reserved address"
    if kind is None:
        kind = "private" if ip.is_private else None if ip.is_global else "non-public"
    if kind and not allow_private:
        return f"is a {kind} address; {_PRIVATE_HINT}"
    return None


def _read(response: httpx.Response, url: str, current: str, opts: LoadOptions, deadline: float) -> Fetched:
    if response.status_code >= 400:
        raise fail(url, f"HTTP {response.status_code} {response.reason_phrase} from {current}")
    if response.status_code != 200:
        raise fail(url, f"unexpected HTTP status {response.status_code} from {current}")
    raw_type = response.headers.get("content-type", "")
    content_type = raw_type.split(";", 1)[0].strip().lower()
    if content_type and content_type not in ACCEPTED_TYPES:
        raise fail(url, f"unsupported content type {content_type!r} (expected HTML, an RSS/Atom feed, "
                        "plain text or JSON lines)")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > opts.max_bytes:
        raise fail(url, f"too large: {int(declared):,} bytes announced, the limit is {opts.max_bytes:,}")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > opts.max_bytes:
                raise fail(url, f"too large: more than {opts.max_bytes:,} bytes (stopped reading)")
            if time.monotonic() > deadline:
                raise fail(url, f"timed out after {opts.timeout_s:g} s while reading {current}")
            chunks.append(chunk)
    except httpx.TimeoutException:
        raise fail(url, f"timed out after {opts.timeout_s:g} s while reading {current}") from None
    except httpx.HTTPError as exc:
        raise fail(url, f"connection broke while reading {current} ({exc or type(exc).__name__})") from None
    charset = response.charset_encoding
    return Fetched(url=current, content_type=content_type, charset=charset, body=b"".join(chunks))
