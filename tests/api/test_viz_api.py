"""`GET /viz`: the viewer page over real HTTP, with a CSP that lets it run nothing but itself."""

from __future__ import annotations

import httpx
from api_support import assert_problem


def test_viz_serves_a_self_contained_page_with_a_strict_csp(api: httpx.Client) -> None:
    response = api.get("/viz", params={"center": "state:chn", "depth": 1})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = {part.split()[0]: part.split()[1:] for part in response.headers["content-security-policy"].split("; ")}
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'unsafe-inline'"]
    assert csp["connect-src"] == ["'none'"]
    assert set(csp["img-src"]) == {"data:", "blob:"}
    page = response.text
    assert "Australia" in page and "Côte d" in page
    assert "Russia" not in page  # not within one hop of China
    assert "<script src=" not in page and "<link " not in page  # nothing loaded from elsewhere


def test_viz_filters_and_bad_input(api: httpx.Client) -> None:
    page = api.get("/viz", params={"center": "state:chn", "types": "COOPERATES_WITH"}).text
    assert "Côte d" in page and "Australia" not in page
    assert "Russia" in api.get("/viz").text  # no centre: the whole (small) graph
    assert_problem(api.get("/viz", params={"center": "state:zzz"}), 404, "state:zzz")
    assert_problem(api.get("/viz", params={"types": "HUGS"}), 422, "HUGS")
    assert_problem(api.get("/viz", params={"max_nodes": 0}), 422, "max_nodes")


def test_other_pages_do_not_get_the_viewer_csp(api: httpx.Client) -> None:
    assert "content-security-policy" not in api.get("/docs").headers
