"""darkfleet screening stage."""
