"""The version of the crmkit-prosperworks distribution."""

__version__ = "0.1.0"
