"""Where raised alerts go besides the workspace: JSON Lines files or streams, and a webhook.

Each sink's `emit` is called once per alert, in the order they were raised, after the alert was
committed to the workspace. A webhook POSTs each alert as a JSON object from a background
thread (so a slow endpoint never holds up the watch), retrying with backoff; what it could not
deliver is logged and stays in the workspace (`darkfleet alerts`).
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Protocol, TextIO

from darkfleet.watch.alert import Alert

log = logging.getLogger("darkfleet.watch")


class AlertSink(Protocol):
    """Somewhere alerts are written."""

    def emit(self, alert: Alert) -> None: ...

    def close(self) -> None: ...


def alert_line(alert: Alert) -> str:
    """The alert as one line of JSON (with its line end)."""
    return json.dumps(alert.to_record(), ensure_ascii=False, sort_keys=False) + "\n"


class StreamSink:
    """JSON Lines to an open text stream (standard output), flushed after each alert."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def emit(self, alert: Alert) -> None:
        self.stream.write(alert_line(alert))
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


class JsonlSink(StreamSink):
    """JSON Lines appended to a file (`--alerts FILE.jsonl`)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(path.open("a", encoding="utf-8"))

    def close(self) -> None:
        self.stream.close()


class WebhookSink:
    """POSTs each alert (JSON, `Content-Type: application/json`) to `url`."""

    def __init__(self, url: str, timeout_s: float, retries: int) -> None:
        self.url = url
        self.timeout_s = timeout_s
        self.retries = retries
        self.delivered = 0
        self.failed = 0
        self._queue: queue.Queue[Alert | None] = queue.Queue(maxsize=10_000)
        self._thread = threading.Thread(target=self._run, daemon=True, name="watch-webhook")
        self._thread.start()

    def emit(self, alert: Alert) -> None:
        try:
            self._queue.put_nowait(alert)
        except queue.Full:
            self.failed += 1
            log.warning("webhook queue full: alert %s not posted", alert.id)

    def close(self) -> None:
        """Deliver what is queued (waiting at most a few timeouts), then stop."""
        self._queue.put(None)
        self._thread.join(self.timeout_s * (self.retries + 2))

    def _run(self) -> None:
        while (alert := self._queue.get()) is not None:
            if self._post(alert):
                self.delivered += 1
            else:
                self.failed += 1

    def _post(self, alert: Alert) -> bool:
        body = json.dumps(alert.to_record()).encode()
        wait = 0.5
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(
                self.url, data=body, method="POST",
                headers={"Content-Type": "application/json", "User-Agent": "darkfleet-watch"})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout_s) as answer:
                    if 200 <= answer.status < 300:
                        return True
            except (urllib.error.URLError, OSError) as error:
                log.warning("webhook %s: %s (try %d)", self.url, error, attempt + 1)
            time.sleep(wait)
            wait *= 2
        return False
