"""The consultation planner over plain data: no database, no Django.

:mod:`.model` holds the problem and the result, :mod:`.calendar` the working days and
the candidate dates, :mod:`.solver` the CP-SAT model and its explanations, :mod:`.greedy`
a baseline, :mod:`.check` an independent checker of every hard constraint, :mod:`.fileio`
the documented JSON format and :mod:`.generate` seeded instances for tests and the bench.
"""
