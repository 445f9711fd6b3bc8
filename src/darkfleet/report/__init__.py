"""darkfleet report stage."""
