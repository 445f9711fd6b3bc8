"""Acceptance on the real lists: the flagship vessels, look-alikes, other scripts."""

import pytest

from darkfleet.screening import Identity

FLAGSHIP = [("ANGARA", 9179842, "37059"), ("LADY R", 9161003, "37095"),
            ("MAIA-1", 9358010, "37098"), ("MARIA", 8517839, "46773"),
            ("SPARTA IV", 9743033, "37029"), ("URSA MAJOR", 9538892, "37028")]


def _top(matches):
    assert matches, "no match"
    return matches[0]


@pytest.mark.parametrize("name,imo,entry_id", FLAGSHIP)
def test_found_by_imo_alone(screener, name, imo, entry_id):
    match = _top(screener.screen(Identity(imo=imo)))
    assert (match.entry.list, match.entry.id, match.entry.imo) == ("OFAC SDN", entry_id, imo)
    assert match.score == 1.0
    assert match.entry.programs == ("RUSSIA-EO14024",)
    assert [(e.field, e.how, e.list, e.list_date) for e in match.evidence] == [
        ("imo", "exact IMO", "OFAC SDN", "2024-05-03")]


@pytest.mark.parametrize("written", ["IMO 9179842", "IMO9179842", "imo 9179842", "9179842"])
def test_found_by_imo_in_any_written_form(screener, written):
    from darkfleet.screening.query import make_identity

    assert _top(screener.screen(make_identity(imo=written))).entry.id == "37059"


@pytest.mark.parametrize("name,imo,entry_id", FLAGSHIP[:5])
def test_found_by_name_alone(screener_without_aliases, name, imo, entry_id):
    match = _top(screener_without_aliases.screen(Identity(name=name)))
    assert (match.entry.id, match.entry.imo, match.score) == (entry_id, imo, 0.9)
    assert match.evidence[0].how == "exact name"


def test_ursa_major_needs_the_aliases(screener, screener_without_aliases):
    assert screener_without_aliases.screen(Identity(name="URSA MAJOR")) == []
    match = _top(screener.screen(Identity(name="URSA MAJOR")))
    assert (match.entry.id, match.entry.name, match.score) == ("37028", "SPARTA III", 0.9)
    assert match.evidence[0].how == "exact alias (aka)"


def test_linked_owners_are_shown(screener):
    assert _top(screener.screen(Identity(imo=9358010))).entry.linked_to == ("TRANSMORFLOT LLC",)


@pytest.mark.parametrize("look_alike", ["MAINI", "MAISAN", "MAISHA"])
def test_look_alikes_score_below_the_threshold(screener, look_alike):
    matches = screener.screen(Identity(name="MAIA-1"), include_below=True)
    scores = {m.entry.name: m.score for m in matches}
    assert scores["MAIA-1"] == 0.9
    assert scores.get(look_alike, 0.0) < screener.settings.threshold
    assert [m.entry.name for m in matches if m.above_threshold] == ["MAIA-1"]


def test_maisha_is_not_maia(screener):
    assert [m.entry.name for m in screener.screen(Identity(name="MAISHA"))] == ["MAISHA"]


def test_another_imo_makes_a_name_no_match(screener):
    assert screener.screen(Identity(name="MARIA", imo=9876543)) == []
    below = screener.screen(Identity(name="MARIA", imo=9876543), include_below=True)
    maria = next(m for m in below if m.entry.id == "46773")
    assert maria.score == 0.5 and not maria.above_threshold
    assert maria.notes == ("IMO differs: 9876543 screened, 8517839 listed",)


def test_identifier_outranks_name(screener):
    matches = screener.screen(Identity(name="MARIA", imo=9179842))
    assert [(m.entry.name, m.score) for m in matches] == [("ANGARA", 1.0)]


def test_call_sign_and_name_agree(screener):
    match = _top(screener.screen(Identity(name="Maria", callsign="UB-RH7")))
    assert match.entry.id == "46773"
    assert sorted(e.field for e in match.evidence) == ["callsign", "name"]
    assert match.score == pytest.approx(1 - 0.08 * 0.1)


@pytest.mark.parametrize("written,listed", [
    ("청천강", "CHONG CHON GANG"), ("천마산", "CHON MA SAN"), ("백마", "PAEK MA"),
    ("례성강 1", "RYE SONG GANG 1"), ("Чхончхонган", "CHONG CHON GANG"),
    ("Пэкма", "PAEK MA"), ("Юджон 2", "YU JONG 2"), ("Cheongcheongang", "CHONG CHON GANG"),
])
def test_korean_and_cyrillic_spellings_of_dprk_names(screener, written, listed):
    match = _top(screener.screen(Identity(name=written)))
    assert match.entry.name.upper() == listed
    assert match.above_threshold


def test_cyrillic_spelling_of_a_russian_listed_name(screener):
    assert _top(screener.screen(Identity(name="Ангара"))).entry.id == "37059"


def test_flags_are_compared_without_scoring(screener):
    from darkfleet.screening.query import make_identity

    agrees = _top(screener.screen(make_identity(imo="9179842", mmsi="273382620")))
    assert (agrees.vessel.flag, agrees.score, agrees.notes) == ("RU", 1.0, ("flag agrees: RU",))
    differs = _top(screener.screen(make_identity(imo="9179842", flag="Panama")))
    assert differs.notes == ("flag differs: PA screened, RU listed",)


def test_an_unknown_flag_is_an_input_error():
    from darkfleet.errors import ScreeningError
    from darkfleet.screening.query import make_identity

    with pytest.raises(ScreeningError, match="unknown flag 'Narnia'"):
        make_identity(name="X", flag="Narnia")


def test_reasons_from_matches_without_a_workspace(screener):
    from darkfleet.screening import vessel_screening_reasons
    from darkfleet.screening.query import make_identity

    matches = screener.screen(make_identity(mmsi="273000001", name="MARIA", callsign="UBRH7"))
    assert vessel_screening_reasons(matches) == {
        273000001: [
            ("call sign UBRH7 on OFAC SDN (list of 2024-05-03) under RUSSIA-EO14024", 0.992),
            ("name MARIA as MARIA E (score 0.90) on OFAC SDN (list of 2024-05-03) under "
             "RUSSIA-EO14024", 0.9)]}
