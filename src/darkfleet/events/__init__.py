"""darkfleet events stage."""
