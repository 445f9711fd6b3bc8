"""The HTTP response models of the web app (pydantic, at the edge only).

They follow DESIGN.md's record contracts and the CLI's JSON Lines output: times are UTC ISO 8601
strings with `Z`, and field names carry their units. The models of the stages' records
(`Vessel`, `Event`, `Voyage`, `Identity`, `ListEntry`, `Evidence`, `Match`) are derived from
the records themselves (`darkfleet.serve.derive`): their fields are not repeated here, only the
examples and descriptions the API documents.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from darkfleet.events import records
from darkfleet.screening import model as screening
from darkfleet.serve.derive import derived

TIME = "2023-08-01T00:02:20Z"


class _Record(BaseModel):
    # Columns a later version adds to a workspace table are left out rather than failing the
    # request; the tests compare the API's records with the library's, which catches drift.
    model_config = ConfigDict(extra="ignore", frozen=True)


class ErrorResponse(_Record):
    """What every error answers: the exception's kind, its message and where it points."""

    error: str = Field(description="Kind of error.", examples=["StoreError", "NotFoundError"])
    message: str = Field(examples=["no events yet (run `darkfleet detect` first)"])
    status: int = Field(examples=[409])
    field: str | None = Field(default=None, examples=["imo"],
                              description="The query field at fault, when one is.")
    path: str | None = Field(default=None, examples=["darkfleet-workspace"],
                             description="The file or workspace at fault, when one is.")


_VESSEL = derived(records.Vessel, _Record, {
    "mmsi": Field(examples=[273990101]),
    "imo": Field(examples=[9179842]),
    "name": Field(examples=["ANGARA"]),
    "callsign": Field(examples=["UBCT8"]),
    "ship_type": Field(examples=[70]),
    "flag": Field(description="ISO 3166 alpha-2 code of the MMSI's MID.", examples=["RU"]),
    "names": Field(description="Every ship name reported, first seen first.",
                   examples=[["SPARTA III", "URSA MAJOR"]]),
    "first_ts": Field(examples=[TIME]),
    "last_ts": Field(examples=["2023-08-03T23:49:40Z"]),
    "positions": Field(description="Fixes kept after cleaning.", examples=[254]),
}, types={"positions": int})


class Vessel(_VESSEL):  # type: ignore[misc,valid-type]
    """A vessel seen in the workspace: latest identity and when it was seen."""


_EVENT = derived(records.Event, _Record, {
    "id": Field(examples=["3f1c2a9d0b7e4c11"]),
    "type": Field(examples=["ais_gap"]),
    "mmsi": Field(description="The vessel (null for an imagery detection that no AIS matched: "
                  "`dark_port_presence`).", examples=[273990101]),
    "other_mmsi": Field(description="The other vessel of an encounter.", examples=[None]),
    "start": Field(examples=[TIME]),
    "end": Field(examples=["2023-08-01T09:30:00Z"]),
    "lat": Field(examples=[42.1]),
    "lon": Field(examples=[131.2]),
    "port": Field(description="UN/LOCODE of a port call.", examples=[None]),
    "duration_h": Field(examples=[9.46]),
    "details": Field(examples=[{"distance_m": 101234.0}]),
})


class Event(_EVENT):  # type: ignore[misc,valid-type]
    """An event (DESIGN.md's Event contract; definitions at /api/definitions)."""


_VOYAGE = derived(records.Voyage, _Record, {
    "id": Field(examples=["9a0e5b7c2d1f3e44"]),
    "mmsi": Field(examples=[273990101]),
    "imo": Field(examples=[9179842]),
    "name": Field(examples=["ANGARA"]),
    "origin": Field(examples=["KPNJN"]),
    "destination": Field(examples=["RUVYP"]),
    "depart": Field(examples=[TIME]),
    "arrive": Field(examples=["2023-08-02T14:00:00Z"]),
    "duration_h": Field(examples=[38.0]),
    "dark_h": Field(description="Hours inside AIS gaps.", examples=[12.5]),
    "draught_depart_m": Field(examples=[7.2]),
    "draught_arrive_m": Field(examples=[7.2]),
    "watched": Field(examples=[True]),
    "risk": Field(ge=0, le=1, examples=[0.93]),
    "reasons": Field(examples=[["departed a DPRK port (KPNJN)"]]),
    "details": Field(default_factory=dict,
                     examples=[{"risk_components": {"route": 1.0, "dark": 0.5}}]),
}, types={"depart": str, "arrive": str, "duration_h": float, "dark_h": float, "risk": float})


class Voyage(_VOYAGE):  # type: ignore[misc,valid-type]
    """A voyage between two port calls (DESIGN.md's Voyage contract)."""


_IDENTITY = derived(screening.Identity, _Record, {
    "imo": Field(examples=[9179842]),
    "mmsi": Field(examples=[None]),
    "name": Field(examples=["ANGARA"]),
    "callsign": Field(examples=[None]),
    "flag": Field(examples=[None]),
    "former_names": Field(default_factory=list, examples=[["SPARTA III"]]),
})


class Identity(_IDENTITY):  # type: ignore[misc,valid-type]
    """The vessel identity that was screened."""


_LIST_ENTRY = derived(screening.ListEntry, _Record, {
    "list": Field(examples=["OFAC SDN"]),
    "id": Field(examples=["32793"]),
    "kind": Field(examples=["vessel"]),
    "names": Field(examples=[["ANGARA"]]),
    "imo": Field(examples=[9179842]),
    "mmsi": Field(examples=[None]),
    "callsign": Field(examples=[None]),
    "flag": Field(examples=["RU"]),
    "programs": Field(examples=[["RUSSIA-EO14024"]]),
    "listed_on": Field(examples=["2022-05-08"]),
    "linked_to": Field(examples=[["FIRMA 'ANGARA'"]]),
})


class ListEntry(_LIST_ENTRY):  # type: ignore[misc,valid-type]
    """The list entry a vessel matched."""


_EVIDENCE = derived(screening.Evidence, _Record, {
    "how": Field(examples=["exact IMO number"]),
    "query": Field(examples=["9179842"]),
    "listed": Field(examples=["9179842"]),
    "score": Field(examples=[1.0]),
    "list": Field(examples=["OFAC SDN"]),
    "list_date": Field(examples=["2024-05-03"]),
})


class Evidence(_EVIDENCE):  # type: ignore[misc,valid-type]
    """How one field matched: method, the screened and listed values, and the list's date."""


_MATCH = derived(screening.Match, _Record, {
    "vessel": Field(), "entry": Field(),
    "score": Field(ge=0, le=1, examples=[1.0]),
    "above_threshold": Field(examples=[True]),
    "evidence": Field(),
    "list_date": Field(examples=["2024-05-03"]),
    "notes": Field(examples=[[]]),
    "basis": Field("identifier", description=(
        "`identifier`, `corroborated name`, `name only`, or `link` (an owner or manager of "
        "the entry is listed: the evidence says `linked to listed X via Y`)."),
        examples=["identifier"]),
}, types={"vessel": Identity, "entry": ListEntry, "evidence": dict[str, Evidence]})


class Match(_MATCH):  # type: ignore[misc,valid-type]
    """A screening match (DESIGN.md's Match contract), with its evidence by field."""


class VesselDetail(_Record):
    """One vessel with its matches, voyages and events (as either party of an encounter);
    the lists hold the first 500 of each, the totals say how many there are."""

    vessel: Vessel
    matches: list[Match]
    voyages: list[Voyage]
    events: list[Event]
    voyages_total: int = Field(examples=[4])
    events_total: int = Field(examples=[17])
    history: list[dict[str, Any]] = Field(default_factory=list, description=(
        "The hull's history by IMO (`darkfleet network`): names, MMSIs, call signs and flags "
        "over time, with its flag changes."))
    network: list[dict[str, Any]] = Field(default_factory=list, description=(
        "The list entries naming the IMO, their owners and managers and the listed parties "
        "within two links (`darkfleet network`)."))
    detections: list[dict[str, Any]] = Field(default_factory=list, description=(
        "Imagery detections matched to the vessel or listing it as a candidate."))


class VoyageDetail(_Record):
    """One voyage with the vessel's events between its departure and arrival."""

    voyage: Voyage
    events: list[Event]
    events_total: int = Field(examples=[3])
    detections: list[dict[str, Any]] = Field(default_factory=list, description=(
        "Imagery detections during the voyage matched to the vessel or listing it as a "
        "candidate."))


class VesselPage(_Record):
    """A page of vessels and how many match in all."""

    items: list[Vessel]
    total: int = Field(examples=[3438])


class EventPage(_Record):
    """A page of events and how many match in all."""

    items: list[Event]
    total: int = Field(examples=[120])


class VoyagePage(_Record):
    """A page of voyages and how many match in all."""

    items: list[Voyage]
    total: int = Field(examples=[11])


class MatchPage(_Record):
    """A page of screening matches and how many there are in all."""

    items: list[Match]
    total: int = Field(examples=[8])


class ListVersion(_Record):
    """One loaded sanctions list version a screen used."""

    list: str = Field(examples=["OFAC SDN"])
    version: str = Field(examples=["2024-05-03"])


class ScreenResult(_Record):
    """The matches of one screened identity against the workspace's loaded lists."""

    query: Identity
    threshold: float = Field(examples=[0.8])
    lists: list[ListVersion]
    matches: list[Match]


class Definition(_Record):
    """One event type's definition with the thresholds in force."""

    type: str = Field(examples=["ais_gap"])
    definition: str = Field(examples=["No position from the vessel for at least 6 h ..."])


class Health(_Record):
    """Whether the app is up, and what its workspace holds."""

    status: str = Field(examples=["ok"])
    version: str = Field(examples=["0.1.0"])
    workspace: str = Field(examples=["darkfleet-workspace"])
    tables: list[str] = Field(description="Workspace tables with data (empty when the "
                                          "workspace is missing).",
                              examples=[["events", "positions", "vessels"]])


class AlertPage(_Record):
    """A page of `darkfleet watch` alerts in the order they were raised, and the total."""

    items: list[dict[str, Any]]
    total: int = Field(examples=[3])


class TradeLedger(_Record):
    """The trade ledger: sums by period and direction, the case's caps and its ban flags."""

    case: str = Field(examples=["dprk-russia-2023"])
    by: str = Field(examples=["month"])
    estimates: int = Field(description="Voyages on a watched route with a cargo estimate.")
    voyages: list[dict[str, Any]] = Field(description=(
        "Each voyage on a watched route with its cargo and assumptions (`darkfleet cargo`)."))
    sums: list[dict[str, Any]]
    caps: list[dict[str, Any]]
    bans: list[dict[str, Any]]
