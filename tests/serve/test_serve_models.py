"""The web app's record models are derived from the stages' records, typed as JSON."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pytest
from pydantic import BaseModel, Field

from darkfleet.events import records
from darkfleet.screening import model as screening
from darkfleet.serve import models
from darkfleet.serve.derive import derived, json_type


def test_json_types_of_record_fields() -> None:
    assert json_type(datetime) is str
    assert json_type(datetime | None) == str | None
    assert json_type(tuple[str, ...]) == list[str]
    assert json_type(Mapping[str, Any]) == dict[str, Any]
    assert json_type(float | None) == float | None


@pytest.mark.parametrize(("model", "record"), [
    (models.Vessel, records.Vessel), (models.Event, records.Event),
    (models.Voyage, records.Voyage), (models.Identity, screening.Identity),
    (models.ListEntry, screening.ListEntry), (models.Evidence, screening.Evidence),
    (models.Match, screening.Match)])
def test_every_served_field_is_a_field_of_its_record(model: type[BaseModel],
                                                     record: type) -> None:
    names = {f.name for f in dataclasses.fields(record)}
    assert model.model_fields and set(model.model_fields) <= names


def test_the_api_shape_of_a_vessel_and_a_voyage() -> None:
    assert list(models.Vessel.model_fields) == [
        "mmsi", "imo", "name", "callsign", "ship_type", "flag", "names", "first_ts", "last_ts",
        "positions"]
    schema = models.Voyage.model_json_schema()["properties"]
    assert schema["depart"] == {"examples": ["2023-08-01T00:02:20Z"], "title": "Depart",
                                "type": "string"}
    assert schema["risk"]["maximum"] == 1 and schema["risk"]["type"] == "number"
    assert models.Match.model_fields["evidence"].annotation == dict[str, models.Evidence]


def test_a_field_the_record_lacks_is_refused() -> None:
    with pytest.raises(TypeError, match=r"Vessel has no field 'speed_kn'"):
        derived(records.Vessel, models.ErrorResponse, {"speed_kn": Field()})
