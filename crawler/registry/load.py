"""Loading a registry file: walk its YAML beside the data, apply the schema, build `Source` values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from crawler.provinces import canonical_province, province_now
from crawler.registry.model import (
    BASE_FAMILIES,
    DEFAULT_REGISTRY,
    FAMILIES_FILE,
    Alias,
    Problem,
    Registry,
    RegistryError,
    Source,
)
from crawler.registry.schema import FIELDS, REQUIRED, URL_LISTS, as_date, closest
from crawler.text import nfc
from crawler.urls import host_of

TOP_LEVEL_KEYS = ("sources", "defaults", "notes")
# libyaml's safe loader when present: the registry is parsed twice (nodes for lines, then data).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def known_families() -> set[str]:
    """Family ids of crawler/extraction/families.yaml (top-level keys), plus the base six."""
    names = set(BASE_FAMILIES)
    try:
        data = yaml.safe_load(FAMILIES_FILE.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return names
    if isinstance(data, dict):
        families = data.get("families", data)
        if isinstance(families, dict):
            names |= {k for k in families if isinstance(k, str)}
        elif isinstance(families, list):
            names |= {f.get("id") for f in families if isinstance(f, dict) and f.get("id")}
    return names


def validate_registry(path: str | Path) -> list[Problem]:
    """Every problem of the registry file at `path` (empty when it is valid)."""
    return _load(Path(path))[1]


def load_registry(path: str | Path | None = None) -> Registry:
    """Load a registry file (default: crawler/sources/vietnam.yaml); RegistryError if it has problems."""
    registry, problems = _load(Path(path) if path else DEFAULT_REGISTRY)
    if problems:
        raise RegistryError(problems)
    return registry


def parse_registry(text: str, path: str = "<string>") -> tuple[Registry, list[Problem]]:
    """Parse registry YAML text: the registry of the valid entries and the problems found."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        reason = " ".join(str(getattr(exc, "problem", None) or exc).split())
        return Registry([], {}, path), [Problem(path, line, None, f"bad YAML: {reason}")]
    return _Checker(path).check(root, data)


def _load(path: Path) -> tuple[Registry, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Registry([], {}, str(path)), [Problem(str(path), 0, None, "file not found")]
    except (OSError, UnicodeDecodeError) as exc:
        return Registry([], {}, str(path)), [Problem(str(path), 0, None, f"cannot read: {exc}")]
    return parse_registry(text, str(path))


def as_nfc(value: Any) -> Any:
    """NFC every string inside a YAML value."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [as_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: as_nfc(v) for k, v in value.items()}
    return value


def _default_domains(urls: list[str]) -> list[str]:
    # "www.x" and "x" serve the same portal; allowing the parent covers both (subdomains match).
    hosts = [host_of(u) for u in urls]
    return list(dict.fromkeys(h[4:] if h.startswith("www.") else h for h in hosts if h))


class _Checker:
    """Walks the composed YAML (for line numbers) beside the loaded data; collects problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.families = known_families()
        self.source_id: str | None = None  # the entry being checked, named in its problems

    def problem(self, node: Any, source_id: str | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(Problem(self.path, line, source_id, message))

    def report(self, node: Any, message: str) -> None:
        """A schema rule's problem, about the entry being checked."""
        self.problem(node, self.source_id, message)

    def pairs(self, node: yaml.MappingNode) -> dict[str, tuple]:
        """key → (key node, value node); reports duplicate keys, which YAML would silently merge."""
        out: dict[str, tuple] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key == "<<":
                continue  # a YAML merge key: its keys are checked in the merged data
            if key in out:
                first = out[key][0].start_mark.line + 1
                self.report(key_node, f"duplicate key '{key}' (first at line {first})")
            out[key] = (key_node, value_node)
        return out

    def check(self, root: Any, data: Any) -> tuple[Registry, list[Problem]]:
        registry = Registry([], {}, self.path)
        if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
            self.problem(root, None, "expected a mapping with a 'sources:' list at the top")
            return registry, self.problems
        top = self.pairs(root)
        for key, (key_node, _) in top.items():
            if key not in TOP_LEVEL_KEYS:
                self.problem(
                    key_node, None, f"unknown top-level key '{key}'{closest(key, TOP_LEVEL_KEYS)}"
                )
        defaults = data.get("defaults") or {}
        if "defaults" in top:
            defaults = self.check_defaults(top["defaults"][1], data.get("defaults"))
        registry.defaults = defaults
        if "sources" not in top:
            self.problem(root, None, "no 'sources:' list")
            return registry, self.problems
        seq, items = top["sources"][1], data.get("sources")
        if not isinstance(seq, yaml.SequenceNode) or not isinstance(items, list):
            self.problem(seq, None, "'sources:' must be a list of entries")
            return registry, self.problems
        seen: dict[str, int] = {}
        for index, (node, entry) in enumerate(zip(seq.value, items, strict=True)):
            source = self.check_entry(index, node, entry, defaults, seen)
            if source is not None:
                registry.sources.append(source)
        self.problems.sort(key=lambda p: p.line)
        return registry, self.problems

    def check_field(self, key: str, value: Any, node: Any) -> bool:
        """The schema's rule for one field; False (and a problem) when the value breaks it."""
        before = len(self.problems)
        FIELDS[key].rule(value, node, self)
        return len(self.problems) == before

    def check_defaults(self, node: Any, value: Any) -> dict:
        if not isinstance(node, yaml.MappingNode) or not isinstance(value, dict):
            self.problem(node, None, "'defaults:' must be a mapping")
            return {}
        self.source_id = None
        clean = {}
        for key, (key_node, value_node) in self.pairs(node).items():
            if key not in FIELDS:
                self.problem(key_node, None, f"defaults: unknown key '{key}'{closest(key, FIELDS)}")
            elif not FIELDS[key].in_defaults:
                self.problem(
                    key_node, None, f"defaults: '{key}' belongs in each entry, not in defaults"
                )
            elif self.check_field(key, value[key], value_node):
                clean[key] = value[key]
        return clean

    def check_entry(
        self, index: int, node: Any, entry: Any, defaults: dict, seen: dict
    ) -> Source | None:
        if not isinstance(node, yaml.MappingNode) or not isinstance(entry, dict):
            self.problem(node, None, f"entry #{index + 1} is not a mapping")
            return None
        raw_id = entry.get("id")
        sid = str(raw_id) if raw_id is not None else None
        id_node = next((v for k, v in node.value if k.value == "id"), None)
        # Name the entry as written ("off", not YAML's False).
        self.source_id = label = (
            id_node.value if isinstance(id_node, yaml.ScalarNode) and sid else sid
        )
        before = len(self.problems)
        pairs = self.pairs(node)
        line = node.start_mark.line + 1
        if sid is None:
            self.problems.append(
                Problem(self.path, line, None, f"entry #{index + 1}: missing field 'id'")
            )
        elif sid in seen:
            self.report(pairs["id"][1], f"duplicate id '{sid}' (first at line {seen[sid]})")
        else:
            seen[sid] = line
        for key, (key_node, value_node) in pairs.items():
            if key not in FIELDS:
                self.report(key_node, f"unknown key '{key}'{closest(key, FIELDS)}")
            else:
                self.check_field(key, entry[key], value_node)
        for key in REQUIRED:
            if key not in entry and key != "id":
                hint = " (use 'province: null' for national bodies)" if key == "province" else ""
                self.report(node, f"missing field '{key}'{hint}")
        merged = {**defaults, **entry}
        self.check_consistency(merged, node, pairs, label)
        if len(self.problems) > before:
            return None
        return build_source(merged, line)

    def check_consistency(self, merged: dict, node: Any, pairs: dict, sid: str | None) -> None:
        """Rules across fields: a disabled entry says why; a former province belongs to the province."""
        if merged.get("enabled") is False and not merged.get("disabled_reason"):
            self.problem(
                pairs.get("enabled", (node, node))[1], sid, "enabled: false needs a disabled_reason"
            )
        former, current = merged.get("former_province"), merged.get("province")
        if (
            isinstance(former, str)
            and isinstance(current, str)
            and canonical_province(former)
            and canonical_province(current)
            and province_now(former) != province_now(current)
        ):
            self.problem(
                pairs["former_province"][1],
                sid,
                f"former_province '{former}' is now part of '{province_now(former)}', not of '{current}'",
            )


def build_source(merged: dict, line: int) -> Source:
    """A `Source` from a checked entry merged over its defaults: text NFC, lists normalised."""
    data = {k: as_nfc(v) for k, v in merged.items() if k in FIELDS}
    for key in URL_LISTS:
        if isinstance(data.get(key), str):
            data[key] = [data[key]]
        if key in data:
            data[key] = [u.strip() for u in data[key]]
    for key in ("province", "former_province"):
        if data.get(key):
            data[key] = canonical_province(data[key])
    data["aliases"] = [
        Alias(
            a["domain"].lower(),
            as_date(a.get("until")) if a.get("until") else None,
            as_date(a.get("since")) if a.get("since") else None,
        )
        for a in ({"domain": x} if isinstance(x, str) else x for x in data.get("aliases") or [])
    ]
    data["selectors"] = {
        k: [v] if isinstance(v, str) else list(v) for k, v in (data.get("selectors") or {}).items()
    }
    if not data.get("allowed_domains"):
        urls = [*data["start_urls"], *data.get("feeds", []), *data.get("sitemaps", [])]
        data["allowed_domains"] = _default_domains(urls)
    else:
        data["allowed_domains"] = [d.lower() for d in data["allowed_domains"]]
    for key in ("feeds", "sitemaps", "evidence", "cms_tags"):
        data[key] = list(data.get(key) or [])
    data = {k: v for k, v in data.items() if v is not None or k in ("province", "kind", "cms")}
    return Source(line=line, **data)
