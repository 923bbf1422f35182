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

# One-letter gutter marks for screens without colour.
ROLE_MARK = {
    HEADLINE: "H",
    KICKER: "K",
    SUBTITLE: "S",
    BYLINE: "Y",
    DATELINE: "D",
    SUBHEAD: "h",
    BODY: "·",
    CAPTION: "C",
    SIGNATURE: "G",
    FURNITURE: "F",
    AD: "A",
    CONTINUATION: "N",
}
