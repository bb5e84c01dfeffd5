"""Vietnam's provinces before and after the 2025 reorganisation: names, variants, mergers, centroids."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import yaml

from crawler.clock import as_day
from crawler.text import fold, nfc

PROVINCES_FILE = Path(__file__).with_name("provinces.yaml")

# Huế left Thừa Thiên Huế (rename to a centrally-governed city) before the 63→34 merger.
HUE_RENAMED_ON = dt.date(2025, 1, 1)

# Administrative prefixes stripped before matching ("tỉnh Hà Nam", "TP. Cần Thơ", "UBND tỉnh ...").
_PREFIXES = re.compile(
    r"^(?:ubnd\s+|uy ban nhan dan\s+)?(?:tinh|thanh pho|thu do|tp\.?|t\.)\s*(?=\S)"
)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _key(name: str) -> str:
    """Matching key: folded (accents, tone placement, NFD, case), prefix-free, letters and digits only."""
    folded = fold(name).strip()
    # "TP.HCM", "TP HCM": the prefix may be glued to the name.
    stripped = _PREFIXES.sub("", folded)
    key = _NOT_ALNUM.sub("", stripped)
    # Never strip a prefix down to nothing useful ("Thành phố" alone is not a province).
    return key or _NOT_ALNUM.sub("", folded)


@lru_cache(maxsize=1)
def _data() -> dict:
    raw = yaml.safe_load(PROVINCES_FILE.read_text(encoding="utf-8"))
    merged_on = raw["merged_on"]
    records: dict[str, dict] = {}
    keys: dict[str, str] = {}
    former_names: list[str] = []

    def add_key(variant: str, name: str) -> None:
        key = _key(variant)
        if keys.get(key, name) != name:
            raise ValueError(
                f"{PROVINCES_FILE}: variant {variant!r} matches both {keys[key]!r} and {name!r}"
            )
        keys[key] = name

    for entry in raw["current"]:
        name = nfc(entry["name"])
        former = [nfc(f) for f in entry["former"]]
        records[name] = {
            "name": name,
            "current": True,
            "now": name,
            "former": former,
            "was_former_province": name in former,
            "type": entry.get("type", "province"),
            "capital": entry.get("capital"),
            "lat": entry["lat"],
            "lon": entry["lon"],
        }
        for extra in ("former_capital", "former_lat", "former_lon"):
            if extra in entry:
                records[name][extra] = entry[extra]
        for member in former:
            former_names.append(member)
        for variant in [name, *entry.get("variants", [])]:
            add_key(variant, name)
    for entry in raw["former_only"]:
        name = nfc(entry["name"])
        now = next(r["name"] for r in records.values() if r["current"] and name in r["former"])
        records[name] = {
            "name": name,
            "current": False,
            "now": now,
            "former": [],
            "was_former_province": True,
            "type": "province",
            "capital": entry.get("capital"),
            "lat": entry["lat"],
            "lon": entry["lon"],
        }
        for variant in [name, *entry.get("variants", [])]:
            add_key(variant, name)
    return {"records": records, "keys": keys, "former": former_names, "merged_on": merged_on}


def canonical_province(name: str | None) -> str | None:
    """The canonical name of a province (former or current) written any common way, else None.

    Accepts "tỉnh Hà Nam", "ha nam", "Hoà Bình"/"Hòa Bình", NFD text, "TP.HCM", "Thừa Thiên Huế".
    A former province keeps its own name here ("Hà Nam"); `province_now` maps it to today's.
    """
    if not name or not name.strip():
        return None
    return _data()["keys"].get(_key(name))


def is_known_province(name: str | None) -> bool:
    """True when `name` is a province (one of the 63 former or 34 current) in any spelling."""
    return canonical_province(name) is not None


def province_now(
    name: str | None, on_date: dt.date | dt.datetime | str | None = None
) -> str | None:
    """The province `name` belongs to today, or on `on_date` when given (date or ISO string).

    "Hà Nam" → "Ninh Bình" (today, or on any date from 2025-07-01); "Hà Nam" on 2022-12-25 →
    "Hà Nam". "Thừa Thiên Huế" → "Huế" from 2025-01-01. Unknown names → None.
    """
    canonical = canonical_province(name)
    if canonical is None:
        return None
    data = _data()
    record = data["records"][canonical]
    if on_date is None:
        return record["now"]
    day = as_day(on_date)
    if canonical in ("Huế", "Thừa Thiên Huế"):
        return "Huế" if day >= HUE_RENAMED_ON else "Thừa Thiên Huế"
    if day >= data["merged_on"]:
        return record["now"]
    return canonical


def province_record(name: str | None) -> dict | None:
    """The full record of a province ({name, current, now, former, lat, lon, ...}) or None."""
    canonical = canonical_province(name)
    if canonical is None:
        return None
    record = _data()["records"][canonical]
    return {**record, "former": list(record["former"])}


def all_provinces() -> list[dict]:
    """Every province name, former or current, once: {name, current, now, former, lat, lon, ...}.

    64 records: the 63 former units and Huế (the only current name that was not a former unit).
    `current` is True for the 34 units of today; `former` lists a current unit's pre-2025 members.
    """
    return [{**r, "former": list(r["former"])} for r in _data()["records"].values()]


def current_provinces() -> list[str]:
    """The names of the 34 provinces and centrally-governed cities from 2025-07-01."""
    return [r["name"] for r in _data()["records"].values() if r["current"]]


def former_provinces() -> list[str]:
    """The names of the 63 provinces and cities before the 2025 reorganisation."""
    return list(_data()["former"])
