"""Registry validation: every kind of bad entry is reported with its line and reason."""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap
from pathlib import Path

import pytest

from crawler.registry import (
    Problem,
    RegistryError,
    load_registry,
    parse_registry,
    validate_registry,
)

GOOD = """\
defaults:
  download_timeout: 25
  retries: 3
sources:
  - id: hanam
    name: Cổng Thông tin điện tử tỉnh Hà Nam
    province: tỉnh Hà Nam
    start_urls: [https://www.hanam.gov.vn/Pages/chuyen-doi-so.aspx]
  - id: mst
    name: Bộ Khoa học và Công nghệ
    province: null
    kind: ministry
    cms: numeric_timestamp_news
    start_urls: https://mst.gov.vn/tin-tuc-su-kien/tin-tong-hop.htm
    feeds: [https://mst.gov.vn/rss/home.rss]
    aliases: [{domain: mic.gov.vn, until: 2025-03-01}]
    download_timeout: 10
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_good_registry_loads_with_defaults_merged(tmp_path: Path) -> None:
    registry = load_registry(write(tmp_path, GOOD))
    assert [s.id for s in registry.sources] == ["hanam", "mst"]
    hanam, mst = registry.get("hanam"), registry.get("mst")
    assert hanam.province == "Hà Nam" and hanam.province_now == "Ninh Bình"
    assert hanam.province_on("2022-12-25") == "Hà Nam"
    assert hanam.download_timeout == 25 and hanam.retries == 3 and hanam.tls_verify is True
    assert hanam.allowed_domains == ["hanam.gov.vn"]  # www. dropped: subdomains are allowed
    assert hanam.feeds == [] and hanam.enabled is True and hanam.line == 5
    assert mst.start_urls == ["https://mst.gov.vn/tin-tuc-su-kien/tin-tong-hop.htm"]
    assert mst.download_timeout == 10 and mst.province is None and mst.province_now is None
    assert mst.aliases[0].domain == "mic.gov.vn" and mst.aliases[0].until == dt.date(2025, 3, 1)
    assert mst.allows("https://www.mic.gov.vn/Pages/TinTuc/1/x.html")
    assert not mst.allows("https://example.com/")
    assert mst.domains(dt.date(2025, 6, 1)) == ["mst.gov.vn"]
    assert registry.get("nope") is None
    # Storage reads sources with dataclasses.asdict(): today's province must be in it.
    assert dataclasses.asdict(hanam)["province_now"] == "Ninh Bình"
    assert dataclasses.replace(hanam, province="Bắc Kạn").province_now == "Thái Nguyên"
    assert hanam.user_agent_string("9.9") == "govmon/9.9 (monitor of public government news)"
    mst.user_agent, mst.contact_url = (
        "govmon/{version} (+{contact_url}) {other}",
        "https://example.org/c",
    )
    assert mst.user_agent_string("1.0") == "govmon/1.0 (+https://example.org/c) {other}"
    assert validate_registry(tmp_path / "sources.yaml") == []


HEAD = """\
sources:
  - id: y
    name: Y
    province: null
    start_urls: [https://b.gov.vn/]
  - id: x
    name: X
"""
# Each case: the rest of entry x, with "  # <-" marking the line the problem must name.
CASES = [
    (
        "    province: Atlantis  # <-\n    start_urls: [https://a.gov.vn/]\n",
        "source 'x': unknown province 'Atlantis'",
    ),
    (
        "    province: null\n    kind: ministery  # <-\n    start_urls: [https://a.gov.vn/]\n",
        "source 'x': unknown kind 'ministery' (did you mean 'ministry'?)",
    ),
    (
        "    province: null\n    cms: sharepont  # <-\n    start_urls: [https://a.gov.vn/]\n",
        "source 'x': unknown cms family 'sharepont' (did you mean 'sharepoint'?)",
    ),
    (
        "    province: null\n    start_urls: [https://a.gov.vn/]\n    stat_url: [https://a.gov.vn/]  # <-\n",
        "source 'x': unknown key 'stat_url' (did you mean 'start_urls'?)",
    ),
    (
        "    province: null\n    start_urls: [https://a.gov.vn/]\n    feeds:\n      - https://a.gov.vn/rss\n"
        "      - ftp://a.gov.vn/rss  # <-\n",
        "source 'x': bad URL 'ftp://a.gov.vn/rss' in feeds: must start with http:// or https://",
    ),
    (
        "    province: null\n    start_urls: [https://a.gov.vn/]\n    sitemaps: ['https:///sitemap.xml']  # <-\n",
        "source 'x': bad URL 'https:///sitemap.xml' in sitemaps: has no host",
    ),
    (
        "    province: null\n    start_urls:\n      - a.gov.vn/tin-tuc  # <-\n",
        "source 'x': bad URL 'a.gov.vn/tin-tuc' in start_urls: must start with http:// or https://",
    ),
    ("    province: null\n    start_urls: []  # <-\n", "source 'x': field 'start_urls' is empty"),
    (
        "    province: null\n    start_urls: [https://a.gov.vn/]\n    enabled: false  # <-\n",
        "source 'x': enabled: false needs a disabled_reason",
    ),
    (
        "    province: null\n    start_urls: [https://a.gov.vn/]\n    enabled: 'no'  # <-\n",
        "source 'x': field 'enabled' must be true or false, not 'no'",
    ),
    (
        "    province: null\n    start_urls: [https://a.gov.vn/]\n    aliases:\n"
        "      - {domain: 'http://mic.gov.vn/', until: 2025-03-01}  # <-\n",
        "source 'x': bad alias domain 'http://mic.gov.vn/': must be a bare host name",
    ),
    (
        "    province: null\n    start_urls: [https://a.gov.vn/]\n    aliases:\n"
        "      - {domain: mic.gov.vn, until: March}  # <-\n",
        "source 'x': alias 'until' must be a date (YYYY-MM-DD), not 'March'",
    ),
    (
        "    province: Hà Nam\n    former_province: Bắc Kạn  # <-\n    start_urls: [https://a.gov.vn/]\n",
        "source 'x': former_province 'Bắc Kạn' is now part of 'Thái Nguyên', not of 'Hà Nam'",
    ),
    (
        "    province: null\n    start_urls: [https://a.gov.vn/]\n    selectors:\n      titel: [h1]  # <-\n",
        "source 'x': unknown selector field 'titel' (did you mean 'title'?)",
    ),
    (
        "    province: null\n    start_urls: [https://a.gov.vn/]\n    download_timeout: 0  # <-\n",
        "source 'x': field 'download_timeout' must be a number of seconds",
    ),
    (
        "    province: null\n    start_urls: [https://a.gov.vn/]\n    confidence: certain  # <-\n",
        "source 'x': unknown confidence 'certain'",
    ),
    (
        "    province: null\n    name: again  # <-\n    start_urls: [https://a.gov.vn/]\n",
        "source 'x': duplicate key 'name' (first at line 7)",
    ),
    (
        "    start_urls: [https://a.gov.vn/]\n",
        "source 'x': missing field 'province' (use 'province: null'",
    ),
]


def marked_line(text: str) -> int:
    """The 1-based line carrying the "# <-" marker (the entry's first line when unmarked)."""
    lines = text.splitlines()
    marked = [i for i, t in enumerate(lines, 1) if t.endswith("# <-")]
    return marked[0] if marked else next(i for i, t in enumerate(lines, 1) if t == "  - id: x")


@pytest.mark.parametrize("rest,message", CASES, ids=[m.split(": ", 1)[1][:40] for _, m in CASES])
def test_each_kind_of_bad_entry(tmp_path: Path, rest: str, message: str) -> None:
    path = write(tmp_path, HEAD + rest)
    problem = only(validate_registry(path))
    assert message in str(problem)
    assert problem.line == marked_line(HEAD + rest)
    assert problem.source_id == "x"
    assert str(problem).startswith(f"{path}:{problem.line}: source 'x': ")
    # The good entry still loads from the same text.
    registry, _ = parse_registry(path.read_text(encoding="utf-8"), str(path))
    assert [s.id for s in registry.sources] == ["y"]


def test_duplicate_id_names_both_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD + "    province: null\n    start_urls: [https://a.gov.vn/]\n"
        "  - id: y\n    name: Y again\n    province: null\n    start_urls: [https://c.gov.vn/]\n",
    )
    problem = only(validate_registry(path))
    assert problem.line == 10 and problem.source_id == "y"
    assert problem.message == "duplicate id 'y' (first at line 2)"


def test_missing_id_and_name(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD + "    province: null\n    start_urls: [https://a.gov.vn/]\n"
        "  - name: Z\n    province: null\n    start_urls: [https://z.gov.vn/]\n"
        "  - id: w\n    province: null\n    start_urls: [https://w.gov.vn/]\n",
    )
    problems = validate_registry(path)
    assert [(p.line, str(p).split(": ", 1)[1]) for p in problems] == [
        (10, "entry #3: missing field 'id'"),
        (13, "source 'w': missing field 'name'"),
    ]


def test_every_bad_entry_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        HEAD
        + "    province: Atlantis\n    start_urls: [https://a.gov.vn/]\n"
        + "  - id: z\n    name: Z\n    province: null\n    kind: blog\n    start_urls: [ftp://z/]\n"
    )
    problems = validate_registry(write(tmp_path, text))
    assert [(p.line, p.source_id) for p in problems] == [(8, "x"), (13, "z"), (14, "z")]
    with pytest.raises(RegistryError) as info:
        load_registry(tmp_path / "sources.yaml")
    assert len(info.value.problems) == 3
    assert "sources.yaml:8: source 'x': unknown province 'Atlantis'" in str(info.value)


def test_bad_yaml_reports_the_parser_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, HEAD + "    province: null\n    start_urls: [https://a.gov.vn/\n  - id: q\n"
    )
    problem = only(validate_registry(path))
    assert problem.message.startswith("bad YAML: ")
    assert problem.line in (9, 10)  # the unclosed flow sequence, as the parser sees it
    assert problem.source_id is None


@pytest.mark.parametrize(
    "text,line,message",
    [
        ("- id: a\n", 1, "expected a mapping with a 'sources:' list at the top"),
        ("defaults: {}\n", 1, "no 'sources:' list"),
        ("source:\n  - id: a\n", 1, "unknown top-level key 'source' (did you mean 'sources'?)"),
        (
            "defaults:\n  tls_verify: false\nsources: []\n",
            2,
            "defaults: 'tls_verify' belongs in each entry, not in defaults",
        ),
        (
            "defaults:\n  retires: 3\nsources: []\n",
            2,
            "defaults: unknown key 'retires' (did you mean 'retries'?)",
        ),
        ("sources: {a: 1}\n", 1, "'sources:' must be a list of entries"),
        ("sources:\n  - just a string\n", 2, "entry #1 is not a mapping"),
    ],
)
def test_file_level_problems(tmp_path: Path, text: str, line: int, message: str) -> None:
    problems = validate_registry(write(tmp_path, text))
    assert any(p.line == line and message in p.message for p in problems), [
        str(p) for p in problems
    ]


def test_missing_file(tmp_path: Path) -> None:
    problem = only(validate_registry(tmp_path / "absent.yaml"))
    assert problem.message == "file not found"


def test_text_is_nfc_and_province_canonical(tmp_path: Path) -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Báo Hoà Bình")
    path = write(
        tmp_path,
        f"sources:\n  - id: b\n    name: {nfd}\n    province: hoa binh\n"
        "    start_urls: [http://baohoabinh.com.vn/]\n",
    )
    source = load_registry(path).sources[0]
    assert source.name == unicodedata.normalize("NFC", "Báo Hoà Bình")
    assert source.province == "Hòa Bình" and source.province_now == "Phú Thọ"


def test_schema_covers_every_field() -> None:
    # One declaration: every Source field a YAML entry may set has exactly one rule in FIELDS.
    from crawler.registry.schema import FIELDS, source_fields

    assert set(FIELDS) == source_fields()


@pytest.mark.parametrize("key", ["id", "name", "start_urls", "aliases", "evidence"])
def test_identity_fields_are_refused_in_defaults(tmp_path: Path, key: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(f"defaults:\n  {key}: x\nsources: []\n", encoding="utf-8")
    assert [str(p) for p in validate_registry(path)] == [
        f"{path}:2: defaults: '{key}' belongs in each entry, not in defaults"
    ]
