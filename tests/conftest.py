from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "cases"
FIXTURES = Path(__file__).parent / "fixtures"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def cases(name: str) -> list:
    return yaml.safe_load((CASES / name).read_text(encoding="utf-8"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's site sources (mkdocs.yml, content, seeds, theme) to change freely."""
    for name in ("mkdocs.yml", "content", "seeds", "theme_overrides"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    return tmp_path


@pytest.fixture
def two_stories(project: Path) -> Path:
    """The project plus a second, small story that shares actors and terms with the first."""
    shutil.copytree(FIXTURES / "second_story", project, dirs_exist_ok=True)
    return project
