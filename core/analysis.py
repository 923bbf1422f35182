"""`analyze_page`: page text in, articles, roles and figures out."""

from __future__ import annotations

from pagedesk.core.figures.extract import extract_figures, flag_headline_figures
from pagedesk.core.lines import roles as R
from pagedesk.core.pageinfo import page_info
from pagedesk.core.reading_order import reading_text
from pagedesk.core.result import Article, PageAnalysis
from pagedesk.core.segmentation.pieces import Piece
from pagedesk.core.segmentation.segment import segment
from pagedesk.core.segmentation.units import PARA, build_units, read_lines
from pagedesk.core.text.normalize import display_text
from pagedesk.core.text.page import LineTable, PageInputError, sha256_text

# Headlines, kickers, bylines and other lines that stand alone: a newspaper
# page has tens of them, a whole issue run together a thousand and more.
# Attaching them costs their number times the page's articles, so past this
# many the text is refused as not one page, as a file past the size limit is
# (bench/speed_scale.py: a page at the limit is analysed in under 30 s).
MAX_STANDALONE = 1200
# Lines of fewer characters are not counted: an extractor may cut a page's
# lines into shreds of a character or three (pypdfium2 does on some pages),
# which makes a page of a thousand lines that stand alone, cheap to attach
# since the page still has its few articles.
SHRED = 4


def analyze_page(text: str, path: str = "") -> PageAnalysis:
    """Analyse one page of sanitised text (see `text.decode`)."""
    sha = sha256_text(text)  # of the text as read: the page's identity in storage
    read = text
    text, columns = reading_text(text)
    table = LineTable.of(text)
    lines = read_lines(table, columns_apart=columns)
    units = build_units(lines)
    standalone = sum(1 for u in units if u.kind != PARA and len(u.text) >= SHRED)
    if standalone > MAX_STANDALONE:
        raise PageInputError(
            f"{path or 'the page'}: {standalone} lines that stand alone (headlines, bylines…) are more than one "
            f"newspaper page holds (at most {MAX_STANDALONE}); split it into one file per newspaper page"
        )
    seg = segment(units)

    articles = [_article(p, seg.units, table) for p in seg.pieces]
    articles.sort(key=lambda a: min(a.lines))
    for k, a in enumerate(articles):
        a.index = k
    result = PageAnalysis(
        text=text,
        path=path,
        sha256=sha,
        line_count=len(table),
        articles=articles,
        unassigned=dict(sorted(seg.unassigned.items())),
        reordered=text != read,
    )
    article_of = result.article_of_line()
    role_of = {ln: role for a in articles for ln, role in a.roles.items()}
    date = page_info(path, text, sorted(seg.unassigned)).date  # the year of dates that leave it out
    result.figures = extract_figures(table, article_of, role_of, date)
    flag_headline_figures(result.figures, role_of)
    return result


def _article(p: Piece, units, table: LineTable) -> Article:
    roles: dict[int, str] = {}
    for i in p.paras:
        u = units[i]
        for k, ln in enumerate(u.lines):
            roles[ln.no] = R.DATELINE if (u.dateline and k == 0) else R.BODY
    roles.update(p.roles)
    lines = sorted(roles)

    def text_of(role: str) -> str:
        return display_text("\n".join(table.line(ln) for ln in lines if roles[ln] == role))

    return Article(
        lines=lines,
        roles=roles,
        title=text_of(R.HEADLINE),
        kicker=text_of(R.KICKER),
        subtitle=text_of(R.SUBTITLE),
        byline=text_of(R.BYLINE),
        confidence=p.confidence,
        cues=p.cues,
    )
