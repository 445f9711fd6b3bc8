"""docs/ingest.md lists every quarantine reason and every key of the report."""

from pathlib import Path

from darkfleet.ingest.csv_pipeline import CSV_REASONS
from darkfleet.ingest.report import FileReport
from darkfleet.ingest.scalar import REASONS

DOC = (Path(__file__).parents[2] / "docs" / "ingest.md").read_text()


def test_every_reason_and_report_key_is_documented():
    names = [*REASONS, *CSV_REASONS, *FileReport.__dataclass_fields__]
    assert [name for name in names if f"`{name}`" not in DOC] == []
    assert len(names) > 35
