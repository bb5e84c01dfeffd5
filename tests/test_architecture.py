"""Import direction: every product module imports only from its own layer and the layers below.

The layers and what each may import are in docs/architecture.md ("Layers and import
direction"). This test reads every module of the product packages with `ast` (imports inside
functions included), maps each govmon import to a layer and fails naming FILE:LINE for an
import the table does not allow, or for a module that belongs to no layer.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("crawler", "spiders", "storage", "datasette_config", "replica")

# Module prefix -> layer; the longest matching prefix wins.
LAYER_OF = {
    # leaf: value types and text helpers, imported by everyone, importing no one
    "crawler.text": "leaf",
    "crawler.dates": "leaf",
    "crawler.models": "leaf",
    "crawler.provinces": "leaf",
    "crawler.collation": "leaf",
    "crawler.redact": "leaf",
    "crawler.search_query": "leaf",
    "crawler.urls": "leaf",
    "crawler.clock": "leaf",
    "crawler.registry": "registry",
    "crawler.sources": "registry",
    "crawler.extraction": "extraction",
    "crawler.analysis": "analysis",
    "spiders": "spider",
    "crawler.discovery": "spider",
    "crawler.middlewares": "spider",
    "crawler.settings": "spider",
    "crawler.limits": "spider",
    "crawler.netguard": "spider",
    "crawler.tls": "spider",
    "crawler.probe": "spider",
    "storage": "storage",
    "crawler.service": "service",
    "crawler.crawl": "service",
    "crawler.nightly": "service",
    "crawler.pipelines": "service",
    "crawler.extensions": "service",
    "crawler.monitor": "service",
    "crawler.evaluation": "evaluation",
    "datasette_config": "datasette",
    "crawler.cli": "cli",
    "replica": "replica",
}

# Layer -> the layers its modules may import (its own included).
MAY_IMPORT = {
    "leaf": {"leaf"},
    "registry": {"leaf", "registry"},
    "extraction": {"leaf", "extraction"},
    "analysis": {"leaf", "analysis"},
    "spider": {"leaf", "registry", "extraction", "spider"},
    "storage": {"leaf", "storage"},
    "service": {"leaf", "registry", "extraction", "analysis", "spider", "storage", "service"},
    "evaluation": {
        "leaf",
        "registry",
        "extraction",
        "analysis",
        "service",
        "evaluation",
        "replica",
    },
    "datasette": {"leaf", "analysis", "storage", "service", "datasette"},
    "cli": {
        "leaf",
        "registry",
        "extraction",
        "analysis",
        "spider",
        "storage",
        "service",
        "evaluation",
        "datasette",
        "replica",
        "cli",
    },
    # The replica stands for the portals: it shares no code with the product it is measuring.
    "replica": {"replica"},
}

# Pure layers compute: no Scrapy, no SQLite, no network, no processes.
IMPURE = {
    "scrapy",
    "twisted",
    "sqlite3",
    "sqlite_utils",
    "socket",
    "subprocess",
    "http",
    "urllib.request",
    "datasette",
}
PURE_LAYERS = {"leaf", "extraction", "analysis"}


def layer_of(module: str) -> str | None:
    if module == "crawler":  # the package itself: its __init__ holds the version only
        return "leaf"
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        layer = LAYER_OF.get(".".join(parts[:n]))
        if layer:
            return layer
    return None


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the file, relative imports resolved."""
    module = module_name(path, root)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # `from pkg import submodule` imports pkg.submodule
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def violations(root: Path, packages=PACKAGES) -> list[str]:
    problems = []
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            where = path.relative_to(root)
            own = layer_of(module_name(path, root))
            if own is None:
                problems.append(f"{where}:1: module belongs to no layer (add it to LAYER_OF)")
                continue
            seen = set()
            for line, target in imports_of(path, root):
                if own in PURE_LAYERS and any(
                    target == m or target.startswith(m + ".") for m in IMPURE
                ):
                    problems.append(f"{where}:{line}: {own} is pure but imports {target}")
                theirs = layer_of(target)
                if target.split(".")[0] not in PACKAGES or (line, theirs) in seen:
                    continue
                seen.add((line, theirs))
                if theirs is not None and theirs not in MAY_IMPORT[own]:
                    problems.append(
                        f"{where}:{line}: {own} imports {target} ({theirs}); "
                        f"{own} may import only {', '.join(sorted(MAY_IMPORT[own]))}"
                    )
    return problems


def test_every_import_points_down():
    problems = violations(ROOT)
    assert not problems, "imports against the layers:\n" + "\n".join(problems)


def test_every_layer_has_its_rules():
    assert set(LAYER_OF.values()) == set(MAY_IMPORT)


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("storage/bad.py", "from crawler.analysis import x\n", "storage/bad.py:1: storage imports"),
        (
            "crawler/extraction/bad.py",
            "def f():\n    import storage.db\n",
            "crawler/extraction/bad.py:2: extraction imports storage.db (storage)",
        ),
        ("crawler/text.py", "import sqlite_utils\n", "crawler/text.py:1: leaf is pure"),
        ("replica/bad.py", "from crawler.text import nfc\n", "replica/bad.py:1: replica imports"),
        ("crawler/newthing.py", "", "crawler/newthing.py:1: module belongs to no layer"),
        ("crawler/analysis/bad.py", "from ..cli import x\n", "analysis imports crawler.cli (cli)"),
    ],
)
def test_the_check_catches_an_upward_import(tmp_path, module, source, expected):
    path = tmp_path / module
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source))
    problems = violations(tmp_path, packages=(module.split("/")[0],))
    assert any(expected in p for p in problems), problems


def test_a_downward_import_passes(tmp_path):
    path = tmp_path / "crawler" / "service" / "job.py"
    path.parent.mkdir(parents=True)
    path.write_text("from storage.db import open_db\nfrom crawler.analysis import x\n")
    assert violations(tmp_path, packages=("crawler",)) == []


# Issue 10: "no module over about 400 lines". A module that grows past this is split along a seam.
MAX_MODULE_LINES = 400


def test_no_product_module_is_over_about_400_lines():
    too_long = [
        f"{path.relative_to(ROOT)}: {n} lines"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert not too_long, "modules to split:\n" + "\n".join(too_long)
