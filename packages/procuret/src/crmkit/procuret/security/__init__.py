"""The old ``procuret.security`` package: :class:`SecondFactorCode`."""

from .second_factor_code import SecondFactorCode

__all__ = ["SecondFactorCode"]
