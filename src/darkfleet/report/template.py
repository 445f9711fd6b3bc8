"""The brief's HTML template (Jinja2) and its inline styles. Declarative: no logic beyond loops.

The page allows nothing from outside (a strict Content-Security-Policy: no scripts, no remote
styles, images or fonts), so a reference to the network would be refused and is caught by tests.
"""

from darkfleet.report.template_sections import APPENDIX, IMAGERY, TRADE

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"

STYLE = """
body { font: 15px/1.45 "DejaVu Sans", Arial, sans-serif; color: #1c2833; margin: 0 auto;
       max-width: 1000px; padding: 16px 20px; }
h1 { font-size: 26px; margin: 4px 0; } h2 { border-bottom: 2px solid #1a5276; margin-top: 28px; }
h3 { margin: 10px 0 4px; font-size: 16px; }
a { color: #1a5276; } .meta { color: #566573; font-size: 13px; }
.banner { background: #fdedec; border: 2px solid #cc0000; color: #922b21; padding: 6px 10px;
          font-weight: bold; margin: 8px 0; }
.missing { background: #fef9e7; border-left: 4px solid #b7950b; padding: 6px 12px; }
figure { margin: 10px 0; } figcaption { font-size: 12px; color: #566573; }
svg { max-width: 100%; height: auto; display: block; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin: 6px 0; }
th, td { border: 1px solid #d5d8dc; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #eaf2f8; } tr.failed td { background: #fdedec; }
.failmark { color: #cc0000; font-weight: bold; } .condmark { color: #9a7d0a; font-weight: bold; }
.card { border: 1px solid #aab7b8; border-radius: 4px; padding: 6px 12px; margin: 10px 0;
        break-inside: avoid; } .card.sim { border-color: #cc0000; }
.tag { display: inline-block; font-size: 11px; padding: 0 5px; border-radius: 3px;
       background: #cc0000; color: #ffffff; font-weight: bold; }
.legend span { display: inline-block; margin-right: 14px; font-size: 12px; }
.sw { display: inline-block; width: 22px; height: 0; vertical-align: middle; margin-right: 4px; }
.footnotes p { margin: 0 0 5px; }

@media print { body { max-width: none; } h2 { break-after: avoid; }
  table { font-size: 9px; } td, th { padding: 1px 3px; } }
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ b.title }}</title><style>{{ style }}
@page { size: {{ paper }}; margin: 16mm 12mm; }</style>
{% if b.simulated %}<style>@page { @top-center {
content: "SIMULATED: this brief contains simulated AIS data";
color: #cc0000; font: bold 13px "DejaVu Sans", sans-serif; } @bottom-center {
content: "SIMULATED"; color: #cc0000; font: bold 13px "DejaVu Sans", sans-serif; } }</style>
{% endif %}</head>
<body>
<header id="top"><h1>{{ b.title }}</h1>
<p class="meta">{% if b.case %}Case <b>{{ b.case.name }}</b> · {% endif %}written
{{ when(b.generated_at) }} by darkfleet from the workspace records{% if b.case %} and the case
file{% endif %}.</p>
{% if b.simulated %}<p class="banner">SIMULATED: part of this brief rests on simulated AIS data
(marked SIMULATED wherever it appears). It illustrates the method, not an observation.</p>
{% endif %}</header>

<section id="summary"><h2>Summary of findings</h2>
{% for f in findings %}<div class="finding"><h3>{{ f.heading }}</h3><p>{{ pieces(f.lead) }}</p>
{% if f.items %}<ul>{% for item in f.items %}<li>{{ pieces(item) }}</li>{% endfor %}</ul>
{% endif %}</div>{% else %}<p>No findings: the workspace holds no records to report.</p>
{% endfor %}
{% if b.missing %}<div class="missing" id="missing"><b>Not in this brief:</b><ul>
{% for m in b.missing %}<li>{{ m }}</li>{% endfor %}</ul></div>{% endif %}
</section>

<section id="map"><h2>Map of the watched area</h2>
{% if map %}<figure>{{ map }}<figcaption class="legend">
<span><i class="sw" style="border-top:3px solid {{ c.TRACK }}"></i>track</span>
<span><i class="sw" style="border-top:3px dashed {{ c.GAP }}"></i>AIS gap (dashed jump)</span>
<span><i class="sw" style="border-top:8px solid {{ c.PORT }};width:8px"></i>port call</span>
<span><i class="sw" style="border:2px solid {{ c.PORT }};width:6px;height:6px;border-radius:5px">
</i>watched port, no call</span>
<span><i class="sw" style="border-top:8px solid {{ c.ENCOUNTER }};width:8px"></i>encounter</span>
{% if b.detections %}<span><i class="sw" style="border:2px solid {{ c.DETECTED }};width:6px;
height:6px"></i>imagery detection matched to AIS</span><span><i class="sw" style="border:2px solid
{{ c.DETECTED }};background:{{ c.DARK }};width:6px;height:6px"></i>dark detection (no AIS
match)</span>{% endif %}
</figcaption></figure>{% else %}<p>No positions to map.</p>{% endif %}
</section>

<section id="vessels"><h2 id="rec-table-{{ vessels_table }}">Vessels</h2>
{% if b.matches %}<p id="rec-table-matches">Screening matches are shown on each vessel's card
with the evidence for them.</p>{% endif %}
{% for v in card_vessels %}<div class="card{% if sim(v.mmsi) %} sim{% endif %}" id="{{
anchor_of(v) }}">
<h3>{{ label(v) }} · MMSI {{ v.mmsi }}{% if v.imo %} · IMO {{ v.imo }}{% endif %}{% if
sim(v.mmsi) %} <span class="tag">SIMULATED</span>{% endif %}</h3>
<p>MMSI {{ v.mmsi }}{% if v.imo %} · IMO {{ v.imo }}{% endif %}{% if v.callsign %} · call sign
{{ v.callsign }}{% endif %}{% if v.flag %} · flag {{ v.flag }}{% endif %}{% if v.ship_type
%} · ship type {{ v.ship_type }}{% endif %}<br>
Seen {{ when(v.first_ts) or "?" }} to {{ when(v.last_ts) or "?" }}{% if v.positions %},
{{ "{:,}".format(v.positions) }} positions{% endif %}.
{% if v.names %}<br>Names reported: {{ v.names | join(" → ") }}{% endif %}</p>
{% set ms = matches_of(v) %}{% if ms %}<table><tr><th>screening match</th><th>basis</th>
<th>programs</th><th>score</th><th>evidence</th></tr>{% for m in ms %}<tr id="{{ anchor_of(m) }}"
class="{{ 'link' if is_link(m) else 'listing' }}"><td>{% if is_link(m) %}<b>link, not a listing:</b>
{{ link_path(m) or "linked to listed " ~ m.entry.names | join("; ") }}{% else %}<b>listed:</b>
{{ m.entry.list }} {{ m.entry.id }}: {{ m.entry.names | join("; ") }}{% endif %}{% if
m.entry.listed_on %}
(listed {{ m.entry.listed_on }}){% endif %}{% if m.list_date %} (list of {{ m.list_date
}}){% endif %}
</td><td>{{ m.basis or "not stated" }}{% if m.sighting_age_d is not none %}; AIS sighting
{{ "{:,.0f}".format(m.sighting_age_d) }} days from the list date{% endif %}</td>
<td>{{ m.entry.programs | join(", ") }}</td>
<td>{{ "%.2f" | format(m.score) }}</td><td>{{ evidence(m.evidence_record()) }}</td></tr>{% endfor %}
</table>{% endif %}
{% set h = hull_of(v) %}{% if h %}<p class="hull">Hull history of IMO {{ h.imo }}: MMSIs
{{ h.mmsis | join(", ") }}{% if h.names %}; names {{ h.names | join(" → ") }}{% endif %}{% if
h.flags %}; flags {{ h.flags | join(" → ") }}{% endif %}{% if h.flag_changes %}; <b>flag
changed {{ h.flag_changes | length }} time{{ "s" if h.flag_changes | length > 1 }}:</b>
{% for f in h.flag_changes %}{{ f.from_flag }} to {{ f.to_flag }} on {{ f.on[:10] }} (MMSI
{{ f.mmsi }}){% if not loop.last %}, {% endif %}{% endfor %}{% else %}; no flag change
seen{% endif %}.</p>{% endif %}
{% set ds = detections_of(v) %}{% set ps = presence_of(v) %}{% if ds or ps %}<p
class="imagery">Imagery: {% for d in ds %}<a href="#{{ d.anchor }}">detection {{ d.id }}
{{ day(d.ts) }} ({% if d.matched_mmsi == v.mmsi %}matched{% if d.match_distance_m is not none %},
{{ "{:,.0f}".format(d.match_distance_m) }} m{% endif %}{% else %}dark, a candidate{% endif
%})</a>{% if not loop.last or ps %}; {% endif %}{% endfor %}{% for p in ps %}<a href="#{{
p.anchor }}">dark_port_presence {{ p.port or "" }} {{ day(p.ts) }} (a candidate)</a>{% if not
loop.last %}; {% endif %}{% endfor %}</p>{% endif %}
{% set vs = voyages_of(v) %}{% if vs %}<p>Voyages: {% for y in vs %}<a href="#{{ anchor_of(y) }}">
{{ y.origin or "?" }} → {{ y.destination or "?" }} ({{ day(y.depart) }})</a>{% if not loop.last
%}; {% endif %}{% endfor %}</p>{% endif %}
{% set es = events_of(v.mmsi) %}{% if es %}<p>Events: {% for e in es %}<a href="#{{
anchor_of(e) }}">
{{ e.type }} {{ day(e.start) }}{% if e.port %} {{ e.port }}{% endif %}, {{ "%.1f" |
format(e.duration_h) }} h</a>{% if e.type == "identity_change" and e.details %}
({{ details(e.details) }}){% endif %}{% if seen_by(e) %} <b>seen by imagery:</b>
{% for i in seen_by(e) %}<a href="#rec-detection-{{ i }}">{{ i }}</a>{% if not loop.last
%}, {% endif %}{% endfor %}{% endif %}{% if not loop.last %}; {% endif %}{% endfor %}</p>{% endif %}
</div>{% else %}{% if not other_vessels %}<p>No vessels in the workspace.</p>{% endif %}
{% endfor %}
{% if other_vessels %}<p id="rec-other-vessels">{{ "{:,}".format(other_vessels | length) }} other
vessels were seen with no screening match, voyage or event; they are left out of this brief
(<code>darkfleet vessels</code> lists every vessel of the workspace).</p>{% endif %}
{% for m in orphan_matches %}<div class="card" id="{{ anchor_of(m) }}"><h3>{{ m.vessel.name or
"unknown vessel" }}{% if m.vessel.mmsi %} · MMSI {{ m.vessel.mmsi }}{% endif %}{% if
m.vessel.imo %} · IMO {{ m.vessel.imo }}{% endif %} ({% if m.vessel.mmsi
%}static reports only, no positions{% else %}not seen in AIS{%
endif %})</h3><p>{% if is_link(m) %}<b>link, not a listing:</b> {{ link_path(m) or "" }};
{% else %}<b>listed:</b> {% endif %}basis {{ m.basis or "not stated" }}; {{ m.entry.list }}
{{ m.entry.id }}:
{{ m.entry.names | join("; ") }} ({{ m.entry.programs | join(", ") }}), score
{{ "%.2f" | format(m.score) }}; evidence: {{ evidence(m.evidence_record()) }}</p></div>{% endfor %}
</section>

<section id="timeline"><h2>Timeline of voyages and events</h2>
{% if timeline %}<figure>{{ timeline }}<figcaption>Bars: voyages (dark blue when watched);
marks: events, coloured as on the map.</figcaption></figure>{% endif %}
{% if b.voyages %}<h3 id="rec-table-voyages">Voyages</h3><table><tr><th>id</th><th>vessel</th>
<th>from → to</th><th>depart</th><th>arrive</th><th>dark h</th><th>draught m</th><th>risk</th>
<th>reasons</th></tr>{% for y in split.voyages %}<tr id="{{ anchor_of(y) }}"><td>{{ y.id }}</td>
<td>{{ y.name or y.mmsi }}{% if sim(y.mmsi) %} <span class="tag">SIMULATED</span>{% endif
%}</td><td>{{ y.origin or "?" }} → {{ y.destination or "?" }}{% if
y.watched %} <b>watched</b>{% endif %}</td><td>{{ when(y.depart) }}</td><td>{{ when(y.arrive)
}}</td><td>{{ num(y.dark_h) }}</td><td>{{ num(y.draught_depart_m) }} → {{
num(y.draught_arrive_m) }}</td><td>{{ num(y.risk) }}</td><td>{{ y.reasons | join("; ") }}{%
set im = imagery_of(y) %}{% if im %}<br><b>imagery:</b> {% for text, a in im %}<a
href="#{{ a }}">{{ text }}</a>{% if not loop.last
%}; {% endif %}{% endfor %}{% endif %}{% set cg = cargo_of(y.id) %}{% if cg %}<br><a
href="#{{ cg.anchor }}">cargo estimate</a>{% if cg.marked %} ({{ cg.marked }}){% endif %}{%
endif %}</td>
</tr>{% endfor %}</table>{% endif %}
{% if b.events %}<h3 id="rec-table-events">Events</h3><table><tr><th>id</th><th>type</th>
<th>MMSI</th><th>start</th><th>end</th><th>hours</th><th>where</th></tr>
{% for e in split.events %}<tr id="{{ anchor_of(e) }}"><td>{{ e.id }}</td><td>{{ e.type }}</td>
<td>{{ e.mmsi }}{% if e.other_mmsi %} / {{ e.other_mmsi }}{% endif %}{% if sim(e.mmsi,
e.other_mmsi) %} <span class="tag">SIMULATED</span>{% endif %}</td>
<td>{{ when(e.start) }}</td><td>{{ when(e.end) }}</td><td>{{ "%.1f" | format(e.duration_h) }}</td>
<td>{{ e.port or "" }}{% if e.lat is not none %} {{ "%.3f, %.3f" | format(e.lat, e.lon) }}{%
endif %}</td></tr>{% endfor %}</table>{% endif %}
{% if not timeline %}<p>No voyages or events to show.</p>{% endif %}
{% if split.outside_voyages or split.outside_events or split.outside_vessels %}<p>Outside the
case's window and area: {{ "{:,}".format(split.outside_vessels | length) }} vessels,
{{ split.outside_voyages | length }} voyages and {{ split.outside_events | length }} events (such
as real samples of other years and waters), counted in <a href="#appendix-outside">the
appendix</a>, not drawn here.</p>{% endif %}
</section>
<!-- later sections -->

<section id="estimates"><h2>Estimates and claim checks</h2>
{% if b.estimates %}<figure>{{ estimates_chart }}<figcaption>Each bar spans p5 to p95; the tick
is the median.</figcaption></figure><table><tr><th>question</th><th>interval (p5–p95)</th>
<th>method</th><th>binding constraint</th><th>assumptions</th></tr>{% for e in b.estimates %}
<tr id="{{ e.anchor }}"><td>{{ e.question }}</td><td>{{ interval(e.p5, e.p50, e.p95, e.unit) }}</td>
<td>{{ e.method or "" }}{% if e.samples %}, {{ "{:,}".format(e.samples) }} samples{% endif %}</td>
<td>{{ e.binding_constraint or "not stated" }}</td><td>{{ refs(e.assumptions) }}</td></tr>
{% endfor %}</table>{% else %}<p>No estimates.</p>{% endif %}
{% if b.checks %}<h3>Claim checks</h3><figure>{{ checks_chart }}<figcaption>Bar: what the
model allows (p5 to p95); diamond: the claimed figure, red when the claim failed.</figcaption>
</figure><table><tr><th>claim</th><th>model allows</th><th>verdict</th><th>assumptions</th></tr>
{% for k in b.checks %}<tr id="{{ k.anchor }}"{% if k.failed %} class="failed"{% endif %}>
<td><a href="#{{ claim_anchor(k.claim_id) }}">{{ k.claim_id }}</a></td>
<td>{% if k.interval %}{{ interval(*k.interval) }}{% else %}no model interval{% endif %}</td>
<td>{% if k.kind %}{{ k.kind }}: {% endif %}{% if k.failed %}<span class="failmark">✗ failed
plausibility check:</span> {% elif k.conditional %}<span class="condmark">⚠ holds only under
other assumptions:</span> {% endif %}{{ k.verdict }}</td><td>{{ assumptions(k.assumptions) }}
</td></tr>{% endfor %}</table>{% endif %}
{% if model_assumptions %}<h3 id="model-assumptions">Model assumptions</h3><p>Shared by the
estimates above, which refer to them by number.</p><table><tr><th>#</th>
<th>assumption</th><th>value</th><th>unit</th><th>source</th></tr>{% for a in model_assumptions
%}<tr id="assumption-{{ loop.index }}"><td>A{{ loop.index }}</td><td>{{ a.name }}</td>
<td>{{ a.value }}</td><td>{{ a.unit or "" }}</td><td>{{ a.source or "" }}</td></tr>{% endfor %}
</table>{% endif %}
</section>

<section id="claims"><h2>Claims</h2>
{% if b.claims %}<table><tr><th>id</th><th>statement</th><th>by</th><th>stated</th>
<th>grade</th><th>source</th></tr>{% for cl in b.claims %}<tr id="{{ cl.anchor }}"{% if
failed_claim(cl.id) %} class="failed"{% endif %}><td>{{ cl.id }}</td><td>{{ cl.statement }}{% if
failed_claim(cl.id) %} <span class="failmark">✗ failed plausibility check</span>{% endif %}</td>
<td>{{ cl.attributed_to or "" }}</td><td>{{ cl.stated_on or "" }}</td><td>{{ cl.grade }}</td>
<td>{% if cl.source %}<a href="#{{ cl.source.anchor }}">[{{ cl.source.number }}]</a>{% endif %}
</td></tr>{% endfor %}</table>{% else %}<p>No claims{% if not b.case %} (no case given){% endif
%}.</p>{% endif %}
</section>

<section id="methods"><h2>Methods</h2>
<p>Positions are read from the workspace; tracks are thinned for the map, keeping both ends of
every gap. Every event is defined as follows (thresholds as in force for this brief):</p>
<dl>{% for d in definitions %}<dt><b>{{ d.type }}</b></dt><dd>{{ d.text }}</dd>{% endfor %}</dl>
{% if defaults_used %}<p class="meta">† not a detection setting of this installation; the design
default is shown.</p>{% endif %}
<table><tr><th>setting (detect)</th><th>value</th><th>meaning</th></tr>{% for t in b.thresholds %}
<tr><td>{{ t.name }}</td><td>{{ t.value }}</td><td>{{ t.help }}</td></tr>{% endfor %}</table>
<p>Admiralty grades: reliability of the source A (completely reliable) to F (cannot be judged);
credibility of the information 1 (confirmed) to 6 (cannot be judged). Intervals are p5–p95 of
Monte Carlo samples.{% if b.simulated %} Simulated data: positions whose source is
{{ simulated_sources | join(", ") }}.{% endif %}</p>
</section>

<!-- appendix -->
<section id="sources"><h2>Sources</h2>
{% if b.sources %}<div class="footnotes">{% for s in b.sources %}<p id="{{ s.anchor }}">
[{{ s.number }}] “{{ s.title }}”, {{ s.publisher }}, <a href="{{ s.url }}">{{ s.url }}</a>{% if
s.accessed_on %}, (Date of Accession: {{ accession(s.accessed_on) }}){% endif %}. Admiralty
grade: {{ grades(s) }}.</p>{% endfor %}</div>{% else %}<p>No cited sources.</p>{% endif %}
<p class="meta">Map data: Natural Earth (public domain), via the world-atlas package.</p>
</section>
</body></html>
"""

TEMPLATE = TEMPLATE.replace("<!-- later sections -->", IMAGERY + TRADE).replace(
    "<!-- appendix -->", APPENDIX)
