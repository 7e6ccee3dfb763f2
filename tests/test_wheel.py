"""The built wheel carries every data file, installs offline into a fresh venv and runs `minetui demo`."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def source_copy(dest: Path) -> Path:
    """The files of a clean checkout (tracked or new, never ignored), copied so the build never writes into the
    work tree."""
    listed = run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=REPO).stdout
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


@pytest.fixture(scope="module")
def src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return source_copy(tmp_path_factory.mktemp("src"))


@pytest.fixture(scope="module")
def wheel(src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(out),
         str(src)], cwd=src)
    (found,) = out.glob("minetui-*.whl")
    return found


def test_the_wheel_carries_every_data_file(wheel: Path, src: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"minetui/schema.sql", "minetui/store/migrations/0001_initial.sql",
            "minetui/locale/zh_CN/LC_MESSAGES/minetui.mo"} <= names
    assert {f"minetui/seeds/{k}.csv" for k in ("offices", "mines", "corners", "status", "zones", "staff")} <= names
    assert any(n.startswith("minetui/tui/") and n.endswith(".tcss") for n in names)
    in_tree = {p.relative_to(src).as_posix() for p in (src / "minetui").rglob("*") if p.is_file()}
    in_tree |= {"minetui/schema.sql"} | {f"minetui/seeds/{p.name}" for p in (src / "seeds").iterdir()}
    assert in_tree - names == set(), "files of the package missing from the wheel (pyproject force-include)"


def test_the_wheel_installs_offline_and_builds_the_demo(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    target_site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
                       .stdout.strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    # Dependencies (and pip itself) come from the running venv: offline, nothing downloaded.
    (target_site / "_outer_site.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "MINETUI_DB", "PYTHONHOME"}}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    run([str(python), "-m", "pip", "install", "--no-index", "--no-deps", str(wheel)], cwd=tmp_path, env=env)

    where = run([str(python), "-c", "import minetui; print(minetui.__file__)"], cwd=tmp_path, env=env).stdout
    assert Path(where.strip()).is_relative_to(venv)
    result = run([str(bindir / "minetui"), "--db", str(tmp_path / "demo.db"), "demo"], cwd=tmp_path, env=env)
    assert str(tmp_path / "demo.db") in result.stderr
    conn = sqlite3.connect(tmp_path / "demo.db")
    try:
        assert conn.execute("SELECT count(*) FROM mines").fetchone()[0] == 60
        assert conn.execute("SELECT count(*) FROM patrols").fetchone()[0] > 500  # evidence found beside the seeds
        assert conn.execute("SELECT value FROM settings WHERE key = 'demo'").fetchone()[0] == "1"
    finally:
        conn.close()
