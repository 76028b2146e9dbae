"""The version of the crmkit-core distribution."""

__version__ = "0.1.0"
