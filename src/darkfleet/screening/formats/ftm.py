"""OpenSanctions FollowTheMoney entities as JSON lines (`entities.ftm.json`).

One JSON object per line: `id`, `schema`, `properties` (every value a list of strings),
`datasets`, `first_seen`, `last_change`. `Vessel`, `Organization` and `Company` entities become
entries (`imoNumber`, `mmsi`, `callSign`, `flag`, `name`, `alias`, `previousName`);
`Sanction` entities give their entity's programmes and listing date; owners and operators
named by id are resolved to their captions for `linked_to`, and so are the relations
`Ownership` (owner -> asset), `Directorship` (director -> organization) and `UnknownLink`
(subject -> object), each kept with its kind (`owner`, `director`, `linked`). A vessel's
`type`, `grossRegisteredTonnage` (else `tonnage`), `buildDate` year, `length` and `pastFlags`
corroborate name matches. An entity that is no sanctions target (no `target: true`, no
`sanction` topic, no `Sanction` entity) is kept as a `vessel_ref` or `party_ref`: a vessel
or party the data names, which links can pass through but which is not listed. Other schemata
are skipped, and so are `weakAlias` names (OpenSanctions marks them as too broad for
screening).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from darkfleet.errors import ScreeningError
from darkfleet.screening.formats._common import number_in
from darkfleet.screening.model import ListEntry

LIST_NAME = "OpenSanctions"
_KINDS = {"Vessel": "vessel", "Organization": "organization", "Company": "organization",
          "LegalEntity": "organization", "Person": "person"}
_LINKS = ("owner", "operator", "manager", "ownershipOwner", "parent")
#: Relation schema -> [(property naming the other party, property naming the entry, kind)]:
#: an asset links to its owner, an organisation to its director, an unknown link both ways.
_RELATIONS = {"Ownership": [("owner", "asset", "owner")],
              "Directorship": [("director", "organization", "director")],
              "UnknownLink": [("subject", "object", "linked"), ("object", "subject", "linked")]}


def _first(props: dict[str, list[str]], name: str) -> str | None:
    values = props.get(name) or []
    return str(values[0]).strip() if values else None




def _entry(obj: dict[str, Any], props: dict[str, list[str]]) -> ListEntry:
    names = [("primary", n) for n in props.get("name", [])]
    names += [("aka", n) for n in props.get("alias", [])]
    names += [("fka", n) for n in props.get("previousName", [])]
    seen: set[str] = set()
    unique: list[tuple[str, str]] = []
    for kind, name in names:
        if name not in seen:
            seen.add(name)
            unique.append((kind, name))
    if not unique and obj.get("caption"):
        unique = [("primary", str(obj["caption"]))]
    created = _first(props, "createdAt")
    links = [(link, i) for link in _LINKS for i in props.get(link, [])]
    length = number_in(_first(props, "length"), 0)
    return ListEntry(
        list=LIST_NAME, id=str(obj["id"]), kind=_KINDS[obj["schema"]],
        names=tuple(n for _, n in unique), name_kinds=tuple(k for k, _ in unique),
        imo=number_in(_first(props, "imoNumber"), 7), mmsi=number_in(_first(props, "mmsi"), 9),
        callsign=_first(props, "callSign"), flag=_first(props, "flag"),
        programs=tuple(props.get("program", [])), listed_on=created[:10] if created else None,
        linked_to=tuple(i for _, i in links), link_kinds=tuple(k for k, _ in links),
        vessel_type=_first(props, "type"),
        tonnage=number_in(_first(props, "grossRegisteredTonnage")
                          or _first(props, "tonnage"), 0),
        build_year=number_in(_first(props, "buildDate"), 4),
        length_m=float(length) if length else None,
        former_flags=tuple(props.get("pastFlags", [])))


def _objects(text: str, path: Path) -> list[tuple[int, dict[str, Any]]]:
    objects: list[tuple[int, dict[str, Any]]] = []
    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as error:
            raise ScreeningError(f"not JSON: {error.msg}", path=path, line=line) from error
        if not isinstance(obj, dict) or not obj.get("id") or not obj.get("schema"):
            raise ScreeningError("an entity needs an id and a schema", path=path, line=line)
        if not isinstance(obj.get("properties", {}), dict):
            raise ScreeningError("properties must be an object", path=path, line=line)
        objects.append((line, obj))
    return objects


def parse_ftm(text: str, path: Path) -> tuple[str | None, list[ListEntry]]:
    """The latest change date (`YYYY-MM-DD`, or None) and the entries of an FtM JSON-lines file.

    Raises:
        ScreeningError: a line that is not JSON, or an entity without id or schema.
    """
    objects = _objects(text, path)
    captions = {str(o["id"]): str(o.get("caption") or _first(o.get("properties") or {}, "name")
                                  or o["id"]) for _, o in objects}
    sanctions: dict[str, list[dict[str, list[str]]]] = {}
    relations: dict[str, list[tuple[str, str]]] = {}
    entries: list[ListEntry] = []
    for _, obj in objects:
        props = obj.get("properties", {})
        if obj["schema"] == "Sanction":
            for target in props.get("entity", []):
                sanctions.setdefault(target, []).append(props)
        elif obj["schema"] in _RELATIONS:
            for other, this, kind in _RELATIONS[obj["schema"]]:
                for target in props.get(this, []):
                    relations.setdefault(target, []).extend(
                        (kind, o) for o in props.get(other, []))
        elif obj["schema"] in _KINDS:
            entries.append(_entry(obj, props))
    entries = [_resolve(_related(e, relations.get(e.id, [])), captions,
                        sanctions.get(e.id, [])) for e in entries]
    targets = {str(o["id"]) for _, o in objects if _is_target(o)} | set(sanctions)
    entries = [e if e.id in targets else replace(
        e, kind="vessel_ref" if e.kind == "vessel" else "party_ref") for e in entries]
    changes = [str(o.get("last_change") or "")[:10] for _, o in objects if o.get("last_change")]
    return (max(changes) if changes else None), entries


def _is_target(obj: dict[str, Any]) -> bool:
    topics = (obj.get("properties") or {}).get("topics") or []
    return bool(obj.get("target")) or "sanction" in topics


def _related(entry: ListEntry, relations: list[tuple[str, str]]) -> ListEntry:
    if not relations:
        return entry
    return replace(entry, linked_to=entry.linked_to + tuple(o for _, o in relations),
                   link_kinds=entry.link_kinds + tuple(k for k, _ in relations))


def _resolve(entry: ListEntry, captions: dict[str, str],
             sanctions: list[dict[str, list[str]]]) -> ListEntry:
    programs = list(entry.programs)
    dates = [entry.listed_on] if entry.listed_on else []
    for props in sanctions:
        programs += [p for p in props.get("programId", props.get("program", []))
                     if p not in programs]
        dates += [d[:10] for d in props.get("listingDate", props.get("startDate", []))]
    return replace(entry, programs=tuple(programs), listed_on=min(dates) if dates else None,
                   linked_to=tuple(captions.get(i, i) for i in entry.linked_to))
