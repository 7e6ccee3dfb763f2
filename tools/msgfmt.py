"""Compile minetui's .po catalogs to .mo (a small msgfmt: the subset of the PO format the project uses).

Usage: python tools/msgfmt.py            # compile every catalog under minetui/locale
"""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "minetui" / "locale"


def parse_po(text: str) -> dict[str, str]:
    """{msgid: msgstr} of a PO file (fuzzy and untranslated entries are left out, as msgfmt does)."""
    messages: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None
    fuzzy = False

    def flush() -> None:
        nonlocal msgid, msgstr, fuzzy
        if msgid is not None and msgstr is not None:
            key, value = "".join(msgid), "".join(msgstr)
            if (value or key == "") and not fuzzy:
                messages[key] = value
        msgid, msgstr, fuzzy = None, None, False

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            flush()
            fuzzy = True
        elif line.startswith("#") or not line:
            if msgstr is not None:
                flush()
        elif line.startswith("msgid "):
            if msgstr is not None:
                keep = fuzzy
                flush()
                fuzzy = keep
            msgid, current = [ast.literal_eval(line[6:])], None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [ast.literal_eval(line[7:])]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
    flush()
    return messages


def mo_bytes(messages: dict[str, str]) -> bytes:
    keys = sorted(messages)
    ids = b""
    strs = b""
    offsets = []
    for key in keys:
        kb, vb = key.encode("utf-8"), messages[key].encode("utf-8")
        offsets.append((len(ids), len(kb), len(strs), len(vb)))
        ids += kb + b"\0"
        strs += vb + b"\0"
    header_size = 7 * 4
    key_table = header_size
    value_table = key_table + len(keys) * 8
    ids_start = value_table + len(keys) * 8
    strs_start = ids_start + len(ids)
    key_entries = b"".join(struct.pack("<II", length, ids_start + off) for off, length, _, _ in offsets)
    value_entries = b"".join(struct.pack("<II", length, strs_start + off) for _, _, off, length in offsets)
    header = struct.pack("<IIIIIII", 0x950412DE, 0, len(keys), key_table, value_table, 0, 0)
    return header + key_entries + value_entries + ids + strs


def compile_all(locale: Path = LOCALE) -> list[Path]:
    written = []
    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(mo_bytes(parse_po(po.read_text(encoding="utf-8"))))
        written.append(mo)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(path.relative_to(LOCALE.parent.parent), file=sys.stderr)
