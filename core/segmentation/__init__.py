"""Article segmentation: which lines make up which article, in which role.

`units` turns lines into units (body paragraphs, short lines, marked lines);
`segment` runs the phases, each in a module of its own:

1. `kinds`: what each unit is (headline line, byline, caption, signature);
2. `breaks`: the cues of every break between two body paragraphs and the
   break model's log-odds that an article ends there;
3. `cuts`: which breaks are cut (marked beyond doubt, then `cut_count` and
   `alignment`), and `pieces`: the paragraphs cut into articles;
4. `headlines`, `attachment` and `headline_runs`: headline groups given to
   the article whose body shares their words;
5. `reunion`: a body split by a column-order error put back together.
"""
