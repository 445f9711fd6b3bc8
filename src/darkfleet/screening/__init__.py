"""Sanctions screening: parse the official lists, screen vessel identities, explain matches.

Identifiers decide first (IMO with its check digit, MMSI, call sign), names second (normalised,
transliterated from Hangul and Cyrillic, fuzzy-scored with look-alike penalties, compared by
sound): a name alone is a candidate until an attribute corroborates it. Ownership and
management links reach listed parties within two links; a hull's history follows its IMO
across MMSIs, names and flags. The heavy
parts (rapidfuzz, the workspace store) are imported on first use, so importing this package
(and the config that names its settings) stays cheap.

Example::

    from darkfleet.screening import Identity, bundled_lists, screen
    matches = screen(Identity(imo=9179842), bundled_lists())
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from darkfleet._lazy import lazy_exports
from darkfleet.screening.identifiers import (
    imo_is_valid,
    mmsi_info,
    normalise_callsign,
    parse_imo,
    parse_mmsi,
)
from darkfleet.screening.model import Evidence, Identity, ListEntry, Match, SanctionsList
from darkfleet.screening.names import name_forms, normalise_name
from darkfleet.screening.settings import ScreeningSettings

if TYPE_CHECKING:
    from darkfleet.screening.bundled import bundled_list_paths, bundled_lists
    from darkfleet.screening.catalogue import (
        LoadReport,
        designation_history,
        list_versions,
        load_list_files,
        load_lists,
        store_lists,
    )
    from darkfleet.screening.fleet import (
        fleet_identities,
        required_lists,
        screen_workspace,
        seen_names,
        store_matches,
        vessel_screening_reasons,
        workspace_screening_reasons,
    )
    from darkfleet.screening.formats import read_lists
    from darkfleet.screening.hull import HullHistory, hull_histories
    from darkfleet.screening.network import Network
    from darkfleet.screening.query import read_matches
    from darkfleet.screening.screener import Screener, screen
    from darkfleet.screening.update_guard import ListUpdateRefused

_LAZY = {
    "bundled_list_paths": "bundled", "bundled_lists": "bundled",
    "designation_history": "catalogue", "list_versions": "catalogue", "load_lists": "catalogue",
    "store_lists": "catalogue", "LoadReport": "catalogue", "load_list_files": "catalogue",
    "fleet_identities": "fleet", "store_matches": "fleet", "required_lists": "fleet",
    "screen_workspace": "fleet", "workspace_screening_reasons": "fleet",
    "vessel_screening_reasons": "fleet", "read_lists": "formats", "Screener": "screener",
    "screen": "screener", "seen_names": "fleet", "HullHistory": "hull",
    "hull_histories": "hull", "Network": "network", "ListUpdateRefused": "update_guard",
    "read_matches": "query",
}

__all__ = [
    "Evidence", "HullHistory", "Identity", "ListEntry", "ListUpdateRefused", "LoadReport",
    "Match", "Network", "SanctionsList", "Screener", "ScreeningSettings", "bundled_list_paths",
    "bundled_lists", "designation_history", "fleet_identities", "hull_histories",
    "imo_is_valid", "list_versions", "load_list_files", "load_lists", "mmsi_info",
    "name_forms", "normalise_callsign", "normalise_name", "parse_imo", "parse_mmsi",
    "read_lists", "read_matches", "required_lists", "screen", "screen_workspace", "seen_names",
    "store_lists", "store_matches", "vessel_screening_reasons", "workspace_screening_reasons",
]

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(__name__, _LAZY)
