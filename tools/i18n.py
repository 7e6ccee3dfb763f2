"""Keep minetui's catalogue with Babel: extract every user-visible string, update the zh_CN .po, compile the .mo.

Usage (from the repository root, in the project's venv; Babel comes with the `test` extra):
    python tools/i18n.py update     # extract, then merge into minetui/locale/zh_CN/LC_MESSAGES/minetui.po:
                                    # new strings appear untranslated, near matches fuzzy, removed ones go
    (translate the new entries in the .po — an empty msgstr or a `#, fuzzy` flag is not done)
    python tools/i18n.py compile    # write the .mo next to the .po (committed: an install needs no compile)
    python tools/i18n.py check      # what tests/test_i18n.py asserts: nothing missing, untranslated, fuzzy
                                    # or stale; exit 1 with the list otherwise
    python tools/i18n.py extract [FILE.pot]   # the template alone (stdout by default), e.g. for a translator

What is extracted (Babel's Python extractor over minetui/, plus two things it cannot see by itself):
- `_()`, `N_()`, `ngettext()`, `pgettext()`, `NC_()` calls;
- output column titles: the second argument of `Column(key, "Title", …)` (io/output.py), under msgctxt "column",
  and report titles, `Report(name, "Title", …)` (services/reporting/model.py), under msgctxt "report";
- enumeration labels: every member of every `_Worded` enum (domain/model.py), msgctxt = the enum's class name,
  msgid = its English word. Found by importing the modules that define such enums, so none can be missed.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import io
import string
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "minetui"
PO = PACKAGE / "locale" / "zh_CN" / "LC_MESSAGES" / "minetui.po"
MO = PO.with_suffix(".mo")
LOCALE = "zh_CN"
COLUMN = "column"
WIDTH = 116
# Fixed header dates: the .po and .mo change only when a message does.
EPOCH = datetime(2025, 1, 1)

KEYWORDS: dict[str, Any] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "NC_": ((1, "c"), 2),
    "Column": ((1, "c"), 2),  # the key's place is taken by the context "column" (see _extract_python)
    "Report": ((1, "c"), 2),  # the name's place is taken by the context "report"
}


def _extract_python(fileobj: Any, keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple]:
    """Babel extraction method for minetui's Python: the syntax tree's calls to the keywords, wherever they
    stand. (Babel's own Python extractor reads tokens and misses calls inside f-strings, `f"{_('Date')}: …"`,
    which this code uses a lot.) `Column(key, "Title", …)` is read as a title under the context "column"; a
    Column without a literal title (io/tablespec.py's import columns carry aliases) is no message."""
    tree = ast.parse(fileobj.read().decode("utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name not in keywords:
            continue
        values = tuple(a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                       for a in node.args)
        if name == "Column":
            if len(values) < 2 or values[1] is None:
                continue
            context = next((k.value.value for k in node.keywords if k.arg == "context"
                            and isinstance(k.value, ast.Constant)), COLUMN)
            values = (context, values[1])
        elif name == "Report":
            if len(values) < 2 or values[1] is None:
                continue
            values = ("report", values[1])
        if any(v is not None for v in values):
            yield node.lineno, name, values if len(values) > 1 else values[0], []


def _worded_modules() -> list[str]:
    """The modules that define an enum with catalogue labels (a class whose base is `_Worded`)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and any(getattr(b, "id", "") == "_Worded" for b in node.bases):
                found.append(".".join(path.relative_to(ROOT).with_suffix("").parts))
                break
    return found


def enum_labels() -> Iterator[tuple[str, str, str]]:
    """(context, msgid, module path) of every enum label."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for name in _worded_modules():
        module = importlib.import_module(name)
        where = name.replace(".", "/") + ".py"
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == name and hasattr(value, "EN") and \
                    issubclass(value, importlib.import_module("minetui.domain.model")._Worded):
                for member in value:
                    yield value.__name__, member.en, where


def extract() -> Catalog:
    """The template: every string the code shows, as Babel finds it, plus the enum labels."""
    template = Catalog(project="minetui", charset="utf-8", creation_date=EPOCH)
    for filename, lineno, message, comments, context in extract_from_dir(
            PACKAGE, method_map=[("**.py", _extract_python)], keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        template.add(message, None, [(f"minetui/{filename}", lineno)], auto_comments=comments, context=context)
    for context, msgid, where in enum_labels():
        template.add(msgid, None, [(where, 0)], context=context)
    return template


def read(path: Path = PO) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=LOCALE)


def po_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=WIDTH, include_lineno=False, ignore_obsolete=True, sort_by_file=False)
    return buf.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


HEADER = """\
# minetui — Simplified Chinese UI words. msgids are English; words follow the glossary in domain.md.
# Kept with Babel: `python tools/i18n.py update` adds what the code shows, translate the new entries,
# then `python tools/i18n.py compile` (tests/test_i18n.py fails while anything is missing or stale)."""


def _fix_header(catalog: Catalog) -> None:
    catalog.header_comment = HEADER
    catalog.project, catalog.version = "minetui", ""
    catalog.creation_date = catalog.revision_date = EPOCH
    catalog.last_translator = "minetui"
    catalog.language_team = "zh_CN"
    catalog.msgid_bugs_address = ""
    catalog.copyright_holder = ""


def update() -> Catalog:
    catalog = read()
    catalog.update(extract())
    _fix_header(catalog)
    PO.write_bytes(po_bytes(catalog))
    return catalog


def compile_mo() -> None:
    MO.write_bytes(mo_bytes(read()))


def _placeholders(text: str) -> set[str]:
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def _key(message: Any) -> tuple[str | None, str]:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return message.context, msgid


def check() -> list[str]:
    """Every way the catalogue is out of step with the code; empty when it is in step."""
    template, catalog = extract(), read()
    wanted = {_key(m): m for m in template if m.id}
    have = {_key(m): m for m in catalog if m.id}
    found: list[str] = []

    def named(key: tuple[str | None, str]) -> str:
        context, msgid = key
        return f"[{context}] {msgid!r}" if context else repr(msgid)

    for key, message in wanted.items():
        where = ", ".join(f for f, _ in message.locations[:2])
        if key not in have:
            found.append(f"missing from the .po: {named(key)} ({where})")
        elif not have[key].string or (isinstance(have[key].string, tuple) and not all(have[key].string)):
            found.append(f"untranslated: {named(key)} ({where})")
        elif have[key].fuzzy:
            found.append(f"fuzzy (check the translation, then drop the flag): {named(key)}")
    found += [f"no longer in the code: {named(key)}" for key in have if key not in wanted]
    for key, message in have.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if message.string and any(_placeholders(ids[0]) != _placeholders(s) for s in strings):
            found.append(f"placeholders differ: {named(key)} → {message.string!r}")
    if not MO.exists() or MO.read_bytes() != mo_bytes(catalog):
        found.append("the .mo is not the compiled .po: run `python tools/i18n.py compile`")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    pot = sub.add_parser("extract", help="write the template (.pot)")
    pot.add_argument("out", nargs="?", help="file to write (default: stdout)")
    sub.add_parser("update", help="extract and merge into the zh_CN .po")
    sub.add_parser("compile", help="compile the zh_CN .po into its .mo")
    sub.add_parser("check", help="fail when the catalogue is out of step with the code")
    args = parser.parse_args(argv)
    if args.command == "extract":
        data = po_bytes(extract())
        if args.out:
            Path(args.out).write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
    elif args.command == "update":
        catalog = update()
        todo = sum(1 for m in catalog if m.id and (not m.string or m.fuzzy))
        print(f"{PO.relative_to(ROOT)}: {len(catalog)} messages, {todo} to translate", file=sys.stderr)
    elif args.command == "compile":
        compile_mo()
    else:
        problems = check()
        for line in problems:
            print(line, file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
