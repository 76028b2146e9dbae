"""The version of the crmkit-procuret distribution."""

__version__ = "0.1.0"
