"""A figure's label, picked by a fitted model among the phrases beside it.

The rules of `context.label_of` read a label from the words next to a
figure; on articles they were not written against they named the right
metric for 63–71% of figures (docs/figures.md), and for some figures they
name nothing. Here every run of one to three words beside the figure, in
its clause and not past the figures next to it, is a candidate, on the side
where the rules found their label (both sides where they found none); the
rules' label is one of them, and a cue of all. Each candidate gets its cues
(which side it stands, how far, what stands between, the tags of its words,
the run of nouns it stands in), and the label model (core/models/
figure_labels.py, fitted by bench/train_labels.py on the hand-annotated
figures) gives each the log-odds that it names what the figure counts or
measures. The best is the label, and its chance of being right goes into
the figure's confidence, so that the review stops on doubtful labels.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pagedesk.core.figures.context import (
    GLUE,
    SKIP,
    clause_end,
    clause_start,
    is_metric,
    label_of,
)
from pagedesk.core.models import load
from pagedesk.core.text.words import tagged

FEATURES = (
    "after",  # the candidate stands after the figure
    "gap",  # characters between them
    "gap_only_skipped",  # nothing between but words like 达, 超过, 的
    "words",
    "chars",
    "last_tag",  # the group of its last word's tag (_tag_group)
    "next_tag",  # the group of the word after it, -1 for none
    "last_metric",  # its last word ends like a metric (造价, 覆盖率)
    "one_char",
    "nounish",  # how many of its words are nouns or the like
    "run_words",  # the words of the run of nouns it stands in
    "is_rule",  # it is the rules' label
    "inside_rule",  # it is part of the rules' label
    "holds_rule",  # the rules' label is part of it
)

# the cues of the rules' label when it is none of the phrases beside the figure
# (a label read across a 分别 list): only is_rule and chars are known
_RULE_ONLY = -1.0
_MAX_GAP = 12  # characters between a figure and a phrase that names it (466 of 523 annotated: under 5)


@dataclass(frozen=True)
class Place:
    """Where a figure stands in the normalised text, with what is around it."""

    text: str  # the normalised text of the article
    i: int  # the figure's span [i, j)
    j: int
    kind: str
    unit: str
    previous_end: int  # the end of the figure before, 0 for none
    next_start: int  # the start of the figure after, len(text) for none
    span: tuple[int, int]  # the figure's span in the page text (bench/train_labels.py finds its gold by it)


@dataclass(frozen=True)
class Candidate:
    text: str
    cues: tuple  # in FEATURES order: numbers and truth values


@cache  # a few dozen tags, looked up for every word beside every figure
def _tag_group(t: str) -> int:
    """jieba's tags, in the groups that tell a label: nouns, verbs used as
    nouns, verbs, names, set phrases, modifiers, letters, numerals and
    measure words, function words, adverbs and pronouns."""
    if t in ("n", "ng", "nz"):
        return 1
    if t == "vn":
        return 2
    if t.startswith("v"):
        return 3
    if t in ("nr", "nrt", "nrfg", "ns", "nt"):
        return 4
    if t in ("l", "j", "i"):
        return 5
    if t.startswith(("a", "b")):
        return 6
    if t in ("x", "eng"):
        return 7
    if t.startswith(("m", "q")):
        return 8
    if t.startswith(("p", "c", "u")):
        return 9
    if t.startswith(("d", "r", "f", "t")):
        return 10
    return 0


_NOUNISH_GROUPS = (1, 2, 4, 5, 7)
_IS_RULE, _CHARS = FEATURES.index("is_rule"), FEATURES.index("chars")


def candidates(place: Place, rule: str) -> list[Candidate]:
    """The runs of one to three words next to the figure, within _MAX_GAP
    characters and its clause, not past the figures beside it, that could
    name it, each with its cues; and the rules' label `rule` where it is none
    of them. The words are those the rules read (`context.label_of` tags the
    same stretches of text), so the tagging is done already."""
    s, i, j = place.text, place.i, place.j
    lo = max(clause_start(s, i), place.previous_end)
    hi = min(clause_end(s, j), place.next_start)
    # where the rules found a label, on the side they found it (the other
    # side held the right label for 11 of 468 annotated figures, and tagging
    # it would cost a second segmentation)
    before = lo < i and (not rule or rule in s[lo:i])
    after = j < hi and (not rule or rule in s[j:hi])
    found: list[Candidate] = []
    if before:
        _side(s[lo:i], False, rule, found)
    if after:
        _side(s[j:hi], True, rule, found)
    if rule and not any(c.text == rule for c in found):
        cues = [_RULE_ONLY] * len(FEATURES)
        cues[_IS_RULE] = 1
        cues[_CHARS] = len(rule)
        found.append(Candidate(rule, tuple(cues)))
    return found


@dataclass(frozen=True)
class _Words:
    """A stretch of text beside a figure, read once into what the cues need."""

    starts: tuple[int, ...]  # where each word starts in the stretch
    ends: tuple[int, ...]
    words: tuple[str, ...]
    groups: tuple[int, ...]  # its tag's group (_tag_group)
    usable: tuple[bool, ...]  # no digit, space or punctuation in it
    nounish: tuple[bool, ...]
    passed: tuple[bool, ...]  # passed over between a figure and its label (达, 超过, 的)
    skipped: tuple[int, ...]  # how many words before each are passed over (one more entry than words)
    stop: tuple[int, ...]  # the first word from each on that is not nounish
    begin: tuple[int, ...]  # where the run of nounish words that ends just before each starts


_UNUSABLE = re.compile(r"[\d\s，。；：！？、（）《》“”‘’「」『』\"',;:()·—…]")


@lru_cache(maxsize=4096)
def _read(text: str) -> _Words:
    starts, ends, words, groups, usable, nounish, passed = [], [], [], [], [], [], []
    pos = 0
    for w, t in tagged(text):
        g = _tag_group(t)
        u = bool(w.strip()) and not _UNUSABLE.search(w)
        starts.append(pos)
        pos += len(w)
        ends.append(pos)
        words.append(w)
        groups.append(g)
        usable.append(u)
        nounish.append(u and (g in _NOUNISH_GROUPS or is_metric(w)))
        passed.append(w in SKIP or w in GLUE)
    m = len(words)
    skipped = [0]
    for p in passed:
        skipped.append(skipped[-1] + p)
    stop, begin = [m] * (m + 1), [0] * (m + 1)
    for q in range(m - 1, -1, -1):
        stop[q] = stop[q + 1] if nounish[q] else q
    for q in range(1, m + 1):
        begin[q] = begin[q - 1] if nounish[q - 1] else q
    return _Words(*map(tuple, (starts, ends, words, groups, usable, nounish, passed, skipped, stop, begin)))


def _side(text: str, after: bool, rule: str, found: list[Candidate]) -> None:
    """The candidates among the words of `text`, which stands right after the
    figure (`after`) or right before it."""
    r = _read(text)
    m, size = len(r.words), len(text)
    for k in range(m):
        if after and r.starts[k] > _MAX_GAP:
            break
        if r.groups[k] in (8, 9) or r.passed[k]:
            continue
        for n in (1, 2, 3):
            e = k + n  # the word after the candidate
            if e > m or not r.usable[e - 1]:
                break
            last = e - 1
            if (not after and size - r.ends[last] > _MAX_GAP) or r.groups[last] in (8, 9, 10) or r.passed[last]:
                continue  # the words passed over between a figure and its label are no part of it (产能|达到)
            cand = text[r.starts[k] : r.ends[last]]
            lo, hi = (0, k) if after else (e, m)  # the words between the candidate and the figure
            cues = (
                after,
                r.starts[k] if after else size - r.ends[last],
                r.skipped[hi] - r.skipped[lo] == hi - lo,
                n,
                len(cand),
                r.groups[last],
                r.groups[e] if e < m else -1,
                is_metric(r.words[last]),
                len(cand) == 1,
                sum(r.nounish[k:e]),
                r.stop[e] - r.begin[k],
                cand == rule,
                bool(rule) and cand in rule and cand != rule,
                bool(rule) and rule in cand and cand != rule,
            )
            found.append(Candidate(cand, cues))


def label_for(place: Place) -> tuple[str, float]:
    """The figure's label and the chance that it is right (out of fold on the
    annotated figures: below 0.6, 48% were; 0.6 to 0.8, 82%; above, 92%)."""
    rule = label_of(place.text, place.i, place.j, place.kind, place.previous_end, place.next_start, place.unit)
    label, log_odds = pick(candidates(place, rule))
    return label, 1.0 / (1.0 + math.exp(-log_odds))


def pick(cands: list[Candidate]) -> tuple[str, float]:
    """The candidate the label model rates highest, with its log-odds; ("", 0) for none."""
    if not cands:
        return "", 0.0
    log_odds = load("figure_labels", FEATURES)
    score, best = max((log_odds(c.cues), k) for k, c in enumerate(cands))
    return cands[best].text, score
