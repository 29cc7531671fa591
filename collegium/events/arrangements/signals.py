"""What the arrangements room tells the rooms that act on arrangements in force.

Sent inside the writing transaction, so a receiver's writes commit or roll
back with the arrangement's.  The invitations room receives it: the parties'
future events covered get their invitations.
"""

from django.dispatch import Signal

# An arrangement came into force, was resumed, or gained a party by accession.
# Arguments: ``actor`` and ``arrangement``.
arrangement_in_force = Signal()

# A party withdrew from an arrangement: bound through ``on``, not after.
# Arguments: ``actor``, ``arrangement``, ``party`` and ``on``.
arrangement_party_withdrawn = Signal()
