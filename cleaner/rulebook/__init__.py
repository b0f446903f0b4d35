"""The rule engine: the model of a rule, loading packs from TOML, and the compiled matcher.
The rule *data* lives in the top-level rules/ folder (shipped as cleaner.rules)."""
from .load import RuleError, default_rules_dir, load_packs
from .match import Matcher
from .model import Pack, Rule

__all__ = ["Matcher", "Pack", "Rule", "RuleError", "default_rules_dir", "load_packs"]
