"""The pipeline: build a profile's stages once, then run them in order over one Document."""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from .document import Document
from .profile import Profile, ProfileError
from .rulebook import Matcher, Rule
from .stages.blocks import Blocks
from .stages.classify import Classify
from .stages.confidence import Confidence
from .stages.decode import Decode
from .stages.dedup import Dedup
from .stages.degrade import Degrade
from .stages.extract import Extract
from .stages.guard import OverCleaningGuard
from .stages.pagetype import PageType
from .stages.prune import Prune
from .stages.render import Render
from .stages.repair import Repair
from .stages.rules import ApplyRules
from .stages.span import ArticleSpan
from .stages.structured import ReadStructured
from .stages.title import Title


class Stage(Protocol):
    name: str

    def run(self, doc: Document) -> Document: ...


# How to build each stage from (profile parameters, all rules, compiled line matcher).
StageBuilder = Callable[[dict, tuple[Rule, ...], Matcher], Stage]
STAGE_BUILDERS: dict[str, StageBuilder] = {
    "decode": lambda params, rules, matcher: Decode(**params),
    "degrade": lambda params, rules, matcher: Degrade(**params),
    "structured": lambda params, rules, matcher: ReadStructured(**params),
    "pagetype": lambda params, rules, matcher: PageType(**params),
    "prune": lambda params, rules, matcher: Prune(rules, **params),
    "extract": lambda params, rules, matcher: Extract(rules, **params),
    "blocks": lambda params, rules, matcher: Blocks(**params),
    "rules": lambda params, rules, matcher: ApplyRules(matcher, **params),
    "classify": lambda params, rules, matcher: Classify(matcher, **params),
    "title": lambda params, rules, matcher: Title(matcher, **params),
    "span": lambda params, rules, matcher: ArticleSpan(**params),
    "dedup": lambda params, rules, matcher: Dedup(**params),
    "repair": lambda params, rules, matcher: Repair(**params),
    "guard": lambda params, rules, matcher: OverCleaningGuard(rules, **params),
    "confidence": lambda params, rules, matcher: Confidence(**params),
    "render": lambda params, rules, matcher: Render(**params),
}


class Pipeline:
    def __init__(self, profile: Profile, rules: tuple[Rule, ...], overrides: dict[str, dict] | None = None):
        """overrides: parameters set by the caller rather than the profile, by stage name."""
        matcher = Matcher(rules)
        unknown = [name for name in profile.stages if name not in STAGE_BUILDERS]
        if unknown:
            raise ProfileError(f"profile {profile.name!r}: unknown stage(s) {unknown}; known: {sorted(STAGE_BUILDERS)}")
        try:
            self.stages: tuple[Stage, ...] = tuple(
                STAGE_BUILDERS[name]({**profile.stage_params(name), **(overrides or {}).get(name, {})}, rules, matcher)
                for name in profile.stages
            )
        except TypeError as exc:
            raise ProfileError(f"profile {profile.name!r}: bad stage parameter: {exc}") from exc

    def run(self, doc: Document, after_stage: Callable[[Stage, Document], None] | None = None) -> Document:
        """Run every stage in order. `after_stage` sees the document after each one (the api's
        per-page limits use it) and may stop the run by raising."""
        for stage in self.stages:
            doc = stage.run(doc)
            if after_stage is not None:
                after_stage(stage, doc)
        return doc
