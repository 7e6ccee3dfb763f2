"""The README's list of keys, written from the actions registry (minetui/tui/actions.py) so it cannot rot.

Usage: python tools/keys_doc.py            # rewrite the block between the markers in README.md
tests/test_readme_keys.py fails while the README's block differs from what this prints.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- keys:start (python tools/keys_doc.py) -->", "<!-- keys:end -->"

# Where each scope of the registry is used, as the README names it.
SCOPES = {
    "global": "everywhere", "home": "home (dashboard)", "mines": "mines list", "detail": "mine detail",
    "mine_form": "mine edit form", "zones": "key monitoring zones", "calendar": "patrol calendar",
    "patrol_form": "patrol form", "patrols": "patrol records", "report": "report table", "reports": "reports",
    "leads": "leads", "lead": "lead detail", "lists": "lists", "patches": "satellite patches",
    "verification": "field verification", "surveys": "special surveys", "spotchecks": "joint spot-checks",
    "inspection_detail": "inspection detail", "inspection_form": "inspection forms", "planner": "visit planner",
}


def render() -> str:
    from minetui import i18n

    i18n.set_language("en")
    from minetui.tui.actions import ACTIONS, key_label

    by_scope: dict[str, list[str]] = defaultdict(list)
    for action in ACTIONS:
        by_scope[action.scope].append(f"`{key_label(action)}` {action.title}")
    lines = [f"- **{SCOPES.get(scope, scope)}**: " + " · ".join(items) for scope, items in by_scope.items()]
    return "\n".join([START, *lines, END])


def replace_block(text: str, block: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return head + block + tail


def main() -> int:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"README.md has no {START} … {END} block", file=sys.stderr)
        return 2
    README.write_text(replace_block(text, render()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
