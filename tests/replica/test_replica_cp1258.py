"""windows-1258 output of the replica: any normalisation form in, plain cp1258 bytes out."""

from __future__ import annotations

import unicodedata

import pytest

from replica.render.payloads import encode_legacy

SAMPLES = [
    "Hội nghị trực tuyến sơ kết 6 tháng về chuyển đổi số",
    "Tổ công tác triển khai Đề án 06; Uỷ ban, hoà, thuỷ; Ủy ban, hòa, thủy",
    "Phường Ninh Sơn, xã Thạnh Tân, thành phố Tây Ninh: ưu tiên ứng dụng VNeID",
]


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_cp1258_encoding_round_trips_from_any_form_without_character_references(text, form):
    raw = encode_legacy(unicodedata.normalize(form, text), "windows-1258")
    assert b"&#" not in raw
    assert unicodedata.normalize("NFC", raw.decode("cp1258")) == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("text", SAMPLES)
def test_nfd_and_nfc_input_give_the_same_cp1258_bytes(text):
    nfc = encode_legacy(unicodedata.normalize("NFC", text), "windows-1258")
    assert encode_legacy(unicodedata.normalize("NFD", text), "windows-1258") == nfc


def test_letters_cp1258_lacks_go_out_as_base_letter_plus_tone_mark():
    # "ộ" = ô (0xF4) + dot below (0xF2); "ự" = ư (0xFD) + dot below; "ế" = ê (0xEA) + acute (0xEC).
    for form in ("NFC", "NFD"):
        raw = encode_legacy(unicodedata.normalize(form, "Hội, trực, tuyến"), "windows-1258")
        assert raw == b"H\xf4\xf2i, tr\xfd\xf2c, tuy\xea\xecn"
