"""benchmarks/generated.py: seed ranges, clear errors without tracebacks, a real run of one seed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from replica.generator.bench import parse_seeds

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "generated.py"


@pytest.mark.parametrize(
    ("spec", "seeds"),
    [("0-3", [0, 1, 2, 3]), ("3,7", [3, 7]), ("1,4-5,1", [1, 4, 5]), ("100-101", [100, 101])],
)
def test_seed_ranges(spec: str, seeds: list[int]) -> None:
    assert parse_seeds(spec) == seeds


@pytest.mark.parametrize("spec", ["", "a-b", "3-", "-4", "1,,x"])
def test_bad_seed_ranges_are_refused(spec: str) -> None:
    with pytest.raises(ValueError):
        parse_seeds(spec)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300
    )


def test_a_bad_range_is_a_usage_error_not_a_traceback() -> None:
    proc = run("--seeds", "ten-twenty")
    assert proc.returncode == 2
    assert "bad seed range 'ten-twenty'" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_one_seed_end_to_end_with_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    proc = run("--seeds", "16", "--json", str(out), "--keep", str(tmp_path / "work"))
    assert proc.returncode == 0, proc.stderr
    assert "govmon" in proc.stdout and "trafilatura" in proc.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    seed = data["seeds"][0]
    assert seed["seed"] == 16 and seed["features"]["family"]
    assert seed["govmon"]["articles"] == seed["trafilatura"]["articles"] > 0
    assert (tmp_path / "work" / "seeds16.db").exists()
