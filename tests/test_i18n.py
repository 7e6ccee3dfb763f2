"""The one message mechanism: the zh_CN catalogue holds every string the code shows (Babel extraction finds
none missing, none untranslated), its committed .mo is the compiled .po, and every enum label, column title and
problem message comes from it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from minetui import i18n
from minetui.domain.model import MineStatus, Section, _Worded

REPO = Path(__file__).resolve().parent.parent


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("minetui_i18n_tool", REPO / "tools" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["minetui_i18n_tool"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return load_tool()


def test_the_catalogue_is_in_step_with_the_code(tool: ModuleType) -> None:
    """Nothing missing, untranslated, fuzzy or left over; placeholders kept; the .mo compiled from the .po."""
    assert tool.check() == [], "run: python tools/i18n.py update, translate, python tools/i18n.py compile"


def test_extraction_sees_the_strings_that_babel_alone_would_miss(tool: ModuleType) -> None:
    template = {(m.context, m.id) for m in tool.extract() if m.id}
    assert (None, "Mines") in template                            # _()
    assert (None, "Data check") in template                       # _() inside an f-string
    assert (None, "Quit") in template                             # N_() in the actions registry
    assert ("column", "Licence no.") in template                  # a Column title
    assert ("column:offices", "name") in template                 # a Column title with its own context
    assert ("MineStatus", "under construction") in template       # an enum label
    assert len(template) > 1000


def test_every_enum_member_has_its_words_in_the_catalogue(tool: ModuleType) -> None:
    labelled = list(tool.enum_labels())
    assert len({context for context, _, _ in labelled}) >= 38
    for cls in _worded_classes():
        for member in cls:
            assert member.zh and member.zh != member.en, f"{cls.__name__}.{member.name} has no Chinese word"
            assert i18n.label(member, "en") == member.en


def _worded_classes() -> list[type[_Worded]]:
    load_tool().enum_labels().__next__()  # imports every module that defines one
    found, todo = [], list(_Worded.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return found


def test_the_glossary_words_are_unchanged() -> None:
    assert [s.zh for s in MineStatus] == ["在产", "基建", "停产", "停建", "筹建", "关闭", "注销"]
    assert Section.CITY.zh == "市局" and i18n.label(Section.CITY, "en") == "City bureau"
    assert MineStatus.from_zh("停产") is MineStatus.SUSPENDED and MineStatus.from_zh("x") is None


def test_the_catalogue_is_used_at_run_time() -> None:
    try:
        i18n.set_language("zh")
        assert i18n._("Mines") == "矿山"
        assert MineStatus.HALTED.label == "停建"
        assert i18n.pgettext("column", "Licence no.") == "许可证号"
        i18n.set_language("en")
        assert i18n._("Mines") == "Mines"
        assert MineStatus.HALTED.label == "construction halted"
        assert MineStatus.HALTED.zh == "停建"  # the word the importer accepts, whatever the UI language
    finally:
        i18n.set_language("zh")


def test_a_message_renders_its_arguments_in_the_same_language() -> None:
    args = {"status": MineStatus.SUSPENDED, "points": ["J1", "J2"]}
    assert i18n.render("{status}: {points}", args, "en") == "suspended: J1, J2"
    assert i18n.render("{status}: {points}", args, "zh") == "停产: J1、J2"
