"""Where minetui keeps its files: `--db`, else `$MINETUI_DB`, else the platform's per-user data dir."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "minetui"


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "minetui.db"


def demo_db_path() -> Path:
    """The demo database lives beside, never on top of, the real one."""
    return data_dir() / "demo.db"


def resolve_db_path(cli_value: str | None) -> Path:
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get("MINETUI_DB")
    if env:
        return Path(env).expanduser()
    return default_db_path()


def evidence_dir(db_path: Path) -> Path:
    """Evidence files live beside the database, named by their SHA-256."""
    return db_path.with_name(db_path.stem + ".evidence")
