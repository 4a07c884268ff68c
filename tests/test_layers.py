"""Dependencies point one way: ui -> qa -> index, and eval uses only the public qa API."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "index": {"qa", "ui", "eval"},
    "qa": {"ui", "eval"},
    "ui": {"eval", "index"},
    "eval": {"ui", "index"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_backward_imports(package):
    for path in (ROOT / package).rglob("*.py"):
        backward = imported_packages(path) & FORBIDDEN[package]
        assert not backward, f"{path.relative_to(ROOT)} imports {sorted(backward)}"


def test_eval_imports_qa_only_at_its_top_level():
    for path in (ROOT / "eval").rglob("*.py"):
        assert not {"index"} & imported_packages(path)
