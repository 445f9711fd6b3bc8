"""Readers of the sanctions list formats, and the detection of a file's format."""

from darkfleet.screening.formats.read import FORMATS, detect_format, read_lists

__all__ = ["FORMATS", "detect_format", "read_lists"]
