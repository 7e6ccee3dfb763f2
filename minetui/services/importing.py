"""`minetui import KIND FILE`: which planner imports which KIND, and the right each KIND needs.

Every KIND of formats.md is a spec in io/specs.py and a planner in its capability; the import engine
(services/core/import_engine.py) runs it all or nothing.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from minetui.io.specs import SPECS
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.services.core.import_engine import ImportReport, Planner, run_import
from minetui.services.leads.patches import plan_patches
from minetui.services.mines import imports as mine_imports
from minetui.services.patrols.imports import plan_patrols

KINDS: tuple[str, ...] = tuple(SPECS)
# The policy action each kind needs (domain/policy.py); a patrols file is then checked row by row.
IMPORT_RIGHTS = {"zones": Action.ZONE_EDIT, "patrols": Action.PATROL_IMPORT, "patches": Action.PATCH_IMPORT}
_PLANNERS: dict[str, Planner] = {
    "offices": mine_imports.plan_offices,
    "mines": mine_imports.plan_mines,
    "corners": mine_imports.plan_corners,
    "status": mine_imports.plan_status,
    "zones": mine_imports.plan_zones,
    "patches": plan_patches,
}


def import_file(ctx: Context, kind: str, path: Path, *, dry_run: bool = False) -> ImportReport:
    """Import `path` as `kind` (formats.md's tables). Raises ImportRefused on any error."""
    if not dry_run:  # a dry run writes nothing: anyone may check a file
        authorize(ctx, IMPORT_RIGHTS.get(kind, Action.MINE_IMPORT))
    return run_import(ctx, kind, path, _planner(kind, path), dry_run=dry_run)


def _planner(kind: str, path: Path) -> Planner:
    """The kind's planner; patrols also need the file's folder (route and photo names are relative to it)."""
    if kind == "patrols":
        return partial(plan_patrols, folder=path.parent)
    return _PLANNERS.get(kind, mine_imports.plan_offices)  # an unknown kind is refused by run_import
