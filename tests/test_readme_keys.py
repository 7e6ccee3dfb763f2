"""The README's key list is the actions registry's (regenerate with `python tools/keys_doc.py`)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from minetui import i18n

ROOT = Path(__file__).resolve().parent.parent


def _keys_doc():
    spec = importlib.util.spec_from_file_location("keys_doc", ROOT / "tools" / "keys_doc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_lists_every_key_of_the_registry() -> None:
    keys_doc = _keys_doc()
    try:
        block = keys_doc.render()
    finally:
        i18n.set_language("zh")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert block in readme, "README.md's key list is stale: run python tools/keys_doc.py"
    assert "`m` Mines" in block and "`/` Filter" in block
