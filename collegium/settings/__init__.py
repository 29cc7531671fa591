"""Settings packages: ``base`` (development default), ``production`` and ``test``."""
