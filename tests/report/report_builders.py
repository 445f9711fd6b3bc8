"""Builders of realistic workspaces and case files for the report tests and benchmark.

The flagship-like workspace: three vessels of interest (simulated AIS, source
`darkfleet-simulated`) shuttle from Rajin (KPNJN) to Vostochny (RUVYP) with an AIS gap in the
middle, two of them meet at sea, and one real-looking vessel (source `kystverket`) sails along
the coast. Tables follow the record contracts of DESIGN.md and are written with
`Workspace.replace_table`, as the stages do. Screening entries are the real OFAC SDN rows of
2024-05-03; the case cites the five sources of the source article.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa

from darkfleet.store import POSITIONS, Workspace
from darkfleet.store.schema import TABLES

T0 = datetime(2023, 10, 1, tzinfo=UTC)
RAJIN = (42.245, 130.305)
VOSTOCHNY = (42.745, 133.055)
SIMULATED = "darkfleet-simulated"
STEP = timedelta(minutes=20)

#: name, mmsi, imo, callsign, OFAC SDN entry id, start offset (h), simulated
FLEET = (
    ("ANGARA", 273213710, 9179842, "UBJT4", "37059", 0, True),
    ("MARIA", 273318220, 8517839, "UBRH7", "46773", 30, True),
    ("LADY R", 273440680, 9161003, "UBGQ9", "37095", 60, True),
)
COASTER = ("TIKHOOKEANSKIY", 273551990, 9301122, "UCKV2", None, 10, False)

EVENT_COLUMNS = ("id", "type", "mmsi", "other_mmsi", "start", "end", "lat", "lon", "port",
                 "duration_h", "details")


def iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _lerp(a: tuple[float, float], b: tuple[float, float], f: float) -> tuple[float, float]:
    return a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f


def voyage_fixes(start: datetime, origin, destination, sea_h: float, gap: tuple[float, float]):
    """(ts, lat, lon, speed_kn) every 20 min: 4 h moored, `sea_h` at sea (silent inside `gap`,
    hours from departure), 4 h moored. A gentle southward bow keeps the route off the coast."""
    fixes = []
    t = start
    while t < start + timedelta(hours=4):
        fixes.append((t, *origin, 0.2))
        t += STEP
    depart = t
    while t < depart + timedelta(hours=sea_h):
        h = (t - depart).total_seconds() / 3600
        if not gap[0] <= h < gap[1]:
            lat, lon = _lerp(origin, destination, h / sea_h)
            fixes.append((t, lat - 0.6 * math.sin(math.pi * h / sea_h), lon, 11.0))
        t += STEP
    arrive = t
    while t < arrive + timedelta(hours=4):
        fixes.append((t, *destination, 0.1))
        t += STEP
    return fixes, depart, arrive


def _positions_table(rows) -> pa.Table:
    columns = {name: [] for name in POSITIONS.names}
    for line, (mmsi, ts, lat, lon, speed, source) in enumerate(rows, start=1):
        values = {"mmsi": mmsi, "ts": ts, "msg_type": 1, "kind": "vessel", "lat": lat,
                  "lon": lon, "speed_kn": speed, "course_deg": None, "heading_deg": None,
                  "nav_status": 0, "source": source, "file": "scenario.nmea", "line": line}
        for name in POSITIONS.names:
            columns[name].append(values[name])
    return pa.Table.from_pydict(columns, schema=POSITIONS)


def _event(kind, mmsi, start, end, lat, lon, port=None, other=None, **details):
    return {"id": f"{kind}-{mmsi}-{start.strftime('%Y%m%dT%H%M')}", "type": kind, "mmsi": mmsi,
            "other_mmsi": other, "start": iso(start), "end": iso(end), "lat": lat, "lon": lon,
            "port": port, "duration_h": round((end - start).total_seconds() / 3600, 2),
            "details": json.dumps(details)}


def flagship_records():
    """positions, track points, vessels, events, voyages, matches of the flagship scenario."""
    positions, points, vessels, events, voyages, matches = [], [], [], [], [], []
    for name, mmsi, imo, callsign, entry, offset_h, simulated in (*FLEET, COASTER):
        start = T0 + timedelta(hours=offset_h)
        route = (RAJIN, VOSTOCHNY) if simulated else ((42.1, 131.2), (42.6, 132.6))
        fixes, depart, arrive = voyage_fixes(start, *route, 30.0, (8.0, 20.0) if simulated
                                             else (99.0, 99.0))
        source = SIMULATED if simulated else "kystverket"
        positions += [(mmsi, t, lat, lon, s, source) for t, lat, lon, s in fixes]
        points += [{"mmsi": mmsi, "segment": 0, "ts": t, "lat": lat, "lon": lon,
                    "speed_kn": s} for t, lat, lon, s in fixes]
        vessels.append({"mmsi": mmsi, "imo": imo, "name": name, "callsign": callsign,
                        "ship_type": 70, "flag": "RU", "names": [name],
                        "first_ts": fixes[0][0], "last_ts": fixes[-1][0],
                        "positions": len(fixes)})
        if not simulated:
            continue
        events.append(_event("port_call", mmsi, start, depart - STEP, *RAJIN, port="KPNJN"))
        before = max(f for f in fixes if f[0] < depart + timedelta(hours=8))
        after = min(f for f in fixes if f[0] >= depart + timedelta(hours=20))
        events.append(_event("ais_gap", mmsi, before[0], after[0], before[1], before[2],
                             end_lat=after[1], end_lon=after[2]))
        events.append(_event("port_call", mmsi, arrive, fixes[-1][0], *VOSTOCHNY,
                             port="RUVYP"))
        dark_h = round((after[0] - before[0]).total_seconds() / 3600, 2)
        voyages.append({"id": f"voy-{mmsi}-{depart.strftime('%Y%m%d')}", "mmsi": mmsi,
                        "imo": imo, "name": name, "origin": "KPNJN", "destination": "RUVYP",
                        "depart": iso(depart - STEP), "arrive": iso(arrive),
                        "duration_h": 30.0, "dark_h": dark_h, "draught_depart_m": 7.1,
                        "draught_arrive_m": 5.2, "watched": True, "risk": 0.9,
                        "reasons": json.dumps([f"dark {dark_h} h between watched ports"])})
        matches.append({"mmsi": mmsi, "imo": imo, "name": name, "list": "OFAC SDN",
                        "entry_id": entry, "entry_name": name, "entry_imo": imo,
                        "programs": ["RUSSIA-EO14024"], "listed_on": None,
                        "list_date": "2024-05-03", "score": 1.0, "fields": ["imo", "name"],
                        "evidence": json.dumps([
                            {"field": "imo", "how": "exact IMO", "query": str(imo),
                             "listed": str(imo), "score": 1.0},
                            {"field": "name", "how": "exact name", "query": name,
                             "listed": name, "score": 0.9}])})
    meet = T0 + timedelta(hours=40)
    events.append(_event("encounter", FLEET[0][1], meet, meet + timedelta(hours=3), 41.95,
                         131.62, other=FLEET[1][1], distance_m=240))
    return positions, points, vessels, events, voyages, matches


def write_flagship(path: Path, extra_points: tuple[dict, ...] = ()) -> Path:
    """A workspace at `path` with every table the report reads (flagship scenario), plus
    `extra_points` in `track_points`."""
    positions, points, vessels, events, voyages, matches = flagship_records()
    points += extra_points
    with Workspace.open(path, create=True) as ws:
        with ws.batch("ingest", "scenario.nmea") as batch:
            batch.add("positions", _positions_table(positions))
        _write_tables(ws, points, vessels, events, voyages, matches)
    return path


def _value(field: pa.Field, value):
    if isinstance(value, str) and pa.types.is_timestamp(field.type):
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, str) and (pa.types.is_list(field.type)
                                   or pa.types.is_large_list(field.type)):
        return json.loads(value)
    return value


def declared(name: str, rows) -> pa.Table:
    """Rows (dicts, or a dict of columns) in table `name`'s declared schema, as the stage that
    owns it writes them: times given as ISO text parsed, lists given as JSON text decoded,
    declared columns left out stored as nulls, other keys dropped."""
    if isinstance(rows, dict):
        count = len(next(iter(rows.values()), []))
        rows = [{key: column[i] for key, column in rows.items()} for i in range(count)]
    schema = TABLES[name].schema
    return pa.Table.from_pylist(
        [{field.name: _value(field, row.get(field.name)) for field in schema} for row in rows],
        schema=schema)


def _write_tables(ws: Workspace, points, *rows: list[dict]) -> None:
    """track_points, then vessels, events, voyages and matches from row dicts, each in its
    declared schema."""
    names = ("track_points", "vessels", "events", "voyages", "matches")
    ws.replace_tables({name: declared(name, table)
                       for name, table in zip(names, (points, *rows), strict=True)})


ARTICLE_SOURCES = {
    "cnn-factories": {
        "title": "North Korean Factories Making Arms for Russia are ‘Operating at Full "
                 "Capacity,’ South Korea Says",
        "publisher": "Cable News Network",
        "url": "https://edition.cnn.com/2024/02/28/asia/north-korea-munitions-factories-"
               "shipments-russia-ukraine-intl-hnk/index.html",
        "accessed_on": "2024-03-02"},
    "wion": {
        "title": "North Korea Sent Russia Millions of Munitions in Exchange for Food: South Korea",
        "publisher": "Wio News",
        "url": "https://www.wionews.com/world/north-korea-sent-millions-of-munitions-to-russia-"
               "in-exchange-for-food-south-korea-694948",
        "accessed_on": "2024-03-02"},
    "reuters": {
        "title": "North Korea has Sent 6,700 Containers of Munitions to Russia, South Korea Says",
        "publisher": "Reuters",
        "url": "https://www.reuters.com/world/north-korea-has-sent-6700-containers-munitions-"
               "russia-south-korea-says-2024-02-27/",
        "accessed_on": "2024-03-02"},
    "aljazeera": {
        "title": "North Korea Sent Russia Millions of Munitions in Exchange for Food: Seoul",
        "publisher": "Al Jazeera",
        "url": "https://www.aljazeera.com/news/2024/2/28/n-korea-sent-russia-millions-of-"
               "munitions-in-exchange-for-food-says-seoul",
        "accessed_on": "2024-03-02"},
    "cnn-putin": {
        "title": "Russia’s Putin to Visit North Korea Soon, State Media Says",
        "publisher": "Cable News Network World",
        "url": "https://edition.cnn.com/2024/01/22/asia/putin-to-visit-north-korea-intl-hnk/"
               "index.html",
        "accessed_on": "2024-03-02"},
}


def flagship_case(with_claims: bool = True) -> dict:
    """The flagship case file: port groups, vessels of interest, claims, an estimate, checks."""
    case = {
        "name": "dprk-russia-2023",
        "title": "DPRK munitions to Russia by sea, 2023",
        "port_groups": {"dprk": ["KPNJN", "KPCHO", "KPNAM"],
                        "russian_far_east": ["RUVYP", "RUVVO", "RUNJK", "RUPSE", "RUZAR"]},
        "vessels": [{"name": n, "imo": imo} for n, _, imo, *_ in FLEET],
        "sources": ARTICLE_SOURCES,
    }
    if not with_claims:
        return case
    case["claims"] = [
        _claim("C1", "North Korea has sent some 6,700 containers of munitions to Russia since "
               "September 2023", 6700, "containers", "reuters", "B", 2),
        _claim("C2", "The containers could carry more than three million 152mm artillery "
               "shells", 3_000_000, "rounds", "cnn-factories", "B", 3),
        _claim("C3", "Russia provided food, raw materials and weapon parts in exchange",
               None, None, "aljazeera", "B", 3),
        _claim("C4", "Munitions factories producing shells for Russia operate at full capacity",
               None, None, "wion", "C", 3),
        _claim("C5", "Putin to visit North Korea soon", None, None, "cnn-putin", "B", 2),
    ]
    case["estimates"] = [{
        "id": "E-152mm", "question": "152mm rounds that 6,700 containers can hold",
        "unit": "rounds", "p5": 1_850_000, "p50": 2_300_000, "p95": 2_800_000,
        "mean": 2_310_000, "method": "monte-carlo", "samples": 20000,
        "binding_constraint": "mass",
        "assumptions": [{"name": "payload per 20ft container", "value": "21.7", "unit": "t",
                         "source": "ISO 668"}]}]
    case["checks"] = [
        {"claim": "C1", "p5": 5200, "p50": 6600, "p95": 8100, "verdict": "plausible",
         "assumptions": []},
        {"claim": "C2", "p5": 1_850_000, "p50": 2_300_000, "p95": 2_800_000,
         "verdict": "implausible", "assumptions": [{"name": "rounds per container",
                                                    "value": "280-420"}]},
    ]
    return case


def _claim(cid, statement, quantity, unit, source, reliability, credibility):
    return {"id": cid, "statement": statement, "quantity": quantity, "unit": unit,
            "subject": "DPRK-Russia munitions trade", "attributed_to": "Shin Wonsik",
            "stated_on": "2024-02-26", "source": source, "reliability": reliability,
            "credibility": credibility, "supports": [], "contradicts": []}


def write_scaled(path: Path, vessels: int = 200, events: int = 2000,
                 points_per_vessel: int = 1000) -> Path:
    """A large synthetic workspace (benchmarks): random walks over the Sea of Japan, events
    spread evenly over the vessels (port calls, gaps, encounters, loitering), two voyages and,
    for every tenth vessel, a screening match. Simulated, and flagged so in `vessels`."""
    import random

    rng = random.Random(7)
    kinds = ("port_call", "ais_gap", "encounter", "loitering")
    points = {name: [] for name in ("mmsi", "segment", "ts", "lat", "lon", "speed_kn")}
    vessel_rows, event_rows, voyage_rows, match_rows = [], [], [], []
    per_vessel = events // vessels
    for i in range(vessels):
        mmsi, lat, lon = 273_000_000 + i, rng.uniform(36, 44), rng.uniform(129, 139)
        track = []
        for k in range(points_per_vessel):
            lat, lon = lat + rng.uniform(-0.02, 0.02), lon + rng.uniform(-0.02, 0.02)
            track.append((T0 + k * STEP, lat, lon))
        for name, values in zip(("mmsi", "segment", "ts", "lat", "lon", "speed_kn"),
                                zip(*[(mmsi, 0, t, la, lo, 9.5) for t, la, lo in track],
                                    strict=True), strict=True):
            points[name] += list(values)
        vessel_rows.append({"mmsi": mmsi, "imo": 9_000_000 + i, "name": f"VESSEL {i:03d}",
                            "names": [f"VESSEL {i:03d}"], "first_ts": track[0][0],
                            "last_ts": track[-1][0], "positions": len(track),
                            "simulated": True})
        for j in range(per_vessel):
            t, la, lo = track[(j * 97) % (len(track) - 20)]
            kind = kinds[j % len(kinds)]
            event_rows.append(_event(kind, mmsi, t, t + timedelta(hours=3 + j % 5), la, lo,
                                     port="RUVYP" if kind == "port_call" else None,
                                     other=273_000_000 + (i + 1) % vessels
                                     if kind == "encounter" else None))
        for j in range(2):
            depart = track[j * len(track) // 2][0]
            voyage_rows.append({"id": f"voy-{mmsi}-{j}", "mmsi": mmsi, "imo": 9_000_000 + i,
                                "name": f"VESSEL {i:03d}", "origin": "KPNJN",
                                "destination": "RUVYP", "depart": iso(depart),
                                "arrive": iso(depart + timedelta(hours=40)),
                                "duration_h": 40.0, "dark_h": float(j * 7), "watched": j == 0,
                                "risk": round(rng.random(), 2), "reasons": "[]"})
        if i % 10 == 0:
            match_rows.append({"vessel": json.dumps({"mmsi": mmsi, "name": f"VESSEL {i:03d}"}),
                               "entry": json.dumps({"list": "OFAC SDN", "id": str(40000 + i),
                                                    "names": [f"VESSEL {i:03d}"],
                                                    "programs": ["DPRK3"]}),
                               "score": 0.91, "evidence": json.dumps({"name": "exact"})})
    with Workspace.open(path, create=True) as ws:
        _write_tables(ws, points, vessel_rows, event_rows, voyage_rows,
                      match_rows)
    return path


def brief_settings(config=None):
    """The settings a brief uses, from a `Config` (the defaults when None)."""
    from darkfleet.config import Config
    from darkfleet.report import BriefSettings

    config = config or Config()
    return BriefSettings(config.report, config.detect, config.estimation)


def screening_match(mmsi, imo, vessel_name, list_name, entry_id, entry_names, entry_imo,
                    programs, listed_on, score, evidence=None, list_date="", basis="",
                    sighting_age_d=None):
    """A screening `Match` as the matches table holds it (`evidence` by field); a sighting
    `sighting_age_d` days before the list date."""
    from darkfleet.screening.query import match_from_row

    seen_at = None
    if sighting_age_d is not None:
        listed = datetime.fromisoformat(list_date).replace(tzinfo=UTC)
        seen_at = iso(listed - timedelta(days=sighting_age_d))
    return match_from_row({
        "vessel": {"mmsi": mmsi, "imo": imo, "name": vessel_name, "seen_at": seen_at},
        "entry": {"list": list_name, "id": entry_id, "names": list(entry_names),
                  "imo": entry_imo, "programs": list(programs), "listed_on": listed_on},
        "score": score, "evidence": evidence, "list_date": list_date, "basis": basis}, 0)
