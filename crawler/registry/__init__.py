"""The source registry: portals as YAML data, loaded into `Source` values and validated with line numbers.

`model.py` holds the values, `schema.py` the one declaration of every field's rule, `load.py`
the walk over a file's YAML that applies it (every problem as FILE:LINE).
"""

from __future__ import annotations

from crawler.registry.load import (
    known_families,
    load_registry,
    parse_registry,
    validate_registry,
)
from crawler.registry.model import (
    DEFAULT_REGISTRY,
    FETCH_DEFAULTS,
    KINDS,
    SOURCES_DIR,
    Alias,
    Problem,
    Registry,
    RegistryError,
    Source,
)
from crawler.registry.schema import FIELDS, SELECTOR_FIELDS

__all__ = [
    "DEFAULT_REGISTRY",
    "FETCH_DEFAULTS",
    "FIELDS",
    "KINDS",
    "SELECTOR_FIELDS",
    "SOURCES_DIR",
    "Alias",
    "Problem",
    "Registry",
    "RegistryError",
    "Source",
    "known_families",
    "load_registry",
    "parse_registry",
    "validate_registry",
]
