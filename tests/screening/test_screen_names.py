import pytest

from darkfleet.screening import name_forms, normalise_name
from darkfleet.transliterate import cyrillic_variants, hangul_to_latin, korean_key


@pytest.mark.parametrize("text,key", [
    ("M/V MAIA-1", "MAIA1"), ("MV Maia 1", "MAIA1"), ("m.v. maia1", "MAIA1"),
    ("SPARTA IV", "SPARTA4"), ("Sparta Four", "SPARTA4"), ("MT SPARTA-4", "SPARTA4"),
    ("CHONG CHON GANG", "CHONGCHONGANG"), ("Chongchongang", "CHONGCHONGANG"),
    ("Billions No.18", "BILLIONS18"), ("LADY R", "LADYR"), ("Lady-R.", "LADYR"),
    ("HWANG GUM SAN 02", "HWANGGUMSAN2"),
])
def test_normalised_keys(text, key):
    assert normalise_name(text).key == key


def test_numbers_are_kept_apart():
    assert normalise_name("SPARTA III").numbers == ("3",)
    assert normalise_name("V ONE").tokens == ("V", "1")


def test_hangul_is_romanised_syllable_by_syllable():
    assert hangul_to_latin("청천강") == "CHONG CHON KANG"
    assert hangul_to_latin("백마") == "PAEK MA"
    assert hangul_to_latin("례성강 1") == "RYE SONG KANG 1"
    assert hangul_to_latin("태평산") == "THAE PHYONG SAN"


def test_korean_spellings_fold_together():
    keys = {korean_key(t.split()) for t in
            ("CHONG CHON GANG", "CHEONG CHEON GANG", "CHON CHON GAN", "CHONG CHON KANG")}
    assert keys == {"CHONCHONKAN"}


def test_cyrillic_conventions():
    assert cyrillic_variants("Мария") == ("Mariya", "Marija", "maria")
    assert "Ursa Major" in cyrillic_variants("Урса Майор")
    assert [k.key for k in name_forms("Мария")] == ["MARIYA", "MARIJA", "MARIA"]


def test_the_korean_number_marker_is_dropped():
    assert hangul_to_latin("남산8호") == "NAM SAN 8"
    assert normalise_name(hangul_to_latin("남산 8 호")).key == "NAMSAN8"
