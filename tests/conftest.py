"""Shared fixtures: every test gets real SQLite files in a temp dir — never a mocked database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from minetui import i18n
from minetui.services.core.context import Context


@pytest.fixture(autouse=True)
def _chinese_ui():
    """Every test starts in the default language (zh) and leaves it so."""
    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "minetui.db"


@pytest.fixture
def ctx(db_path: Path):
    context = Context.open(db_path, actor="tester", today=date(2025, 6, 15))
    yield context
    context.close()
