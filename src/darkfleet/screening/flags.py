"""Flag states: the country names lists write (`Korea, North`, `St. Kitts & Nevis`) as ISO
3166-1 alpha-2 codes, so a screened flag can be compared with a listed one."""

from __future__ import annotations

import re

_NAMES = """
AG antigua and barbuda|BS bahamas|BB barbados|BZ belize|BJ benin|BO bolivia|BR brazil|
KH cambodia|CM cameroon|CA canada|KY cayman islands|CL chile|CN china|CO colombia|KM comoros|
CK cook islands|CU cuba|CY cyprus|KP democratic people's republic of korea|KP korea, north|
KP north korea|KP dprk|DJ djibouti|DO dominican republic|EG egypt|GQ equatorial guinea|
GA gabon|GE georgia|GR greece|GY guyana|HN honduras|HK hong kong|IN india|ID indonesia|
IR iran|IQ iraq|JM jamaica|KZ kazakhstan|KI kiribati|LB lebanon|LR liberia|LY libya|
MY malaysia|MV maldives|MT malta|MH marshall islands|MU mauritius|MX mexico|MD moldova|
MN mongolia|NA namibia|NG nigeria|NO norway|PW palau|PA panama|PH philippines|PT portugal|
QA qatar|RU russia|RU russian federation|WS samoa|ST sao tome and principe|SA saudi arabia|
SL sierra leone|SG singapore|KR korea, south|KR south korea|KR republic of korea|
KN saint kitts and nevis|KN st. kitts and nevis|KN st. kitts & nevis|
VC saint vincent and the grenadines|VC st. vincent and the grenadines|LK sri lanka|SY syria|
TW taiwan|TZ tanzania|TH thailand|TG togo|TT trinidad and tobago|TR turkey|TV tuvalu|
UA ukraine|AE united arab emirates|GB united kingdom|US united states|VU vanuatu|
VE venezuela|VN vietnam|VG british virgin islands|YE yemen|DK denmark|DE germany|
NL netherlands|FR france|ES spain|IT italy|SE sweden|FI finland|BE belgium|JP japan|AU australia
"""
COUNTRY_CODES: dict[str, str] = {
    item.strip()[3:]: item.strip()[:2] for item in _NAMES.replace("\n", "").split("|")
}


def flag_code(text: str | None) -> str | None:
    """ISO alpha-2 of a flag written as a code (`ru`, `RU`) or a name (`Korea, North`)."""
    value = " ".join((text or "").split()).lower()
    if re.fullmatch(r"[a-z]{2}", value):
        return value.upper()
    return COUNTRY_CODES.get(value)
