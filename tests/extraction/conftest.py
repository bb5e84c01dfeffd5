"""Fixtures of the extraction tests: one replica server and its fetched pages per session."""

from __future__ import annotations

import pytest

from crawler.evaluation.extraction import Page, ReplicaSnapshot, replica_snapshot


@pytest.fixture(scope="session")
def replica_run() -> ReplicaSnapshot:
    """Every ground-truth article page of a freshly started replica, fetched over HTTP."""
    pytest.importorskip("replica.server")
    snap = replica_snapshot()
    assert snap.pages, "the replica serves no articles"
    return snap


@pytest.fixture(scope="session")
def replica_pages(replica_run: ReplicaSnapshot) -> list[Page]:
    return replica_run.pages
