"""The replica's own normaliser writes ground truth the way the stored-text contract says."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crawler.text import fold, nfc
from replica.text import ascii_fold, normalise

VIETNAMESE = st.text(
    alphabet=st.sampled_from(
        list("aăâbcdđeêghiklmnoôơpqrstuưvxyĐÐð ÁÀẢÃẠáàảãạệỆ\u0301\u0300\u00a0\u202f\u3000\t\n")
    )
)


def test_normalise_folds_look_alikes_and_odd_spaces():
    assert normalise("Ðề  án\u00a0số") == "Đề án số"
    assert normalise("Ho\u0300a") == "Hòa"


def test_ascii_fold_makes_slugs_keys():
    assert ascii_fold("Chuyển Đổi số") == "chuyen doi so"


@given(VIETNAMESE)
def test_truth_normalisation_agrees_with_the_stored_text_contract(text):
    # Independent code, same contract (docs/architecture.md, "Text"): truth and product agree.
    assert normalise(text) == nfc(text)
    assert ascii_fold(text) == fold(text)
