/* darkfleet alerts: new alerts from /api/alerts/stream (server-sent events) on top of the table. */
(function () {
  "use strict";
  var body = document.getElementById("alerts-body");
  if (!body || typeof EventSource === "undefined") { return; }
  var status = document.getElementById("live-status");
  var source = new EventSource("/api/alerts/stream");
  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : String(text);
    row.appendChild(td);
    return td;
  }
  source.addEventListener("alert", function (message) {
    var a = JSON.parse(message.data);
    var row = document.createElement("tr");
    row.dataset.rule = a.rule;
    row.dataset.id = a.id;
    row.className = "live";
    cell(row, a.ts);
    cell(row, a.rule);
    var link = document.createElement("a");
    link.href = "/vessels/" + a.mmsi;
    link.textContent = a.name || "MMSI " + a.mmsi;
    cell(row, "").appendChild(link);
    cell(row, a.port || (a.lat === null ? "" : a.lat.toFixed(3) + ", " + a.lon.toFixed(3)));
    cell(row, a.raised_at);
    cell(row, Object.keys(a.details || {}).map(function (k) {
      return k + "=" + a.details[k];
    }).join("; "));
    body.insertBefore(row, body.firstChild);
    var none = document.getElementById("alerts-none");
    if (none) { none.remove(); }
  });
  source.onopen = function () { if (status) { status.textContent = "live: new alerts appear here as they are raised"; } };
  source.onerror = function () { if (status) { status.textContent = "reconnecting to the alert stream"; } };
}());
