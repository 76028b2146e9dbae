"""The version of the crmkit-contacthub distribution."""

__version__ = "0.1.0"
