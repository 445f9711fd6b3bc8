"""darkfleet: monitor covert shipping under sanctions, from raw AIS to cited briefs."""

from darkfleet.config import Config
from darkfleet.errors import DarkfleetError

__version__ = "0.1.0"
__all__ = ["Config", "DarkfleetError", "__version__"]
