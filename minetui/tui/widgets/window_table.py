"""A DataTable for windows of a long list (issue 9), three costs of DataTable removed:

- every column has a fixed width, so adding rows measures nothing (DataTable measures every new cell on idle
  to size auto-width columns: ~0.1 ms a cell, 100 ms for a 400-row window);
- `replace_rows` swaps the whole window in one pass (`clear` + `add_rows` re-validates the cursor and bumps
  the caches once per row: ~40 ms for a 400-row window, on the UI thread, at every page fetch);
- a one-line text cell is turned into segments directly (`Text.render`, cropped and padded), not through
  Rich's console with Styled and Padding: a page-down paints ~21 new rows of 7 cells, and that path cost
  ~0.1 ms a cell. Anything else (labels, headers, fixed cells, taller rows, non-Text cells) takes
  DataTable's own path; tests/test_window_table.py checks that both give the same segments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._two_way_dict import TwoWayDict
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets._data_table import CellType, Row, RowKey


class WindowTable(DataTable):
    """Use `add_column(title, width=…)` for every column; a column without a width falls back to measuring."""

    def replace_rows(self, rows: Iterable[Sequence[CellType]]) -> None:
        """Show `rows` instead of every row held (columns kept). The cursor is clamped to the new rows; move
        it (and scroll) afterwards."""
        column_keys = [column.key for column in self.ordered_columns]
        data: dict[RowKey, dict] = {}
        metadata: dict[RowKey, Row] = {}
        locations: dict[RowKey, int] = {}
        for index, cells in enumerate(rows):
            if len(cells) > len(column_keys):
                raise ValueError("More values provided than there are columns.")
            key = RowKey()
            locations[key] = index
            data[key] = dict(zip(column_keys, [*cells, *[None] * (len(column_keys) - len(cells))], strict=True))
            metadata[key] = Row(key, 1)
        self._data = data
        self.rows = metadata
        self._row_locations = TwoWayDict(locations)
        self._updated_cells.clear()
        self._new_rows = set(metadata)
        self._require_update_dimensions = True
        self._update_count += 1
        self._clear_caches()
        self.cursor_coordinate = self.cursor_coordinate  # clamped to the new rows
        self.hover_coordinate = Coordinate(0, 0)
        self.check_idle()
        self.refresh()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        columns = list(self.columns.values())
        if not columns or any(c.auto_width for c in columns) or self._labelled_row_exists:
            super()._update_dimensions(new_rows)
            return
        width = sum(c.get_render_width(self) for c in columns) + self._row_label_column_width
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header)

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> list[list[Segment]]:
        cell = self._plain_cell(row_index, column_index)
        if cell is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key, column_key, text = cell
        cache_key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor, self._update_count,
                     self._pseudo_class_state)
        lines = self._cell_render_cache.get(cache_key)
        if lines is None:
            component, post = self._get_styles_to_render_cell(
                False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
                self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
            style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component
            lines = [text_line(self.app.console, text, width, self.cell_padding, style, post)]
            self._cell_render_cache[cache_key] = lines
        return lines

    def _plain_cell(self, row_index: int, column_index: int) -> tuple[RowKey, object, Text] | None:
        """(row key, column key, Text) of a body cell that the direct path renders, else None."""
        if row_index < self.fixed_rows or column_index < self.fixed_columns or row_index < 0:
            return None
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        row = self.rows.get(row_key) if row_key is not None else None
        if row is None or row.height != 1:
            return None
        cell = self._data[row_key].get(column_key)
        if (not isinstance(cell, Text) or cell.justify not in (None, "default", "left")
                or cell.overflow not in (None, "fold", "crop") or "\n" in cell.plain):
            return None
        return row_key, column_key, cell


def text_line(console: Console, text: Text, width: int, padding: int, style: Style,
              post_style: Style | None) -> list[Segment]:
    """One table cell of `width` cells: `text` (its own styles kept) cropped or padded, `padding` spaces
    each side, `style` beneath and `post_style` over every segment — what Rich makes of
    Styled(Padding(text, (0, padding)), style, post_style) with no_wrap, for a one-line text."""
    inner = max(0, width - 2 * padding)
    if text.spans:
        rendered = list(text.render(console, end=""))
    else:  # render() leaves out the text's own style when it has no spans; Rich's console path keeps it
        rendered = [Segment(text.plain, console.get_style(text.style) if text.style else None)]
    segments = Segment.adjust_line_length(rendered, inner)
    pad = [Segment(" " * padding, Style.null())] if padding else []
    return list(Segment.apply_style([*pad, *segments, *pad], style, post_style))
