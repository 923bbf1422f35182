"""Readable terminal renderings (rich) of an analysis and of evaluation scores.

Page text is untrusted: it goes into rich Text objects, never into markup, so
`[bold]` in a page prints as it is written.
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pagedesk.core.lines.roles import ROLE_LETTER
from pagedesk.core.result import PageAnalysis
from pagedesk.core.text.safe import printable


def render_analysis(a: PageAnalysis, console: Console | None = None) -> None:
    console = console or Console()
    head = Text()
    head.append(printable(a.path) or "page", style="bold")
    head.append(f"  {a.line_count} lines, {len(a.articles)} articles, {len(a.figures)} figures")
    console.print(head)
    for art in a.articles:
        t = Text()
        t.append(f"\n[{art.index}] ", style="bold")
        if art.kicker:
            t.append(art.kicker + " / ", style="italic")
        t.append(art.title or "(no headline in the text)", style="bold")
        if art.subtitle:
            t.append(" " + art.subtitle)
        console.print(t)
        info = Text(f"    lines {_ranges(art.lines)}  confidence {art.confidence:.2f}", style="dim")
        if art.byline:
            info.append(f"  byline: {art.byline}")
        console.print(info)
        roles = sorted((ln, r) for ln, r in art.roles.items() if r not in ("body",))
        if roles:
            console.print(
                Text("    roles: " + ", ".join(f"{ln} {ROLE_LETTER.get(r, '?')} {r}" for ln, r in roles), style="dim")
            )
        figs = [f for f in a.figures if f.article == art.index]
        if figs:
            table = Table(box=box.SIMPLE, show_edge=False, padding=(0, 1))
            for col in ("line", "text", "value", "unit", "kind", "label", "period", "ISO/range", "conf", "flag"):
                table.add_column(col, overflow="fold")
            for f in figs:
                table.add_row(
                    str(f.line),
                    Text(f.text.replace("\n", "⏎")),
                    Text(figure_value(f.value, f.kind)),
                    Text(f.unit),
                    f.kind,
                    Text(f.label),
                    Text(f.period),
                    Text(figure_when(f)),
                    f"{f.confidence:.2f}",
                    Text(f.flag, style="bold"),
                )
            console.print(table)
    if a.unassigned:
        console.print(
            Text("\nnot in any article: " + ", ".join(f"{ln} {r}" for ln, r in a.unassigned.items()), style="dim")
        )


def render_eval(scored, overall: dict, verbose: bool = False, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
    for col in ("page", "pair F1", "exact", "headlines", "fig P", "fig R"):
        table.add_column(col, justify="right" if col != "page" else "left")
    for name, s in scored:
        table.add_row(
            Text(printable(name)),
            f"{s.pair_f1:.3f}",
            f"{s.articles_exact}/{s.articles}",
            f"{s.attachment:.3f}",
            f"{s.fig_precision:.3f}" if s.figures_scored else "-",
            f"{s.fig_recall:.3f}" if s.figures_scored else "-",
        )
    console.print(table)
    o = overall
    line = (
        f"overall ({o['pages']} pages): line-pair F1 {o['line_pair_f1']:.4f}, "
        f"articles exact {o['articles_exact']}/{o['articles']}, headline attachment {o['headline_attachment']:.4f}"
    )
    if "figure_precision" in o:
        line += f", figures P {o['figure_precision']:.4f} R {o['figure_recall']:.4f}"
        for name in ("label", "period", "iso"):
            if f"figure_{name}" in o:
                line += f", {name.replace('iso', 'ISO')} {o[f'figure_{name}']:.4f}"
    console.print(Text(line, style="bold"))
    if verbose:
        for name, s in scored:
            for m in s.misses:
                console.print(Text(printable(f"{name}: {m}")))


def _ranges(lines: list[int]) -> str:
    out: list[list[int]] = []
    for ln in sorted(lines):
        if out and ln - out[-1][1] <= 2:
            out[-1][1] = ln
        else:
            out.append([ln, ln])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in out)


def figure_when(f) -> str:
    """A figure's ISO date or period, else the ends of its range (2–3, 10亿–100亿
    as numbers): what the editor checks beside the value."""
    if f.iso:
        return f.iso
    if f.low is not None and f.high is not None:
        return f"{figure_value(f.low, f.kind)}–{figure_value(f.high, f.kind)}"
    return ""


def figure_value(v: float, kind: str) -> str:
    """A figure's value as an editor reads it: thousands grouped (1,800),
    except in dates, where 2024 is a year and not two thousand and some."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, int):
        return str(v) if kind == "date" else f"{v:,}"
    return f"{v:g}"
