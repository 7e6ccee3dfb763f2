"""The run's shared state: the dataset, its size, repeats, and a Context on it for in-process measurements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from minetui.config import Config
from minetui.services.core.context import Context
from minetui.services.demo.province import PROVINCE_TODAY, Scale

FILTER_TERM = "北岭"  # a place word of the generated mine names (services/demo/province.py PLACES)


@dataclass(slots=True)
class Bench:
    db: Path
    scale: Scale
    work: Path                     # scratch files (import CSVs, exports)
    repeats: int = 3
    key_presses: int = 40
    today: date = PROVINCE_TODAY
    filter_term: str = FILTER_TERM
    config: Config = field(default_factory=lambda: Config(daily_backup=False))
    _ctx: Context | None = None

    @property
    def ctx(self) -> Context:
        """One context on the dataset for the in-process measurements (opened once)."""
        if self._ctx is None:
            self._ctx = self.app_context()
        return self._ctx

    def app_context(self) -> Context:
        """A fresh context, as the app opens one (no daily backup: it would copy the whole file)."""
        return Context.open(self.db, actor="benchmark", today=self.today, config=self.config)

    @property
    def page_size(self) -> int:
        return self.config.page_size

    def count(self, sql: str) -> int:
        return int(self.ctx.conn.execute(sql).fetchone()[0])

    @property
    def mine_count(self) -> int:
        return self.count("SELECT count(*) FROM mines")

    @property
    def patrol_count(self) -> int:
        return self.count("SELECT count(*) FROM patrols")

    @property
    def filter_matches(self) -> int:
        row = self.ctx.conn.execute("SELECT count(*) FROM mines WHERE instr(name, ?) OR instr(holder, ?)",
                                    (self.filter_term, self.filter_term)).fetchone()
        return int(row[0])

    def close(self) -> None:
        if self._ctx is not None:
            self._ctx.close()
            self._ctx = None
