"""Translations: gettext catalogs under minetui/locale (msgids are English; zh_CN is the default UI).

`_()` translates a UI string; `label()` gives the UI word for a domain enumeration (domain/model.py holds
the Chinese words of the glossary, so they are written once). Call `set_language()` once at start-up.
"""

from __future__ import annotations

import gettext
from enum import Enum

from minetui import resources

DOMAIN = "minetui"
LANGUAGES = ("zh", "en")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_lang = "zh"

# English UI words of enumerations, from the glossary in domain.md (keys are the stored values).
_EN_LABELS: dict[str, str] = {
    "open_pit": "open-pit",
    "construction": "under construction",
    "halted": "construction halted",
    "mineral": "Mineral Management",
    "enforcement": "Enforcement",
    "restoration": "Restoration",
    "registration": "Registration",
    "task_force": "Task force",
    "forestry": "Forestry",
    "city": "City bureau",
    "province": "Provincial dept",
}


def set_language(lang: str) -> None:
    """Switch the UI language: 'zh' (default) or 'en'."""
    global _translation, _lang
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    _lang = lang
    if lang == "en":
        _translation = gettext.NullTranslations()
        return
    _translation = gettext.translation(DOMAIN, localedir=resources.locale_dir(), languages=["zh_CN"], fallback=True)


def language() -> str:
    return _lang


def _(message: str) -> str:
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark an English msgid for the catalogue where it is declared; `_()` translates it where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def label(member: Enum | None, lang: str | None = None) -> str:
    """The UI word of a domain enumeration member ('' for None), in `lang` (default: the UI language)."""
    if member is None:
        return ""
    if (lang or _lang) == "zh" and hasattr(member, "zh"):
        return member.zh  # type: ignore[no-any-return]
    return _EN_LABELS.get(str(member.value), str(member.value).replace("_", " "))


set_language("zh")
