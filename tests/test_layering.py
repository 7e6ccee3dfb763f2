"""The layering rules, enforced: the import contracts (import-linter), SQL only in store/, a light start-up."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "minetui"
SQL = re.compile(r"\b(SELECT\s|INSERT\s+INTO\b|INSERT\s+OR\s|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|CREATE\s+"
                 r"(TABLE|INDEX|TRIGGER|VIEW)\b|ALTER\s+TABLE\b|DROP\s+(TABLE|INDEX)\b|PRAGMA\s)")
HEAVY = ("openpyxl", "shapely", "tabulate", "docx")


def modules_under(*packages: str) -> list[str]:
    """Dotted names of every module file in the given subpackages of minetui."""
    found = []
    for package in packages:
        root = PACKAGE.joinpath(*package.split(".")[1:])
        for path in sorted(root.rglob("*.py")):
            parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
            found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def loaded_after_importing(modules: list[str], then: str = "") -> set[str]:
    """Top-level names in sys.modules after importing `modules` (and running `then`) in a fresh interpreter."""
    code = (f"import importlib, json, sys\nfor m in {modules!r}:\n    importlib.import_module(m)\n{then}\n"
            "print(json.dumps(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            cwd=PACKAGE.parent)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_the_import_contracts_hold() -> None:
    """pyproject.toml's import-linter contracts: the layers, the capabilities' order, a pure domain, Textual only
    in the faces (imports inside functions included)."""
    result = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], capture_output=True, text=True,
                            timeout=300, cwd=PACKAGE.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_domain_loads_without_textual_or_sqlite() -> None:
    """What the contracts cannot see: nothing the domain loads at run time pulls Textual or SQLite in."""
    loaded = loaded_after_importing(modules_under("minetui.domain"))
    assert "textual" not in loaded and "sqlite3" not in loaded
    assert not {m for m in loaded if m.startswith(("minetui.store", "minetui.services", "minetui.tui"))}


def test_startup_path_imports_no_heavy_library() -> None:
    """The CLI with all its subcommands registered, and the app module, load openpyxl/shapely/… lazily."""
    modules = ["minetui.cli"] + (["minetui.tui.app"] if (PACKAGE / "tui" / "app.py").exists() else [])
    loaded = loaded_after_importing(modules, then="import minetui.cli as c\nc.build_parser()")
    assert {m.split(".")[0] for m in loaded} & set(HEAVY) == set()


def string_literals(tree: ast.AST) -> list[ast.Constant]:
    """String constants of a module except docstrings (f-string parts included)."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [n for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def sql_outside_store() -> list[str]:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "store":
            continue
        for node in string_literals(ast.parse(path.read_text(encoding="utf-8"))):
            if SQL.search(node.value):
                offenders.append(f"minetui/{relative.as_posix()}:{node.lineno}: {node.value[:60]!r}")
    return offenders


def test_sql_lives_only_in_store() -> None:
    assert sql_outside_store() == []


@pytest.mark.parametrize("text, is_sql", [
    ("SELECT id FROM mines", True), ("INSERT INTO audit (seq) VALUES (?)", True),
    ("UPDATE mines SET name = ?", True), ("DELETE FROM corners WHERE mine_id = ?", True),
    ("PRAGMA user_version", True), ("Select the mine", False), ("update the list", False),
    ("选择矿山", False),
])
def test_the_sql_detector(text: str, is_sql: bool) -> None:
    assert bool(SQL.search(text)) is is_sql


def test_the_command_table_names_what_each_module_registers() -> None:
    """cli.COMMANDS says which module registers which subcommand (start-up registers only the one it needs):
    it must match what the modules really register."""
    import argparse
    import importlib

    from minetui import cli
    from minetui.commands.common import common_options

    for module, names in cli.COMMANDS:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers(dest="command")
        importlib.import_module(f"minetui.commands.{module}").register(sub, common_options())
        assert tuple(sub.choices) == names, module


@pytest.mark.parametrize("argv, modules", [
    ([], ()), (["--db", "x.db", "--lang", "en"], ()), (["--db", "patrols"], ()),
    (["restore", "b.db"], ("backup",)), (["--today", "2025-01-01", "duties", "--year", "2025"], ("patrols",)),
    (["--help"], "all"), (["nonsense"], "all"), (["report", "--list"], ("report",)),
])
def test_a_run_registers_only_the_command_it_names(argv: list[str], modules: object) -> None:
    from minetui import cli

    assert cli.modules_for(argv) == (cli.COMMAND_MODULES if modules == "all" else modules)
