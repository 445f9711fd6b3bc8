"""darkfleet tracks stage."""
