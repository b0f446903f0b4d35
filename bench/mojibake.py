#!/usr/bin/env python3
"""The encoding repair (decode: repair_mojibake, decode_text_entities) measured on held-out pages.

    python bench/mojibake.py [--data ../shared/bench/wcxb-dev] [--every K] [--show N]

Cleans every page twice with the default profile, repairs off and on (the profile's decode
switches), and prints:
- pages whose source has a double-encoding signature: a line that ftfy's encoding repair changes
  (the cheap prefilter's hits are listed too; most of its extra hits are valid text such as "Křížek");
- mojibake left in the output on those pages, before and after: the damaged sequences ("â€™",
  "Ã©") and the bare "â", "Ã", "Â" that remain once decode has dropped the C1 controls, each
  counted beyond its count in the truth (so valid "âge" in the truth is not counted);
- word-F1 (bench/scoring.py, title paragraph scored out as bench/quality.py does) on those pages,
  noting pages whose truth keeps the damage itself (there a repair costs F1);
- every page whose output changed without a signature, with the repairs it logged.
"""
from __future__ import annotations

import argparse
import dataclasses
import gzip
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import regex  # noqa: E402

from bench import scoring  # noqa: E402
from cleaner import Cleaner  # noqa: E402
from cleaner.pipeline import Pipeline  # noqa: E402
from cleaner.stages.decode import decode_bytes  # noqa: E402
from cleaner.stages.encoding_repair import _SUSPECT, EncodingRepair  # noqa: E402
from cleaner.textnorm import match_key, normalise_newlines  # noqa: E402

# Damaged sequences kept whole, and the lead characters left bare once C1 controls are dropped.
_LEFTOVER = regex.compile(_SUSPECT.pattern + r"|[âÃÂ]")
_SIGNATURE = EncodingRepair(mojibake=True, text_entities=False)


def cleaner_with_repairs(on: bool) -> Cleaner:
    """The default profile with both decode switches set to `on`."""
    cleaner = Cleaner()
    params = {stage: dict(values) for stage, values in cleaner.profile.params.items()}
    params["decode"] = {"repair_mojibake": on, "decode_text_entities": on}
    profile = dataclasses.replace(cleaner.profile, params=params)
    cleaner._pipeline = Pipeline(profile, cleaner.rules)
    return cleaner


def body(result) -> str:
    """The output without its leading title paragraph (the truths hold the body only)."""
    title = result.metadata.get("title")
    first, _, rest = result.text.partition("\n\n")
    return rest if title and match_key(first) == match_key(title) else result.text


def leftover(text: str, truth: str) -> int:
    """Mojibake markers in the output beyond those the truth itself has."""
    found, wanted = Counter(_LEFTOVER.findall(text)), Counter(_LEFTOVER.findall(truth))
    return sum(max(0, n - wanted[marker]) for marker, n in found.items())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench" / "wcxb-dev")
    ap.add_argument("--every", type=int, default=1, help="take every K-th page")
    ap.add_argument("--show", type=int, default=3, help="repairs shown per changed page")
    args = ap.parse_args(argv)
    meta = scoring.load_meta(args.data)
    ids = list(meta)[:: args.every]
    off, on = cleaner_with_repairs(False), cleaner_with_repairs(True)
    prefilter_pages, signed, changed_unsigned = [], [], []
    before_left = after_left = 0
    before_f1, after_f1 = [], []
    changed = 0
    truth_damage: dict[str, int] = {}
    for doc_id in ids:
        with gzip.open(args.data / "html" / f"{doc_id}.html.gz", "rb") as handle:
            data = handle.read()
        truth = scoring.read_text(args.data / "truth" / f"{doc_id}.txt")
        source = normalise_newlines(decode_bytes(data)[0])
        if _SUSPECT.search(source):
            prefilter_pages.append(doc_id)
        has_signature = bool(_SIGNATURE.run(source, "html")[1])
        url = meta[doc_id].get("url")
        was, now = off.clean(data, url=url, kind="html"), on.clean(data, url=url, kind="html")
        if was.text != now.text:
            changed += 1
            if not has_signature:
                changed_unsigned.append((doc_id, now.repaired))
        if has_signature:
            signed.append(doc_id)
            before_left += leftover(was.text, truth)
            after_left += leftover(now.text, truth)
            before_f1.append(scoring.word_prf(body(was), truth))
            after_f1.append(scoring.word_prf(body(now), truth))
            truth_damage[doc_id] = len(_LEFTOVER.findall(truth))
    print(f"{len(ids)} pages of {args.data}")
    print(f"prefilter hits (a lead character before a continuation character): {len(prefilter_pages)} pages")
    print(f"double-encoding signature (ftfy repairs a line of the source): {len(signed)} pages")
    print(f"mojibake left in the output on those pages, beyond the truth: before {before_left}, after {after_left}")
    if signed:
        print(f"word-F1 macro on those pages: before {scoring.macro(before_f1).f1:.4f}, after {scoring.macro(after_f1).f1:.4f}")
        better = sum(a.f1 > b.f1 for a, b in zip(after_f1, before_f1))
        worse = sum(a.f1 < b.f1 for a, b in zip(after_f1, before_f1))
        print(f"  per page: {better} up, {worse} down, {len(signed) - better - worse} equal")
        for doc_id, b, a in zip(signed, before_f1, after_f1):
            note = f"  (the truth itself has {truth_damage[doc_id]} mojibake markers)" if truth_damage[doc_id] else ""
            print(f"  {doc_id}: {b.f1:.4f} -> {a.f1:.4f}{note}")
    print(f"pages whose output changed: {changed}; of them without a signature: {len(changed_unsigned)}")
    for doc_id, repairs in changed_unsigned:
        print(f"  {doc_id}:")
        for repair in repairs[: args.show]:
            print(f"    {repair.rule} line {repair.line + 1}: {repair.before!r} -> {repair.after!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
