"""Pure rules of execution: due dates, overdue, the roll-up of progress, the interim report.

Imports nothing of Django or of the project: the services and selectors load
plain rows and call these functions (see ``schedule``, ``rollup``, ``report``).
"""
