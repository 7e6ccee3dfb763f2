"""The one message mechanism: gettext catalogues under minetui/locale, msgids in English, zh_CN the default UI.

Every word a user reads comes from here:
- `_("…")` translates a UI string now; `N_("…")` only marks one (it is translated where it is shown, e.g. the
  message of a `Problem`, whose `code` and arguments travel and whose text is rendered when displayed).
- `pgettext(context, "…")` / `NC_(context, "…")` the same for a word whose Chinese depends on where it stands:
  enumeration labels (context = the enum's class name, see `domain.model.Worded`) and output column titles
  (context "column", see `io.output.Column`).
- `gettext_in(lang, …)` a word in a given language whatever the UI language (`--headers zh` under `--lang en`,
  or the Chinese word an importer accepts).

The catalogue is kept with Babel: `python tools/i18n.py update` extracts every marked string (and every enum
label) into minetui/locale/zh_CN/LC_MESSAGES/minetui.po, `python tools/i18n.py compile` writes the .mo that is
committed (an install needs no compile step); tests/test_i18n.py fails while either is out of date.

Pure: no Textual, no SQLite — the domain may import it. Call `set_language()` once at start-up.
"""

from __future__ import annotations

import gettext
from enum import Enum
from functools import cache
from typing import Any

from minetui import resources

DOMAIN = "minetui"
LANGUAGES = ("zh", "en")
LOCALES = {"zh": "zh_CN"}  # UI language → catalogue; English is the msgids themselves
COLUMN = "column"  # msgctxt of output column titles

_lang = "zh"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of `lang` ('en' is the msgids: no catalogue)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    if lang not in LOCALES:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=resources.locale_dir(), languages=[LOCALES[lang]], fallback=True)


def set_language(lang: str) -> None:
    """Switch the UI language: 'zh' (default) or 'en'."""
    global _lang
    translations(lang)  # validates
    _lang = lang


def language() -> str:
    return _lang


def _(message: str) -> str:
    return translations(_lang).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_lang).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(_lang).pgettext(context, message)


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it now (it is translated where it is shown)."""
    return message


def NC_(context: str, message: str) -> str:
    """`N_` with a context (the context is given again where the message is translated)."""
    return message


def gettext_in(lang: str, message: str, context: str | None = None) -> str:
    """`message` in `lang`, whatever the UI language."""
    catalogue = translations(lang)
    return catalogue.pgettext(context, message) if context else catalogue.gettext(message)


def label(member: Enum | None, lang: str | None = None) -> str:
    """The UI word of a domain enumeration member ('' for None), in `lang` (default: the UI language).

    Members of `domain.model.Worded` enums have their words in the catalogue; any other enum shows its value."""
    if member is None:
        return ""
    english = getattr(member, "en", None)
    if not isinstance(english, str):
        return str(member.value).replace("_", " ")
    return gettext_in(lang or _lang, english, type(member).__name__)


def render(message: str, args: dict[str, Any] | None = None, lang: str | None = None,
           context: str | None = None) -> str:
    """A marked message translated into `lang` (default: the UI language), its `{placeholders}` filled.

    Arguments are shown in the same language: an enum member by its label, a list joined with 、 (", " in
    English)."""
    text = gettext_in(lang or _lang, message, context)
    if not args:
        return text
    return text.format(**{key: shown(value, lang) for key, value in args.items()})


def shown(value: Any, lang: str | None = None) -> Any:
    """An argument of a message as the user reads it (an enum class: the choices it offers, a/b/c)."""
    if isinstance(value, type) and issubclass(value, Enum):
        return "/".join(label(member, lang) for member in value)
    if isinstance(value, Enum):
        return label(value, lang)
    if isinstance(value, list | tuple):
        return ("、" if (lang or _lang) == "zh" else ", ").join(str(shown(v, lang)) for v in value)
    return value
