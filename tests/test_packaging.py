"""Dependencies as used: what the product imports is declared, what it declares it uses, and the
evaluation-only libraries stay in the `eval` extra and out of the product's code paths."""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

from crawler.evaluation import MissingEvalExtra, require_eval

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("crawler", "spiders", "storage", "datasette_config", "replica")
OWN = set(PRODUCT) | {"tests", "benchmarks"}
EVAL_ONLY = {"trafilatura", "readability"}
# Where the evaluation-only libraries may be imported: the drivers that compare against them.
EVAL_PATHS = ("crawler/evaluation/", "replica/generator/score.py")
# Declared for what they bring rather than for an import: Datasette plugins named in
# metadata.yaml, and the libraries the eval extra needs at run time.
NOT_IMPORTED = {"datasette-auth-passwords", "datasette-cluster-map", "datasette-dashboards"}


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imports(package: str) -> list[tuple[str, str]]:
    """(third-party top-level module, FILE:LINE) of every import in `package`."""
    found: list[tuple[str, str]] = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in OWN and top not in sys.stdlib_module_names:
                    found.append((top, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


@functools.cache
def _distributions() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


def _distribution(module: str) -> str:
    dists = _distributions().get(module, [module])
    return dists[0].lower().replace("_", "-")


def product_imports() -> dict[str, str]:
    found: dict[str, str] = {}
    for package in PRODUCT:
        for module, where in _imports(package):
            found.setdefault(module, where)
    return found


def test_every_imported_library_is_declared():
    project = _project()
    declared = {_name(r) for r in project["dependencies"]}
    declared |= {_name(r) for r in project["optional-dependencies"]["eval"]}
    missing = {
        f"{where}: {module} ({_distribution(module)})"
        for module, where in product_imports().items()
        if _distribution(module) not in declared
    }
    assert not missing, "imported but not declared in pyproject.toml:\n" + "\n".join(missing)


def test_every_declared_dependency_is_imported():
    used = {_distribution(m) for m in product_imports()}
    unused = {_name(r) for r in _project()["dependencies"]} - used - NOT_IMPORTED
    assert not unused, f"declared but never imported: {sorted(unused)}"


def test_evaluation_libraries_only_in_the_evaluation():
    project = _project()
    assert not {_name(r) for r in project["dependencies"]} & {"trafilatura", "readability-lxml"}
    assert "govmon[eval]" in project["optional-dependencies"]["test"]
    for package in PRODUCT:
        for module, where in _imports(package):
            if module in EVAL_ONLY:
                assert where.startswith(EVAL_PATHS), f"{where}: {module} outside the evaluation"


def test_a_missing_eval_library_says_how_to_install_it():
    with pytest.raises(MissingEvalExtra, match=r"pip install 'govmon\[eval\]'"):
        require_eval("govmon_no_such_extractor")
