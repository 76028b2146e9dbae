"""The version of the crmkit-spreedly distribution."""

__version__ = "0.1.0"
