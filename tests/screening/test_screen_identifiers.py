import pytest
from hypothesis import given
from hypothesis import strategies as st

from darkfleet.errors import ScreeningError
from darkfleet.screening import imo_is_valid, mmsi_info, normalise_callsign, parse_imo, parse_mmsi
from darkfleet.screening.identifiers import imo_check_digit, imo_or_none


@pytest.mark.parametrize("text", ["9179842", "IMO 9179842", "IMO9179842", "imo: 9179842",
                                  " IMO No. 9179842 ", "IMO-9179842", 9179842])
def test_imo_in_any_written_form(text):
    assert parse_imo(text) == 9179842


def test_imo_check_digit():
    assert imo_check_digit("917984") == 2
    assert imo_is_valid(9358010) and imo_is_valid(8517839) and imo_is_valid(9538892)
    assert not imo_is_valid(9179843)


def test_wrong_check_digit_is_an_error_that_says_the_right_digit():
    with pytest.raises(ScreeningError, match=r"IMO 9179843 has a wrong check digit .* be 2"):
        parse_imo("IMO 9179843")


@pytest.mark.parametrize("text", ["917984", "IMO 91798420", "ANGARA", ""])
def test_not_an_imo(text):
    with pytest.raises(ScreeningError, match="not an IMO number"):
        parse_imo(text)


def test_imo_or_none_drops_ais_garbage():
    assert imo_or_none(0) is None
    assert imo_or_none(1234568) is None
    assert imo_or_none("9161003") == 9161003


def test_mmsi_gives_the_flag_state_of_its_mid():
    info = mmsi_info(273382620)
    assert (info.kind, info.mid, info.flag) == ("ship", 273, "RU")
    assert mmsi_info(445123000).flag == "KP"
    assert mmsi_info(477535900).flag == "HK"
    assert mmsi_info(2190068).kind == "coast"
    assert (mmsi_info(992191000).kind, mmsi_info(992191000).flag) == ("aid_to_navigation", "DK")


def test_parse_mmsi():
    assert parse_mmsi("MMSI 273382620") == 273382620
    with pytest.raises(ScreeningError, match="not an MMSI"):
        parse_mmsi("27338262")


def test_callsign_normalisation():
    assert normalise_callsign(" ub-rh 7 ") == "UBRH7"
    assert normalise_callsign("--") is None
    assert normalise_callsign(None) is None


@given(st.integers(min_value=100_000, max_value=999_999), st.sampled_from(
    ["{n}", "IMO {n}", "IMO{n}", "imo no. {n}", " IMO: {n} "]))
def test_every_written_form_of_a_valid_imo_parses(first_six, form):
    number = first_six * 10 + imo_check_digit(str(first_six))
    assert imo_is_valid(number)
    assert parse_imo(form.format(n=number)) == number
    wrong = first_six * 10 + (imo_check_digit(str(first_six)) + 1) % 10
    assert not imo_is_valid(wrong)
