"""Articles under construction: the page's paragraphs cut into pieces at the chosen breaks."""

from __future__ import annotations

from dataclasses import dataclass, field

from pagedesk.core.lines import roles as R
from pagedesk.core.segmentation.breaks import Break
from pagedesk.core.segmentation.kinds import BYLINE, CAPTION, HEAD, SIGNATURE
from pagedesk.core.segmentation.units import Unit


@dataclass
class Piece:
    """An article under construction."""

    paras: list[int] = field(default_factory=list)  # unit indexes of body paragraphs
    roles: dict[int, str] = field(default_factory=dict)  # line -> role, for lines not in paras
    start: str = "page"  # what opened it: page | dateline | break
    headed: bool = False  # a headline group was attached to it
    heads: list[list[int]] = field(default_factory=list)  # the headline groups attached
    confidence: float = 0.5  # the chance it is exactly one article (`confidence`)
    cues: dict[str, float] = field(default_factory=dict)  # what that chance was read from


@dataclass
class Segmentation:
    pieces: list[Piece]
    unassigned: dict[int, str]
    units: list[Unit]


def cut_pieces(
    units: list[Unit], paras: list[int], breaks: list[Break], cut: set[int], kinds: dict[int, str]
) -> tuple[list[Piece], list[int]]:
    """Cut the paragraphs into pieces; return them and the units left to attach."""
    loose: list[int] = [i for i in range(0, paras[0]) if kinds.get(i) not in R.UNASSIGNED_ROLES]
    pieces = [Piece(paras=[paras[0]], start="dateline" if units[paras[0]].dateline else "page")]
    for g in breaks:
        cur = pieces[-1]
        if g.k in cut:
            for i in g.between:
                kind = kinds.get(i)
                if kind == SIGNATURE:
                    _give(cur, units[i], SIGNATURE)
                elif kind not in R.UNASSIGNED_ROLES:
                    loose.append(i)
            pieces.append(Piece(paras=[g.right], start="dateline" if units[g.right].dateline else "break"))
        else:
            for i in g.between:
                kind = kinds.get(i)
                role = {HEAD: R.SUBHEAD, BYLINE: R.BYLINE, CAPTION: R.CAPTION, SIGNATURE: R.SIGNATURE}.get(kind)
                if role:
                    _give(cur, units[i], role)
            cur.paras.append(g.right)
    loose += [i for i in range(paras[-1] + 1, len(units)) if kinds.get(i) not in R.UNASSIGNED_ROLES]
    return pieces, loose


def _give(p: Piece, u: Unit, role: str) -> None:
    for ln in u.lines:
        p.roles[ln.no] = role
