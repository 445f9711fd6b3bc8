"""KML for Google Earth: one Folder per kind, a Style per event type, TimeSpans for the slider.

Each feature is a Placemark with a readable name, a `TimeSpan` (`begin`/`end`: an event's start
and end, a voyage's departure and arrival, a track's first and last fix) or a `TimeStamp` (a
detection's time), which drive Google Earth's time slider, a `styleUrl` to the style of its kind,
its attributes as `ExtendedData`, and its geometry (`Point`, `LineString` or `MultiGeometry` of
LineStrings split at the antimeridian). Colours are KML's aabbggrr.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any, BinaryIO

from darkfleet.export.geometry import Feature, Geometry
from darkfleet.export.text_formats import flat, plain

NS = "http://www.opengis.net/kml/2.2"

#: Line and icon colour, line width of each kind.
STYLES: dict[str, tuple[str, float]] = {
    "ais_gap": ("ff0000ff", 3.0), "port_call": ("ff00aa00", 2.0),
    "encounter": ("ff00a5ff", 2.0), "mmsi_collision": ("ffff00ff", 2.0),
    "loitering": ("ff00ffff", 2.0), "identity_change": ("ffffff00", 2.0),
    "draught_change": ("ffff8800", 2.0), "possible_port_call": ("ff8080ff", 2.0),
    "dark_port_presence": ("ff000080", 2.0), "track": ("ffc0c0c0", 1.5),
    "voyage": ("ffff5500", 2.5), "detection": ("ff00ffff", 2.0), "port": ("ffffffff", 2.0),
}
_DEFAULT = ("ff888888", 2.0)
_TIMES = (("start", "end"), ("depart", "arrive"))


def write_kml(features: Sequence[Feature], layer: str, stream: BinaryIO) -> None:
    """Write the features of `layer` (tracks, events, voyages, detections, ports) as KML."""
    ET.register_namespace("", NS)
    kml = ET.Element(_q("kml"))
    document = _sub(kml, "Document")
    _sub(document, "name", f"darkfleet {layer}")
    folders: dict[str, ET.Element] = {}
    for feature in features:
        kind = _kind(feature, layer)
        if kind not in folders:
            _style(document, kind)
            folders[kind] = _sub(document, "Folder")
            _sub(folders[kind], "name", kind)
        _placemark(folders[kind], feature, kind)
    ET.ElementTree(kml).write(stream, encoding="UTF-8", xml_declaration=True)


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, _q(tag))
    if text is not None:
        element.text = text
    return element


def _kind(feature: Feature, layer: str) -> str:
    kind = feature.properties.get("type") if layer == "events" else None
    return str(kind) if kind else layer.removesuffix("s")


def _style(document: ET.Element, kind: str) -> None:
    colour, width = STYLES.get(kind, _DEFAULT)
    style = _sub(document, "Style")
    style.set("id", kind)
    icon = _sub(style, "IconStyle")
    _sub(icon, "color", colour)
    line = _sub(style, "LineStyle")
    _sub(line, "color", colour)
    _sub(line, "width", f"{width:g}")


def _placemark(folder: ET.Element, feature: Feature, kind: str) -> None:
    props = feature.properties
    placemark = _sub(folder, "Placemark")
    if props.get("id") is not None:
        placemark.set("id", f"{kind}-{props['id']}")
    _sub(placemark, "name", _label(props, kind))
    _time(placemark, props)
    _sub(placemark, "styleUrl", f"#{kind}")
    extended = _sub(placemark, "ExtendedData")
    for key, value in props.items():
        data = _sub(extended, "Data")
        data.set("name", key)
        _sub(data, "value", "" if value is None else str(flat(value)))
    if feature.geometry is not None:
        _geometry(placemark, feature.geometry)


def _label(props: dict[str, Any], kind: str) -> str:
    who = props.get("name") or props.get("mmsi") or props.get("locode") or props.get(
        "detection_id") or ""
    if "origin" in props:
        return f"{who} {props.get('origin') or '?'} to {props.get('destination') or '?'}"
    if kind == "port":
        return f"{props.get('locode')} {props.get('name')}"
    return f"{kind} {who}".strip()


def _time(placemark: ET.Element, props: dict[str, Any]) -> None:
    for begin, end in _TIMES:
        if props.get(begin) is not None:
            span = _sub(placemark, "TimeSpan")
            _sub(span, "begin", plain(props[begin]))
            if props.get(end) is not None:
                _sub(span, "end", plain(props[end]))
            return
    if props.get("ts") is not None:
        _sub(_sub(placemark, "TimeStamp"), "when", plain(props["ts"]))


def _geometry(placemark: ET.Element, geometry: Geometry) -> None:
    if geometry.kind == "Point":
        _sub(_sub(placemark, "Point"), "coordinates", _coordinates(geometry.parts[0]))
        return
    parent = placemark if geometry.kind == "LineString" else _sub(placemark, "MultiGeometry")
    for part in geometry.parts:
        line = _sub(parent, "LineString")
        _sub(line, "tessellate", "1")
        _sub(line, "coordinates", _coordinates(part))


def _coordinates(part: tuple[tuple[float, float], ...]) -> str:
    return " ".join(f"{lon},{lat}" for lon, lat in part)
