"""Package boundaries: one-way imports, light package roots, and our top-level names."""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DIST = "ckg"
TOP_LEVEL = ("cli", "extraction", "graph", "ontology", "sources")

# package -> project packages it must never import
FORBIDDEN = {
    "sources": {"extraction", "graph", "cli", "click"},
    "ontology": {"sources", "extraction", "graph", "cli", "click"},
    "extraction": {"graph", "cli", "click"},
    "graph": {"cli", "click"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_dependencies_flow_one_way(package):
    offenders = {
        str(path.relative_to(REPO)): sorted(_imports(path) & FORBIDDEN[package])
        for path in (REPO / package).rglob("*.py")
    }
    assert not {k: v for k, v in offenders.items() if v}


def test_package_roots_do_not_import_heavy_libraries():
    code = ("import cli, graph, extraction, ontology, sources, sys; "
            "print(sorted({'spacy', 'pyvis', 'pyshacl', 'pyoxigraph', 'networkx'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == "[]"


def test_top_level_names_belong_only_to_us():
    owners = importlib.metadata.packages_distributions()
    clashes = {n: sorted(set(owners.get(n, ())) - {DIST}) for n in TOP_LEVEL}
    assert not {n: o for n, o in clashes.items() if o}, clashes


def test_imports_come_from_this_checkout():
    for name in TOP_LEVEL:
        origin = Path(importlib.util.find_spec(name).origin).resolve()
        assert origin.is_relative_to(REPO), f"{name} imported from {origin}"
