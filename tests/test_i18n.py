"""The Chinese catalog: compiled and committed, complete for every `_()` string, placeholders intact."""

from __future__ import annotations

import ast
import importlib.util
import re
import string
import sys
from pathlib import Path
from types import ModuleType

import pytest

from minetui import i18n

REPO = Path(__file__).resolve().parent.parent
PO = REPO / "minetui" / "locale" / "zh_CN" / "LC_MESSAGES" / "minetui.po"
MO = PO.with_suffix(".mo")


def load_msgfmt() -> ModuleType:
    spec = importlib.util.spec_from_file_location("msgfmt", REPO / "tools" / "msgfmt.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["msgfmt"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def catalog() -> dict[str, str]:
    return load_msgfmt().parse_po(PO.read_text(encoding="utf-8"))


def test_the_committed_mo_is_the_compiled_po() -> None:
    msgfmt = load_msgfmt()
    assert MO.read_bytes() == msgfmt.mo_bytes(msgfmt.parse_po(PO.read_text(encoding="utf-8"))), (
        "run: python tools/msgfmt.py")


def test_no_msgid_appears_twice() -> None:
    ids = re.findall(r'^msgid (".*")$', PO.read_text(encoding="utf-8"), flags=re.MULTILINE)
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    assert repeated == [], "the .po is appended to by several people: remove the later duplicates"


def translatable_strings() -> list[tuple[str, str]]:
    """(where, msgid) of every literal passed to `_()` or `ngettext()` in minetui/."""
    found = []
    for path in sorted((REPO / "minetui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            count = {"_": 1, "ngettext": 2}.get(name, 0)
            for arg in node.args[:count]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append((f"{path.relative_to(REPO).as_posix()}:{node.lineno}", arg.value))
    return found


def test_every_ui_string_has_a_chinese_translation(catalog: dict[str, str]) -> None:
    strings = translatable_strings()
    assert len(strings) > 10
    missing = [f"{where}: {msgid!r}" for where, msgid in strings if not catalog.get(msgid)]
    assert missing == [], "append these to minetui.po, then run tools/msgfmt.py"


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_translations_keep_the_placeholders(catalog: dict[str, str]) -> None:
    broken = [msgid for msgid, msgstr in catalog.items()
              if msgid and placeholders(msgid) != placeholders(msgstr)]
    assert broken == []


def test_the_catalog_is_used_at_run_time() -> None:
    i18n.set_language("zh")
    assert i18n._("Mines") == "矿山"
    i18n.set_language("en")
    assert i18n._("Mines") == "Mines"
