"""darkfleet ingest stage."""
