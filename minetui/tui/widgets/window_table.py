"""A DataTable for windows of a long list: every column has a fixed width, so adding a page of rows measures
nothing. (DataTable measures every new cell on idle to size auto-width columns: ~0.1 ms a cell, 100 ms for a
400-row window — the largest cost of a page fetch in a 2.4-million-row list.)"""

from __future__ import annotations

from collections.abc import Iterable

from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets._data_table import RowKey


class WindowTable(DataTable):
    """Use `add_column(title, width=…)` for every column; a column without a width falls back to measuring."""

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        columns = list(self.columns.values())
        if not columns or any(c.auto_width for c in columns) or self._labelled_row_exists:
            super()._update_dimensions(new_rows)
            return
        width = sum(c.get_render_width(self) for c in columns) + self._row_label_column_width
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header)
