"""How analysis time grows with the size of a page.

The seed page, then pages of 1x, 4x and 16x its size, and one at the page limit
(1 MB), are made of whole pages one after another (rebuilt from the corpus
where ../shared is there, else the sample pages), and each is analysed in
this process with jieba loaded, against jieba.lcut over the same text. If
analysis grows linearly with the page, the ratio stays where it is at 1x.

    python -m bench.speed_scale
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bench.speed_analyze import machine
from pagedesk.core import analyze_page
from pagedesk.core.text.page import MAX_PAGE_BYTES
from pagedesk.core.text.words import words

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "sample_pages" / "000_8627e98ea5b30c4b.txt"


def _pages() -> list[str]:
    try:
        from bench.rebuild import rebuild_many

        return [text for _, text, _ in rebuild_many(800, 5, half="test")]
    except SystemExit:  # no corpus here
        samples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "sample_pages").glob("*.txt"))]
        return [f"{samples[i % len(samples)]}\n第{i + 10}版\n" for i in range(400)]


def _page_of(pages: list[str], size: int) -> str:
    """Whole pages one after another, up to `size` bytes."""
    out, n = [], 0
    for p in pages:
        b = len(p.encode()) + 1
        if n + b > size and out:
            break
        out.append(p)
        n += b
    return "\n".join(out)


def _timed(fn, text: str) -> float:
    words.cache_clear()  # every run reads its page as new, as a page arriving is
    t = time.perf_counter()
    fn(text)
    return time.perf_counter() - t


def main() -> int:
    import jieba

    words("预热")  # the dictionary loaded, for both
    seed = SEED.read_text(encoding="utf-8")
    pages = _pages()
    # the seed page stands for itself; the rows below it are all made of the
    # same rebuilt pages, so their ratios compare like with like
    sizes = [("the seed", seed)]
    for k in (1, 4, 16):
        sizes.append((f"{k}x", _page_of(pages, k * len(seed.encode()))))
    sizes.append(("the limit", _page_of(pages, MAX_PAGE_BYTES)))
    print(f"machine: {machine()}")
    print(f"{'page':14} {'size':>9} {'analysis':>10} {'jieba.lcut':>11} {'ratio':>7}")
    for name, text in sizes:
        ours = min(_timed(analyze_page, text) for _ in range(3 if len(text) < 100_000 else 1))
        base = min(_timed(jieba.lcut, text) for _ in range(3))
        print(f"{name:14} {len(text.encode()) / 1024:7.0f} KB {ours:9.2f} s {base:10.3f} s {ours / base:6.1f}x",
              flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
