/* darkfleet map: draws /api/map's GeoJSON with the packaged Leaflet; no tiles, no other host. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var STYLE = {
    land: { color: "#b9ad8f", weight: 0.6, fillColor: "#ece6d4", fillOpacity: 1 },
    track: { color: "#1f5fa8", weight: 2, opacity: 0.8 },
    gap: { color: "#c0392b", weight: 2.5, dashArray: "6 6", opacity: 0.9 },
    port: { color: "#6b3fa0", radius: 7, weight: 2, fillOpacity: 0.15 },
    port_call: { color: "#1e7d4f", radius: 5, weight: 1, fillOpacity: 0.8 },
    encounter: { color: "#d35400", radius: 7, weight: 2, fillOpacity: 0.8 },
    loitering: { color: "#8e6c00", radius: 5, weight: 1, fillOpacity: 0.8 },
    dark_port_presence: { color: "#000000", radius: 6, weight: 2, fillColor: "#f1c40f", fillOpacity: 0.9 },
    detection_matched: { color: "#1f5fa8", radius: 5, weight: 2, fillColor: "#ffffff", fillOpacity: 1 },
    detection_dark: { color: "#000000", radius: 6, weight: 2, fillColor: "#e74c3c", fillOpacity: 1 },
    detection_unmatched: { color: "#7f8c8d", radius: 5, weight: 2, fillColor: "#bdc3c7", fillOpacity: 1 },
    other: { color: "#555555", radius: 4, weight: 1, fillOpacity: 0.7 }
  };
  var map = L.map(el, { zoomSnap: 0.25, worldCopyJump: false });
  map.attributionControl.setPrefix("Leaflet");
  el.style.background = "#cfe3f0";

  function query() {
    var out = [];
    ["mmsi", "since", "until", "all"].forEach(function (key) {
      var value = el.dataset[key];
      if (value) { out.push(key + "=" + encodeURIComponent(value)); }
    });
    return out.join("&");
  }

  function popup(props) {
    var box = document.createElement("div");
    function line(label, value) {
      if (value === null || value === undefined || value === "") { return; }
      var row = document.createElement("div");
      var b = document.createElement("b");
      b.textContent = label + ": ";
      row.appendChild(b);
      row.appendChild(document.createTextNode(String(value)));
      box.appendChild(row);
    }
    line("Kind", props.kind);
    line("Port", props.name ? props.name + " (" + props.locode + ")" : props.port);
    line("From", props.start || props.first_ts);
    line("To", props["end"] || props.last_ts);
    line("Hours", props.duration_h);
    line("Other vessel", props.other_mmsi);
    line("Detected (UTC)", props.ts);
    line("Source", props.source);
    line("Length m", props.length_m);
    line("Match distance m", props.match_distance_m);
    line("Dark", props.kind === "detection_dark" ? "no AIS within reach" : null);
    if (props.details) {
      Object.keys(props.details).forEach(function (k) { line(k, props.details[k]); });
    }
    if (props.mmsi) {
      var a = document.createElement("a");
      a.href = "/vessels/" + props.mmsi;
      a.textContent = "Vessel " + props.mmsi;
      box.appendChild(a);
    }
    return box;
  }

  function draw(collection) {
    var features = collection.features || [];
    var land = features.filter(function (f) { return f.properties.kind === "land"; });
    var rest = features.filter(function (f) { return f.properties.kind !== "land"; });
    L.geoJSON(land, { style: STYLE.land, interactive: false }).addTo(map);
    var layer = L.geoJSON(rest, {
      style: function (f) { return STYLE[f.properties.kind] || STYLE.other; },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, STYLE[f.properties.kind] || STYLE.other);
      },
      onEachFeature: function (f, l) { l.bindPopup(function () { return popup(f.properties); }); }
    }).addTo(map);
    var counts = {};
    features.forEach(function (f) { counts[f.properties.kind] = (counts[f.properties.kind] || 0) + 1; });
    el.dataset.features = JSON.stringify(counts);
    var focus = rest.filter(function (f) { return f.properties.kind !== "port"; });
    var bounds = focus.length ? L.geoJSON(focus).getBounds() : layer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds.pad(0.08)); } else { map.setView([40, 130], 4); }
    var status = document.getElementById("map-status");
    if (status) {
      status.textContent = Object.keys(counts).sort().map(function (k) {
        return counts[k] + " " + k;
      }).join(", ");
    }
    el.classList.add("drawn");
  }

  fetch("/api/map?" + query(), { credentials: "same-origin" })
    .then(function (r) {
      if (!r.ok) { return r.json().then(function (b) { throw new Error(b.message); }); }
      return r.json();
    })
    .then(draw)
    .catch(function (error) {
      el.dataset.error = String(error.message || error);
      el.textContent = "The map could not be drawn: " + el.dataset.error;
    });
}());
