"""The version of the crmkit umbrella distribution."""

__version__ = "0.1.0"
