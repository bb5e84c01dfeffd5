"""The local portal replica: realistic Vietnamese government portals in six CMS families, with ground truth."""

from __future__ import annotations

from replica.registry import default_base_urls, registry_yaml
from replica.server import DEFAULT_PORT, Replica, start_replica
from replica.truth import load_truth

__all__ = [
    "DEFAULT_PORT",
    "Replica",
    "default_base_urls",
    "load_truth",
    "registry_yaml",
    "start_replica",
]
