"""Reference decoders' values seen through darkfleet's not-available rules (docs/ingest.md).

pyais (and libais's gpsd-style JSON) keep the raw not-available codes: lat 91, lon 181,
speed 102.3, course 360, heading 511, zero IMO/ship type/draught/dimensions. darkfleet stores
None for those; `expected(field, value, msg_type)` applies the same rule to a reference value.
"""

import pytest

#: darkfleet field -> pyais attribute
PYAIS = {
    "lat": "lat", "lon": "lon", "speed_kn": "speed", "course_deg": "course",
    "heading_deg": "heading", "nav_status": "status", "imo": "imo", "callsign": "callsign",
    "shipname": "shipname", "ship_type": "ship_type", "draught_m": "draught",
    "destination": "destination", "to_bow_m": "to_bow", "to_stern_m": "to_stern",
    "to_port_m": "to_port", "to_starboard_m": "to_starboard", "part": "partno",
}
ZERO_IS_NONE = {"imo", "ship_type", "draught_m", "to_bow_m", "to_stern_m", "to_port_m",
                "to_starboard_m"}
TOLERANCE = {"lat": 2e-6, "lon": 2e-6, "speed_kn": 1e-6, "course_deg": 1e-6, "draught_m": 1e-6}


def expected(field, value, msg_type):
    """What darkfleet should hold for a reference decoder's `value` of `field`."""
    if value is None:
        return None
    if field == "lat":
        return None if abs(value) > 90 else value
    if field == "lon":
        return None if abs(value) > 180 else value
    if field == "speed_kn":
        return None if value == (63 if msg_type == 27 else 102.3) else value
    if field in ("course_deg", "heading_deg"):
        return None if value >= 360 else value
    if field == "part":
        return "AB"[int(value)] if int(value) in (0, 1) else value
    if field in ZERO_IS_NONE:
        return int(value) or None if field != "draught_m" else value or None
    if field in ("callsign", "shipname", "destination"):
        return value.partition("@")[0].strip(" ") or None
    return int(value) if field == "nav_status" else value


def assert_same(field, got, want, msg_type, where=""):
    """Equal, floats within the field's resolution (coarser for type 27 positions)."""
    tolerance = TOLERANCE.get(field)
    if msg_type == 27 and field in ("lat", "lon"):
        tolerance = 2e-3
    if tolerance is not None and got is not None and want is not None:
        assert got == pytest.approx(want, abs=tolerance), f"{where} {field}"
    else:
        assert got == want, f"{where} {field}: {got!r} != {want!r}"
