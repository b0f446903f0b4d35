"""Pipeline stages. Each module holds one stage: a small class built once from the profile's
parameters and the rule set, with `run(doc) -> doc`. Stages never touch the file system."""
