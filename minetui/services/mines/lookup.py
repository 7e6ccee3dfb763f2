"""Finding a mine or an office from what a user typed: a licence number, an office code or name."""

from __future__ import annotations

from minetui.errors import ServiceError
from minetui.i18n import _
from minetui.services.core.context import Context
from minetui.store import mines as mine_store
from minetui.store import offices


def mine_id_for(ctx: Context, licence_no: str) -> int:
    """The id of the mine with this licence number; ServiceError if there is none."""
    row = mine_store.get_row_by_licence(ctx.conn, licence_no.strip())
    if row is None:
        raise ServiceError(_("no mine with licence no. {licence}").format(licence=licence_no))
    return int(row["id"])


def office_code_for(ctx: Context, text: str) -> str:
    """An office given by code or name → its code; ServiceError when unknown."""
    code = offices.office_codes_by_key(ctx.conn).get(text.strip())
    if code is None:
        raise ServiceError(_("unknown office {office}").format(office=text))
    return code
