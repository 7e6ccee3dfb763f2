"""Saved views: a named filter, sort and column choice of the mine list or of a catalogue report, per user.

The app saves them (`v`) and reopens them (`V`); `minetui report view:NAME` runs one. Writes are audited
(entity 'view', entity_id 'owner:name'); a view is unique per owner and name, saving again replaces it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from minetui.errors import ServiceError, StaleRecord
from minetui.i18n import _
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.services.reporting.catalogue import get_report, run_report, sort_rows
from minetui.services.reporting.model import ReportResult
from minetui.store import audit, db
from minetui.store import views as store

MINES_SCREEN = "mines"
REPORT_PREFIX = "report:"
MAX_NAME = 60


@dataclass(frozen=True, slots=True)
class SavedView:
    id: int
    owner: str
    name: str
    screen: str
    filter: dict[str, Any]
    sort: dict[str, Any]
    columns: list[str]
    version: int

    @property
    def report_name(self) -> str:
        """The catalogue report that shows this view ('mines' for the mine list)."""
        return self.screen.removeprefix(REPORT_PREFIX)

    @property
    def sort_key(self) -> str | None:
        return self.sort.get("key") or None

    @property
    def descending(self) -> bool:
        return bool(self.sort.get("descending"))


def report_screen(name: str) -> str:
    return MINES_SCREEN if name == MINES_SCREEN else REPORT_PREFIX + name


def _view(row: Mapping[str, Any]) -> SavedView:
    return SavedView(row["id"], row["owner"], row["name"], row["screen"], json.loads(row["filter"]),
                     json.loads(row["sort"]), json.loads(row["columns"]), row["version"])


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True,
                      default=lambda v: v.isoformat() if isinstance(v, date) else str(v))


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_NAME or ":" in cleaned:
        raise ServiceError(_("a view needs a name of 1 to {n} characters without ':'").format(n=MAX_NAME))
    return cleaned


def save_view(ctx: Context, name: str, screen: str, filter: Mapping[str, Any], *, sort_key: str | None = None,
              descending: bool = False, columns: Sequence[str] = (), expected_version: int | None = None
              ) -> SavedView:
    """Save (or replace) the actor's view `name`. `screen` is 'mines' or 'report:NAME'."""
    authorize(ctx, Action.VIEW_SAVE)
    name = _clean_name(name)
    get_report(screen.removeprefix(REPORT_PREFIX))  # refuses an unknown report
    now = db.now_utc()
    row = {"owner": ctx.actor, "name": name, "screen": screen, "filter": _json(dict(filter)),
           "sort": _json({"key": sort_key, "descending": descending} if sort_key else {}),
           "columns": _json(list(columns)), "created_at": now, "updated_at": now}
    with db.write(ctx.conn):
        before = store.get_view(ctx.conn, ctx.actor, name)
        if before is None:
            view_id = store.insert_view(ctx.conn, row)
        else:
            view_id = before["id"]
            version = before["version"] if expected_version is None else expected_version
            if not store.update_view(ctx.conn, view_id, row, version):
                raise StaleRecord("view", name, version, before["version"])
        after = store.get_view(ctx.conn, ctx.actor, name)
        assert after is not None
        audit.append(ctx.conn, actor=ctx.actor, action="view.save", entity="view", entity_id=f"{ctx.actor}:{name}",
                     before=_audited(before), after=_audited(after))
    return _view(after)


def _audited(row: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"screen": row["screen"], "version": row["version"],
            **{k: json.loads(row[k]) for k in ("filter", "sort", "columns")}}


def get_view(ctx: Context, name: str) -> SavedView:
    row = store.get_view(ctx.conn, ctx.actor, " ".join(name.split()))
    if row is None:
        raise ServiceError(_("no saved view named {name} for {user}").format(name=name, user=ctx.actor))
    return _view(row)


def list_views(ctx: Context) -> list[SavedView]:
    """The actor's saved views, by name."""
    return [_view(r) for r in store.views_of(ctx.conn, ctx.actor)]


def delete_view(ctx: Context, name: str) -> None:
    authorize(ctx, Action.VIEW_SAVE)
    view = get_view(ctx, name)
    with db.write(ctx.conn):
        store.delete_view(ctx.conn, view.id)
        audit.append(ctx.conn, actor=ctx.actor, action="view.delete", entity="view",
                     entity_id=f"{ctx.actor}:{view.name}", before={"screen": view.screen, "filter": view.filter})


def view_params(view: SavedView) -> dict[str, Any]:
    """The report parameters a view holds, typed again (dates were stored as text)."""
    report = get_report(view.report_name)
    params: dict[str, Any] = {}
    for key, value in view.filter.items():
        param = report.param(key)
        if param is None:
            continue
        params[key] = param.parse(value) if isinstance(value, str) and param.kind in ("date", "int") else value
    return params


def run_view(ctx: Context, name: str) -> ReportResult:
    """The rows of a saved view: its report with its parameters, sorted and with its columns."""
    view = get_view(ctx, name)
    result = run_report(ctx, view.report_name, view_params(view))
    rows = result.rows
    if view.sort_key and view.report_name != MINES_SCREEN:
        rows = sort_rows(rows, view.sort_key, view.descending)
    columns = result.columns
    if view.columns:
        by_key = {c.key: c for c in columns}
        columns = [by_key[k] for k in view.columns if k in by_key] or columns
    return ReportResult(result.report, result.params, columns, rows)
