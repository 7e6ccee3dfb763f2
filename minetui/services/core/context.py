"""The context every service receives: the open database, who is acting, and what "today" is."""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from minetui.config import Config
from minetui.domain.policy import User
from minetui.store import db

# Asked for (name, password) when a write needs a signed-in user and none is (the CLI's prompt); None: no way.
Credentials = Callable[[], "tuple[str, str] | None"]


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass(slots=True)
class Context:
    conn: sqlite3.Connection
    db_path: Path | None
    actor: str = field(default_factory=os_user)
    today: date = field(default_factory=date.today)
    config: Config = field(default_factory=Config)
    user: User | None = None  # the signed-in user (services/core/auth.py); None: not signed in or single-user mode
    credentials: Credentials | None = None

    @classmethod
    def open(cls, path: Path, *, actor: str | None = None, today: date | None = None,
             config: Config | None = None) -> Context:
        config = config or Config()
        return cls(
            conn=db.connect(path, busy_timeout_ms=config.busy_timeout_ms),
            db_path=path,
            actor=actor or os_user(),
            today=today or date.today(),
            config=config,
        )

    def reopened(self) -> Context:
        """A Context like this one on a fresh connection (a worker thread's own); the caller closes it."""
        if self.db_path is None:
            raise RuntimeError("a database in memory cannot be opened twice")
        conn = db.connect(self.db_path, busy_timeout_ms=self.config.busy_timeout_ms)
        return Context(conn=conn, db_path=self.db_path, actor=self.actor, today=self.today, config=self.config,
                       user=self.user)

    def close(self) -> None:
        self.conn.close()
