"""The pure engine of documents: canonical bytes, structure and identifiers, diffs.

Nothing here imports Django: the services load the records, turn them into
plain dictionaries and call these functions (README: pure engines).
"""
