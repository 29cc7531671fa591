"""The notifications' panels on other apps' pages (``core.panels``): none.

A user's notices are theirs alone and shown on their own page and desk
(``desk.py``); no record's page shows who was told of it.
"""
