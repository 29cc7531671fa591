"""Meetings: the agenda and the delegations of a joint meeting (an event of a meeting kind)."""
