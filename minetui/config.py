"""Per-user settings in TOML (config.toml in the platform config dir), validated strictly.

An unknown key or a value of the wrong type is an error naming the file and the key: a typo must not be
silently ignored on a workstation where nobody reads logs.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from minetui.paths import config_dir


class ConfigError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Config:
    language: str = "zh"
    # R-GEO-1: warn when the polygon's area differs from the licence area by more than this fraction.
    area_tolerance: float = 0.05
    # `check`: licences expiring within this many days are reported.
    expiry_warning_days: int = 30
    # Patrol duties: "due soon" when the period ends within this many days (R-PAT-2 states).
    due_soon_days: int = 7
    page_size: int = 200
    offices: list[str] = field(default_factory=list)  # office codes shown first (a clerk's own office)
    section: str = ""  # the clerk's section ("enforcement" or 执法机构): the leads screen opens on it
    # A writer waits this long for another process's write lock before saying "the database is busy".
    busy_timeout_ms: int = 5000
    # The app copies the database into backups/ beside it on its first start each day, keeping the last N.
    daily_backup: bool = True
    backup_keep: int = 14


_TYPES: dict[str, type | tuple[type, ...]] = {
    "language": str,
    "area_tolerance": (int, float),
    "expiry_warning_days": int,
    "due_soon_days": int,
    "page_size": int,
    "offices": list,
    "section": str,
    "busy_timeout_ms": int,
    "daily_backup": bool,
    "backup_keep": int,
}


def default_config_path() -> Path:
    return config_dir() / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the config file if it exists; defaults otherwise. Raises ConfigError on any bad key."""
    path = path or default_config_path()
    if not path.exists():
        return Config()
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    known = {f.name for f in fields(Config)}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown key {key!r} (known: {', '.join(sorted(known))})")
        expected = _TYPES[key]
        if isinstance(value, bool) != (expected is bool) or not isinstance(value, expected):
            raise ConfigError(f"{path}: {key} has the wrong type ({type(value).__name__})")
    if data.get("language", "zh") not in ("zh", "en"):
        raise ConfigError(f"{path}: language must be 'zh' or 'en'")
    if float(data.get("area_tolerance", 0.05)) <= 0:
        raise ConfigError(f"{path}: area_tolerance must be positive")
    for key in ("busy_timeout_ms", "backup_keep"):
        if key in data and data[key] < (0 if key == "busy_timeout_ms" else 1):
            raise ConfigError(f"{path}: {key} is out of range ({data[key]})")
    return Config(**data)
