"""darkfleet: monitor covert shipping under sanctions, from raw AIS to cited briefs.

`Config` is imported on first use (it gathers every stage's settings), so that processes that
need one stage only, such as the ingest workers, do not load the others.
"""

from typing import TYPE_CHECKING

from darkfleet._lazy import lazy_exports
from darkfleet.errors import DarkfleetError

if TYPE_CHECKING:
    from darkfleet.config import Config

__version__ = "0.1.0"
__all__ = ["Config", "DarkfleetError", "__version__"]
__getattr__ = lazy_exports(__name__, {"Config": "config"})
