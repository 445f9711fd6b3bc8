"""The real public lists bundled with darkfleet (see `darkfleet/data/SOURCES.md`)."""

from __future__ import annotations

from pathlib import Path

from darkfleet.data import sample_path
from darkfleet.screening.formats import read_lists
from darkfleet.screening.model import SanctionsList

_BUNDLED = (
    "sanctions/ofac_sdn_2024-05-03/sdn.csv",
    "sanctions/ofac_alt_2025-02_watchman/alt.csv",
    "sanctions/un_consolidated_2026-02-27_watchman/UN_consolidated.xml",
    "sanctions/uk_fcdo_sanctions_list_2025-08-11/FCDO_SL_2025-08-11.derived.csv",
    "sanctions/uk_ship_imo_2026-04-29/uk_ship_imo_numbers.csv",
)


def bundled_list_paths(*, aliases: bool = True) -> list[Path]:
    """OFAC SDN 2024-05-03 (+ alt.csv aliases), the UN consolidated list and the UK list (+ the
    IMO numbers of its ships)."""
    return [sample_path(p) for p in _BUNDLED if aliases or not p.endswith("alt.csv")]


def bundled_lists(*, aliases: bool = True) -> list[SanctionsList]:
    """The bundled lists, parsed (about a second)."""
    return read_lists(bundled_list_paths(aliases=aliases))
