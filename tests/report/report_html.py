"""Read a brief's HTML back (stdlib parser): element ids, links, the summary's text and links."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pyarrow.parquet as pq
from report_builders import flagship_case

from darkfleet.report.brief import anchor, match_key
from darkfleet.store import Workspace

#: Attributes through which a page loads something (anchors' href only navigates).
LOADING_ATTRIBUTES = {"src", "srcset", "data", "poster", "background", "action", "formaction"}


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    fragment_links: list[str] = field(default_factory=list)
    summary_links: list[tuple[str, str]] = field(default_factory=list)
    summary_plain: list[str] = field(default_factory=list)
    loads: list[str] = field(default_factory=list)
    link_hrefs: list[tuple[str, str]] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.depth_in_summary = 0
        self.open_link: str | None = None
        self.link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "section" and values.get("id") == "summary":
            self.depth_in_summary = 1
        elif self.depth_in_summary and tag == "section":
            self.depth_in_summary += 1
        href = values.get("href", "")
        if href.startswith("#"):
            self.page.fragment_links.append(href[1:])
        if tag == "a" and self.depth_in_summary:
            self.open_link, self.link_text = href, []
        if tag == "link":
            self.page.link_hrefs.append((values.get("rel", ""), href))
        self.page.loads += [v for k, v in values.items() if k in LOADING_ATTRIBUTES]

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.open_link is not None:
            self.page.summary_links.append((self.open_link, "".join(self.link_text)))
            self.open_link = None
        if tag == "section" and self.depth_in_summary:
            self.depth_in_summary -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth_in_summary:
            return
        if self.open_link is not None:
            self.link_text.append(data)
        else:
            self.page.summary_plain.append(data)


def read_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    return reader.page


def workspace_anchors(path) -> set[str]:
    """Every record anchor the workspace and the flagship case give, read without the adapter."""
    def rows(name: str) -> list[dict]:
        with Workspace.open(path) as ws:
            files = ws.part_paths(name) if ws.has_table(name) else []
        return [r for f in files for r in pq.read_table(f).to_pylist()]

    import json

    found = {anchor("table", t) for t in ("vessels", "events", "voyages", "matches",
                                           "positions")}
    found |= {anchor("event", r["id"]) for r in rows("events")}
    found |= {anchor("voyage", r["id"]) for r in rows("voyages")}
    found |= {anchor("vessel", r["mmsi"]) for r in rows("vessels")}
    for r in rows("matches"):
        if r.get("entry") is not None:  # the contract's nested form
            vessel, entry = json.loads(r["vessel"]), json.loads(r["entry"])
            r = {**vessel, "list": entry["list"], "entry_id": entry["id"]}
        found.add(anchor("match", match_key(r.get("mmsi"), r.get("imo"), r["list"],
                                            r["entry_id"])))
    case = flagship_case()
    found |= {anchor("claim", c["id"]) for c in case["claims"]}
    found |= {anchor("estimate", e["id"]) for e in case["estimates"]}
    found |= {anchor("check", c["claim"]) for c in case["checks"]}
    return found
