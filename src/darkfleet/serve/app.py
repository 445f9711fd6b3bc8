"""The app factory: `create_app(config)` builds the web app over `config.workspace`.

Routes: the JSON API under `/api` (see `darkfleet.serve.routes`), `/health`, and the
analyst's pages (see `darkfleet.serve.pages`), `/brief?case=NAME` among them (a bundled case
chosen by name from the registry: no request parameter ever names a file).
"""

from __future__ import annotations

import gc
from importlib.metadata import version

import uvicorn
from fastapi import FastAPI, Request

from darkfleet.config import Config
from darkfleet.serve.errors import ERROR_RESPONSES, add_handlers
from darkfleet.serve.guard import Guard
from darkfleet.serve.live import STREAM_LIFETIME_S, live, live_pages
from darkfleet.serve.models import Health
from darkfleet.serve.pages import pages
from darkfleet.serve.routes import router
from darkfleet.serve.store import WorkspaceStore

DESCRIPTION = ("Read-only API over one darkfleet workspace: vessels, events, voyages, "
               "sanctions matches and screening, with the analyst's pages beside it. Times are UTC "
               "ISO 8601 with `Z`; field names carry their units.")


def create_app(config: Config, token: str | None = None, *,
               stream_lifetime_s: float = STREAM_LIFETIME_S) -> FastAPI:
    """The web app reading `config.workspace`'s snapshot (never written); with `token`, every
    request must carry it (see `darkfleet.serve.guard`); an alert stream's connection lasts
    `stream_lifetime_s` unless the request asks for less or more."""
    # No Swagger/ReDoc pages: they load scripts from a CDN. The schema stays at /openapi.json.
    app = FastAPI(title="darkfleet", version=version("darkfleet"), description=DESCRIPTION,
                  docs_url=None, redoc_url=None)
    app.state.store = WorkspaceStore(config)
    app.state.stream_lifetime_s = stream_lifetime_s
    add_handlers(app)
    app.add_middleware(Guard, token=token)
    app.include_router(router)
    app.include_router(live)
    app.add_api_route("/health", health, methods=["GET"], response_model=Health,
                      responses=ERROR_RESPONSES, summary="Liveness and workspace tables")
    app.include_router(pages)
    app.include_router(live_pages)
    return app


def make_server(app: FastAPI) -> uvicorn.Server:
    """A uvicorn server for `app` with bounded concurrency and request heads, and no
    `Server` header; run it with `.run(sockets=[...])`."""
    return uvicorn.Server(uvicorn.Config(
        app, log_level="warning", lifespan="off", limit_concurrency=64,
        h11_max_incomplete_event_size=16 * 1024, server_header=False))


def warm_up() -> None:
    """Load now what the first requests would (pandas, which pyarrow imports the first time it
    builds an array to see whether it was given a pandas object, and the bundled coastlines of
    the map), so that the first map is not three times as slow as the next; then leave all that
    was loaded out of the garbage collector's full passes (`gc.freeze`: it lives as long as the
    server, and walking it made every few requests 70 ms slower). The server runs it on a
    thread as it starts, and calls `gc.unfreeze()` when it stops."""
    import pyarrow as pa

    from darkfleet.report.coastlines import preload

    pa.array([0])
    preload()
    gc.collect()
    gc.freeze()


def health(request: Request) -> Health:
    """Up, with the tables the workspace holds (none when it is missing)."""
    store: WorkspaceStore = request.app.state.store
    return Health(status="ok", version=version("darkfleet"),
                  workspace=store.config.workspace.name, tables=store.tables())

