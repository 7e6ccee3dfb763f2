"""Small hand-built districts for tests, written through the store functions the app uses."""

from __future__ import annotations

from datetime import date

from minetui.domain.model import Corner, Mine, MineStatus, MiningMethod
from minetui.services.core.context import Context
from minetui.store import db, mines, offices

# A square of 1 km² in zone 38, inside 上党区's coordinate range.
SQUARE = [
    Corner("1", 3_980_000.00, 38_410_000.00),
    Corner("2", 3_980_000.00, 38_411_000.00),
    Corner("3", 3_981_000.00, 38_411_000.00),
    Corner("4", 3_981_000.00, 38_410_000.00),
]


def add_office(ctx: Context, code: str = "SD", name: str = "苏店自然资源所", towns: str = "苏店镇") -> str:
    with db.write(ctx.conn):
        offices.upsert_office(ctx.conn, code, name, towns)
    return code


def add_mine(ctx: Context, licence_no: str, name: str, *, office: str | None = "SD",
             method: MiningMethod = MiningMethod.UNDERGROUND,
             statuses: list[tuple[MineStatus, date]] | None = None,
             corners: list[Corner] | None = None, **fields) -> int:
    mine = Mine(licence_no=licence_no, name=name, holder=fields.pop("holder", name + "有限公司"),
                minerals=fields.pop("minerals", "煤"), method=method, office_code=office, **fields)
    with db.write(ctx.conn):
        mine_id = mines.insert_mine(ctx.conn, mines.mine_to_row(mine))
        for status, since in statuses or [(MineStatus.PRODUCING, date(2020, 1, 1))]:
            mines.put_status(ctx.conn, mine_id, status, since)
        mines.replace_corners(ctx.conn, mine_id, corners if corners is not None else SQUARE)
    return mine_id
