"""What the invitations room tells the apps that follow its moves (notifications).

Sent once the writing transaction has committed (``transaction.on_commit``), so
a receiver sees the move stored and can never roll it back: a failing receiver
leaves the invitation as it was written.  The events app imports none of its
followers; they connect their receivers in their ``AppConfig.ready()``.
"""

from django.dispatch import Signal

# A draft invitation was sent to its invitee.  Arguments: ``actor`` and ``invitation``.
invitation_sent = Signal()

# The invitee's answer (accepted or declined) was recorded or corrected.
# Arguments: ``actor``, ``invitation`` and ``corrected`` (a correction of an earlier answer).
invitation_answered = Signal()
