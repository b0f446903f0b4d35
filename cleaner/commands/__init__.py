"""The command groups beyond `clean` (golden, rules, explain, mine), one module each.
cleaner/cli.py registers them; each calls the library face, never a stage directly."""
