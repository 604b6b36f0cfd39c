"""Assemble the self-contained HTML page: template + inlined vis-network, viewer JS/CSS + data.

Why not pyvis's own HTML: even with `cdn_resources="in_line"` it links Bootstrap and
tom-select from CDNs, and it has no legend, no evidence panel and no safe text rendering.
We take vis-network from the pyvis package (its `templates/lib` folder), so nothing is
downloaded and no copy of the library lives in this repository.

Safety: the data goes into a `<script type="application/json">` block with `<`, `>` and `&`
escaped as `\\u003c`..., so a name containing `</script>` cannot end the block; the viewer
renders every string with `textContent`. A Content-Security-Policy allows only the page's
own scripts (by hash) and no network access at all, as defence in depth.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pyvis

VIS_VERSION = "9.1.2"
_MARKER = re.compile(r"\{\{(\w+)\}\}")
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


class VizAssetError(RuntimeError):
    """A file the page needs (vis-network from pyvis, or our template) is missing."""


def _own(name: str) -> str:
    return resources.files("kg.viz").joinpath(name).read_text("utf-8")


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """vis-network as shipped inside the installed pyvis package, without its source-map link
    (a devtools fetch of the .map would be a request leaving the page)."""
    path = Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}" / "vis-network.min.js"
    if not path.is_file():
        raise VizAssetError(f"{path}: vis-network {VIS_VERSION} not found in the pyvis package (pyvis 0.3.2 ships it)")
    return _SOURCE_MAP.sub("", path.read_text("utf-8"))


def script_safe(code: str) -> str:
    """JS code that cannot end its `<script>` element early."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)


def json_for_script(data: Any) -> str:
    """JSON that is inert inside `<script type="application/json">`: `<`, `>`, `&` and the
    JS line separators are escaped, so no string in it can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def assemble(view: dict[str, Any]) -> str:
    """The whole page for a view built by `kg.viz.data.build_view`."""
    scripts = [script_safe(vis_network_js()), script_safe(_own("search.js")), script_safe(_own("viewer.js"))]
    csp = (
        "default-src 'none'; "
        f"script-src {' '.join(_sha256(code) for code in scripts)}; "
        "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
        "connect-src 'none'; form-action 'none'; base-uri 'none'"
    )
    parts = {
        "csp": html.escape(csp, quote=True),
        "title": html.escape(str(view.get("title") or "geokg")),
        "css": _own("viewer.css"),
        "data": json_for_script(view),
        "vis_js": scripts[0],
        "search_js": scripts[1],
        "viewer_js": scripts[2],
    }
    # One pass: text inserted for one marker is never scanned for another.
    return _MARKER.sub(lambda m: parts[m.group(1)], _own("page.html"))
