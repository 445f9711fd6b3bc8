"""Containers from voyages (a voyages table written here, per the Voyage contract) and
observations."""

import json
from datetime import UTC, datetime

import numpy as np
import pyarrow as pa
import pytest
from click.testing import CliRunner

from darkfleet.cli import cli
from darkfleet.estimation import EstimationSettings, load_catalogue
from darkfleet.evidence import load_case
from darkfleet.store import Workspace
from darkfleet.trade import container_count
from darkfleet.trade.workspace_count import workspace_count


def voyage(mmsi, imo, name, origin, destination, day, draught_depart, draught_arrive,
           watched=True):
    return {"mmsi": mmsi, "imo": imo, "name": name, "origin": origin,
            "destination": destination, "depart": datetime(2023, 9, day, tzinfo=UTC),
            "arrive": datetime(2023, 9, day + 2, tzinfo=UTC), "duration_h": 48.0,
            "dark_h": 40.0, "draught_depart_m": draught_depart,
            "draught_arrive_m": draught_arrive, "watched": watched, "risk": 0.9,
            "reasons": ["dark near watched port"]}


VOYAGES = pa.Table.from_pylist([
    voyage(273000001, 9179842, "ANGARA", "RUVYP", "KPNJN", 1, 4.0, 4.0),
    voyage(273000001, 9179842, "ANGARA", "KPNJN", "RUVYP", 8, 5.6, 5.6),
    voyage(273000002, 9161003, "LADY R", "KPNJN", "RUVYP", 8, None, None),
    voyage(273000003, 1234567, "OTHER", "KPNJN", "RUVYP", 8, None, None),
    voyage(273000004, 7654321, "FERRY", "KPNJN", "RUVYP", 9, None, None, watched=False),
])


def count(origins=None, observations=(), seed=1):
    return container_count(VOYAGES, list(observations), load_catalogue(),
                           np.random.default_rng(seed), 20_000, origins)


def test_each_watched_voyage_uses_the_first_method_that_applies():
    result = count({"KPNJN"})
    assert [(load.id, load.method) for load in result.loads] == [
        ("ANGARA KPNJN->RUVYP 2023-09-08T00:00:00Z", "draught"),
        ("LADY R KPNJN->RUVYP 2023-09-08T00:00:00Z", "capacity"),
        ("OTHER KPNJN->RUVYP 2023-09-08T00:00:00Z", "prior"),
    ]
    draught, capacity, prior = result.loads
    assert draught.draught_rise_m == pytest.approx(1.6)
    # 1.6 m x 1.025 t/m3 x (0.75-0.88) x (100-130 m) x (16-21 m) over 19-30 t a box.
    assert 60 < draught.p5 < draught.p50 < draught.p95 < 220
    # LADY R: 7,260 GT / 12-20 GT per TEU x a 0.5-1.0 load factor.
    assert capacity.p5 >= 7260 / 20 * 0.5 and capacity.p95 <= 7260 / 12
    assert prior.p5 >= 247 and prior.p95 <= 300


def test_totals_add_up_and_unwatched_voyages_are_left_out():
    result = count()
    assert len(result.loads) == 4  # the RUVYP->KPNJN leg is watched too; FERRY is not
    assert np.mean(result.samples) == pytest.approx(
        sum(np.mean(x) for x in [count({"KPNJN"}).samples, count({"RUVYP"}).samples]), rel=0.05)
    assert "containers_per_voyage" in result.assumptions
    assert result.assumptions["ANGARA gross_tonnage"].low == 8811


def test_observations_enter_the_same_way():
    case = load_case("dprk-russia-2023")
    result = container_count(None, case.observations, load_catalogue(),
                             np.random.default_rng(2), 20_000)
    pier, rail = result.loads
    assert pier.method == "observation (containers)"
    assert pier.p5 >= 270 and pier.p95 <= 330
    # 73 railcars x 1-2 containers each, +/- 10 %.
    assert rail.p5 >= 73 * 0.9 and rail.p95 <= 73 * 2 * 1.1


def test_estimate_from_workspace_voyages_cli(tmp_path):
    with Workspace.open(tmp_path / "ws", create=True) as ws:
        ws.replace_table("voyages", VOYAGES)
        total = workspace_count(ws, EstimationSettings(samples=2000), origins={"KPNJN"})
    assert len(total.loads) == 3
    result = CliRunner().invoke(cli, ["estimate", "--from-voyages", "-w", str(tmp_path / "ws"),
                                      "--origin", "KPNJN", "--munition", "152mm-he-complete",
                                      "--samples", "2000"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert [load["method"] for load in record["inputs"]["loads"]] == ["draught", "capacity",
                                                                      "prior"]
    names = [a["name"] for a in record["assumptions"]]
    assert names[:2] == ["ANGARA gross_tonnage", "gt_per_teu"]
    assert record["p5"] < record["p50"] < record["p95"]


def test_estimate_from_an_empty_workspace_exits_1(tmp_path):
    Workspace.open(tmp_path / "ws", create=True).close()
    result = CliRunner().invoke(cli, ["estimate", "--from-voyages", "-w", str(tmp_path / "ws"),
                                      "--munition", "152mm-he-complete"])
    assert result.exit_code == 1
    assert "the workspace has no voyages" in result.output
