"""Detection quality on pages rebuilt from the corpus, by `pagedesk eval`.

Pages come from odd days of the corpus (the test half: the detector's models
and thresholds were fitted on even days), in every style bench/rebuild.py
makes. Prints the overall metrics and the line-pair F1 by style.

    python -m bench.quality --pages 200
    python -m bench.quality --pages 200 --seed 2024,99,7,11,1,2,3,4,5,6

One set of 200 pages moves by up to 0.03 of line-pair F1 from one seed to the
next (the mix of styles and of corpus pages changes with it), and even 800
pages by 0.007, so the README reports 2000 (about two minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from bench.rebuild import write_pages
from pagedesk.core import analyze_page
from pagedesk.core.evaluation import combine, load_gold, score_page, text_path_for
from pagedesk.core.text.page import LineTable, read_page_file


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--seed", default="2024", help="one seed, or several separated by commas")
    ap.add_argument("--half", choices=["dev", "test"], default="test")
    ap.add_argument("--brief", action="store_true", help="every article cut to its first 2-4 paragraphs")
    ap.add_argument("--whole", action="store_true", help="whole corpus pages, compilations included, one column width")
    args = ap.parse_args(argv)
    try:
        seeds = [int(x) for x in args.seed.split(",")]
    except ValueError:
        ap.error(f"--seed: expected whole numbers separated by commas, got {args.seed!r}")
    scores, by = [], defaultdict(list)
    for seed in seeds:
        with tempfile.TemporaryDirectory() as tmp:
            golds = write_pages(Path(tmp), args.pages, seed, args.half, args.brief, args.whole)
            for g in golds:
                data = json.loads(g.read_text(encoding="utf-8"))
                text = read_page_file(text_path_for(g))
                s = score_page(analyze_page(text), load_gold(data, LineTable.of(text)))
                scores.append(s)
                st = data["style"]
                by[f"seed {seed}"].append(s)
                by[f"headlines {st['placement']}"].append(s)
                by[f"spacing {st['spacing']}"].append(s)
                by["one body split" if st["split"] else "no body split"].append(s)
                by["with a compilation" if data.get("compilations") else "no compilation"].append(s)
    overall = combine(scores)
    kind = " of short items" if args.brief else (", whole, one column width" if args.whole else "")
    print(f"{len(scores)} pages{kind} rebuilt from {args.half}-half days of the corpus (seed {args.seed})")
    print(json.dumps(overall))
    styles = sorted(k for k in by if not k.startswith("seed"))
    per_seed = [f"seed {s}" for s in dict.fromkeys(seeds)] if len(seeds) > 1 else []
    for key in styles + per_seed:
        c = combine(by[key])
        print(
            f"  {key:22s} pages {c['pages']:4d}  line-pair F1 {c['line_pair_f1']:.3f}  "
            f"headline attachment {c['headline_attachment']:.3f}"
        )
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except BrokenPipeError:  # the reader went away (| head -2): the figures it wanted are out
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
