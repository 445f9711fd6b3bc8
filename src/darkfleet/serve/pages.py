"""The analyst's pages, rendered on the server (Jinja2) with a little JavaScript for the map.

`/` overview, `/map`, `/search?q=`, `/vessels/{mmsi}`, `/voyages/{id}`, `/events`, `/claims`,
`/estimate` and `/brief`. Every asset is packaged (`/static/...`, served from a table made at
start from the package's own files: no request names a file); nothing is fetched elsewhere.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from darkfleet.estimation.settings import EstimationSettings
from darkfleet.events.query import PageQuery as Filters
from darkfleet.serve.errors import ERROR_RESPONSES, NotFoundError
from darkfleet.serve.params import (
    MAX_LIMIT,
    MAX_TEXT,
    BadQueryError,
    Common,
    parse_bbox,
    reject_unknown,
)
from darkfleet.serve.routes import EVENT_TYPES, Reader, RecordId, check_types
from darkfleet.serve.store import WorkspaceStore
from darkfleet.timefmt import iso_utc

pages = APIRouter(tags=["pages"], responses=ERROR_RESPONSES, default_response_class=HTMLResponse,
                  dependencies=[Depends(reject_unknown)])

#: Latest gaps and alerts on the overview (and twice as many watched voyages).
OVERVIEW_ROWS = 10

TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png",
         ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8", "": "text/plain"}


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(loader=PackageLoader("darkfleet.serve", "templates"),
                       autoescape=select_autoescape(default=True), trim_blocks=True,
                       lstrip_blocks=True)


def render(template: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(environment().get_template(template).render(**context))


@lru_cache(maxsize=1)
def static_files() -> dict[str, bytes]:
    """Every packaged asset by its name under /static/ (the only files the app serves)."""
    root = resources.files("darkfleet.serve").joinpath("static")
    found: dict[str, bytes] = {}

    def walk(folder: Any, prefix: str) -> None:
        for item in folder.iterdir():
            if item.is_dir():
                walk(item, f"{prefix}{item.name}/")
            elif not item.name.startswith("."):
                found[prefix + item.name] = item.read_bytes()

    walk(root, "")
    return found


@pages.get("/static/{name:path}")
def static(name: Annotated[str, Path(max_length=MAX_TEXT)]) -> Response:
    body = static_files().get(name)
    if body is None:
        raise NotFoundError("no such asset", kind="asset", key=name[:80])
    suffix = name[name.rfind("."):] if "." in name.rsplit("/", 1)[-1] else ""
    return Response(body, media_type=TYPES.get(suffix, "application/octet-stream"),
                    headers={"cache-control": "max-age=3600"})


@pages.get("/")
def overview(reader: Reader) -> HTMLResponse:
    watched = reader.rows("voyages", Filters(watched=True))
    watched.sort(key=lambda v: (-v["risk"], v["depart"]))
    _, gaps_total = reader.page("events", Filters(suspected=True, limit=1))
    gaps = reader.rows("events", Filters(suspected=True, limit=OVERVIEW_ROWS,
                                         offset=max(0, gaps_total - OVERVIEW_ROWS)))
    return render("overview.html", title="Overview", simulated=reader.simulated(),
                  counts=reader.counts(), watched=watched[:OVERVIEW_ROWS * 2],
                  gaps=list(reversed(gaps)), gaps_total=gaps_total,
                  alerts=reader.alerts(OVERVIEW_ROWS))


@pages.get("/alerts")
def alerts(reader: Reader) -> HTMLResponse:
    return render("alerts.html", title="Alerts", alerts=reader.alerts(MAX_LIMIT),
                  simulated=reader.simulated())


@pages.get("/map")
def map_page(
    mmsi: Annotated[int | None, Query(ge=0, le=999_999_999)] = None,
    since: Annotated[str | None, Query(max_length=MAX_TEXT)] = None,
    until: Annotated[str | None, Query(max_length=MAX_TEXT)] = None,
    all: bool = False,
) -> HTMLResponse:
    return render("map.html", title="Map", mmsi=mmsi, since=since or "", until=until or "",
                  show_all=all)


@pages.get("/search")
def search(reader: Reader, q: Annotated[str, Query(max_length=MAX_TEXT)] = "") -> HTMLResponse:
    found, total = reader.page("vessels", Filters(q=q, limit=MAX_LIMIT)) if q.strip() else (
        [], 0)
    return render("search.html", title=f"Search: {q}" if q else "Search", q=q, vessels=found,
                  simulated=reader.simulated(),
                  total=total)


@pages.get("/vessels/{mmsi}")
def vessel(reader: Reader, mmsi: Annotated[int, Path(ge=0, le=999_999_999)]) -> HTMLResponse:
    detail = reader.vessel(mmsi)
    return render("vessel.html", title=detail["vessel"]["name"] or f"MMSI {mmsi}",
                  simulated=reader.simulated(),
                  identities=reader.identities(mmsi), **detail)


@pages.get("/voyages/{id}")
def voyage(reader: Reader, id: RecordId) -> HTMLResponse:
    detail = reader.voyage(id)
    row = detail["voyage"]
    return render("voyage.html", title=f"Voyage of {row['name'] or row['mmsi']}",
                  simulated=reader.simulated(), **detail)


@pages.get("/events")
def events_page(
    request: Request,
    reader: Reader,
    filters: Common,
    type: Annotated[list[str] | None, Query(max_length=MAX_TEXT)] = None,
    bbox: Annotated[str | None, Query(max_length=MAX_TEXT)] = None,
    suspected: bool = False,
) -> HTMLResponse:
    check_types(type)
    query = replace(filters, types=tuple(type or ()), bbox=parse_bbox(bbox),
                    suspected=suspected)
    rows, total = reader.page("events", query)
    kept = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "offset"])
    end = query.offset + (query.limit or MAX_LIMIT)
    later = f"/events?{kept}&offset={end}".replace("?&", "?")
    return render("events.html", title="Events", events=rows, total=total, query=query,
                  simulated=reader.simulated(),
                  next_href=later if end < total else None,
                  types=EVENT_TYPES, chosen=set(type or ()), bbox=bbox or "",
                  since=_text(filters.since), until=_text(filters.until))


def _text(value: Any) -> str:
    return str(iso_utc(value)) if value is not None else ""


#: What a case name may look like: a registry key, never a path.
CaseName = Annotated[str | None, Query(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]


def _case(name: str | None) -> str:
    """The bundled case `name`, or the first bundled case (checked against the registry)."""
    from darkfleet.evidence import bundled_case_path, bundled_cases

    chosen = name or bundled_cases()[0]
    bundled_case_path(chosen)  # raises EvidenceError unless it is a bundled case
    return chosen


@pages.get("/claims")
def claims(request: Request, case: CaseName = None) -> HTMLResponse:
    from darkfleet.evidence import bundled_cases

    store: WorkspaceStore = request.app.state.store
    name = _case(case)
    title, records = _checked(name, store.config.estimation)
    return render("claims.html", title=f"Claims of {title}", case=name,
                  cases=bundled_cases(), checks=records)


@lru_cache(maxsize=8)
def _checked(name: str, settings: EstimationSettings) -> tuple[str, list[dict[str, Any]]]:
    """The title of the bundled case `name` and its checks (seeded: the same every time)."""
    from darkfleet.estimation import run_case_check
    from darkfleet.evidence import bundled_case_path, load_case

    loaded = load_case(bundled_case_path(name))
    return loaded.title, run_case_check(loaded, settings)


@pages.get("/estimate")
def estimate(
    request: Request,
    containers: Annotated[float | None, Query(ge=0, le=1e7)] = None,
    rounds: Annotated[float | None, Query(ge=0, le=1e10)] = None,
    munition: Annotated[str | None, Query(max_length=64)] = None,
    container: Annotated[str, Query(pattern="^(20ft|40ft)$")] = "20ft",
    fill: Annotated[float | None, Query(gt=0, le=1)] = None,
) -> HTMLResponse:
    from darkfleet.estimation import Question, estimate_containers, estimate_rounds, load_catalogue

    store: WorkspaceStore = request.app.state.store
    settings = store.config.estimation
    munitions = list(load_catalogue().munitions)
    result = None
    if containers is not None or rounds is not None:
        if (containers is None) == (rounds is None):
            raise BadQueryError("give containers or rounds, not both", field="containers")
        if munition not in munitions:
            raise BadQueryError(f"choose a munition of the catalogue ({', '.join(munitions)})",
                                field="munition")
        question = Question({munition: 1.0}, container, fill)
        result = (estimate_rounds(containers, question, settings) if containers is not None
                  else estimate_containers(float(rounds or 0), question, settings)).to_dict()
    return render("estimate.html", title="Estimate", munitions=munitions, result=result,
                  form={"containers": containers, "rounds": rounds, "munition": munition,
                        "container": container, "fill": fill})


@pages.get("/brief")
def brief(reader: Reader, case: CaseName = None) -> HTMLResponse:
    from darkfleet.extras import missing_extra

    try:
        return HTMLResponse(reader.brief_html(_case(case)))
    except ImportError as error:
        extra = missing_extra(error)
        if extra is None:
            raise
        raise extra from error
