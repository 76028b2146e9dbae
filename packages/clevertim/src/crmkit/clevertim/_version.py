"""The version of the crmkit-clevertim distribution."""

__version__ = "0.1.0"
