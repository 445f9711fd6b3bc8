"""Maritime Identification Digits (the first three digits of a ship's MMSI) to ISO country codes.

From the ITU's table of MIDs (ITU-R M.585 and the ITU MID list); common flags only, others give
null. A declarative table.
"""

from __future__ import annotations

_RANGES = {
    "AG": "304 305", "AE": "470 471", "AR": "701", "AU": "503", "BB": "314", "BD": "405",
    "BE": "205", "BH": "408", "BR": "710", "BS": "308 309 311", "BZ": "312", "CA": "316",
    "CH": "269", "CK": "518", "CL": "725", "CM": "613", "CN": "412 413 414", "CY": "209 210 212",
    "DE": "211 218", "DK": "219 220", "EE": "276", "EG": "622", "ES": "224 225", "FI": "230",
    "FO": "231", "FR": "226 227 228", "GA": "626", "GB": "232 233 234 235", "GE": "213",
    "GI": "236", "GR": "237 239 240 241", "HK": "477", "HR": "238", "ID": "525", "IE": "250",
    "IL": "428", "IN": "419", "IQ": "425", "IR": "422", "IS": "251", "IT": "247", "JM": "339",
    "JP": "431 432", "KH": "514 515", "KM": "616", "KN": "341", "KP": "445", "KR": "440 441",
    "KW": "447", "LK": "417", "LR": "636 637", "LT": "277", "LV": "275", "MH": "538",
    "MN": "457", "MT": "215 229 248 249 256", "MX": "345", "MY": "533", "NG": "657",
    "NL": "244 245 246", "NO": "257 258 259", "NZ": "512", "OM": "461", "PA":
    "351 352 353 354 355 356 357 370 371 372 373 374", "PH": "548", "PK": "463", "PL": "261",
    "PT": "263", "PW": "511", "QA": "466", "RU": "273", "SA": "403", "SE": "265 266",
    "SG": "563 564 565 566", "SL": "667", "SY": "468", "TG": "671", "TH": "567", "TR": "271",
    "TV": "572", "TW": "416", "TZ": "674 677", "UA": "272", "US": "338 366 367 368 369",
    "VC": "375 376 377", "VN": "574", "VU": "576 577", "ZA": "601",
}

MID_FLAGS: dict[int, str] = {int(mid): flag for flag, mids in _RANGES.items()
                             for mid in mids.split()}


def flag_of(mmsi: int | None) -> str | None:
    """The ISO 3166 code of the flag of a ship's MMSI (9 digits, MID first), or None."""
    if mmsi is None or not 200_000_000 <= mmsi <= 799_999_999:
        return None
    return MID_FLAGS.get(mmsi // 1_000_000)
