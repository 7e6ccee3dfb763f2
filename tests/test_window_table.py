"""WindowTable (issue 9): the direct cell path paints exactly what DataTable's own path paints, and
`replace_rows` swaps the window in one pass with the cursor kept inside it."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from minetui.tui.widgets.window_table import WindowTable
from tests.tui_helpers import sync

WIDTHS = (10, 8, 6)
ROWS = [
    [Text("2025-06-14"), Text("长治市上党区某某煤业有限公司"), Text("")],
    [Text("2025-06-13"), Text("[bold]甲[/]"), Text("异常", style="bold red")],
    [Text("a" * 30), Text("乙煤矿（整合）"), Text("ab", style="italic")],
    ["plain str", 3.5, None],  # not Text: DataTable's own path
]


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield WindowTable(id="t", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(WindowTable)
        for index, width in enumerate(WIDTHS):
            table.add_column(f"c{index}", width=width)
        table.replace_rows(ROWS)


def both_paths(table: WindowTable, row: int, column: int, cursor: bool, hover: bool) -> tuple[list, list]:
    style = table._get_row_style(row, table.rich_style)
    width = table.ordered_columns[column].get_render_width(table)
    table._cell_render_cache.clear()
    fast = table._render_cell(row, column, style, width, cursor, hover)
    table._cell_render_cache.clear()
    slow = DataTable._render_cell(table, row, column, style, width, cursor, hover)
    return fast, slow


@sync
async def test_the_direct_cell_path_paints_what_datatable_paints() -> None:
    app = Host()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(WindowTable)
        direct = 0
        for row in range(len(ROWS)):
            for column in range(len(WIDTHS)):
                direct += table._plain_cell(row, column) is not None
                for cursor, hover in ((False, False), (True, False), (False, True)):
                    fast, slow = both_paths(table, row, column, cursor, hover)
                    assert fast == slow, (row, column, cursor, hover)
        assert direct == 9  # the Text cells took the direct path
        assert "[bold]" in "".join(s.text for s in both_paths(table, 1, 1, False, False)[0][0])  # not markup


@sync
async def test_replace_rows_swaps_the_window_and_keeps_the_cursor_inside() -> None:
    app = Host()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(WindowTable)
        table.move_cursor(row=3)
        table.replace_rows([[Text(f"r{n}"), Text("x"), Text("y")] for n in range(2)])
        await pilot.pause()
        assert table.row_count == 2 and table.cursor_row == 1
        assert [str(table.get_row_at(i)[0]) for i in range(2)] == ["r0", "r1"]
        assert table.virtual_size.height == 2 + table.header_height
        table.replace_rows([[Text(f"s{n}")] for n in range(50)])  # fewer cells than columns: blanks
        await pilot.pause()
        assert table.row_count == 50 and table.get_row_at(49)[1] is None
        table.move_cursor(row=49)
        await pilot.pause()
        assert table.cursor_row == 49 and table.scroll_y > 0
