"""The template's later sections (Jinja2): imagery, trade, and the appendix of records outside
the case. `template.TEMPLATE` takes them in at its markers. Declarative: loops only."""

IMAGERY = """
<section id="imagery"><h2 id="rec-table-detections">Imagery detections</h2>
{% if b.detections %}<p>{{ b.detections | length }} vessel detections on satellite imagery:
{{ b.detections | selectattr("status", "equalto", "matched") | list | length }} matched to an AIS
vessel, {{ b.detections | selectattr("status", "equalto", "dark") | list | length }} dark (no AIS
vessel near), {{ b.detections | selectattr("status", "equalto", "unmatched") | list | length }}
unmatched (a weak match only). Matched ones are hollow squares on the map, the others filled.</p>
<table><tr><th>detection</th><th>time</th><th>position</th><th>source</th><th>length m</th>
<th>AIS</th><th>port</th></tr>{% for d in b.detections %}<tr id="{{ d.anchor }}"
class="{{ d.status }}"><td>{{ d.id }}</td><td>{{ when(d.ts) }}</td><td>{{ "%.3f, %.3f" |
format(d.lat, d.lon) }}</td><td>{{ d.source or "" }}</td><td>{{ num(d.length_m) }}</td><td>{% if
d.matched_mmsi is not none %}matched to <a href="#rec-vessel-{{ d.matched_mmsi }}">MMSI
{{ d.matched_mmsi }}</a>{% if d.match_distance_m is not none %} at {{ "{:,.0f}".format(
d.match_distance_m) }} m{% endif %}{% else %}<b>{{ d.status }}</b>{%
if d.candidates %}; candidates: {% for m in d.candidates %}<a href="#rec-vessel-{{ m }}">MMSI
{{ m }}</a>{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}{% endif %}{%
if sim(d.matched_mmsi, *d.candidates) %} <span class="tag">SIMULATED</span>{% endif %}</td>
<td>{{ d.port or "" }}</td>
</tr>{% endfor %}</table>
{% if b.port_presence %}<h3>Dark vessels in watched ports (dark_port_presence)</h3><table><tr>
<th>event</th><th>time</th><th>port</th><th>detection</th><th>candidates</th></tr>{% for p in
b.port_presence %}<tr id="{{ p.anchor }}"><td>{{ p.id }}</td><td>{{ when(p.ts) }}</td>
<td>{{ p.port or "" }}</td><td>{% if p.detection_id %}<a href="#rec-detection-{{ p.detection_id
}}">{{ p.detection_id }}</a>{% endif %}</td><td>{% for m in p.candidates %}<a
href="#rec-vessel-{{ m }}">MMSI {{ m }}</a>{% if not loop.last %}, {% endif %}{% else %}none{%
endfor %}</td></tr>{% endfor %}</table>{% endif %}
{% else %}<p>No imagery detections (load them with <code>darkfleet detections load</code>).</p>
{% endif %}
</section>
"""

TRADE = """
<section id="trade"><h2 id="rec-table-cargo">Trade both ways, from draught</h2>
{% if b.trade %}{% set t = b.trade %}<p>Cargo per voyage from the draught change and the hull
(<code>darkfleet cargo</code>), summed by month and direction
(<code>darkfleet trade --by month</code>): sums of the Monte Carlo samples, not of the
percentiles. Figures marked <b>draught not updated</b> or <b>imputed</b> do not rest on a
measured draught change.</p>
{% if trade_monthly %}<figure>{{ trade_monthly }}<figcaption>Cargo in tonnes per month and
direction: bar p5 to p95, tick at the median, one scale.</figcaption></figure>{% endif %}
<table><tr><th>month</th><th>direction</th><th>commodity</th><th>cargo t</th><th>barrels</th>
<th>voyages</th></tr>{% for r in t.sums %}<tr><td>{{ r.period }}</td><td>{{ r.direction }}</td>
<td>{{ r.commodity }}</td><td>{% if r.cargo_t %}{{ interval(*r.cargo_t) }}{% else %}no
estimate{% endif %}</td><td>{% if r.barrels %}{{ interval(*r.barrels) }}{% endif %}</td><td>{%
for i in r.voyage_ids %}<a href="#{{ cargo_anchor(i) }}">{{ i }}</a>{% if not loop.last %}, {%
endif %}{% endfor %}{% if r.imputed %} ({{ r.imputed }} imputed){% endif %}{% if
r.without_estimate %} ({{ r.without_estimate }} without estimate){% endif %}</td></tr>{% endfor %}
</table>
{% if t.caps %}<h3 id="trade-caps">Caps</h3>{% if trade_caps %}<figure>{{ trade_caps }}
<figcaption>Each year's total (p5 to p95, tick at the median) against the cap (dashed red line),
with the probability that the cap was exceeded.</figcaption></figure>{% endif %}<table><tr>
<th>year</th><th>limit</th><th>cap a year</th><th>total</th><th>P(exceeded)</th><th>voyages</th>
</tr>{% for k in t.caps %}<tr id="{{ k.anchor }}"><td>{{ k.period }}</td><td>{{ k.statement }}
({{ k.resolution }} para. {{ k.paragraph }}, <a href="{{ k.source_url }}">{{ k.source_url
}}</a>)</td><td>{{ num(k.cap) }} {{ k.unit or "" }}</td><td>{% if k.total %}{{ interval(k.total[0],
k.total[1], k.total[2], k.unit) }}{% else %}no voyages{% endif %}</td><td>{{ "%.2f" |
format(k.p_exceeded) }}</td><td>{%
for i in k.voyage_ids %}<a href="#{{ cargo_anchor(i) }}">{{ i }}</a>{% if not loop.last %}, {%
endif %}{% endfor %}</td></tr>{% endfor %}</table>{% endif %}
{% if t.flags %}<h3 id="trade-bans">Bans</h3><table><tr><th>year</th><th>ban</th><th>why flagged
</th><th>voyages</th></tr>{% for f in t.flags %}<tr id="{{ f.anchor }}"><td>{{ f.period }}</td>
<td>{{ f.limit_id }} ({{ f.resolution }} para. {{ f.paragraph }})</td><td>{{ f.reason }}</td><td>{%
for i in f.voyage_ids %}<a href="#{{ cargo_anchor(i) }}">{{ i }}</a>{% if not loop.last %}, {%
endif %}{% endfor %}</td></tr>{% endfor %}</table>{% endif %}
<h3>Cargo per voyage</h3><table><tr><th>voyage</th><th>vessel</th><th>direction</th>
<th>commodity</th><th>draught</th><th>cargo t</th><th>barrels</th><th>assumptions</th></tr>
{% for c in t.voyages %}<tr id="{{ c.anchor }}"{% if c.marked %} class="marked"{% endif %}><td><a
href="#{{ voyage_anchor(c.voyage_id) }}">{{ c.voyage_id }}</a></td><td>{{ c.name or c.mmsi }}{%
if sim(c.mmsi) %} <span class="tag">SIMULATED</span>{% endif %}</td><td>{{ c.direction }}</td>
<td>{{ c.commodity }}</td><td>{{ c.draught_status }}{% if c.marked %} <b>{{ c.marked }}</b>{%
endif %}{% if c.notes %}; {{ c.notes | join("; ") }}{% endif %}{% if c.flags %}; {{ c.flags |
join("; ") }}{% endif %}</td><td>{% if c.cargo_t %}{{ interval(*c.cargo_t) }}{% else %}no
estimate{% endif %}{% if c.method %} ({{ c.method }}){% endif %}</td><td>{% if c.barrels %}{{
interval(*c.barrels) }}{% endif %}</td><td>{% for a in c.assumptions %}<a
href="#trade-assumption-{{ trade_number(a) }}">T{{ trade_number(a) }}</a>{% if not loop.last
%}, {% endif %}{% endfor %}</td></tr>{% endfor %}</table>
<h3 id="trade-assumptions">Cargo assumptions</h3><table><tr><th>#</th><th>assumption</th>
<th>value (range)</th><th>unit</th><th>source</th></tr>{% for a in t.assumptions %}<tr
id="trade-assumption-{{ loop.index }}"><td>T{{ loop.index }}</td><td>{{ a.name }}</td><td>{{
a.value }}</td><td>{{ a.unit or "" }}</td><td>{{ a.source or "" }}</td></tr>{% endfor %}</table>
{% else %}<p>No trade ledger: it needs a case with watched routes and detected voyages
(<code>darkfleet detect</code>, then <code>darkfleet report --case NAME</code>).</p>{% endif %}
</section>
"""

APPENDIX = """
<section id="appendix-outside"><h2>Appendix: records outside the case</h2>
{% if split.outside_vessels or split.outside_voyages or split.outside_events %}<p>The workspace
holds records outside the case's window and area (such as real AIS samples of other years and
waters); they are counted here and not drawn on the case's timeline or map:
{{ "{:,}".format(split.outside_vessels | length) }} vessels seen only outside the case,
{{ split.outside_voyages | length }} voyages and {{ split.outside_events | length }} events.</p>
<table><tr><th>year (first report)</th><th>vessels</th><th>positions</th><th>voyages</th>
<th>events</th></tr>{% for y, nv, np, ny, ne in split.outside_years %}<tr><td>{{ y }}</td><td>{{
"{:,}".format(nv) }}</td><td>{{ "{:,}".format(np) }}</td><td>{{ ny }}</td><td>{{ ne }}</td>
</tr>{% endfor %}</table>
{% if split.outside_voyages or split.outside_events %}<table><tr><th>record</th><th>vessel</th>
<th>type</th><th>start</th><th>where</th></tr>
{% for y in split.outside_voyages %}<tr id="{{ anchor_of(y) }}"><td>{{ y.id }}</td><td>{{ y.name or
y.mmsi }}</td><td>voyage {{ y.origin or "?" }} → {{ y.destination or "?" }}</td><td>{{
when(y.depart) }}</td><td></td></tr>{% endfor %}{% for e in split.outside_events %}<tr
id="{{ anchor_of(e) }}"><td>{{ e.id }}</td><td>{{ e.mmsi }}{% if sim(e.mmsi) %} <span
class="tag">SIMULATED</span>{% endif %}</td><td>{{ e.type }}</td><td>{{ when(e.start) }}</td>
<td>{{ e.port or "" }}{% if e.lat is not none %} {{ "%.3f, %.3f" | format(e.lat, e.lon) }}{%
endif %}</td></tr>{% endfor %}</table>{% endif %}
{% else %}<p>None: every record lies in the case's window and area.</p>{% endif %}
</section>
"""
