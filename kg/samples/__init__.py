"""Sample articles bundled for `geokg demo`: illustrative texts, not real reporting (see README.md).

They are found through importlib.resources rather than a path relative to the repository, so
the demo works the same from a checkout, an editable install and an installed wheel.
"""

import pathlib
from importlib.resources import files

# Files in this folder that describe or implement the samples rather than being samples.
_NOT_SAMPLES = frozenset({"README.md", "__init__.py"})


def sample_paths() -> list[pathlib.Path]:
    """Return the sample article files (plain text, HTML, RSS, JSON Lines), sorted by name.

    Sorting makes every machine ingest the same files in the same order (the dated names sort
    chronologically; feed.xml and wire.jsonl come last). Hidden files and folders (such as __pycache__)
    are skipped. Raises RuntimeError if the package is not on a real file system (for example
    a zip import), because the loaders read paths.
    """
    root = files("kg.samples")
    if not isinstance(root, pathlib.Path):
        raise RuntimeError(f"kg.samples is not on the file system ({root!r}); install geokg unzipped")
    return sorted(
        entry
        for entry in root.iterdir()
        if entry.is_file() and entry.name not in _NOT_SAMPLES and not entry.name.startswith(".")
    )
