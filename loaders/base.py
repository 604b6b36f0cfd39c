"""The types every loader shares: options, failures and the strict-mode error.

Why a failure is a value and not an exception: a batch of thousands of inputs must go on
when one file is empty or one URL is down, and the caller (CLI, API) must still be able to
count and show each problem with the input that caused it. `strict` turns the first failure
into a `LoadError` for callers that prefer to stop.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import kg
from kg.settings import get_settings

USER_AGENT = f"geokg/{kg.__version__} (+https://github.com/geokg/geokg)"


@dataclass(frozen=True)
class LoadFailure:
    """One input that could not be turned into an article, with a problem a person can act on."""

    input: str  # the path, URL, "feed.jsonl:12" (line) or "feed.xml#3" (item)
    problem: str

    def __str__(self) -> str:
        return f"{self.input}: {self.problem}"


class LoadError(Exception):
    """Raised in strict mode (and by the single-input helpers); the message is `str(failure)`."""

    def __init__(self, failure: LoadFailure) -> None:
        super().__init__(str(failure))
        self.failure = failure


def _settings_timeout() -> float:
    return get_settings().fetch_timeout_s


def _settings_max_bytes() -> int:
    return get_settings().fetch_max_bytes


def _settings_allow_private() -> bool:
    return get_settings().allow_private_urls


@dataclass
class LoadOptions:
    """How sources are read. Defaults come from `kg.settings` (GEOKG_* variables)."""

    include: list[str] = field(default_factory=list)  # globs applied to files found in folders
    exclude: list[str] = field(default_factory=list)
    follow_links: bool = False  # feeds: fetch each item's link page
    allow_private: bool = field(default_factory=_settings_allow_private)  # URLs: private/loopback/link-local
    strict: bool = False  # first failure raises LoadError instead of yielding LoadFailure
    english_only: bool = True
    timeout_s: float = field(default_factory=_settings_timeout)
    max_bytes: int = field(default_factory=_settings_max_bytes)
    max_redirects: int = 5
    user_agent: str = USER_AGENT


def fail(input_name: str, problem: str) -> LoadError:
    """Shorthand used by loaders: `raise fail(path, "file is empty")`."""
    return LoadError(LoadFailure(input_name, problem))
