"""pagedesk's user interfaces: the `pagedesk` command line and the review app.

Importing this package loads neither textual nor jieba; the review app pulls
in textual when it starts.
"""
