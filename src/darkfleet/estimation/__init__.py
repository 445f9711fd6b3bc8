"""darkfleet estimation stage."""
