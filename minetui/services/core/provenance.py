"""Provenance of an export or report: generated when, by whom, data as of (ctx.today), the audit head."""

from __future__ import annotations

from datetime import datetime

from minetui.io.output import Provenance
from minetui.services.core.context import Context
from minetui.store import audit


def provenance(ctx: Context, now: datetime | None = None) -> Provenance:
    """The provenance of what `ctx` produces now; the audit head lets `minetui audit verify --head` check a
    printed copy against the database later."""
    head = audit.head(ctx.conn)
    moment = (now or datetime.now().astimezone()).replace(microsecond=0)
    return Provenance(moment, ctx.actor, ctx.today, head.seq, head.hash)
