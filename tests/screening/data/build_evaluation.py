"""Build `evaluation.jsonl`, the labelled evaluation set of the screen (run by hand).

    .venv/bin/python tests/screening/data/build_evaluation.py

Positives (`expected` names the list entries that must be found):

* the six flagship vessels by IMO in several written forms, by name with prefixes, case,
  spacing and numeral variants, and in Cyrillic;
* every 12th OFAC SDN vessel with an IMO: by IMO, by `MV name` in lower case, and (for names of
  at least 8 letters) with one interior letter dropped (a name found on several entries
  expects each of them);
* DPRK vessel names written in Hangul and in Russian (Kontsevich) Cyrillic;
* every 15th UK-listed ship by its name in mixed case with an `M/V` prefix;
* real AIS identities (bundled samples) whose IMO number is on a list: the same hull under an
  earlier name, found by its IMO.

Negatives (`expected` empty): real AIS identities (name, IMO, MMSI, call sign from type 5,
19 and 24 messages of the bundled samples) whose IMO is on no list, leaving out those whose
name equals a listed name that no IMO can confirm or refute (the entry has no IMO, or the AIS
identity has none): their true status cannot be known from the lists.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from pyais.stream import IterMessages

from darkfleet.data import DATA
from darkfleet.screening import bundled_lists, imo_is_valid, normalise_name

OUT = Path(__file__).parent / "evaluation.jsonl"
FLAGSHIP = {"37059": ["ANGARA", "M/V Angara", "Ангара"],
            "37095": ["LADY R", "Lady-R", "MV LADY R.", "Леди Р"],
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


def _case(identity: dict, expected: list[str], kind: str) -> dict:
    return {"identity": {k: v for k, v in identity.items() if v is not None},
            "expected": sorted(expected), "kind": kind}


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
    by_id = {e.id: e for e in sdn.entries}
    vessels = [(lst.list, e) for lst in lists for e in lst.vessels()]
    by_imo: dict[int, list[str]] = {}
    for list_name, entry in vessels:
        if entry.imo:
            by_imo.setdefault(entry.imo, []).append(f"{list_name}:{entry.id}")
    cases: list[dict] = []
    for entry_id, names in FLAGSHIP.items():
        entry = by_id[entry_id]
        key = f"OFAC SDN:{entry_id}"
        for written in (f"IMO {entry.imo}", f"IMO{entry.imo}", str(entry.imo)):
            cases.append(_case({"imo": written}, [key], "flagship imo"))
        cases += [_case({"name": n}, [key], "flagship name") for n in names]
    sampled = [e for e in sdn.vessels() if e.imo][::12]
    for entry in sampled:
        key = f"OFAC SDN:{entry.id}"
        cases.append(_case({"imo": f"IMO {entry.imo}"}, [key], "sdn imo"))
        same = [f"OFAC SDN:{e.id}" for _, e in vessels if e.imo and normalise_name(e.name).key
                == normalise_name(entry.name).key]
        cases.append(_case({"name": f"MV {entry.name.lower()}"}, same, "sdn name"))
        dropped = _drop_letter(entry.name)
        if dropped:
            cases.append(_case({"name": dropped}, same, "sdn name, one letter dropped"))
    for listed, written in KOREAN.items():
        expected = [f"{n}:{e.id}" for n, e in vessels if normalise_name(e.name).key
                    == normalise_name(listed).key]
        cases += [_case({"name": w}, expected, "dprk name in hangul or cyrillic")
                  for w in written]
    uk = [e for e in lists[2].vessels()][::15]
    for entry in uk:
        expected = [f"{n}:{e.id}" for n, e in vessels
                    if normalise_name(entry.name).key in {normalise_name(x).key for x in e.names}]
        cases.append(_case({"name": f"M/V {entry.name.title()}"}, expected, "uk name"))
    cases += _ais_cases(vessels, by_imo)
    with OUT.open("w", encoding="utf-8") as stream:
        for case in cases:
            stream.write(json.dumps(case, ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases, {sum(1 for c in cases if c['expected'])} positive")


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
