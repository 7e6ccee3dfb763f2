"""A visit sheet (services/visits/sheets.py) as one XLSX worksheet for printing: header facts, then the tasks,
the checklist with an empty result column, the corner points and the open findings. openpyxl is imported
inside the function; every text cell is stored as a string (never a formula)."""

from __future__ import annotations

import io
from typing import Any

from minetui.i18n import _


def sheet_xlsx(sheet: Any) -> bytes:
    """The XLSX bytes of a VisitSheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = _("Visit sheet")[:31]
    bold = Font(bold=True)
    v = sheet.visit

    def put(*values: Any, header: bool = False) -> None:
        ws.append(["" if x is None else str(x) for x in values])
        for cell in ws[ws.max_row]:
            cell.data_type = "s"
            if header:
                cell.font = bold

    put(_("Combined inspection visit sheet"), header=True)
    for title, value in ((_("Licence no."), v.licence_no), (_("Mine"), v.mine_name), (_("Rights holder"), sheet.holder),
                         (_("Date"), v.date.isoformat()), (_("NR office"), sheet.office_name),
                         (_("Must attend"), "、".join(sheet.attending)), (_("Joins"), v.joined or "")):
        put(title, value)
    put()
    put(_("Task"), _("From"), _("Until"), header=True)
    for t in v.tasks:
        put(t.task_id, t.earliest.isoformat(), t.latest.isoformat())
    put()
    put(_("Basis"), _("Item"), _("Result"), header=True)
    for basis, item in sheet.checklist:
        put(basis, item, "")
    put()
    put(_("Ring"), _("Point"), "X", "Y", _("Checked"), header=True)
    for c in sheet.corners:
        put(c.ring, c.point_no, f"{c.x:.2f}", f"{c.y:.2f}", "")
    put()
    put(_("Lead"), _("Rule"), _("What"), _("To"), _("Due"), header=True)
    for f in sheet.findings:
        put(f.lead_id, f.rule, f.description, f.to, f.deadline.isoformat())
    for column, width in zip("ABCDE", (26, 40, 16, 16, 12), strict=True):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
