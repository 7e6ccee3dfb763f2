"""Fill the catalogue's untranslated or fuzzy entries from another catalogue (e.g. a branch's .po after a merge
in which both sides added strings): the same msgid gets the other's translation when its placeholders match.

Usage: python tools/po_fill.py OTHER.po     then check, and `python tools/i18n.py compile`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import i18n  # the project's catalogue tool, beside this file

_FIELDS = re.compile(r"\{[^{}]*\}")


def _fields(text: str) -> set[str]:
    return set(_FIELDS.findall(text))


def main(other_path: str) -> int:
    other = i18n.read(Path(other_path))
    known: dict[tuple[str | None, str], str] = {}
    for message in other:
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
            known.setdefault((message.context, message.id), str(message.string))
            known.setdefault((None, message.id), str(message.string))
    catalog = i18n.read()
    filled = 0
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or (message.string and not message.fuzzy):
            continue
        found = known.get((message.context, message.id)) or known.get((None, message.id))
        if found and _fields(found) == _fields(message.id):
            message.string = found
            message.flags.discard("fuzzy")
            filled += 1
    i18n.PO.write_bytes(i18n.po_bytes(catalog))
    print(f"{filled} entries filled from {other_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
