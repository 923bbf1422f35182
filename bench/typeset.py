"""Typeset corpus pages as newspaper PDFs and read them back with real extractors.

Each corpus page (every article, compilations as the one article the corpus
makes of them) is laid out on a grid of 3 to 6 columns: a masthead, then
each article as a module of one to three columns, its headline (kicker,
title, subtitle) in larger type across the module, its body flowing down
the module's columns one after another, a blank photo frame with its
caption in some, a "continued on page N" line after the last story of
some. The layout's choices (columns, gutter, type sizes, spans,
where a module starts) vary from page to page. Every line drawn is known:
its article and its role. The PDF is then read by each extractor, every
extracted line is traced back to the drawn lines its text comes from, and
that gives the page's gold in pagedesk's format.

Extractors: pdfminer.six (default layout analysis, and a small line
margin), poppler's pdftotext (-raw and -layout) and pypdfium2. pdftotext
-layout sets lines of neighbouring columns on one text line; its gold counts
the lines of the page as the analysis rewrites it, column by column (each
piece of a line a line of its own), and is traced from the layout like the
others.

Set-up (once): `apt-get install fonts-wqy-microhei poppler-utils` and
`pip install -e '.[typeset]'`. Pages go to a temporary folder; the corpus
text never enters the repository.

    python -m bench.typeset --pages 100 --seed 1 --half test
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench.rebuild import _BYLINE, _DATELINE, _clean, is_compilation, lines_by_article, load_corpus, wrap
from pagedesk.core.evaluation import READING_ORDER
from pagedesk.core.reading_order import reading_text

FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT = "wqy"
EXTRACTORS = ("pdfminer", "pdfminer_margin", "pdftotext_raw", "pdftotext_layout", "pdfium")
# extractors whose lines hold several columns side by side: their gold counts
# the lines of the page in the reading order the analysis puts back
SIDE_BY_SIDE = ("pdftotext_layout",)


@dataclass
class Drawn:
    """One line set on the page."""

    text: str
    x: float
    y: float  # from the top
    size: float
    article: int | None  # None: page furniture
    role: str


@dataclass
class Layout:
    columns: int
    gutter: float
    body_size: float
    width: float
    margin: float = 36.0
    lines: list[Drawn] = field(default_factory=list)
    height: float = 0.0
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # x, y from the top, width, height
    side_heads: int = 0  # headlines set beside their body
    jumps: int = 0  # bodies whose last part is set in another column, after the next module

    @property
    def column_width(self) -> float:
        return (self.width - 2 * self.margin - (self.columns - 1) * self.gutter) / self.columns

    def column_x(self, k: int) -> float:
        return self.margin + k * (self.column_width + self.gutter)


def _chars_per_line(width: float, size: float) -> int:
    return max(4, int(width // size))


def _body_roles(row: dict) -> list[tuple[str, str]]:
    """The article's paragraphs with their roles, as bench.rebuild reads them."""
    paras = [p for p in (_clean(p) for p in row["body"].split("\n")) if p]
    out = []
    for k, p in enumerate(paras):
        role = "body"
        if k == 0 and _DATELINE.match(p):
            role = "dateline"
        elif _BYLINE.match(p):
            role = "byline"
        elif k < len(paras) - 1 and len(p) <= 30 and not re.search(r"[。！？…”）]$", p):
            role = "subhead"
        out.append((p, role))
    return out


def lay_out(rows: list[dict], rng: random.Random, variety: random.Random | None = None) -> Layout:
    """Modules on the grid, each placed where the columns it needs are least
    filled. With `variety` (a draw of its own, so that pages drawn without
    it stay as they were): some headlines stand beside their body in the
    module's first column rather than across it, some bodies jump (their
    last part set in another column after the next module), some modules
    are boxed."""
    lay = Layout(columns=rng.randint(3, 6), gutter=rng.choice((8.0, 10.0, 12.0, 16.0)),
                 body_size=rng.choice((9.0, 9.5, 10.0, 10.5)), width=842.0)  # fmt: skip
    lead = lay.body_size * rng.choice((1.3, 1.45, 1.6))
    top = lay.margin
    date = rows[0]["date"]
    for text in (
        rng.choice(["人民日报", "滨海日报", "经济观察报"]),
        f"{date[:4]}年{int(date[4:6])}月{int(date[6:])}日",
    ):
        lay.lines.append(Drawn(text, lay.margin, top, 14.0, None, "furniture"))
        top += 20
    floor = [top + 10] * lay.columns  # where each column is free from
    jumped: list[tuple[int, list[tuple[str, str]]]] = []  # body parts waiting to be set after the next module
    n = _chars_per_line(lay.column_width, lay.body_size)
    for a, row in enumerate(rows):
        span = min(lay.columns, rng.choice((1, 1, 2, 2, 3)))
        start = min(range(lay.columns - span + 1), key=lambda c: max(floor[c : c + span]))
        y = max(floor[start : start + span]) + 12
        x0 = lay.column_x(start)
        module_width = span * lay.column_width + (span - 1) * lay.gutter
        head_size = rng.choice((14.0, 16.0, 18.0, 22.0)) if span > 1 else rng.choice((12.0, 14.0))
        side = variety is not None and span > 1 and variety.random() < 0.3
        lay.side_heads += side
        head_width = lay.column_width if side else module_width
        top_of_module = y
        head = []
        if row.get("kicker"):
            head.append((_clean(row["kicker"]), "kicker", head_size * 0.6))
        if _clean(row["title"]):
            head.append((_clean(row["title"]), "headline", head_size))
        if row.get("subtitle"):
            head.append((_clean(row["subtitle"]), "subtitle", head_size * 0.65))
        for text, role, size in head:
            for line in wrap(text, _chars_per_line(head_width, size)):
                lay.lines.append(Drawn(line, x0, y, size, a, role))
                y += size * 1.3
        y += 4
        head_bottom = y
        body: list[tuple[str, str]] = []
        for text, role in _body_roles(row):
            lines = wrap(text if role != "body" else "\u3000\u3000" + text, n)
            body += [(ln.lstrip("\u3000") if role == "body" and rng.random() < 0.7 else ln, role) for ln in lines]
        if rng.random() < 0.3:  # a photo: a frame, and its caption under it
            body.insert(min(len(body), rng.randint(0, 8)), ("\x00photo", "frame"))
            body.insert(
                min(len(body), rng.randint(0, 8) + 1), (f"图为{_clean(row['title'])[:10]}现场。记者 摄", "caption")
            )
        if variety is not None and len(body) > 16 and a + 1 < len(rows) and variety.random() < 0.2:
            keep = int(len(body) * variety.uniform(0.5, 0.8))
            jumped.append((a, body[keep:]))  # the rest is set after the next module
            lay.jumps += 1
            body = body[:keep]
        columns = list(range(start + 1, start + span)) if side else list(range(start, start + span))
        y = top_of_module if side else y
        bottom = _set_columns(lay, body, columns, y, a, n, lead)
        bottom = max(bottom, head_bottom)
        if variety is not None and variety.random() < 0.15:  # a box around the module
            lay.boxes.append((x0 - 4, top_of_module - 6, module_width + 8, bottom - top_of_module + 8))
        if a == len(rows) - 1 and rng.random() < 0.3:  # the page's last story jumps to another page
            lay.lines.append(Drawn(f"（下转第{rng.randint(2, 8)}版）", x0, bottom, lay.body_size, None, "continuation"))
            bottom += lead
        for c in range(start, start + span):
            floor[c] = bottom
        for k, (owner, rest) in enumerate(jumped):
            if owner < a:  # the next module is set: the jumped part goes to the least filled column
                c = min(range(lay.columns), key=lambda col: floor[col])
                floor[c] = _set_columns(lay, rest, [c], floor[c] + 12, owner, n, lead)
                jumped[k] = (owner, [])
        jumped = [(o, r) for o, r in jumped if r]
    lay.height = max(floor) + lay.margin
    return lay


def _set_columns(lay: Layout, body: list[tuple[str, str]], columns: list[int], y: float, a: int, n: int,
                 lead: float) -> float:  # fmt: skip
    """The body shared out over these columns from y down; the lowest point reached."""
    per = -(-len(body) // max(1, len(columns)))
    bottom = y
    for k, c in enumerate(columns):
        cy = y
        for text, role in body[k * per : (k + 1) * per]:
            if role == "frame":
                cy += 60  # a blank frame: nothing to read
                continue
            for line in wrap(text, n) if role == "caption" else [text]:
                lay.lines.append(Drawn(line, lay.column_x(c), cy, lay.body_size, a, role))
                cy += lead
        bottom = max(bottom, cy)
    return bottom


def write_pdf(lay: Layout, path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
    c = canvas.Canvas(str(path), pagesize=(lay.width, lay.height))
    for x, y, w, h in lay.boxes:
        c.rect(x, lay.height - y - h, w, h)
    for d in lay.lines:
        c.setFont(FONT, d.size)
        c.drawString(d.x, lay.height - d.y - d.size, d.text)
    c.save()


def extract(pdf: Path, how: str) -> str:
    if how.startswith("pdfminer"):
        from pdfminer.high_level import extract_text
        from pdfminer.layout import LAParams

        params = LAParams(line_margin=0.2) if how == "pdfminer_margin" else LAParams()
        return extract_text(str(pdf), laparams=params)
    if how.startswith("pdftotext"):
        flag = "-raw" if how == "pdftotext_raw" else "-layout"
        return subprocess.run(["pdftotext", flag, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return "\n".join(doc[k].get_textpage().get_text_range() for k in range(len(doc))).replace("\r\n", "\n")
    finally:
        doc.close()


def _squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def trace(text: str, drawn: list[tuple[str, int | None, str]]) -> dict[int, tuple[int | None, str]]:
    """Each non-blank extracted line (1-based) → the article and role of the
    drawn line most of its characters come from. Lines are found by their
    text: drawn text is long enough to be unique on a page but for a few
    short lines, which take the first place not yet used."""
    owners: list[tuple[int | None, str]] = []
    stream = []
    for drawn_text, article, role in drawn:
        s = _squeeze(drawn_text)
        stream.append(s)
        owners += [(article, role)] * len(s)
    joined = "".join(stream)
    used = bytearray(len(joined))
    out = {}
    for no, line in enumerate(text.replace("\x0c", "").split("\n"), 1):
        s = _squeeze(line)
        if not s:
            continue
        at = -1
        pos = joined.find(s)
        while pos >= 0:
            if not used[pos]:
                at = pos
                break
            pos = joined.find(s, pos + 1)
        if at < 0:
            continue  # not traced (ligatures, a line the extractor rewrote): left out of the gold
        used[at : at + len(s)] = b"\x01" * len(s)
        votes = Counter(owners[at : at + len(s)])
        out[no] = votes.most_common(1)[0][0]
    return out


_HEAD = {"kicker": "kicker_lines", "headline": "headline_lines", "subtitle": "subtitle_lines"}
_OTHER = {"byline": "byline_lines", "dateline": "dateline_lines", "subhead": "subhead_lines",
          "caption": "caption_lines"}  # fmt: skip


def gold_of(text: str, lay: Layout, rows: list[dict], side_by_side: bool = False) -> dict:
    """The page's gold: its lines traced to the lines drawn. `side_by_side`:
    an extracted line holds pieces of several columns, so the lines traced
    are those of the page in the reading order the analysis puts back, each
    piece then a line of its own; the gold says so (`lines_of`) and keeps
    the lines drawn, so that it can be traced again when that order changes
    (`regold`)."""
    style = {"columns": lay.columns, "compilations": sum(is_compilation(r) for r in rows),
             "side_heads": lay.side_heads, "jumps": lay.jumps, "boxes": len(lay.boxes)}  # fmt: skip
    heads = [{"id": row["id"], "title": _clean(row["title"])} for row in rows]
    drawn = [(d.text, d.article, d.role) for d in lay.lines]
    gold = {"note": "typeset by bench/typeset.py", "style": style}
    if side_by_side:
        gold |= {"lines_of": READING_ORDER, "drawn": drawn, "heads": heads}
        text = reading_text(text)[0]
    return gold | _traced(text, drawn, heads)


def regold(data: dict, text: str) -> dict:
    """A side-by-side page's gold traced again on the reading order the
    analysis gives its text now; other golds as they are."""
    if "drawn" not in data:
        return data
    return data | _traced(reading_text(text)[0], data["drawn"], data["heads"])


def _traced(text: str, drawn: list[tuple[str, int | None, str]], heads: list[dict]) -> dict:
    per, furniture = lines_by_article((no, role, art) for no, (art, role) in sorted(trace(text, drawn).items()))
    articles = []
    for a, head in enumerate(heads):
        roles = per.get(a)
        if not roles:
            continue
        body = sorted(roles["body"] + roles["dateline"] + roles["subhead"])
        articles.append(
            head
            | {
                "headline_lines": sorted(roles["kicker"] + roles["headline"] + roles["subtitle"]),
                **{key: roles[role] for role, key in {**_HEAD, **_OTHER}.items() if key != "headline_lines"},
                "signature_lines": [],
                "body_ranges": [[n, n] for n in body],
            }
        )
    return {"non_article_lines": furniture, "articles": articles}


def build(
    out: Path, count: int, seed: int, half: str | None, plain: bool = False, extractors: tuple[str, ...] = EXTRACTORS
) -> list[Path]:
    """`count` pages, each read by every extractor: PAGE.EXTRACTOR.txt and its
    gold. `plain`: without side headlines, jumps and boxes, the pages the bed
    drew before it had them (the same seed gives the same pages)."""
    rng = random.Random(seed)
    pages = load_corpus()
    if half:
        parity = 0 if half == "dev" else 1
        pages = [p for p in pages if int(p[0]["date"][-2:]) % 2 == parity]
    written = []
    for k in range(count):
        rows = [r for r in rng.choice(pages) if len(r["body"].strip()) >= 20]
        lay = lay_out(rows, rng, None if plain else random.Random(f"{seed}-{k}"))
        pdf = out / f"{k:04d}.pdf"
        write_pdf(lay, pdf)
        for how in extractors:
            text = extract(pdf, how)
            stem = f"{k:04d}_{rows[0]['id']}.{how}"
            (out / f"{stem}.txt").write_text(text, encoding="utf-8")
            gold = gold_of(text, lay, rows, side_by_side=how in SIDE_BY_SIDE)
            gold["page"] = f"{stem}.txt"
            (out / f"{stem}.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
            written.append(out / f"{stem}.gold.json")
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--half", choices=["dev", "test"], default="test")
    ap.add_argument("--keep", type=Path, help="write the pages here instead of a temporary folder")
    ap.add_argument("--score", type=Path, nargs="+", help="score pages kept before (folders), build none")
    ap.add_argument("--plain", action="store_true", help="no side headlines, jumps or boxes (the bed's first pages)")
    ap.add_argument("--extractors", nargs="+", choices=EXTRACTORS, default=EXTRACTORS,
                    help="read the pages with these only (the same seed, the same pages)")  # fmt: skip
    args = ap.parse_args(argv)
    if args.score:
        golds = [g for folder in args.score for g in sorted(folder.glob("*.gold.json"))]
        if not golds:
            raise SystemExit(f"no typeset pages (*.gold.json) in {' '.join(map(str, args.score))}")
        pages = {(g.parent, g.name.split(".")[0]) for g in golds}
        print(f"{len(pages)} typeset pages kept in {', '.join(f.name for f in args.score)}")
        _report(golds)
        return 0
    if not FONT_FILE.exists():
        raise SystemExit(f"no CJK font at {FONT_FILE}: apt-get install fonts-wqy-microhei poppler-utils")
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        golds = build(out, args.pages, args.seed, args.half, args.plain, tuple(args.extractors))
        print(f"{args.pages} typeset pages from {args.half}-half days of the corpus (seed {args.seed})")
        _report(golds)
    return 0


def _report(golds: list[Path]) -> None:
    """Line-pair F1, headline attachment and exact articles per extractor, and
    per extractor and layout feature (compilation or none, columns)."""
    from pagedesk.core import analyze_page
    from pagedesk.core.evaluation import combine, load_gold, score_page
    from pagedesk.core.text.page import LineTable, PageInputError, decode

    by: dict[str, list] = defaultdict(list)
    refused: Counter[str] = Counter()
    for g in golds:
        text = decode(g.with_name(g.name.replace(".gold.json", ".txt")).read_bytes())
        data = regold(json.loads(g.read_text(encoding="utf-8")), text)
        how = g.name.split(".")[-3]
        try:
            s = score_page(analyze_page(text), load_gold(data, LineTable.of(text)))
        except PageInputError as e:
            refused[how] += 1
            print(f"  refused: {g.name}: {e}")
            continue
        by[how].append(s)
        by[f"{how}, with a compilation" if data["style"]["compilations"] else f"{how}, no compilation"].append(s)
        style = data["style"]
        by[f"{how}, {style['columns']} columns"].append(s)
        for feature, yes, no in (("side_heads", "a headline beside its body", "headlines across"),
                                 ("jumps", "a body that jumps", "no jump"), ("boxes", "a box", "no box")):  # fmt: skip
            if feature in style:
                by[f"{how}, {yes if style[feature] else no}"].append(s)
    for key in sorted(by):
        c = combine(by[key])
        exact = f"{c['articles_exact']}/{c['articles']}" + (f"  refused {refused[key]}" if refused[key] else "")
        print(
            f"  {key:42s} pages {c['pages']:4d}  line-pair F1 {c['line_pair_f1']:.3f}  "
            f"headline attachment {c['headline_attachment']:.3f}  exact {exact}"
        )


if __name__ == "__main__":
    sys.exit(main())
