"""Rebuild newspaper pages, as a PDF extractor would emit them, from articles
with known boundaries, and write the gold beside each page.

The corpus (../shared/corpus/rmrb_2020_05_pages.jsonl) gives real articles
with their kicker, title, subtitle and body. A rebuilt page wraps each body at
a column width, adds the artifacts real extractions show (blank line after
every line, spaced-out justified lines, numbers spaced or cut by the wrap,
headlines displaced to the end of the page or after their own body, a body
split out of order by a column-order error, mastheads and editor lines), and
records in gold JSON which line belongs to which article in which role.

The pages are generated, never stored in the repository: the corpus texts are
third-party and for evaluation only.

    python -m bench.rebuild --pages 200 --seed 1 --out /tmp/rebuilt
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(os.environ.get("PAGEDESK_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
CORPUS = SHARED / "corpus" / "rmrb_2020_05_pages.jsonl"

_NO_LINE_START = set("，。、；：！？）》”’」』%％…·,.;:!?)")
_DATELINE = re.compile(r"^\s*(据?新华社.{0,16}?电|本报.{0,16}?电|本报讯|据?中新社.{0,16}?电)")
_CLOSING = re.compile(
    r"^[（(](?:本报|据?新华社)[^（）()]{0,30}电[）)]$"
    r"|^[（(][^（）()]{0,60}(?:作者|记者|整理|参与|通讯员)[^（）()]{0,40}[）)]$"
    r"|^[（(][\u4e00-\u9fff·、 ]{2,12}[）)]$"
)
# a reporter's line, also the "本报记者 杨明方整理" closing each item of a round-up
# (a two-character name is often set with a space inside it: 本报记者 倪 弋)
_NAME = r"[\u4e00-\u9fff](?: ?[\u4e00-\u9fff]){1,3}"
_BYLINE = re.compile(rf"^(?:本报记者|记者|通讯员|本报通讯员)\s*{_NAME}(?:\s+{_NAME})*(?:整理|采写)?$")
_TERMINAL = re.compile(r"[。！？!?…][”’」』）)]*$")

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段章钱汤尹黎易常武乔贺赖龚文"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红燕鹏辉宇晨欣怡琳雪岩峰波斌浩凯健俊帆立新楠瑶晗昊然宁远航涵卓睿彬毅"
_WEEKDAYS = "一二三四五六日"


def display_width(s: str) -> float:
    return sum(0.5 if ord(c) < 0x2E80 and c not in "—…“”‘’" else 1.0 for c in s)


def wrap(paragraph: str, width: int) -> list[str]:
    """Wrap at `width` full-width cells; closing punctuation never starts a line."""
    lines: list[str] = []
    cur, w = "", 0.0
    for ch in paragraph:
        cw = display_width(ch)
        if (w + cw > width and cur) or (cur == "" and ch in _NO_LINE_START and lines):
            if ch in _NO_LINE_START and lines and cur == "":
                lines[-1] += ch  # more hanging punctuation on the line above
                continue
            if ch in _NO_LINE_START:
                cur += ch  # hanging punctuation, as typesetters do
                lines.append(cur)
                cur, w = "", 0.0
                continue
            lines.append(cur)
            cur, w = "", 0.0
        cur += ch
        w += cw
    if cur:
        lines.append(cur)
    return lines


def fake_name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def space_numbers(line: str) -> str:
    """`105.3亿元` -> `105.3 亿元`, `10月14日` -> `10 月 14 日`: PDF extractors do this."""
    return re.sub(r"(?<=[\u4e00-\u9fff])(?=\d)|(?<=\d)(?=[\u4e00-\u9fff])", " ", line)


def spaced_out(line: str) -> str:
    """A justified line printed character by character; numbers stay whole."""
    tokens = re.findall(r"[0-9A-Za-z.%\-]+|\S", line)
    return " ".join(tokens)


def fullwidth_digits(line: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in line)


@dataclass
class Block:
    """Lines of one article in one role group, placed as a unit on the page."""

    article: int
    kind: str  # head, body, byline
    lines: list[tuple[str, str]] = field(default_factory=list)  # (text, role)


@dataclass
class Style:
    width: int
    spacing: str  # double, single, para, random
    placement: str  # inplace, end, after, mixed
    spaced_lines: float
    space_numbers: bool
    fullwidth: bool
    indent: bool
    split: bool
    masthead: bool
    editor_line: bool
    ad: bool
    one_width: bool = False  # every article set to the page's one column width, as on a real page


def pick_style(rng: random.Random) -> Style:
    return Style(
        width=rng.randint(14, 26),
        spacing=rng.choices(["double", "single", "para", "random"], [4, 3, 2, 1])[0],
        placement=rng.choices(["inplace", "end", "after", "mixed"], [35, 35, 15, 15])[0],
        spaced_lines=rng.choice([0.0, 0.0, 0.08, 0.15]),
        space_numbers=rng.random() < 0.5,
        fullwidth=rng.random() < 0.1,
        indent=rng.random() < 0.2,
        split=rng.random() < 0.35,
        masthead=rng.random() < 0.5,
        editor_line=rng.random() < 0.4,
        ad=rng.random() < 0.1,
    )


def _clean(s: str) -> str:
    return s.replace("\xa0", " ").strip(" \u3000")


def _head_lines(row: dict, rng: random.Random) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if row.get("kicker"):
        out.append((_clean(row["kicker"]), "kicker"))
    title = _clean(row["title"])
    if not title:
        pass  # an article whose headline is not in the text (the seed page has one)
    elif len(title) > 28:  # a long title is set on two lines
        cut = title.rfind("（") if "（" in title[10:] else len(title) // 2
        out += [(title[:cut], "headline"), (title[cut:], "headline")]
    else:
        out.append((title, "headline"))
    if row.get("subtitle"):
        out.append((_clean(row["subtitle"]), "subtitle"))
    return out


def _body_lines(row: dict, width: int, style: Style, rng: random.Random) -> list[list[tuple[str, str]]]:
    """The body as wrapped paragraphs, each line with its gold role."""
    paras = [_clean(p) for p in row["body"].split("\n")]
    paras = [p for p in paras if p]
    out = []
    # the text can run on into a column of another width (the seed page does),
    # unless the page keeps to one column grid
    varies = not style.one_width and rng.random() < 0.15 and len(paras) > 2
    change_at = rng.randint(1, len(paras)) if varies else len(paras) + 1
    for k, p in enumerate(paras):
        if k == change_at:
            width = max(12, min(30, width + rng.choice((-6, -4, 4, 6, 8))))
        role = "body"
        if k == 0 and _DATELINE.match(p):
            role = "dateline"
        elif _BYLINE.match(p):
            role = "byline"
        elif k == len(paras) - 1 and _CLOSING.match(p):
            role = "signature"  # （本报曼谷电） closing the article
        elif (
            k < len(paras) - 1
            and len(p) <= 40
            and not _TERMINAL.search(p)
            and not p.endswith(("：", ":"))
            and "摄" not in p
        ):
            role = "subhead"
        # Paragraphs are set with a two-character indent; extractors mostly drop
        # it, which leaves the first line of a paragraph a little short.
        if role == "subhead":
            # set in bold on a line of its own, wrapped only when far too long
            lines = [p] if len(p) <= width * 1.5 else wrap(p, width)
        elif role == "body":
            lines = wrap("\u3000\u3000" + p, width)
        else:
            lines = wrap(p, width)
        if role == "body" and not style.indent:
            lines[0] = lines[0].lstrip("\u3000")
        for j in range(len(lines) - 1):  # only justified (full) lines get spread out
            if role == "body" and style.spaced_lines and rng.random() < style.spaced_lines:
                lines[j] = spaced_out(lines[j])
        if role in ("subhead", "signature", "byline"):
            out.append([(ln, role) for ln in lines])
            continue
        roles = [role] + ["body"] * (len(lines) - 1)
        out.append(list(zip(lines, roles, strict=True)))
    return out


def rebuild_page(rows: list[dict], rng: random.Random, style: Style | None = None) -> tuple[str, dict]:
    """One page from the given articles (in page order): its text and gold."""
    style = style or pick_style(rng)
    blocks: list[Block] = []
    tail: list[Block] = []  # headlines displaced to the end of the page
    for a, row in enumerate(rows):
        width = style.width if style.one_width or rng.random() < 0.7 else rng.randint(14, 26)
        head = Block(a, "head", _head_lines(row, rng))
        byline = None
        if row.get("byline"):
            byline = Block(a, "byline", [(row["byline"], "byline")])
        elif not _DATELINE.match(row["body"]) and rng.random() < 0.25:
            byline = Block(a, "byline", [(rng.choice(["本报记者 ", "记者 ", "▶ "]) + fake_name(rng), "byline")])
        body = Block(a, "body", [ln for para in _body_lines(row, width, style, rng) for ln in para])
        if row.get("caption"):
            body.lines.append((row["caption"], "caption"))
        placement = style.placement if style.placement != "mixed" else rng.choice(["inplace", "end"])
        head_group = [head] + ([byline] if byline else [])
        if placement == "inplace":
            blocks += head_group + [body]
        elif placement == "after":
            blocks += [body] + head_group
        else:
            blocks.append(body)
            tail += head_group
    blocks += tail

    if style.split:
        _split_one_body(blocks, rng)

    page: list[tuple[str, str, int | None]] = []  # (text, role, article or None)
    if style.ad:
        page.append((" 广告", "ad", None))
    if style.masthead and rows:
        d = rows[0]["date"]
        y, m, dd = int(d[:4]), int(d[4:6]), int(d[6:])
        wd = _WEEKDAYS[(_weekday(y, m, dd))]
        page.append((f"{y}年{m}月{dd}日 星期{wd}", "furniture", None))
        page.append((rng.choice(["人民日报", "要闻", "综合"]) + f"  第{rows[0]['page']}版", "furniture", None))
    for b in blocks:
        for text, role in b.lines:
            page.append((text, role, b.article))
        if style.spacing == "para":
            page.append(("", "", None))
    if style.editor_line:
        page.append((f"责任编辑：{fake_name(rng)}", "furniture", None))

    out_lines: list[str] = []
    gold_lines: list[tuple[int, str, int | None]] = []  # (line number, role, article)
    for text, role, art in page:
        if not text:
            if out_lines and out_lines[-1] != "":
                out_lines.append("")
            continue
        if style.space_numbers and role in ("body", "dateline", "subhead"):
            text = text if "  " in text or text.count(" ") > 4 else space_numbers(text)
        if style.fullwidth and role in ("body",):
            text = fullwidth_digits(text)
        out_lines.append(text)
        gold_lines.append((len(out_lines), role, art))
        if style.spacing == "double" or (style.spacing == "random" and rng.random() < 0.15):
            out_lines.append("")
    text = "\n".join(out_lines) + "\n"
    return text, _gold(rows, gold_lines, style)


def _weekday(y: int, m: int, d: int) -> int:
    import datetime

    return datetime.date(y, m, d).weekday()


def _split_one_body(blocks: list[Block], rng: random.Random) -> None:
    """A column-order error: the second half of one body is emitted before its start."""
    bodies = [i for i, b in enumerate(blocks) if b.kind == "body" and len(b.lines) >= 12]
    later = [i for i in bodies if blocks[i].article > 0]
    if not (later or bodies):
        return
    i = rng.choice(later or bodies)
    body = blocks[i]
    cut = rng.randint(len(body.lines) * 3 // 10, len(body.lines) * 7 // 10)
    first = Block(body.article, "body", body.lines[:cut])
    second = Block(body.article, "body", body.lines[cut:])
    # before the article's own in-place headline, if it has one right above
    j = i
    while j > 0 and blocks[j - 1].article == body.article and blocks[j - 1].kind in ("head", "byline"):
        j -= 1
    blocks[i] = first
    blocks.insert(j, second)


def lines_by_article(lines: Iterable[tuple[int, str, int | None]]) -> tuple[dict[int, dict[str, list[int]]], list[int]]:
    """(line, role, article or None) → each article's lines by role, and the lines of no article."""
    per: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    non_article = []
    for no, role, art in lines:
        if art is None:
            non_article.append(no)
        else:
            per[art][role].append(no)
    return per, non_article


def _gold(rows: list[dict], lines: list[tuple[int, str, int | None]], style: Style) -> dict:
    per, non_article = lines_by_article(lines)
    articles = []
    for a, row in enumerate(rows):
        roles = per[a]
        body = sorted(roles["body"] + roles["dateline"] + roles["subhead"] + roles["signature"])
        ranges: list[list[int]] = []
        for no in body:
            if ranges and no - ranges[-1][1] <= 2:
                ranges[-1][1] = no
            else:
                ranges.append([no, no])
        articles.append(
            {
                "id": row["id"],
                "title": _clean(row["title"]),
                "headline_lines": sorted(roles["kicker"] + roles["headline"] + roles["subtitle"]),
                "kicker_lines": roles["kicker"],
                "subtitle_lines": roles["subtitle"],
                "byline_lines": roles["byline"],
                "dateline_lines": roles["dateline"],
                "subhead_lines": roles["subhead"],
                "signature_lines": roles["signature"],
                "caption_lines": roles["caption"],
                "body_ranges": ranges,
            }
        )
    return {
        "note": "rebuilt from the corpus by bench/rebuild.py; figures are not scored on rebuilt pages",
        "style": style.__dict__,
        "non_article_lines": non_article,
        "articles": articles,
    }


def load_corpus(path: Path = CORPUS) -> list[list[dict]]:
    """The corpus grouped into its pages, each a list of articles in page order."""
    if not path.exists():
        raise SystemExit(f"corpus not found at {path}; set PAGEDESK_SHARED or check ../shared")
    pages: dict[tuple[str, int], list[dict]] = defaultdict(list)
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            pages[(row["date"], row["page"])].append(row)
    return [sorted(v, key=lambda r: r["seq"]) for _, v in sorted(pages.items())]


def is_compilation(row: dict) -> bool:
    """A column of several items (财经短波, 微阅读, two phone calls under one
    title, a round-up of reports each under its own byline): a later paragraph
    opens with its own dateline or byline, or an earlier one closes with a
    note like （本报柏林电）. The corpus records such a column as one article
    where an editor would mark several, so its 'known' boundaries are not the
    ones to score against; rebuilt pages leave it out (49 of 1,045)."""
    paras = [_clean(p) for p in row["body"].split("\n") if p.strip()]
    # the last paragraph may be the article's own byline (本报记者 王斌来整理)
    inner_byline = any(_BYLINE.match(p) and not p.endswith(("手记", "摄")) for p in paras[1:-1])
    return inner_byline or any(_DATELINE.match(p) for p in paras[1:]) or any(_CLOSING.match(p) for p in paras[:-1])


def choose_articles(page: list[dict], rng: random.Random, whole: bool = False) -> list[dict]:
    """2 to 6 consecutive articles of a corpus page (a page of 1 stays whole),
    compilations left out; or, `whole`, every article of the page,
    compilations kept as the one article the corpus makes of them. Photo-only
    items with no body text are left out: they have no lines to find."""
    page = [r for r in page if len(r["body"].strip()) >= 20 and (whole or not is_compilation(r))]
    if whole or len(page) <= 2:
        return page
    n = rng.randint(2, min(6, len(page)))
    start = rng.randint(0, len(page) - n)
    return page[start : start + n]


def rebuild_many(
    count: int, seed: int, corpus: Path = CORPUS, half: str | None = None, brief: bool = False, whole: bool = False
):
    """Yield (name, text, gold) for `count` pages. `half` = 'dev' or 'test'
    keeps to corpus pages of even or odd days, so tuning and testing never share
    an article. `brief` cuts every article to its first two to four paragraphs,
    the short items of a news-in-brief page (the corpus's articles are mostly
    long; models fitted on those alone misjudge short ones). `whole` lays out
    every article of each corpus page, compilations among them, in one column
    width: a page as a newspaper prints it."""
    rng = random.Random(seed)
    pages = load_corpus(corpus)
    if half:
        parity = 0 if half == "dev" else 1
        pages = [p for p in pages if int(p[0]["date"][-2:]) % 2 == parity]
    for k in range(count):
        src = pages[k % len(pages)] if k < len(pages) else rng.choice(pages)
        rows = choose_articles(src, rng, whole)
        if brief:
            rows = [
                dict(r, body="\n".join([p for p in r["body"].split("\n") if p.strip()][: rng.randint(2, 4)]))
                for r in rows
            ]
        style = pick_style(rng)
        style.one_width = whole
        text, gold = rebuild_page(rows, rng, style)
        gold["compilations"] = sum(is_compilation(r) for r in rows)
        name = f"{k:04d}_{rows[0]['id']}"
        gold["page"] = name + ".txt"
        yield name, text, gold


def write_pages(
    out: Path, count: int, seed: int, half: str | None = None, brief: bool = False, whole: bool = False
) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    golds = []
    for name, text, gold in rebuild_many(count, seed, half=half, brief=brief, whole=whole):
        (out / f"{name}.txt").write_text(text, encoding="utf-8")
        g = out / f"{name}.gold.json"
        g.write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
        golds.append(g)
    return golds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--half", choices=["dev", "test"], default=None)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    golds = write_pages(args.out, args.pages, args.seed, args.half)
    print(f"wrote {len(golds)} pages and gold files to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
