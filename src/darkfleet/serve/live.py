"""Alerts and trade in the web app: `/api/alerts` (paged), `/api/alerts/stream` (server-sent
events), `/api/trade`, and the `/trade` page (the `/alerts` page is in `pages`).

The stream polls the workspace's latest snapshot for alerts raised after the last one it sent
(`darkfleet.watch.read_alerts(..., after_id=...)`), sends each as an `alert` event whose id is
the alert's (waiting between polls without holding a worker thread), and closes after a
bounded lifetime; the browser's EventSource then reconnects with
`Last-Event-ID` and resumes after that alert. A new connection without one starts after the
alert raised last (the page lists the earlier ones).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, StreamingResponse

from darkfleet.errors import DarkfleetError
from darkfleet.serve.errors import ERROR_RESPONSES
from darkfleet.serve.intel import alerts_after, alerts_page, last_alert_id, trade
from darkfleet.serve.models import AlertPage, TradeLedger
from darkfleet.serve.params import MAX_LIMIT, MAX_TEXT, parse_time, reject_unknown
from darkfleet.serve.routes import Reader
from darkfleet.serve.store import WorkspaceStore

#: How long one stream connection lasts by default before the client reconnects (seconds).
STREAM_LIFETIME_S = 300.0
#: How often a stream looks for new alerts (seconds).
STREAM_POLL_S = 1.0
#: The most alerts one poll sends.
STREAM_BATCH = 100
#: What the client waits before reconnecting (milliseconds).
STREAM_RETRY_MS = 2000

live = APIRouter(prefix="/api", responses=ERROR_RESPONSES, dependencies=[Depends(reject_unknown)])
live_pages = APIRouter(tags=["pages"], responses=ERROR_RESPONSES,
                       default_response_class=HTMLResponse,
                       dependencies=[Depends(reject_unknown)])

AlertId = Annotated[str | None, Query(max_length=MAX_TEXT, pattern="^[0-9A-Za-z_:-]+$")]
Period = Annotated[str, Query(pattern="^(month|year)$", description="`month` or `year`.")]


@live.get("/alerts", response_model=AlertPage,
          summary="Alerts of `darkfleet watch` in the order they were raised")
def alerts(
    reader: Reader,
    since: Annotated[str | None, Query(max_length=MAX_TEXT, description=(
        "Only alerts raised at or after this time (ISO 8601)."))] = None,
    mmsi: Annotated[int | None, Query(ge=0, le=999_999_999)] = None,
    rule: Annotated[str | None, Query(max_length=MAX_TEXT, examples=["ais_gap_watched"])] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> AlertPage:
    rows, total = alerts_page(reader, parse_time(since, "since"), mmsi, rule, limit, offset)
    return AlertPage(items=rows, total=total)


@live.get("/alerts/stream", summary="Alerts as server-sent events, as they are raised",
          response_class=StreamingResponse)
def alerts_stream(
    request: Request,
    reader: Reader,
    after_id: AlertId = None,
    lifetime_s: Annotated[float | None, Query(gt=0, le=3600, description=(
        "Close the connection after this many seconds (the client reconnects)."))] = None,
    last_event_id: Annotated[str | None, Header(max_length=MAX_TEXT)] = None,
) -> StreamingResponse:
    store: WorkspaceStore = request.app.state.store
    start = last_event_id or after_id or last_alert_id(reader)  # fails early: no workspace
    lifetime = lifetime_s or float(request.app.state.stream_lifetime_s)
    return StreamingResponse(_events(store, start, lifetime), media_type="text/event-stream",
                             headers={"cache-control": "no-store", "x-accel-buffering": "no"})


async def _events(store: WorkspaceStore, after: str | None, lifetime_s: float
                  ) -> AsyncIterator[str]:
    """The stream: waits between polls without holding a worker thread (reads take one)."""
    deadline = time.monotonic() + lifetime_s
    yield f"retry: {STREAM_RETRY_MS}\n\n"
    while True:
        try:
            found = await run_in_threadpool(_poll, store, after)
        except DarkfleetError as error:
            yield f"event: error\ndata: {json.dumps({'message': type(error).__name__})}\n\n"
            return
        for alert in found:
            after = alert["id"]
            yield f"id: {after}\nevent: alert\ndata: {json.dumps(alert, ensure_ascii=False)}\n\n"
        left = deadline - time.monotonic()
        if left <= 0:
            return
        if not found:
            yield ": waiting\n\n"
        await asyncio.sleep(min(STREAM_POLL_S, left))


def _poll(store: WorkspaceStore, after: str | None) -> list[dict[str, Any]]:
    with store.open() as reader:
        return alerts_after(reader, after, STREAM_BATCH)


@live.get("/trade", response_model=TradeLedger,
          summary="Both directions of the trade by period, against the case's UN limits")
def trade_ledger(reader: Reader, by: Period = "year") -> TradeLedger:
    return TradeLedger(**trade(reader, by))


@live_pages.get("/trade")
def trade_page(reader: Reader, by: Period = "month") -> HTMLResponse:
    from darkfleet.serve.pages import render

    return render("trade.html", title="Trade", ledger=trade(reader, by), by=by)
