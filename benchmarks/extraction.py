"""Extraction benchmark: govmon (families, generic) vs trafilatura and readability-lxml on the replica.

Usage: python benchmarks/extraction.py [--repeat N] [--json]
Prints the same tables as `govmon eval extraction` and the speed ratio govmon/trafilatura.
"""

from __future__ import annotations

import argparse
import json
import sys

from crawler.cli.evaluate import print_report
from crawler.evaluation.extraction import replica_pages, run_evaluation, system_runners


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="extract every page this many times for steadier speed (default 3)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    pages = replica_pages()
    report = run_evaluation(pages, system_runners(), repeat=max(1, args.repeat))
    ratio = report.speed["govmon"] / report.speed["trafilatura"]
    generic_ratio = report.speed["govmon-generic"] / report.speed["trafilatura"]
    if args.json:
        data = report.to_dict()
        data.pop("failures")
        data["speed_ratio_vs_trafilatura"] = {
            "govmon": round(ratio, 2),
            "govmon-generic": round(generic_ratio, 2),
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    print_report(report)
    print(
        f"speed ratio govmon/trafilatura: {ratio:.2f}x (generic only: {generic_ratio:.2f}x), "
        f"{len(pages)} pages x {args.repeat}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
