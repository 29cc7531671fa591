"""What the arrangements room tells the rooms that act on arrangements in force.

``arrangement_in_force`` and ``arrangement_party_withdrawn`` are sent inside
the writing transaction, so a receiver's writes commit or roll back with the
arrangement's.  The invitations room receives them: the parties' future
events covered get their invitations.  ``consents_requested`` is sent once
the transaction has committed, for the apps that only tell people about it
(notifications).
"""

from django.dispatch import Signal

# An arrangement came into force, was resumed, or gained a party by accession.
# Arguments: ``actor`` and ``arrangement``.
arrangement_in_force = Signal()

# A party withdrew from an arrangement: bound through ``on``, not after.
# Arguments: ``actor``, ``arrangement``, ``party`` and ``on``.
arrangement_party_withdrawn = Signal()

# Parties were asked for their consent: a motion on the arrangement (bringing it into
# force, suspending, resuming, terminating) or an accession was opened.  Sent after
# the commit.  Arguments: ``actor``, ``arrangement`` and ``consents`` (the pending
# ``Consent`` records, one per party asked).
consents_requested = Signal()
