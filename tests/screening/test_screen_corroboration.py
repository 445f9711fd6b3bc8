"""The pure parts of corroboration: kinds of vessel, attribute comparisons, rarity, ages."""

import pytest

from darkfleet.screening import Identity, ListEntry, ScreeningSettings
from darkfleet.screening.corroboration import compare_attributes, rarity, vessel_category
from darkfleet.screening.model import sighting_age_d


@pytest.mark.parametrize("written,kind", [
    ("Crude/Oil Products Tanker", "tanker"), ("LPG Carrier", "tanker"), ("Bulk Carrier", "cargo"),
    ("Roll-on Roll-off", "cargo"), ("General Cargo", "cargo"), ("Fishing Vessel", "fishing"),
    ("Tug", "tug"), (84, "tanker"), ("71", "cargo"), (30, "fishing"), (99, None), ("", None),
    (None, None), ("Research", None),
])
def test_kinds_of_vessel_from_lists_and_ais(written, kind):
    assert vessel_category(written) == kind


def test_attributes_compared_where_both_sides_give_them():
    entry = ListEntry("OFAC SDN", "1", "vessel", ("X",), flag="Russia", tonnage=7260,
                      build_year=1998, length_m=120.0, vessel_type="Roll-on Roll-off")
    identity = Identity(name="X", flag="RU", tonnage=7900, build_year=1999, length_m=140.0,
                        vessel_type="tanker")
    found = {a.field: (a.agrees, a.how) for a in compare_attributes(
        identity, entry, ScreeningSettings())}
    assert found == {
        "flag": (True, "same flag"),
        "vessel_type": (False, "another kind of vessel (tanker / cargo)"),
        "tonnage": (True, "gross tonnage within 10%"),
        "length_m": (False, "length beyond 5%"),
        "build_year": (True, "build year agrees")}
    assert compare_attributes(Identity(name="X"), entry, ScreeningSettings()) == []


def test_rarity_and_sighting_age():
    settings = ScreeningSettings()
    assert [round(rarity(n, settings), 3) for n in (0, 1, 2, 8)] == [1.0, 1.0, 0.741, 0.488]
    assert sighting_age_d("2024-05-02T12:00:00Z", "2024-05-03") == 0.5
    assert sighting_age_d("2024-05-04T00:00:00Z", "2024-05-03") == -1.0
    assert sighting_age_d(None, "2024-05-03") is None
    assert sighting_age_d("yesterday", "2024-05-03") is None
