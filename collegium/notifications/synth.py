"""The notifications' part of ``collegium synth`` (``devdata.synth``): nothing to add.

The synthetic volume has no users, and notices exist only for users; the
notices a synthetic history would call for are a function of its invitations
and arrangements, which the events' part loads.  No ``synth_generate``, so
``devdata.synth.contributions`` passes this app by.
"""
