"""The bundled catalogues: every value sourced, unverified values marked as such."""

import shutil

import pytest
import yaml

from darkfleet.errors import EstimationError
from darkfleet.estimation import load_catalogue
from darkfleet.estimation.catalogue import CATALOGUES


def all_params(catalogue):
    for munition in catalogue.munitions.values():
        yield f"{munition.id} item_mass_kg", munition.item_mass_kg
        for crate in munition.crates:
            for name in ("rounds_per_crate", "gross_mass_kg", "length_m", "width_m", "height_m"):
                yield f"{munition.id} {crate.name} {name}", getattr(crate, name)
    for container in catalogue.containers.values():
        for name in ("internal_length_m", "internal_width_m", "internal_height_m", "tare_kg",
                     "payload_kg", "floor_load_kg_per_m"):
            yield f"{container.id} {name}", getattr(container, name)
    yield "load_factor", catalogue.load_factor
    yield "containers_per_railcar", catalogue.containers_per_railcar
    yield "count_error", catalogue.count_error
    for vessel in catalogue.vessels.values():
        for name, param in vessel.params.items():
            yield f"{vessel.name} {name}", param
    yield from catalogue.vessel_priors.items()


def test_the_catalogue_holds_the_munitions_and_containers_asked_for():
    catalogue = load_catalogue()
    assert sorted(catalogue.munitions) == ["122mm-grad-rocket", "122mm-he-complete",
                                           "122mm-he-projectile", "152mm-he-complete",
                                           "152mm-he-projectile"]
    assert sorted(catalogue.containers) == ["20ft", "40ft"]
    assert sorted(v.name for v in catalogue.vessels.values()) == [
        "ANGARA", "LADY R", "MAIA-1", "MARIA", "SPARTA IV", "URSA MAJOR"]


def test_sourced_physical_values_match_the_facts_table():
    catalogue = load_catalogue()
    box = catalogue.containers["20ft"]
    assert (box.payload_kg.low, box.payload_kg.high) == (21_700, 28_180)
    assert box.internal_length_m.low == 5.89
    assert box.floor_load_kg_per_m.low == 4000
    assert catalogue.containers["40ft"].payload_kg.low == 26_730
    projectile_box = catalogue.munitions["152mm-he-projectile"].crates[0]
    assert (projectile_box.gross_mass_kg.low, projectile_box.gross_mass_kg.high) == (100, 120)
    assert catalogue.munitions["122mm-grad-rocket"].item_mass_kg.low == 65
    assert catalogue.vessels[9179842].params["gross_tonnage"].low == 8811


def test_every_value_has_a_source_and_unverified_values_have_low_confidence():
    for name, param in all_params(load_catalogue()):
        assert param.source.title, name
        assert param.unit, name
        if param.provenance == "R":
            assert param.confidence == "low", name
        if param.provenance == "A":
            assert param.confidence != "high", name
        if param.source.url is None:
            # No page of its own: the facts table row or the assumption is named instead.
            assert "facts table" in param.source.publisher or "assumption" in \
                param.source.title.lower(), name


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["munitions"][0]["crates"][0]["gross_mass_kg"].update(low=130),
     "munitions.yaml: munitions[0].crates[0].gross_mass_kg: needs low <= mode <= high"),
    (lambda d: d["munitions"][1]["crates"][1]["length_m"].update(source="nowhere"),
     "munitions.yaml: munitions[1].crates[1].length_m.source: unknown or missing source"),
    (lambda d: d["munitions"][2]["item_mass_kg"].update(provenance="X"),
     "munitions.yaml: munitions[2].item_mass_kg.provenance: one of S, R, D, A"),
    (lambda d: d["munitions"][3].pop("crates"), "munitions.yaml: munitions[3].crates"),
    (lambda d: d["munitions"][4]["item_mass_kg"].update(low=95, high=95),
     "munitions.yaml: munitions[4].crates: a set of boxes weighs less than the rounds in it"),
])
def test_a_broken_catalogue_names_file_and_field(tmp_path, edit, message):
    for path in CATALOGUES.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    target = tmp_path / "munitions.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    edit(data)
    target.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(EstimationError) as error:
        load_catalogue(tmp_path)
    assert str(error.value).startswith(message)
