"""Run the real crawler (`govmon crawl`, a subprocess) on generated portals and score what it stored."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from replica.generator.model import Site
from replica.generator.score import Score, score_rows, score_trafilatura
from replica.generator.server import serve_sites
from replica.generator.site import generate_site

ROW_COLUMNS = ("url", "canonical_url", "title", "lead", "body_text", "author", "published_at")
CRAWL_TIMEOUT = 180  # seconds; a crawl that hangs is reported as an error for its seed


def parse_seeds(spec: str) -> list[int]:
    """'100-199', '0-9', '3,7' or a mix ('1,4-6') as a sorted list of seeds."""
    seeds: set[int] = set()
    for part in spec.replace(" ", "").split(","):
        if not part:
            continue
        lo, sep, hi = part.partition("-")
        if not lo.isdigit() or (sep and not hi.isdigit()):
            raise ValueError(f"bad seed range {part!r} (use e.g. 100-199 or 3,7)")
        seeds.update(range(int(lo), int(hi) + 1) if sep else [int(lo)])
    if not seeds:
        raise ValueError("no seeds given")
    return sorted(seeds)


def registry_text(sites: list[Site], bases: dict[int, str]) -> str:
    """A registry with only what a new source gives: id, name (province: null) and a start URL."""
    entries = [
        {
            "id": source_id(s.seed),
            "name": s.name,
            "province": None,
            "start_urls": [bases[s.seed] + s.start_path],
            "allow_private_network": True,  # served on loopback
        }
        for s in sites
    ]
    return yaml.safe_dump({"sources": entries}, allow_unicode=True, sort_keys=False)


def source_id(seed: int) -> str:
    return f"gen{seed}"


def govmon_command() -> list[str]:
    exe = Path(sys.executable).with_name("govmon")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "crawler.cli"]


def read_rows(db_path: Path) -> dict[str, list[dict]]:
    """Stored articles by source id."""
    if not db_path.exists():
        return {}
    con = sqlite3.connect(db_path)
    con.row_factory = sqlite3.Row
    out: dict[str, list[dict]] = {}
    try:
        rows = con.execute(f"select source_id, {', '.join(ROW_COLUMNS)} from articles order by id")
        for r in rows:
            out.setdefault(r["source_id"], []).append(dict(r))
    except sqlite3.OperationalError:
        pass
    finally:
        con.close()
    return out


@dataclass
class SeedResult:
    seed: int
    features: dict
    govmon: Score
    trafilatura: Score | None
    seconds: float
    error: str | None = None
    extra: dict = field(default_factory=dict)


def crawl_sites(
    sites: list[Site], bases: dict[int, str], workdir: Path, name: str
) -> tuple[dict, str | None, dict[str, str]]:
    """One `govmon crawl --fast` of some sites (one source each) into a fresh database: the rows,
    an error (the crawl failed), and the health verdict of each source the crawl named as bad
    (exit 1 with `source ID: status: reason` lines: a finding about discovery, not a crash)."""
    reg, db = workdir / f"{name}.yaml", workdir / f"{name}.db"
    reg.write_text(registry_text(sites, bases), encoding="utf-8")
    cmd = [
        *govmon_command(),
        "crawl",
        "--sources",
        str(reg),
        "--db",
        str(db),
        "--fast",
        "--no-analyse",
        "--quiet",
    ]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=CRAWL_TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        return read_rows(db), f"crawl timed out after {CRAWL_TIMEOUT}s", {}
    error = None
    health = dict(_BAD_SOURCE.findall(proc.stderr or ""))
    if proc.returncode != 0 and not (proc.returncode == 1 and health):
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        error = f"govmon crawl exited {proc.returncode}: {' | '.join(tail)}"
    return read_rows(db), error, health


_BAD_SOURCE = re.compile(r"(?m)^source (\S+): (\w+): ")


def run_seeds(
    seeds: Iterable[int],
    *,
    jobs: int = 2,
    batch: int = 1,
    with_trafilatura: bool = True,
    progress: Callable[[SeedResult, int, int], None] | None = None,
    workdir: Path | None = None,
) -> list[SeedResult]:
    """Generate, serve, crawl and score every seed; results in seed order.

    `batch` seeds share one crawl process (one source each, own hosts): Scrapy's start-up is paid
    once per batch. Each source still starts from its own start URL alone."""
    seeds = list(seeds)
    sites = [generate_site(s) for s in seeds]
    results: dict[int, SeedResult] = {}
    groups = [sites[i : i + max(1, batch)] for i in range(0, len(sites), max(1, batch))]
    with (
        tempfile.TemporaryDirectory(prefix="govmon-generated-") as tmp,
        serve_sites(sites) as servers,
    ):
        work = workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)

        def one(group: list[Site]) -> None:
            start = time.monotonic()
            rows, error, health = crawl_sites(
                group, servers.base_urls, work, f"seeds{group[0].seed}"
            )
            seconds = (time.monotonic() - start) / len(group)
            for site in group:
                res = SeedResult(
                    site.seed,
                    site.features(),
                    score_rows(site, rows.get(source_id(site.seed), [])),
                    score_trafilatura(site) if with_trafilatura else None,
                    seconds,
                    error,
                )
                if source_id(site.seed) in health:
                    res.extra["health"] = health[source_id(site.seed)]
                results[site.seed] = res
                if progress:
                    progress(res, len(results), len(sites))

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            list(pool.map(one, groups))
    return [results[s] for s in seeds]


def overall(results: list[SeedResult], system: str) -> Score:
    total = Score()
    for r in results:
        score = r.govmon if system == "govmon" else r.trafilatura
        if score is not None:
            total.add(score)
    return total
