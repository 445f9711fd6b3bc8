"""Build `evaluation.jsonl`, the labelled evaluation set of the screen (run by hand).

    .venv/bin/python tests/screening/data/build_evaluation.py

Each case has a `level`: `match` (must be reported at or above the threshold), `candidate`
(a name alone: must be among the best candidates and never reported) or `link` (a listed party
the vessel is linked to, reported as a link).

Positives (`expected` names the list entries that must be found):

* the six flagship vessels by IMO in several written forms (match), by name with prefixes,
  case, spacing and numeral variants, and in Cyrillic (candidate; `ЛЕДИ Р`, `LEDI R` too);
* every 12th OFAC SDN vessel with an IMO: by IMO (match), by `MV name` in lower case, and (for
  names of at least 8 letters) with one interior letter dropped (candidate; a name found on
  several entries expects each of them), and by name with the flag and vessel type the list
  gives (match: a corroborated name);
* DPRK vessel names written in Hangul, in Russian (Kontsevich) Cyrillic, in McCune-Reischauer
  and in Revised Romanization (candidate), and with the DPRK flag where the list gives it
  (match);
* every 15th UK-listed ship by its name in mixed case with an `M/V` prefix (candidate) and by
  its IMO number (match: from the bundled UK ship IMO file);
* vessels linked to listed companies: every 6th OFAC vessel whose `Linked To:` names a listed
  party, by IMO (link: the party), and the vessels UN entries name as owned or managed by a
  listed DPRK company, by name and DPRK flag (link: the company);
* real AIS identities (bundled samples) whose IMO number is on a list: the same hull under an
  earlier name, found by its IMO.

Negatives (`expected` empty): real AIS identities (name, IMO, MMSI, call sign from type 5,
19 and 24 messages of the bundled samples) whose IMO is on no list, leaving out those whose
name equals a listed name that no IMO can confirm or refute (the entry has no IMO, or the AIS
identity has none): their true status cannot be known from the lists; and look-alikes: every
12th OFAC vessel's name with its listed flag and type but another valid IMO (another ship of
the same name).
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from pyais.stream import IterMessages

from darkfleet.data import DATA
from darkfleet.screening import bundled_lists, imo_is_valid, normalise_name
from darkfleet.screening.flags import flag_code
from darkfleet.screening.identifiers import imo_check_digit
from darkfleet.transliterate import hangul_to_latin

OUT = Path(__file__).parent / "evaluation.jsonl"
FLAGSHIP = {"37059": ["ANGARA", "M/V Angara", "Ангара"],
            "37095": ["LADY R", "Lady-R", "MV LADY R.", "Леди Р", "ЛЕДИ Р", "LEDI R"],
            "37098": ["MAIA-1", "MAIA 1", "M/V MAIA1", "Maia One", "Майя-1"],
            "46773": ["MARIA", "m.v. maria", "Мария"],
            "37029": ["SPARTA IV", "SPARTA 4", "Sparta-IV", "MV SPARTA FOUR", "Спарта IV"],
            "37028": ["URSA MAJOR", "Ursa-Major", "Урса Майор", "SPARTA III", "SPARTA 3"]}
KOREAN = {"CHONG CHON GANG": ["청천강", "Чхончхонган"], "CHON MA SAN": ["천마산", "Чхонмасан"],
          "PAEK MA": ["백마", "Пэкма"], "NAM SAN 8": ["남산 8", "Намсан 8"],
          "JI SONG 6": ["지성 6", "Чисон 6"], "SAM JONG 2": ["삼정 2", "Самджон 2"],
          "YU JONG 2": ["유정 2", "Юджон 2"], "RYE SONG GANG 1": ["례성강 1"],
          "KUM UN SAN": ["금은산"], "HWANG GUM SAN 2": ["황금산 2"], "AN SAN 1": ["안산 1"],
          "MU DU BONG": ["무두봉"], "RAK WON 2": ["락원 2"], "UL JI BONG 6": ["을지봉 6"],
          "THAE PYONG SAN": ["태평산"], "JON JIN 2": ["전진 2"], "HYOK SIN 2": ["혁신 2"],
          "SO BAEK SAN": ["소백산"], "TAE DONG GANG": ["대동강"], "KUM GANG 3": ["금강 3"]}


_RR_LEADS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch",
             "k", "t", "p", "h")
_RR_VOWELS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo",
              "u", "wo", "we", "wi", "yu", "eu", "ui", "i")
_RR_TAILS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m",
             "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")


def revised_romanization(hangul: str) -> str:
    """Revised Romanization of Hangul, syllables joined per word (`천마산` -> `Cheonmasan`)."""
    words = []
    for word in hangul.split():
        out = []
        for char in word:
            code = ord(char) - 0xAC00
            if 0 <= code < 11172:
                lead, rest = divmod(code, 588)
                vowel, tail = divmod(rest, 28)
                out.append(_RR_LEADS[lead] + _RR_VOWELS[vowel] + _RR_TAILS[tail])
            else:
                out.append(char)
        words.append("".join(out).capitalize())
    return " ".join(words)


def mccune_reischauer(hangul: str) -> str:
    """McCune-Reischauer (without diacritics), syllables joined per word (`Chonmasan`)."""
    return " ".join(hangul_to_latin(w).replace(" ", "").capitalize() for w in hangul.split())


def _case(identity: dict, expected: list[str], kind: str, level: str = "match") -> dict:
    return {"identity": {k: v for k, v in identity.items() if v is not None},
            "expected": sorted(expected), "kind": kind, "level": level}


def _other_imo(imo: int, taken: set[int]) -> int:
    """A valid IMO number near `imo` that no list carries: another ship."""
    for first_six in range(imo // 10 + 1, imo // 10 + 1000):
        number = first_six * 10 + imo_check_digit(str(first_six))
        if number not in taken:
            return number
    raise ValueError(imo)


def _drop_letter(name: str) -> str | None:
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    if len(letters) < 8:
        return None
    i = letters[len(letters) // 2]
    return name[:i] + name[i + 1:]


def _ais_identities() -> list[dict]:
    found: dict[tuple[int, str], dict] = {}
    for path in sorted((DATA / "ais").rglob("*")):
        if path.suffix not in (".txt", ".nm4", ".gz"):
            continue
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", errors="replace") as stream:
            raw = [m.group(0).encode() for line in stream
                   if (m := re.search(r"![A-Z]{2}VD[MO],[^\s\\]*", line))]
        for message in IterMessages(raw):
            try:
                decoded = message.decode()
            except Exception:
                continue
            name = (getattr(decoded, "shipname", None) or "").strip("@ ")
            if decoded.msg_type not in (5, 19, 24) or not name:
                continue
            mmsi = decoded.mmsi if 100_000_000 <= decoded.mmsi <= 999_999_999 else None
            record = found.setdefault((decoded.mmsi, name), {"mmsi": mmsi, "name": name})
            imo = getattr(decoded, "imo", None)
            if imo and imo_is_valid(imo):
                record["imo"] = imo
            callsign = (getattr(decoded, "callsign", None) or "").strip("@ ")
            if callsign:
                record["callsign"] = callsign
    return list(found.values())


def main() -> None:
    lists = bundled_lists()
    sdn = lists[0]
    vessels = [(lst.list, e) for lst in lists for e in lst.vessels()]
    by_imo: dict[int, list[str]] = {}
    for list_name, entry in vessels:
        if entry.imo:
            by_imo.setdefault(entry.imo, []).append(f"{list_name}:{entry.id}")
    cases = _flagship(sdn) + _sdn_cases(sdn, vessels, by_imo) + _korean(vessels)
    uk = [e for e in lists[2].vessels()][::15]
    for entry in uk:
        expected = [f"{n}:{e.id}" for n, e in vessels
                    if normalise_name(entry.name).key in {normalise_name(x).key for x in e.names}]
        cases.append(_case({"name": f"M/V {entry.name.title()}"}, expected, "uk name",
                           "candidate"))
        if entry.imo:
            cases.append(_case({"imo": str(entry.imo)}, by_imo[entry.imo], "uk imo"))
    cases += _linked(lists) + _ais_cases(vessels, by_imo)
    with OUT.open("w", encoding="utf-8") as stream:
        for case in cases:
            stream.write(json.dumps(case, ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases, {sum(1 for c in cases if c['expected'])} positive")


def _flagship(sdn) -> list[dict]:
    by_id = {e.id: e for e in sdn.entries}
    cases: list[dict] = []
    for entry_id, names in FLAGSHIP.items():
        entry = by_id[entry_id]
        key = f"OFAC SDN:{entry_id}"
        for written in (f"IMO {entry.imo}", f"IMO{entry.imo}", str(entry.imo)):
            cases.append(_case({"imo": written}, [key], "flagship imo"))
        cases += [_case({"name": n}, [key], "flagship name", "candidate") for n in names]
    return cases


def _sdn_cases(sdn, vessels: list, by_imo: dict[int, list[str]]) -> list[dict]:
    cases: list[dict] = []
    for entry in [e for e in sdn.vessels() if e.imo][::12]:
        key = f"OFAC SDN:{entry.id}"
        cases.append(_case({"imo": f"IMO {entry.imo}"}, [key], "sdn imo"))
        same = [f"OFAC SDN:{e.id}" for _, e in vessels if e.imo and normalise_name(e.name).key
                == normalise_name(entry.name).key]
        cases.append(_case({"name": f"MV {entry.name.lower()}"}, same, "sdn name", "candidate"))
        dropped = _drop_letter(entry.name)
        if dropped:
            cases.append(_case({"name": dropped}, same, "sdn name, one letter dropped",
                               "candidate"))
        flag = flag_code(entry.flag)
        if flag and entry.vessel_type:
            attributes = {"name": entry.name, "flag": flag, "vessel_type": entry.vessel_type}
            cases.append(_case(attributes, same, "sdn name with flag and type"))
            other = _other_imo(entry.imo, set(by_imo))
            cases.append(_case({**attributes, "imo": str(other)}, [],
                               "look-alike: same name, flag and type, another IMO"))
    return cases


def _korean(vessels: list) -> list[dict]:
    cases: list[dict] = []
    for listed, written in KOREAN.items():
        same = [(n, e) for n, e in vessels
                if normalise_name(e.name).key == normalise_name(listed).key]
        expected = [f"{n}:{e.id}" for n, e in same]
        hangul = written[0]
        forms = [*written, mccune_reischauer(hangul), revised_romanization(hangul)]
        cases += [_case({"name": w}, expected, "dprk name in hangul, cyrillic, MR or RR",
                        "candidate") for w in forms]
        flagged = [f"{n}:{e.id}" for n, e in same if flag_code(e.flag) == "KP"]
        if flagged:
            cases += [_case({"name": w, "flag": "KP"}, flagged,
                            "dprk name with the DPRK flag") for w in forms]
    return cases


def _linked(lists) -> list[dict]:
    parties: dict[str, list[str]] = {}
    for lst in lists:
        for entry in lst.entries:
            if entry.kind in ("organization", "person"):
                for name in entry.names:
                    parties.setdefault(normalise_name(name).key, []).append(
                        f"{lst.list}:{entry.id}")
    cases: list[dict] = []
    linked = [e for e in lists[0].vessels() if e.imo and any(
        normalise_name(n).key in parties for n in e.linked_to)]
    for entry in linked[::6]:
        expected = [k for n in entry.linked_to for k in parties.get(normalise_name(n).key, [])]
        cases.append(_case({"imo": str(entry.imo)}, expected, "vessel of a listed company",
                           "link"))
    for entry in lists[1].entries:
        if entry.kind == "vessel_ref" and entry.flag == "KP":
            cases.append(_case({"name": entry.name, "flag": "KP"},
                               [f"UN:{entry.id.split('/')[0]}"],
                               "vessel a UN-listed company owns or manages", "link"))
    return cases


def _ais_cases(vessels: list, by_imo: dict[int, list[str]]) -> list[dict]:
    unverifiable = {normalise_name(n).key for _, e in vessels if not e.imo for n in e.names}
    with_imo = {normalise_name(n).key for _, e in vessels if e.imo for n in e.names}
    cases: list[dict] = []
    for ais in _ais_identities():
        key = normalise_name(ais["name"]).key
        if ais.get("imo") in by_imo:
            cases.append(_case(ais, by_imo[ais["imo"]], "ais hull on a list by imo"))
        elif key in unverifiable or (key in with_imo and not ais.get("imo")):
            continue
        else:
            cases.append(_case(ais, [], "ais unlisted"))
    return cases


if __name__ == "__main__":
    main()
