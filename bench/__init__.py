"""The benchmark harness (``make bench``, ``make bench-stress``): never part of ``make test``."""
