"""Where minetui's packaged files are found: the schema, the demo seeds, the migrations and the catalogues.

`schema.sql` and `seeds/` live at the repository's top level (the single sources). A built wheel carries them
inside the package (pyproject's hatch `force-include`); an editable install reads them from the source tree.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

_PACKAGE = resources.files("minetui")
_SOURCE_ROOT = Path(__file__).resolve().parent.parent  # the repository, when running from a checkout


def _top_level(name: str) -> Traversable:
    """`name` inside the installed package (a wheel), else at the top of the source tree (a checkout)."""
    packaged = _PACKAGE.joinpath(name)
    if packaged.is_file() or packaged.is_dir():
        return packaged
    return _SOURCE_ROOT / name


def schema_sql() -> str:
    """The current schema (schema.sql), as a new database gets it."""
    return _top_level("schema.sql").read_text(encoding="utf-8")


def migration_files() -> dict[int, str]:
    """{version: sql} for every `NNNN_name.sql` in store/migrations (version N upgrades N-1 → N)."""
    found: dict[int, str] = {}
    for entry in _PACKAGE.joinpath("store", "migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found[int(name[:4])] = entry.read_text(encoding="utf-8")
    return dict(sorted(found.items()))


def seeds_dir() -> Traversable:
    """The folder of the demo district's seed files."""
    return _top_level("seeds")


def seed_text(name: str) -> str:
    """The text of one seed file (e.g. 'mines.csv')."""
    return seeds_dir().joinpath(name).read_text(encoding="utf-8")


@contextlib.contextmanager
def seed_path(name: str) -> Iterator[Path]:
    """A real file system path of one seed file (the importer reads files), for the `with` block."""
    with resources.as_file(seeds_dir().joinpath(name)) as path:
        yield path


def locale_dir() -> str:
    """The folder of the gettext catalogues (locale/<lang>/LC_MESSAGES/minetui.mo)."""
    return str(_PACKAGE.joinpath("locale"))
