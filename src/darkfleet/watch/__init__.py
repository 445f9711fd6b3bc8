"""darkfleet watch stage: a live AIS feed in, alerts out within seconds.

`Watcher(...).run(stop)` reads a feed (`open_feed`: TCP or UDP listener, TCP client with
reconnection, a followed file, a paced replay), decodes it with the ingest code, commits it to
the workspace every few seconds, detects over a sliding window with the detectors of `detect`,
and raises the alerts its rules (`load_rules`) define, once each, kept in the workspace.
`read_alerts` reads them back (for `darkfleet alerts` and the web app's live stream). Names are
imported on first use, so importing the package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from darkfleet._lazy import lazy_exports
from darkfleet.watch.settings import WatchSettings

if TYPE_CHECKING:
    from darkfleet.watch.alert import ALERT_SCHEMA as ALERT_SCHEMA
    from darkfleet.watch.alert import Alert as Alert
    from darkfleet.watch.alert_store import read_alerts as read_alerts
    from darkfleet.watch.detection import IncrementalDetector as IncrementalDetector
    from darkfleet.watch.engine import WatchEngine as WatchEngine
    from darkfleet.watch.feed import Feed as Feed
    from darkfleet.watch.feeds import open_feed as open_feed
    from darkfleet.watch.outputs import JsonlSink as JsonlSink
    from darkfleet.watch.outputs import WebhookSink as WebhookSink
    from darkfleet.watch.rules import Rule as Rule
    from darkfleet.watch.rules import RuleSet as RuleSet
    from darkfleet.watch.rules import default_rules as default_rules
    from darkfleet.watch.rules import load_rules as load_rules
    from darkfleet.watch.watcher import Watcher as Watcher
    from darkfleet.watch.watcher import WatchStatus as WatchStatus
    from darkfleet.watch.watcher import WatchSummary as WatchSummary

_EXPORTS = {
    "Alert": "alert", "ALERT_SCHEMA": "alert", "read_alerts": "alert_store",
    "Rule": "rules", "RuleSet": "rules", "load_rules": "rules", "default_rules": "rules",
    "WatchEngine": "engine", "IncrementalDetector": "detection", "Watcher": "watcher",
    "WatchStatus": "watcher", "WatchSummary": "watcher", "open_feed": "feeds",
    "Feed": "feed", "JsonlSink": "outputs", "WebhookSink": "outputs",
}
__all__ = [
    "ALERT_SCHEMA", "Alert", "Feed", "IncrementalDetector", "JsonlSink", "Rule", "RuleSet",
    "WatchEngine", "WatchSettings", "WatchStatus", "WatchSummary", "Watcher", "WebhookSink",
    "default_rules", "load_rules", "open_feed", "read_alerts",
]

if not TYPE_CHECKING:
    __getattr__ = lazy_exports(__name__, _EXPORTS)
