"""Settings of the live watch: how often it commits and detects, what it keeps, when a vessel
counts as dark, and how feeds reconnect."""

from __future__ import annotations

from dataclasses import dataclass

from darkfleet.settings_base import setting


@dataclass(frozen=True, slots=True)
class WatchSettings:
    """How `darkfleet watch` reads a feed, stores it, detects and raises alerts."""

    commit_interval_s: float = setting(
        5.0, "Received messages are committed to the workspace at least this often (and at "
        "once when an alert is raised).", minimum=0.1)
    detect_interval_s: float = setting(
        1.0, "Detection over the sliding window runs at most this often, when new data came.",
        minimum=0.05)
    compact_every: int = setting(
        120, "Every this many commits, the small Parquet parts of the tables the watch writes "
        "are merged day by day (as by `darkfleet compact`), so that a long watch does not "
        "leave thousands of small files per day; 0: never.", minimum=0)
    chunk_max_lines: int = setting(
        50_000, "Lines decoded in one step; bounds the memory of a step.", minimum=100)
    queue_max_lines: int = setting(
        500_000, "Received lines waiting to be decoded; a TCP sender is slowed down beyond "
        "this, a UDP datagram is dropped (and counted).", minimum=1000)
    window_h: float = setting(
        24.0, "Hours of data (by message time) held in the sliding detection window.", minimum=0)
    window_min_step_s: float = setting(
        10.0, "The window holds a vessel's first fix in each step of this many seconds, and "
        "every fix entering or leaving a watched area; the others are stored, not held "
        "(bounds memory on chatty transmitters; 0 holds every fix).", minimum=0)
    window_max_positions: int = setting(
        2_000_000, "At most this many fixes in the window; the oldest go first.", minimum=1000)
    all_vessels: bool = setting(
        False, "Detect on every vessel heard, not only listed vessels and those near the "
        "rules' watched ports and areas (costs CPU on busy feeds).")
    dark_after_h: float = setting(
        1.0, "A live gap opens when a regularly heard vessel is silent this long while others "
        "near it are still heard.", minimum=0)
    dark_history_h: float = setting(
        2.0, "Regularly heard: at least dark_min_fixes fixes in this many hours before the "
        "silence.", minimum=0)
    dark_min_fixes: int = setting(
        4, "Fixes needed in dark_history_h before a silence for it to open a live gap.",
        minimum=1)
    dark_coverage_radius_m: float = setting(
        50_000.0, "Others heard within this distance of a silent vessel's last fix show that "
        "the area is covered.", minimum=1)
    status_interval_s: float = setting(
        5.0, "The status line on stderr is refreshed this often.", minimum=0.1)
    reconnect_min_s: float = setting(
        1.0, "--connect: first wait before reconnecting (doubled after each failure).",
        minimum=0.01)
    reconnect_max_s: float = setting(
        60.0, "--connect: longest wait between reconnection attempts.", minimum=0.01)
    follow_poll_s: float = setting(
        0.2, "--follow: how often a file is checked for new lines and rotation.", minimum=0.01)
    webhook_timeout_s: float = setting(
        5.0, "A webhook POST waits at most this long for an answer.", minimum=0.1)
    imagery_poll_s: float = setting(
        30.0, "Dark imagery detections (of `darkfleet detections`) are read again from the "
        "workspace this often, for the dark_detection_in_port rules.", minimum=0.1)
    webhook_retries: int = setting(
        3, "A failed webhook POST is tried again this many times (with backoff).", minimum=0)
