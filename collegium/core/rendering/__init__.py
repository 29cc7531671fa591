"""Document rendering shared by every document the system prints: letters, later decisions,
tasks and press releases.

- ``dates``: dates in words, in Russian and English ("27 ноября 2025 г.", "27 November 2025");
- ``docx``: editable Word documents (A4 pages, named paragraph styles, page number fields);
- ``pdf``: PDF printed by WeasyPrint from an HTML page, reading local files only.

Pure: a domain composes the wording from its data and hands plain strings
and dates over; nothing here queries the database or knows a model.
"""
