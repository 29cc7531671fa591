"""Shared test support: HTTP helpers, the permission matrix machinery, strict parsers.

Imported by tests only; no app imports it.
"""
