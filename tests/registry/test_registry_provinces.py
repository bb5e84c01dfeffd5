"""Provinces: the 63 former units, the 34 current ones, their mergers and name variants."""

from __future__ import annotations

import unicodedata

import pytest

from crawler.provinces import (
    all_provinces,
    canonical_province,
    current_provinces,
    former_provinces,
    is_known_province,
    province_now,
    province_record,
)

# DOMAIN.md §3, written out independently of provinces.yaml so a slip in either shows.
MERGED = {
    "Tuyên Quang": ["Hà Giang", "Tuyên Quang"],
    "Lào Cai": ["Yên Bái", "Lào Cai"],
    "Thái Nguyên": ["Bắc Kạn", "Thái Nguyên"],
    "Phú Thọ": ["Vĩnh Phúc", "Hòa Bình", "Phú Thọ"],
    "Bắc Ninh": ["Bắc Giang", "Bắc Ninh"],
    "Hưng Yên": ["Thái Bình", "Hưng Yên"],
    "Hải Phòng": ["Hải Dương", "Hải Phòng"],
    "Ninh Bình": ["Hà Nam", "Nam Định", "Ninh Bình"],
    "Quảng Trị": ["Quảng Bình", "Quảng Trị"],
    "Đà Nẵng": ["Quảng Nam", "Đà Nẵng"],
    "Quảng Ngãi": ["Kon Tum", "Quảng Ngãi"],
    "Gia Lai": ["Bình Định", "Gia Lai"],
    "Khánh Hòa": ["Ninh Thuận", "Khánh Hòa"],
    "Lâm Đồng": ["Đắk Nông", "Bình Thuận", "Lâm Đồng"],
    "Đắk Lắk": ["Phú Yên", "Đắk Lắk"],
    "TP Hồ Chí Minh": ["Bình Dương", "Bà Rịa–Vũng Tàu", "TP Hồ Chí Minh"],
    "Đồng Nai": ["Bình Phước", "Đồng Nai"],
    "Tây Ninh": ["Long An", "Tây Ninh"],
    "Cần Thơ": ["Sóc Trăng", "Hậu Giang", "Cần Thơ"],
    "Vĩnh Long": ["Bến Tre", "Trà Vinh", "Vĩnh Long"],
    "Đồng Tháp": ["Tiền Giang", "Đồng Tháp"],
    "Cà Mau": ["Bạc Liêu", "Cà Mau"],
    "An Giang": ["Kiên Giang", "An Giang"],
}
UNCHANGED = [
    "Hà Nội",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
]  # and Huế, renamed from Thừa Thiên Huế


def test_counts() -> None:
    assert len(current_provinces()) == 34
    assert len(set(current_provinces())) == 34
    assert len(former_provinces()) == 63
    assert len(set(former_provinces())) == 63
    assert len(all_provinces()) == 64  # the 63 former + Huế


@pytest.mark.parametrize("now,members", sorted(MERGED.items()))
def test_every_merged_former_maps_to_its_current_province(now: str, members: list[str]) -> None:
    for member in members:
        assert province_now(member) == now, member
        assert province_now(member, "2025-07-01") == now
        assert province_now(member, "2025-06-30") == member
    assert sorted(province_record(now)["former"]) == sorted(members)


def test_unchanged_and_hue() -> None:
    for name in UNCHANGED:
        assert province_now(name) == name
        assert province_record(name)["former"] == [name]
    assert province_now("Thừa Thiên Huế") == "Huế"
    assert province_now("Thừa Thiên Huế", "2024-12-31") == "Thừa Thiên Huế"
    assert province_now("Huế", "2024-06-01") == "Thừa Thiên Huế"
    assert province_now("Huế", "2025-01-01") == "Huế"
    assert set(current_provinces()) == set(MERGED) | set(UNCHANGED) | {"Huế"}


def test_every_former_is_in_exactly_one_current() -> None:
    owners: dict[str, list[str]] = {}
    for record in all_provinces():
        for member in record["former"]:
            owners.setdefault(member, []).append(record["name"])
    assert sorted(owners) == sorted(former_provinces())
    assert all(len(v) == 1 for v in owners.values())


@pytest.mark.parametrize(
    "written,canonical",
    [
        ("tỉnh Hà Nam", "Hà Nam"),
        ("ha nam", "Hà Nam"),
        ("HÀ NAM", "Hà Nam"),
        ("Hoà Bình", "Hòa Bình"),
        ("Hòa Bình", "Hòa Bình"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("Thanh Hoá", "Thanh Hóa"),
        (unicodedata.normalize("NFD", "Quảng Ngãi"), "Quảng Ngãi"),
        ("Thành phố Hồ Chí Minh", "TP Hồ Chí Minh"),
        ("TP.HCM", "TP Hồ Chí Minh"),
        ("TP. Hồ Chí Minh", "TP Hồ Chí Minh"),
        ("Hồ Chí Minh", "TP Hồ Chí Minh"),
        ("thành phố Cần Thơ", "Cần Thơ"),
        ("TP Đà Nẵng", "Đà Nẵng"),
        ("Thừa Thiên Huế", "Thừa Thiên Huế"),
        ("Thừa Thiên - Huế", "Thừa Thiên Huế"),
        ("Huế", "Huế"),
        ("Bà Rịa - Vũng Tàu", "Bà Rịa–Vũng Tàu"),
        ("Bà Rịa-Vũng Tàu", "Bà Rịa–Vũng Tàu"),
        ("Đăk Lăk", "Đắk Lắk"),
        ("Bắc Cạn", "Bắc Kạn"),
        ("\u00d0iện Biên", "Điện Biên"),  # look-alike Ð
        ("Hanoi", "Hà Nội"),
    ],
)
def test_variants(written: str, canonical: str) -> None:
    assert canonical_province(written) == canonical
    assert is_known_province(written)


@pytest.mark.parametrize("name", ["", "  ", None, "Thành phố", "tỉnh", "Hà Nam Ninh", "Phnom Penh"])
def test_unknown(name: str | None) -> None:
    assert canonical_province(name) is None
    assert province_now(name) is None
    assert not is_known_province(name)


def test_coordinates_are_inside_vietnam() -> None:
    for record in all_provinces():
        assert 8.4 < record["lat"] < 23.4, record["name"]
        assert 102.1 < record["lon"] < 109.5, record["name"]


def test_records_are_copies() -> None:
    all_provinces()[0]["name"] = "changed"
    assert "changed" not in [r["name"] for r in all_provinces()]
