"""The old client libraries, run side by side with crmkit (see :mod:`benchmarks.oldlibs.venv`)."""
