"""darkfleet evidence stage."""
