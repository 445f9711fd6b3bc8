"""Declared schemas of the tables the stages after ingest write (see `darkfleet.store.schema`).

The columns, order and types are those each stage writes: tables built with Polars keep its
`large_string` and `large_list` encodings. JSON objects kept as text say so.
"""

from __future__ import annotations

import pyarrow as pa

from darkfleet.store.table_spec import TS, TableSpec

_TEXT = pa.large_string()
_STRINGS = pa.list_(pa.string())

TRACK_POINTS = pa.schema([
    ("mmsi", pa.int64()), ("segment", pa.int32()), ("ts", TS), ("lat", pa.float64()),
    ("lon", pa.float64()), ("speed_kn", pa.float64()), ("course_deg", pa.float64()),
    ("port", _TEXT), ("port_dist_m", pa.float64()), ("receiver", _TEXT),
])
EVENTS = pa.schema([
    ("id", _TEXT), ("type", _TEXT), ("mmsi", pa.int64()), ("other_mmsi", pa.int64()),
    ("start", TS), ("end", TS), ("lat", pa.float64()), ("lon", pa.float64()), ("port", _TEXT),
    ("duration_h", pa.float64()), ("details", _TEXT),  # a JSON object as text
])
VOYAGES = pa.schema([
    ("id", _TEXT), ("mmsi", pa.int64()), ("imo", pa.int64()), ("name", _TEXT),
    ("origin", _TEXT), ("destination", _TEXT), ("depart", TS), ("arrive", TS),
    ("duration_h", pa.float64()), ("dark_h", pa.float64()), ("draught_depart_m", pa.float64()),
    ("draught_arrive_m", pa.float64()), ("watched", pa.bool_()), ("risk", pa.float64()),
    ("reasons", pa.large_list(_TEXT)), ("details", _TEXT),  # a JSON object as text
])
VESSELS = pa.schema([
    ("mmsi", pa.int64()), ("imo", pa.int64()), ("name", _TEXT), ("callsign", _TEXT),
    ("ship_type", pa.int16()), ("flag", _TEXT), ("names", pa.large_list(_TEXT)),
    ("first_ts", TS), ("last_ts", TS), ("positions", pa.int64()),
])
LIST_ENTRIES = pa.schema([
    ("list", pa.string()), ("version", pa.string()), ("id", pa.string()), ("kind", pa.string()),
    ("names", _STRINGS), ("name_kinds", _STRINGS), ("imo", pa.int64()), ("mmsi", pa.int64()),
    ("callsign", pa.string()), ("flag", pa.string()), ("programs", _STRINGS),
    ("listed_on", pa.string()), ("linked_to", _STRINGS), ("link_kinds", _STRINGS),
    ("vessel_type", pa.string()), ("tonnage", pa.int64()), ("build_year", pa.int64()),
    ("length_m", pa.float64()), ("former_flags", _STRINGS),
])
LIST_VERSIONS = pa.schema([
    ("list", pa.string()), ("version", pa.string()), ("source", pa.string()),
    ("format", pa.string()), ("entries", pa.int64()), ("vessels", pa.int64()),
    ("loaded_at", TS),
])
DESIGNATIONS = pa.schema([
    ("list", pa.string()), ("id", pa.string()), ("name", pa.string()), ("kind", pa.string()),
    ("change", pa.string()), ("version", pa.string()), ("previous_version", pa.string()),
])
MATCHES = pa.schema([
    ("mmsi", pa.int64()), ("imo", pa.int64()), ("name", pa.string()),
    ("list", pa.string()), ("entry_id", pa.string()), ("entry_name", pa.string()),
    ("entry_imo", pa.int64()), ("programs", _STRINGS), ("listed_on", pa.string()),
    ("list_date", pa.string()), ("score", pa.float64()), ("fields", _STRINGS),
    # vessel, entry, evidence: JSON objects as text
    ("vessel", pa.string()), ("entry", pa.string()), ("evidence", pa.string()),
    ("notes", _STRINGS), ("basis", pa.string()), ("seen_at", pa.string()),
    ("sighting_age_d", pa.float64()),
])
SCREENING_REASONS = pa.schema([
    ("mmsi", pa.int64()), ("reason", pa.string()), ("weight", pa.float64()),
])
DETECTION_ROWS = pa.schema([
    ("detection_id", pa.string()), ("ts", TS), ("lat", pa.float64()), ("lon", pa.float64()),
    ("length_m", pa.float64()), ("width_m", pa.float64()), ("heading_deg", pa.float64()),
    ("speed_kn", pa.float64()), ("source", pa.string()), ("score", pa.float64()),
    ("scene_id", pa.string()), ("image_url", pa.string()), ("file", pa.string()),
    ("line", pa.int64()),
])
DETECTIONS = pa.schema([
    ("detection_id", _TEXT), ("ts", TS), ("lat", pa.float64()), ("lon", pa.float64()),
    ("length_m", pa.float64()), ("width_m", pa.float64()), ("heading_deg", pa.float64()),
    ("speed_kn", pa.float64()), ("source", _TEXT), ("score", pa.float64()),
    ("scene_id", _TEXT), ("image_url", _TEXT), ("matched_mmsi", pa.int64()),
    ("match_distance_m", pa.float64()), ("match_score", pa.float64()),
    ("match_time_min", pa.float64()), ("dark", pa.bool_()),
    ("candidates", _TEXT),  # a JSON list as text
    ("port", _TEXT),
])
ALERTS = pa.schema([
    ("id", pa.string()), ("rule", pa.string()), ("mmsi", pa.int64()), ("imo", pa.int64()),
    ("name", pa.string()), ("ts", TS), ("raised_at", TS), ("lat", pa.float64()),
    ("lon", pa.float64()), ("port", pa.string()),
    ("details", pa.string()),  # a JSON object as text
])
EVIDENCE_CLAIMS = pa.schema([
    ("id", pa.string()), ("statement", pa.string()), ("quantity", pa.float64()),
    ("quantity_high", pa.float64()), ("qualifier", pa.string()), ("unit", pa.string()),
    ("subject", pa.string()), ("attributed_to", pa.string()), ("stated_on", pa.date32()),
    ("window_start", pa.date32()), ("window_end", pa.date32()), ("source_title", pa.string()),
    ("source_publisher", pa.string()), ("source_url", pa.string()),
    ("source_accessed_on", pa.date32()), ("reliability", pa.string()),
    ("credibility", pa.int32()), ("case_id", pa.string()),
])
EVIDENCE_OBSERVATIONS = pa.schema([
    ("id", pa.string()), ("count", pa.float64()), ("unit", pa.string()), ("place", pa.string()),
    ("time", pa.string()), ("channel", pa.string()), ("method", pa.string()),
    ("source_title", pa.string()), ("source_publisher", pa.string()),
    ("source_url", pa.string()), ("source_accessed_on", pa.date32()), ("note", pa.string()),
    ("detection_id", pa.string()), ("scene_id", pa.string()), ("case_id", pa.string()),
])
EVIDENCE_LINKS = pa.schema([
    ("claim_id", pa.string()), ("relation", pa.string()), ("target_id", pa.string()),
])

STAGE_TABLES = (
    TableSpec("track_points", "tracks", TRACK_POINTS,
              "Cleaned position fixes split into segments, by day of `ts` (`detect`)."),
    TableSpec("events", "events", EVENTS,
              "Events (DESIGN.md's Event): port calls, gaps, encounters and the rest; "
              "`details` is a JSON object as text (`detect`, updated by `detections match`)."),
    TableSpec("voyages", "events", VOYAGES,
              "Voyages between port calls with risk and reasons (`detect`, updated by "
              "`detections match`)."),
    TableSpec("vessels", "events", VESSELS,
              "One row per MMSI: identity, names used, first and last fix (`detect`)."),
    TableSpec("list_entries", "screening", LIST_ENTRIES,
              "Sanctions list entries, the current version of each list (`lists load`)."),
    TableSpec("list_versions", "screening", LIST_VERSIONS,
              "Each version of a list loaded, with its counts (`lists load`)."),
    TableSpec("designations", "screening", DESIGNATIONS,
              "Entries added to or removed from a list between versions (`lists load`)."),
    TableSpec("matches", "screening", MATCHES,
              "Screening hits of the fleet; `vessel`, `entry` and `evidence` are JSON objects "
              "as text (`screen`)."),
    TableSpec("screening_reasons", "screening", SCREENING_REASONS,
              "Why each vessel is of interest to screening (its matches and its hull's flag "
              "changes), strongest first, weight 0-1: what voyages read as their screening "
              "reasons (`screen`, with `matches`)."),
    TableSpec("detection_rows", "imagery", DETECTION_ROWS,
              "Imagery detections as loaded, by day of `ts` (`detections load`)."),
    TableSpec("detections", "imagery", DETECTIONS,
              "Detections matched against AIS (DESIGN.md's Detection); `candidates` is a JSON "
              "list as text (`detections match`)."),
    TableSpec("alerts", "watch", ALERTS,
              "Alerts raised by the watch (DESIGN.md's Alert), by day of `raised_at`."),
    TableSpec("evidence_claims", "evidence", EVIDENCE_CLAIMS,
              "The evidence ledger's claims (DESIGN.md's Claim, links apart) with their case."),
    TableSpec("evidence_observations", "evidence", EVIDENCE_OBSERVATIONS,
              "The ledger's observations: counts seen or reported, with their sources."),
    TableSpec("evidence_links", "evidence", EVIDENCE_LINKS,
              "Claim `supports` or `contradicts` a claim, observation or `estimate:ID`."),
)
