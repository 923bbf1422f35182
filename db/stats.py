"""What is in the database and how the detector did on the pages people corrected."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pagedesk.core.evaluation import combine, load_gold, score_page
from pagedesk.core.result import PageAnalysis
from pagedesk.db.store import Store


@dataclass
class Stats:
    pages: dict[str, int] = field(default_factory=dict)
    articles: int = 0
    figures: dict[str, int] = field(default_factory=dict)
    corrections: int = 0
    editors: dict[str, int] = field(default_factory=dict)
    corrected_pages: int = 0
    detector: dict = field(default_factory=dict)


def stats(store: Store) -> Stats:
    st = Stats()
    db = store.db
    st.pages = dict(db.execute("select status, count(*) from pages group by status").fetchall())
    st.articles = db.execute("select count(distinct a.id) from articles a join lines l on l.article = a.id").fetchone()[
        0
    ]
    st.figures = dict(db.execute("select status, count(*) from figures group by status").fetchall())
    st.corrections = db.execute("select count(*) from edits").fetchone()[0]
    st.editors = dict(db.execute("select user, count(*) from edits group by user order by count(*) desc").fetchall())
    scores = []
    for (page_id,) in db.execute("select distinct page_id from edits").fetchall():
        detection = store.detection(page_id)
        if detection is None:
            continue
        loaded = store.load(page_id)
        gold = load_gold(loaded.state.to_gold(loaded.row.name), loaded.state.table)
        scores.append(score_page(PageAnalysis.from_json(loaded.state.text, detection), gold))
    st.corrected_pages = len(scores)
    st.detector = combine(scores) if scores else {}
    return st


def tally(values) -> dict:
    return dict(Counter(values))
