"""The coordination-meeting brief as Markdown and as a Word document (python-docx, imported lazily)."""

from __future__ import annotations

import io
from typing import Any

from minetui.io.output import Provenance


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(brief: Any) -> str:
    """One page of Markdown: a title, the unit and date, then each section as text and/or a pipe table."""
    from tabulate import tabulate

    parts = [f"# {_md_cell(brief.title)}", "", _md_cell(brief.unit), ""]
    for number, section in enumerate(brief.sections, start=1):
        parts += [f"## {number}. {_md_cell(section.title)}", ""]
        parts += [_md_cell(line) for line in section.lines]
        if section.rows:
            rows = [[_md_cell(c) for c in row] for row in section.rows]
            parts.append(tabulate(rows, headers=[_md_cell(h) for h in section.headers], tablefmt="pipe",
                                  disable_numparse=True))
        parts.append("")
    return "\n".join(parts)


def markdown_footer(provenance: Provenance) -> str:
    """The provenance under a Markdown document."""
    return f"\n---\n\n{_md_cell(provenance.line())}\n"


def docx_bytes(brief: Any) -> bytes:
    """The brief as a Word document: title, unit, each section's text and its table."""
    from docx import Document

    from minetui.io.docx_report import SIZE_3, _paragraph, _table

    document = Document()
    _paragraph(document, brief.title, size=SIZE_3, bold=True, align="CENTER", indent=False)
    _paragraph(document, brief.unit, align="CENTER", indent=False)
    for number, section in enumerate(brief.sections, start=1):
        _paragraph(document, f"{number}. {section.title}", bold=True, indent=False)
        for line in section.lines:
            _paragraph(document, line)
        if section.rows:
            _table(document, section.headers, section.rows)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_docx_footer(data: bytes, provenance: Provenance) -> bytes:
    """A Word document with the provenance in every section's footer and in its core properties."""
    from docx import Document
    from docx.shared import Pt

    document = Document(io.BytesIO(data))
    for section in document.sections:
        paragraph = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
        run = paragraph.add_run(provenance.line())
        run.font.size = Pt(9)
    props = document.core_properties
    props.author = provenance.generated_by
    props.comments = provenance.line()
    props.keywords = f"audit-head {provenance.head}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
