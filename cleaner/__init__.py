"""cleaner: strip boilerplate from scraped web pages into clean article text plus metadata."""
from .api import Cleaner, CleanerError, Result, clean
from .document import Removal
from .rulebook import RuleError

__all__ = ["Cleaner", "CleanerError", "Removal", "Result", "RuleError", "clean"]
__version__ = "0.1.0"
