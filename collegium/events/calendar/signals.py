"""What the calendar tells the rooms that follow its events.

Sent inside the writing transaction, so a receiver's writes commit or roll
back with the event's.  The invitations room receives it (its invitations
follow their event's first day and visibility, and new dates, kinds or
organizers may call for more); the calendar imports none of its followers.
"""

from django.dispatch import Signal

# An event was created or changed (fields, organizers, dates or a status move
# that set new dates).  Arguments: ``actor``, ``event``, ``created`` and, for
# a new event, its ``organizers`` (as set), for a change, ``previous_start_date``
# and ``previous_visibility``.
event_changed = Signal()
