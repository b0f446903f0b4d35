"""cleaner: strip boilerplate from scraped web pages into clean article text plus metadata."""
from importlib import metadata

from .api import Cleaner, CleanerError, Result, clean
from .document import Removal
from .rulebook import RuleError

__all__ = ["DISTRIBUTION", "Cleaner", "CleanerError", "Removal", "Result", "RuleError", "clean"]

# The name to install (pip install cleaner-pages); `cleaner` on the package index is another project.
DISTRIBUTION = "cleaner-pages"
try:
    __version__ = metadata.version(DISTRIBUTION)
except metadata.PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"
