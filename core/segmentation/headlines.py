"""Headline groups, and the words they share with the page's paragraphs.

A headline group is the run of consecutive headline units that belong
together: kicker, title, subtitle, byline. Which article a group belongs to
is read from the words it shares with the bodies (`Matcher`) and from where
it stands.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import pairwise

from pagedesk.core.lines import markers as M
from pagedesk.core.lines import roles as R
from pagedesk.core.segmentation.kinds import (
    BYLINE,
    CAPTION,
    HEAD,
    SIGNATURE,
    below_bylines,
)
from pagedesk.core.segmentation.units import PARA, Unit
from pagedesk.core.text.words import content_words

ANCHOR_SHARE = 0.5  # share of a headline's word weight a paragraph must contain to be claimed

ANCHOR_MARGIN = 0.25  # ... ahead of any other headline


@dataclass(frozen=True)
class Shares:
    """Each of `n` headline groups' share of one text's words, held only for
    the groups that share a word with it: every other group's share is 0.
    A long file has hundreds of headlines, and each text a few of them."""

    n: int
    held: dict[int, float]

    @staticmethod
    def every(shares: list[float]) -> Shares:
        return Shares(len(shares), dict(enumerate(shares)))


ECHO_MIN = 7  # characters of a headline line a lead must repeat word for word ...

ECHO_SHARE = 0.75  # ... and at least this share of the line

ECHO_BONUS = 0.3  # added to the word share of a body that echoes the headline

_NUM_IN = re.compile(r"\d+(?:\.\d+)?")


def head_groups(units: list[Unit], idx: list[int], kinds: dict[int, str]) -> list[list[int]]:
    """Consecutive headline units that belong together: kicker, title, subtitle, byline."""
    groups: list[list[int]] = []
    for i in idx:
        kind = kinds.get(i)
        if groups and groups[-1][-1] + 1 == i and kind != CAPTION and kinds.get(groups[-1][-1]) != CAPTION:
            prev = groups[-1][-1]
            text = units[i].text
            heads_so_far = [k for k in groups[-1] if kinds.get(k) == HEAD]
            joins = (
                kind == BYLINE
                or M.SUBTITLE_START.match(text) is not None
                or (kinds.get(prev) == HEAD and M.KICKER_END.search(units[prev].text) is not None)
                or (kinds.get(prev) == HEAD and kind == HEAD and _bracket_open(units[prev].text))
                or (
                    kinds.get(prev) == HEAD
                    and kind == HEAD
                    and len(heads_so_far) < 2
                    and (_same_story(units[prev].text, text) or _over_body(units, kinds, i))
                )
            )
            if joins and (kinds.get(prev) != BYLINE or kind == BYLINE):
                groups[-1].append(i)
                continue
        groups.append([i])
    return groups


def split_stacked(
    units: list[Unit], groups: list[list[int]], bodies: list[str], kinds: dict[int, str], matcher: Matcher
) -> list[list[int]]:
    """Cut a group where its headline lines clearly name different articles.

    Read as one group, a title stacked on another story's title becomes its
    kicker (pdfminer sets a commentary's title, the title of the report beside
    it and the commentary's byline one under the other). A line whose words
    clearly claim one body and the next line's another start two groups; a
    subtitle (——…) stays under its title whatever its words say."""
    out = []
    for g in groups:
        if len(g) < 2:
            out.append(g)
            continue
        owner = {i: clear_best(Shares.every(matcher.echo_shares([i], bodies))) for i in g if kinds.get(i) == HEAD}
        part = [g[0]]
        for prev, i in pairwise(g):
            a, b = owner.get(prev), owner.get(i)
            if (
                a is not None
                and b is not None
                and a != b
                and not M.SUBTITLE_START.match(units[i].text)
                and not _bracket_open(units[prev].text)
            ):
                out.append(part)
                part = []
            part.append(i)
        out.append(part)
    return out


def _bracket_open(text: str) -> bool:
    """A title line that opens a bracket it does not close (…（为了民族复) goes on
    in the next line, whatever words that line shares with other bodies."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def has_head(group: list[int], kinds: dict[int, str]) -> bool:
    """Does the group hold a headline line (not only a byline or caption)?"""
    return any(kinds.get(i) == HEAD for i in group)


def joined_text(units: list[Unit], idx: list[int]) -> str:
    return "".join(units[i].text for i in idx)


def _same_story(prev: str, text: str) -> bool:
    """Two adjacent headline lines: kicker + title of one story, or two stories?"""
    if text.startswith(("（", "(")):
        return True  # a title continued by its column name
    a, b = set(content_words(prev)), set(content_words(text))
    return bool(a & b)


def _over_body(units: list[Unit], kinds: dict[int, str], i: int) -> bool:
    """Is unit i the last headline line right above a body or a byline? Then
    the line above it is its kicker, not another story's title."""
    j = below_bylines(units, kinds, i + 1)
    # a byline closes a headline group too (the seed's kicker, title, ▶ byline)
    return j > i + 1 or (j < len(units) and units[j].kind == PARA)


class Matcher:
    """How much of a headline group's vocabulary a stretch of text contains.

    A word weighs more the fewer paragraphs of the page contain it, so a
    headline's rare words (names, places) decide where it belongs.
    """

    def __init__(self, units: list[Unit], kinds: dict[int, str], paras: list[int]):
        self.units = units
        self.kinds = kinds
        self.paras = paras
        self.texts = [units[i].text for i in paras]
        self.weight: dict[str, float] = {}
        # per headline group: its content words and numbers; with their weights and total weight
        self._words: dict[tuple[int, ...], tuple[list[str], list[str]]] = {}
        self._vocab: dict[tuple[int, ...], tuple[list[tuple[str, float]], list[str], float]] = {}
        self._echo: dict[tuple[tuple[int, ...], str], bool] = {}
        # where the headlines' words and numbers stand: word -> paragraphs (unit
        # indexes) holding it, and paragraph -> the words it holds
        self._places: dict[str, frozenset[int]] = {}
        self._present: dict[int, set[str]] = {i: set() for i in paras}
        # by the list's identity: callers ask of the same list of groups thousands
        # of times, and a key made of its contents costs the number of groups each time
        self._vocab_of: dict[int, tuple[list[list[int]], dict[str, set[int]], list[int]]] = {}

    def _words_of(self, group: list[int]) -> tuple[list[str], list[str]]:
        key = tuple(group)
        got = self._words.get(key)
        if got is None:
            text = "".join(self.units[i].text for i in group if self.kinds.get(i) == HEAD)
            toks = content_words(text) if text else []
            nums = [x for x in _NUM_IN.findall(text) if len(x) >= 2 or "." in x]
            got = self._words[key] = (toks, nums)
        return got

    def _of(self, group: list[int]) -> tuple[list[tuple[str, float]], list[str], float]:
        # a group is matched against hundreds of texts per page: weigh its words once
        key = tuple(group)
        got = self._vocab.get(key)
        if got is None:
            toks, nums = self._words_of(group)
            n = max(1, len(self.texts))
            self._locate(set(toks))
            for t in toks:
                if t not in self.weight:
                    df = len(self._places[t])
                    self.weight[t] = max(0.0, math.log((n + 1) / (df + 0.5))) * (1.0 if len(t) > 1 else 0.4)
            got = self._vocab[key] = (
                [(t, self.weight[t]) for t in toks],
                nums,
                sum(self.weight[t] for t in toks) + len(nums),
            )
        return got

    def _locate(self, words: set[str]) -> None:
        """Find the paragraphs that hold each of `words` not located yet.

        Many words at once: every substring of the paragraphs of a length some
        word has is looked up once, so the cost grows with the page's text, not
        with its text times its headlines' words. A few: each one searched."""
        new = {w for w in words if w not in self._places}
        if not new:
            return
        places: dict[str, set[int]] = {w: set() for w in new}
        if len(new) > 40:
            lengths = sorted({len(w) for w in new})
            for i, text in zip(self.paras, self.texts, strict=True):
                for size in lengths:
                    for k in range(len(text) - size + 1):
                        sub = text[k : k + size]
                        if sub in places:
                            places[sub].add(i)
        else:
            for w in new:
                places[w] = {i for i, text in zip(self.paras, self.texts, strict=True) if w in text}
        for w, where in places.items():
            self._places[w] = frozenset(where)
            for i in where:
                self._present[i].add(w)

    def share(self, group: list[int], text: str) -> float:
        weighed, nums, total = self._of(group)
        if total <= 0:
            return 0.0
        return (sum(w for t, w in weighed if t in text) + sum(1.0 for x in nums if x in text)) / total

    def shares_over(self, groups: list[list[int]], window: list[int]) -> Shares:
        """For each group, its `share` of the paragraphs `window` (unit
        indexes, in that order) joined into one text, read from where the
        words stand instead of searched for in the text: the same figures,
        at a cost that does not grow with the number of headlines times the
        length of the text."""
        got = self._vocab_of.get(id(groups))
        if got is None or got[0] is not groups:
            holders: dict[str, set[int]] = {}  # word or number -> the groups (positions in `groups`) that have it
            for k, g in enumerate(groups):
                toks, nums = self._words_of(g)
                for w in (*toks, *nums):
                    holders.setdefault(w, set()).add(k)
            self._locate(set(holders))
            got = self._vocab_of[id(groups)] = (groups, holders, sorted({len(w) for w in holders if len(w) > 1}))
        _, holders, lengths = got
        found: set[str] = set()
        for i in window:
            found |= self._present[i]
        if len(window) > 1:
            # words that run across from one paragraph of the window into the next
            text = "".join(self.units[i].text for i in window)
            junction = 0
            for i in window[:-1]:
                junction += len(self.units[i].text)
                for size in lengths:
                    for k in range(max(0, junction - size + 1), junction):
                        sub = text[k : k + size]
                        if len(sub) == size and sub in holders:
                            found.add(sub)
        held = {}
        touched = set().union(*(holders[w] for w in found if w in holders))
        for k in sorted(touched):
            weighed, nums, total = self._of(groups[k])
            if total > 0:
                held[k] = (sum(w for t, w in weighed if t in found) + sum(1.0 for x in nums if x in found)) / total
        return Shares(len(groups), held)

    def echoes(self, group: list[int], text: str) -> bool:
        """Does the text repeat most of one of the group's headline lines word
        for word? A lead often restates its title (中国海油党组召开 over
        "本报讯 10月14日，中国海油党组召开2024年下半年…"), which tells two
        titles apart that share all their words with several bodies."""
        key = (tuple(group), text)
        got = self._echo.get(key)
        if got is None:
            got = self._echo[key] = any(
                self._echoed(self.units[i].text, text) for i in group if self.kinds.get(i) == HEAD
            )
        return got

    @staticmethod
    def _echoed(line: str, text: str) -> bool:
        need = max(ECHO_MIN, math.ceil(ECHO_SHARE * len(line)))
        return any(line[k : k + need] in text for k in range(len(line) - need + 1))

    def echo_shares(self, group: list[int], bodies: list[str]) -> list[float]:
        """Word shares with a bonus for the bodies that echo the headline."""
        return [self.share(group, b) + (ECHO_BONUS if self.echoes(group, b) else 0.0) for b in bodies]

    def claims(self, groups: list[list[int]], paras: list[int]) -> dict[int, int]:
        """Paragraphs that clearly share the words of one headline group."""
        out: dict[int, int] = {}
        if len(groups) < 2:
            return out
        for p in paras:
            k = clear_best(self.shares_over(groups, [p]))
            if k is not None:
                out[p] = k
        return out


def clear_best(shares: Shares) -> int | None:
    """The group whose share wins clearly (high enough and well ahead of the
    next), or None: how a headline and a text are said to belong together."""
    if shares.n < 2:
        return None
    ranked = sorted(((s, k) for k, s in shares.held.items()), reverse=True)
    if not ranked:
        return None
    best, k = ranked[0]
    second = ranked[1][0] if len(ranked) > 1 else 0.0  # else a group of no shared word: 0
    return k if best >= ANCHOR_SHARE and best - second >= ANCHOR_MARGIN else None


def right_above(units: list[Unit], kinds: dict[int, str], group: list[int], first_para: int) -> bool:
    """Does the group stand right above this paragraph (bylines may come between)?"""
    return below_bylines(units, kinds, group[-1] + 1) == first_para


def directly_above_body(units: list[Unit], kinds: dict[int, str], g: list[int]) -> bool:
    j = below_bylines(units, kinds, g[-1] + 1)
    return j < len(units) and units[j].kind == PARA


def surely_headline(units: list[Unit], kinds: dict[int, str], g: list[int]) -> bool:
    """A group no subhead would look like: displaced, with a byline, subtitle or
    column name, or over a dateline or a news lead."""
    if not directly_above_body(units, kinds, g):
        return True
    texts = [units[i].text for i in g if kinds.get(i) == HEAD]
    below = units[below_bylines(units, kinds, g[-1] + 1)]
    return (
        any(kinds.get(i) == BYLINE for i in g)
        or any(M.SUBTITLE_START.match(t) or M.has_column_tag(t) for t in texts)
        or below.dateline
        or M.is_lead(below.text)
    )


def maybe_subhead(units: list[Unit], kinds: dict[int, str], g: list[int]) -> bool:
    if len(g) != 1 or kinds.get(g[0]) != HEAD:
        return False
    i = g[0]
    prev = units[i - 1] if i > 0 else None
    nxt = units[i + 1] if i + 1 < len(units) else None
    return prev is not None and nxt is not None and prev.kind == PARA and nxt.kind == PARA and not nxt.dateline


def group_roles(units: list[Unit], g: list[int], kinds: dict[int, str]) -> dict[int, str]:
    roles: dict[int, str] = {}
    heads = [i for i in g if kinds.get(i) == HEAD]
    titles = [i for i in heads if not M.SUBTITLE_START.match(units[i].text)]
    title = titles[-1] if titles else None
    if len(titles) >= 2 and units[titles[-1]].text.startswith(("（", "(")):
        title = titles[-2]  # the title goes on over a column name in brackets
    if title is not None:
        k = titles.index(title)
        while k > 0 and _bracket_open(units[titles[k - 1]].text):
            k -= 1  # ... or wrapped inside its brackets: 播种希望（为了民族复 / 兴·英雄烈士谱）
        title = titles[k]
    for i in g:
        kind = kinds.get(i)
        for ln in units[i].lines:
            if kind in (BYLINE, CAPTION, SIGNATURE):
                roles[ln.no] = kind
            elif M.SUBTITLE_START.match(units[i].text):
                roles[ln.no] = R.SUBTITLE
            elif title is not None and i < title:
                roles[ln.no] = R.KICKER
            else:
                roles[ln.no] = R.HEADLINE
    return roles
