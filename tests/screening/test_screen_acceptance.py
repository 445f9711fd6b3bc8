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
    from darkfleet.screening.identity_input import make_identity

    assert _top(screener.screen(make_identity(imo=written))).entry.id == "37059"


def _candidates(screener, identity):
    return screener.screen(identity, include_below=True)


@pytest.mark.parametrize("name,imo,entry_id", FLAGSHIP[:5])
def test_a_name_alone_is_a_candidate_never_a_match(screener_without_aliases, name, imo,
                                                    entry_id):
    assert [m for m in screener_without_aliases.screen(Identity(name=name))
            if m.basis != "link"] == []
    match = _top(_candidates(screener_without_aliases, Identity(name=name)))
    assert (match.entry.id, match.entry.imo, match.basis) == (entry_id, imo, "name only")
    assert not match.above_threshold
    assert match.evidence[0].how == "exact name"


def test_a_common_name_weighs_less(screener):
    maria = next(m for m in _candidates(screener, Identity(name="MARIA"))
                 if m.entry.id == "46773")
    angara = _top(_candidates(screener, Identity(name="ANGARA")))
    assert (angara.score, angara.notes) == (0.7, ())
    assert maria.score == pytest.approx(0.7 / (1 + 0.35))
    assert maria.notes == ("common name: 2 vessels bear it",)


def test_ursa_major_needs_the_aliases(screener, screener_without_aliases):
    assert all(m.entry.id != "37028"
               for m in _candidates(screener_without_aliases, Identity(name="URSA MAJOR")))
    match = _top(_candidates(screener, Identity(name="URSA MAJOR")))
    assert (match.entry.id, match.entry.name, match.score) == ("37028", "SPARTA III", 0.7)
    assert match.evidence[0].how == "exact alias (aka)"


def test_linked_owners_are_shown(screener):
    assert _top(screener.screen(Identity(imo=9358010))).entry.linked_to == ("TRANSMORFLOT LLC",)


@pytest.mark.parametrize("look_alike", ["MAINI", "MAISAN", "MAISHA"])
def test_look_alikes_score_below_the_name(screener, look_alike):
    scores = {m.entry.name: m.score for m in _candidates(screener, Identity(name="MAIA-1"))}
    assert scores["MAIA-1"] == 0.7
    assert scores.get(look_alike, 0.0) < 0.5


def test_another_imo_suppresses_a_name(screener):
    assert screener.screen(Identity(name="MARIA", imo=9876543, flag="RU")) == []
    maria = next(m for m in _candidates(screener, Identity(name="MARIA", imo=9876543))
                 if m.entry.id == "46773")
    assert maria.score == 0.5 and not maria.above_threshold
    assert maria.notes == ("common name: 2 vessels bear it",
                           "IMO differs: 9876543 screened, 8517839 listed")


def test_identifier_outranks_name_and_brings_the_owner(screener):
    matches = screener.screen(Identity(name="MARIA", imo=9179842))
    assert [(m.entry.list, m.entry.name, m.score, m.basis) for m in matches] == [
        ("OFAC SDN", "ANGARA", 1.0, "identifier"), ("UK", "ANGARA", 1.0, "identifier"),
        ("OFAC SDN", "M LEASING LLC", 0.6, "link")]
    assert matches[0].notes == ("name differs: MARIA screened, ANGARA listed",)
    assert matches[2].notes[0] == "linked to listed M LEASING LLC (OFAC SDN 37065) via OFAC " \
        "Linked To"


def test_call_sign_and_name_agree(screener):
    match = _top(screener.screen(Identity(name="Maria", callsign="UB-RH7")))
    assert (match.entry.id, match.basis) == ("46773", "identifier")
    assert sorted(e.field for e in match.evidence) == ["callsign", "name"]
    assert match.score == pytest.approx(1 - 0.08 * (1 - 0.7 / 1.35), abs=1e-6)


def test_an_old_sighting_is_dated_beside_the_list(screener):
    match = _top(screener.screen(Identity(imo=9255880, name="ALFA ITALIA",
                                          seen_at="2010-06-11T11:46:00Z")))
    assert (match.entry.name, match.score, match.basis) == ("ZEPHYR I", 1.0, "identifier")
    assert match.notes == ("name differs: ALFA ITALIA screened, ZEPHYR I listed",)
    record = match.to_record()
    assert (record["seen_at"], record["list_date"], record["sighting_age_d"]) == (
        "2010-06-11T11:46:00Z", "2024-05-03", 5074.5)


@pytest.mark.parametrize("identity,score", [
    ({"flag": "RU"}, 1 - 0.3 * 0.6),
    ({"flag": "RU", "vessel_type": "Ro-Ro cargo"}, 1 - 0.3 * 0.6 * 0.65),
    ({"vessel_type": "ro-ro", "tonnage": 8700}, 1 - 0.3 * 0.65 * 0.5),
])
def test_attributes_corroborate_a_name(screener, identity, score):
    match = _top(screener.screen(Identity(name="ANGARA", **identity)))
    assert (match.entry.id, match.basis, match.above_threshold) == (
        "37059", "corroborated name", True)
    assert match.score == pytest.approx(score, abs=1e-6)


def test_a_former_name_corroborates_a_name(screener):
    match = _top(screener.screen(Identity(name="MAIA-1", former_names=("NEPTUN",))))
    assert (match.entry.id, match.basis) == ("37098", "corroborated name")
    assert match.score == pytest.approx(1 - 0.3 * 0.5, abs=1e-6)


def test_a_contradicting_attribute_lowers_a_name(screener):
    match = next(m for m in _candidates(screener, Identity(
        name="ANGARA", flag="RU", vessel_type="Crude Oil Tanker")) if m.entry.id == "37059")
    assert match.basis == "corroborated name" and not match.above_threshold
    assert match.score == pytest.approx((1 - 0.3 * 0.6) * 0.6, abs=1e-6)
    assert "vessel_type contradicts: Crude Oil Tanker screened, Roll-on Roll-off listed" \
        in match.notes


def test_no_listed_name_alone_passes_the_threshold(screener, lists):
    names = sorted({n for lst in lists for e in lst.vessels() for n in e.names})
    results = screener.screen_many([Identity(name=n) for n in names])
    assert len(names) == 1589
    assert [m for ms in results for m in ms if m.basis == "name only"] == []


@pytest.mark.parametrize("written", ["LADY R", "LEDI R", "ЛЕДИ Р", "Леди Р"])
def test_spellings_that_sound_alike_meet(screener, written):
    match = _top(_candidates(screener, Identity(name=written)))
    assert (match.entry.id, match.basis) == ("37095", "name only")
    corroborated = _top(screener.screen(Identity(name=written, flag="RU", vessel_type="Ro-Ro")))
    assert (corroborated.entry.id, corroborated.basis) == ("37095", "corroborated name")


def test_sound_alike_says_so(screener):
    match = _top(_candidates(screener, Identity(name="ЛЕДИ Р")))
    assert match.evidence[0].how == ("name sounds alike (Double Metaphone LT R) at 0.88, "
                                     "transliterated from Cyrillic")


@pytest.mark.parametrize("written,listed", [
    ("청천강", "CHONG CHON GANG"), ("천마산", "CHON MA SAN"), ("백마", "PAEK MA"),
    ("례성강 1", "RYE SONG GANG 1"), ("Чхончхонган", "CHONG CHON GANG"),
    ("Пэкма", "PAEK MA"), ("Юджон 2", "YU JONG 2"), ("Cheongcheongang", "CHONG CHON GANG"),
    ("Baekma", "PAEK MA"), ("Cheonmasan", "CHON MA SAN"), ("Ch'ŏnmasan", "CHON MA SAN"),
    ("Yujeong 2", "YU JONG 2"), ("Jiseong 6", "JI SONG 6"),
])
def test_korean_names_in_every_script_and_romanisation(screener, written, listed):
    match = _top(_candidates(screener, Identity(name=written)))
    assert (match.entry.list, match.entry.name.upper()) == ("OFAC SDN", listed)
    flagged = _top(screener.screen(Identity(name=written, flag="KP")))
    assert (flagged.entry.name.upper(), flagged.basis) == (listed, "corroborated name")


def test_cyrillic_spelling_of_a_russian_listed_name(screener):
    assert _top(_candidates(screener, Identity(name="Ангара"))).entry.id == "37059"


def test_flags_are_compared_without_scoring(screener):
    from darkfleet.screening.identity_input import make_identity

    agrees = _top(screener.screen(make_identity(imo="9179842", mmsi="273382620")))
    assert (agrees.vessel.flag, agrees.score, agrees.notes) == ("RU", 1.0, ("flag agrees: RU",))
    differs = _top(screener.screen(make_identity(imo="9179842", flag="Panama")))
    assert differs.notes == ("flag differs: PA screened, RU listed",)


def test_an_unknown_flag_is_an_input_error():
    from darkfleet.errors import ScreeningError
    from darkfleet.screening.identity_input import make_identity

    with pytest.raises(ScreeningError, match="unknown flag 'Narnia'"):
        make_identity(name="X", flag="Narnia")


def test_reasons_from_matches_without_a_workspace(screener):
    from darkfleet.screening import vessel_screening_reasons
    from darkfleet.screening.identity_input import make_identity

    matches = screener.screen(make_identity(mmsi="273000001", name="MARIA", callsign="UBRH7"))
    assert vessel_screening_reasons(matches) == {
        273000001: [
            ("call sign UBRH7 on OFAC SDN (list of 2024-05-03) under RUSSIA-EO14024", 0.976889),
            ("linked to listed IBEX SHIPPING INC (OFAC SDN 46768) via OFAC Linked To under "
             "RUSSIA-EO14024", 0.586133),
            ("linked to listed IBEX Shipping INC (UK RUS2091) via OFAC Linked To under Russia",
             0.586133)]}


def test_uk_ships_match_by_imo_and_another_imo_suppresses_a_uk_name(screener):
    [uk] = [m for m in screener.screen(Identity(imo=9256602)) if m.basis != "link"]
    assert (uk.entry.list, uk.entry.id, uk.entry.name, uk.score) == (
        "UK", "RUS2217", "PIONEER", 1.0)
    identity = Identity(name="ANGARA", imo=9876543, flag="RU")
    assert screener.screen(identity) == []
    uk = next(m for m in _candidates(screener, identity) if m.entry.list == "UK")
    assert (uk.entry.id, uk.score, uk.basis) == ("RUS2183", 0.5, "name only")
    assert uk.notes == ("IMO differs: 9876543 screened, 9179842 listed",)


def test_uk_ships_keep_the_aliases_of_the_full_list(screener):
    match = _top(_candidates(screener, Identity(name="CHIE MARU NO.6")))
    assert (match.entry.id, match.entry.imo, match.evidence[0].how) == (
        "DPR0096", 8712362, "exact alias (aka)")


def test_a_hull_found_by_imo_brings_the_owners_un_entries_name(lists):
    """The UN list names PAEK MA in its owners' entries; the UK list gives its IMO."""
    from darkfleet.screening import Screener

    matches = Screener([lists[1], lists[2]]).screen(Identity(imo=9066978))
    assert [(m.entry.list, m.entry.id, m.basis, m.score) for m in matches] == [
        ("UK", "DPR0103", "identifier", 1.0), ("UK", "DPR0133", "link", 0.6),
        ("UK", "DPR0184", "link", 0.6), ("UN", "KPe.057", "link", 0.6),
        ("UN", "KPe.069", "link", 0.6)]
    assert matches[3].notes == (
        "linked to listed FIRST OIL JV CO LTD (UN KPe.057) via owner",
        "the vessel: named in UN KPe.057/PAEK MA (PAEK MA, identifier, 1.00)")
