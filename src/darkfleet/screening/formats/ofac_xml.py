"""OFAC's advanced XML format (`SDN_ADVANCED.XML`, the Sanctions List Service standard).

Numbers in the document refer to `ReferenceValueSets` (a party subtype 1 is `Vessel`, an alias
type 1400 is `A.K.A.`, ...), so those are read first. Each `DistinctParty/Profile` gives an
entry: names from `Identity/Alias/DocumentedName`, IMO numbers from the `IDRegDocuments` of its
identity (`Vessel Registration Identification`), call sign and MMSI from its `Feature`s, and
programmes and the designation date from its `SanctionsEntry`. `ProfileRelationships` give the
owners and operators it is linked to. The list date is `DateOfIssue`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from darkfleet.errors import ScreeningError
from darkfleet.screening.formats._common import number_in
from darkfleet.screening.formats._xml import line_of, parse_xml
from darkfleet.screening.model import ListEntry

LIST_NAME = "OFAC SDN"
_KINDS = {"vessel": "vessel", "individual": "person", "entity": "organization"}
_ALIASES = {"name": "primary", "a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "aka"}


def _refs(root: ET.Element) -> dict[tuple[str, str], str]:
    refs: dict[tuple[str, str], str] = {}
    sets = root.find("ReferenceValueSets")
    for group in sets if sets is not None else []:
        for value in group:
            refs[(value.tag, value.get("ID") or "")] = " ".join((value.text or "").split())
    return refs


def _date(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    parts = [element.findtext(p) for p in ("Year", "Month", "Day")]
    if not all(parts):
        return None
    year, month, day = (int(p or 0) for p in parts)
    return f"{year:04d}-{month:02d}-{day:02d}"


def _names(identity: ET.Element, refs: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
    names: list[tuple[str, str]] = []
    for alias in identity.findall("Alias"):
        kind = _ALIASES.get(refs.get(("AliasType", alias.get("AliasTypeID") or ""), "").lower(),
                            "aka")
        if alias.get("Primary") == "true":
            kind = "primary"
        for documented in alias.findall("DocumentedName"):
            parts = [p.text.strip() for p in documented.iter("NamePartValue") if p.text]
            if parts:
                names.append((kind, " ".join(parts)))
    names.sort(key=lambda pair: pair[0] != "primary")
    return names


def _features(profile: ET.Element, refs: dict[tuple[str, str], str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for feature in profile.findall("Feature"):
        label = refs.get(("FeatureType", feature.get("FeatureTypeID") or ""), "").lower()
        detail = feature.find("FeatureVersion/VersionDetail")
        if not label or detail is None or label in found:
            continue
        text = (detail.text or "").strip() or refs.get(
            ("DetailReference", detail.get("DetailReferenceID") or ""), "")
        if text:
            found[label] = text
    return found


def _documents(root: ET.Element,
               refs: dict[tuple[str, str], str]) -> dict[str, list[tuple[str, str]]]:
    documents: dict[str, list[tuple[str, str]]] = {}
    for doc in root.iter("IDRegDocument"):
        label = refs.get(("IDRegDocType", doc.get("IDRegDocTypeID") or ""), "").lower()
        number = (doc.findtext("IDRegistrationNo") or "").strip()
        documents.setdefault(doc.get("IdentityID") or "", []).append((label, number))
    return documents


def _sanctions(root: ET.Element,
               refs: dict[tuple[str, str], str]) -> dict[str, tuple[list[str], list[str]]]:
    out: dict[str, tuple[list[str], list[str]]] = {}
    for entry in root.iter("SanctionsEntry"):
        programs, dates = out.setdefault(entry.get("ProfileID") or "", ([], []))
        for measure in entry.findall("SanctionsMeasure"):
            kind = refs.get(("SanctionsType", measure.get("SanctionsTypeID") or ""), "Program")
            comment = (measure.findtext("Comment") or "").strip()
            if kind == "Program" and comment and comment not in programs:
                programs.append(comment)
        dates += [d for d in (_date(e.find("Date")) for e in entry.findall("EntryEvent")) if d]
    return out




def _profile(party: ET.Element, refs: dict[tuple[str, str], str],
             documents: dict[str, list[tuple[str, str]]], path: Path) -> tuple[str, ListEntry]:
    profile = party.find("Profile")
    identity = profile.find("Identity") if profile is not None else None
    if profile is None or identity is None or not profile.get("ID"):
        raise ScreeningError("<DistinctParty> without a <Profile ID=...> and <Identity>",
                             path=path, line=line_of(party))
    names = _names(identity, refs)
    if not names:
        raise ScreeningError(f"profile {profile.get('ID')} has no name", path=path,
                             line=line_of(profile))
    subtype = refs.get(("PartySubType", profile.get("PartySubTypeID") or ""), "").lower()
    features = _features(profile, refs)
    docs = documents.get(identity.get("ID") or "", [])
    imo = next((number_in(n, 7) for label, n in docs if "vessel registration" in label), None)
    mmsi = next((number_in(n, 9) for label, n in docs if label == "mmsi"), None)
    profile_id = profile.get("ID") or ""
    entry = ListEntry(
        list=LIST_NAME, id=party.get("FixedRef") or profile_id,
        kind=_KINDS.get(subtype, "organization" if subtype == "unknown" else "other"),
        names=tuple(n for _, n in names), name_kinds=tuple(k for k, _ in names),
        imo=imo, mmsi=mmsi or number_in(features.get("mmsi"), 9),
        callsign=features.get("vessel call sign"), flag=features.get("vessel flag"),
        vessel_type=features.get("vessel type"),
        tonnage=number_in(features.get("vessel gross registered tonnage")
                          or features.get("vessel tonnage"), 0),
        build_year=number_in(features.get("vessel year of build"), 4),
        former_flags=tuple(v for k, v in features.items() if k == "former vessel flag"))
    return profile_id, entry


def _links(root: ET.Element,
           refs: dict[tuple[str, str], str]) -> dict[str, list[tuple[str, str]]]:
    """Profile -> [(target profile, relation)]: `OFAC Linked To`, `Owned or Controlled By`..."""
    links: dict[str, list[tuple[str, str]]] = {}
    for relation in root.iter("ProfileRelationship"):
        source = relation.get("From-ProfileID") or relation.get("From") or ""
        target = relation.get("To-ProfileID") or relation.get("To") or ""
        kind = refs.get(("RelationType", relation.get("RelationTypeID") or ""), "Linked To")
        links.setdefault(source, []).append((target, f"OFAC {kind}"))
    return links


def parse_ofac_xml(data: bytes, path: Path) -> tuple[str | None, list[ListEntry]]:
    """The date of issue (`YYYY-MM-DD`, or None) and the entries of an OFAC advanced XML file.

    Raises:
        ScreeningError: malformed XML, another root element, or a party without a profile,
            identity or name (names the file and line).
    """
    from dataclasses import replace

    root = parse_xml(data, path)
    if root.tag != "Sanctions":
        raise ScreeningError(f"expected <Sanctions>, found <{root.tag}>", path=path,
                             line=line_of(root))
    refs = _refs(root)
    documents = _documents(root, refs)
    profiles = dict(_profile(p, refs, documents, path) for p in root.iter("DistinctParty"))
    sanctions = _sanctions(root, refs)
    links = _links(root, refs)
    entries: list[ListEntry] = []
    for profile_id, entry in profiles.items():
        programs, dates = sanctions.get(profile_id, ([], []))
        linked = [(profiles[t].name, kind) for t, kind in links.get(profile_id, [])
                  if t in profiles]
        entries.append(replace(entry, programs=tuple(programs),
                               listed_on=min(dates) if dates else None,
                               linked_to=tuple(n for n, _ in linked),
                               link_kinds=tuple(k for _, k in linked)))
    return _date(root.find("DateOfIssue")), entries
