"""The monitor: per-source health, the nightly scheduler and saved-search alerts."""

from __future__ import annotations

from crawler.monitor.health import (
    BAD_STATUSES,
    STATUSES,
    Health,
    assess_run,
    assess_source,
    usual_interval_days,
)

__all__ = [
    "BAD_STATUSES",
    "STATUSES",
    "Health",
    "assess_run",
    "assess_source",
    "usual_interval_days",
]
