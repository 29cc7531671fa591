"""The annual plan of inter-ministry consultations, built by a constraint solver (issue 11)."""
