"""Line roles: what a line is for.

Part of an article (headline, kicker, subtitle, byline, dateline, subhead,
body, caption, signature) or not (furniture, ad, continuation). The markers
that reveal a role in the text are in `markers`.
"""

from __future__ import annotations

HEADLINE = "headline"
KICKER = "kicker"
SUBTITLE = "subtitle"
BYLINE = "byline"
DATELINE = "dateline"
SUBHEAD = "subhead"
BODY = "body"
CAPTION = "caption"
SIGNATURE = "signature"
FURNITURE = "furniture"
AD = "ad"
CONTINUATION = "continuation"

ARTICLE_ROLES = (HEADLINE, KICKER, SUBTITLE, BYLINE, DATELINE, SUBHEAD, BODY, CAPTION, SIGNATURE)
UNASSIGNED_ROLES = (FURNITURE, AD, CONTINUATION)
ALL_ROLES = ARTICLE_ROLES + UNASSIGNED_ROLES
HEAD_ROLES = (HEADLINE, KICKER, SUBTITLE)

# One letter per role, the same everywhere: the review's gutter shows it,
# its role prompt takes it (as a lower-case key), its help and the README
# list it. A screen without colour still says every line's role.
ROLE_LETTER = {
    HEADLINE: "H",
    KICKER: "K",
    SUBTITLE: "T",
    BYLINE: "Y",
    DATELINE: "D",
    SUBHEAD: "S",
    BODY: "B",
    CAPTION: "C",
    SIGNATURE: "G",
    FURNITURE: "F",
    AD: "A",
    CONTINUATION: "N",
}
ROLE_OF_LETTER = {letter: role for role, letter in ROLE_LETTER.items()}
