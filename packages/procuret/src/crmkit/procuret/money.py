"""Money: :class:`Currency`, the :data:`Currencies` constants and :class:`Amount`.

On the wire an amount is ``{"magnitude": "26.50", "denomination": <Currency>}``; the
denomination is a full Currency object in responses and a bare currency id (``1``) in what
clients send, and both are read. Magnitudes are :class:`~decimal.Decimal`, never float.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator

from ._base import ProcuretModel
from ._types import DecimalString

__all__ = ["Amount", "Currencies", "Currency"]


class Currency(ProcuretModel):
    """A currency (``indexid`` is Procuret's id: 1 AUD, 2 NZD).

    Example:
        >>> Currency.with_iso4217("aud").name
        'Australian Dollar'
    """

    _positional: ClassVar[tuple[str, ...]] = ("indexid", "name", "iso_4217", "exponent", "symbol")

    indexid: int
    name: str | None = None
    iso_4217: str | None = None
    exponent: int = 2
    symbol: str | None = None

    # -- lookups (the old class methods) ---------------------------------------------------------

    @classmethod
    def with_id(cls, indexid: int) -> Currency | None:
        """The known currency with this id, or None."""
        return _BY_ID.get(indexid)

    @classmethod
    def assertively_with_id(cls, indexid: int) -> Currency:
        """The known currency with this id; an unknown id raises ``LookupError``."""
        found = cls.with_id(indexid)
        if found is None:
            raise LookupError(f"No currency found with id {indexid}")
        return found

    @classmethod
    def with_iso4217(cls, iso_4217: str) -> Currency | None:
        """The known currency with this ISO 4217 code (any case), or None."""
        return _BY_CODE.get(iso_4217.upper())

    # -- formatting -------------------------------------------------------------------------------

    def round_to_maximum_precision(self, amount: Decimal) -> Decimal:
        """``amount`` rounded to the currency's exponent."""
        return round(amount, self.exponent)

    def to_integer_smallest_unit(self, amount: Decimal) -> int:
        """``amount`` in the smallest unit (cents)."""
        return int(amount * (10**self.exponent))

    def from_integer_smallest_unit(self, amount: int) -> Decimal:
        """The magnitude of ``amount`` smallest units."""
        return Decimal(amount) / Decimal(10**self.exponent)

    def to_pretty_string(self, amount: Decimal) -> str:
        """``1,234.50``."""
        return f"{self.round_to_maximum_precision(amount):,}"

    def to_symbolised_pretty_string(self, amount: Decimal) -> str:
        """``$1,234.50``."""
        return (self.symbol or "") + self.to_pretty_string(amount)

    def encode(self) -> int:
        """What clients send for a currency: its id (as the old library did)."""
        return self.indexid


class Currencies:
    """The currencies Procuret knows (the old ``procuret.money.currency.Constants``)."""

    AUD = Currency(indexid=1, name="Australian Dollar", iso_4217="AUD", exponent=2, symbol="$")
    NZD = Currency(indexid=2, name="New Zealand Dollar", iso_4217="NZD", exponent=2, symbol="$")
    ENUMERATIONS: ClassVar[dict[str, Currency]] = {"AUD": AUD, "NZD": NZD}


_BY_ID = {c.indexid: c for c in Currencies.ENUMERATIONS.values()}
_BY_CODE = dict(Currencies.ENUMERATIONS)


def _currency(value: Any) -> Any:
    """Accept a bare currency id (what clients send) as well as a Currency object."""
    if isinstance(value, bool):
        raise ValueError("a currency must be an id or a Currency object, not a bool")
    if isinstance(value, int):
        known = Currency.with_id(value)
        return known.model_copy() if known is not None else {"indexid": value}
    return value


CurrencyField = Annotated[Currency, BeforeValidator(_currency)]
"""A Currency field that also reads a bare currency id."""


class Amount(ProcuretModel):
    """A magnitude in a currency; arithmetic and ordering work within one currency.

    Example:
        >>> (Amount(Decimal("1000.25"), Currencies.AUD) * 2).as_denominated_pretty_string
        'AUD $2,000.50'
    """

    _positional: ClassVar[tuple[str, ...]] = ("magnitude", "denomination")

    magnitude: DecimalString
    denomination: CurrencyField

    # -- presentation -----------------------------------------------------------------------

    @property
    def string_magnitude(self) -> str:
        """The magnitude as a fixed-point string (the old property returned a lambda's repr)."""
        return format(self.magnitude, "f")

    @property
    def pretty_magnitude(self) -> str:
        """``1,234.5``."""
        return f"{self.magnitude:,}"

    @property
    def as_integer_smallest_unit(self) -> int:
        """The amount in cents."""
        return self.denomination.to_integer_smallest_unit(self.magnitude)

    @property
    def as_pretty_string(self) -> str:
        """``1,234.50``."""
        return self.denomination.to_pretty_string(self.magnitude)

    @property
    def as_symbolised_pretty_string(self) -> str:
        """``$1,234.50``."""
        return self.denomination.to_symbolised_pretty_string(self.magnitude)

    @property
    def as_denominated_pretty_string(self) -> str:
        """``AUD $1,234.50``."""
        code = (self.denomination.iso_4217 or str(self.denomination.indexid)).upper()
        return f"{code} {self.as_symbolised_pretty_string}"

    def is_denominated_in(self, currency: Currency) -> bool:
        """Whether this amount is in ``currency``."""
        return self.denomination.indexid == currency.indexid

    @staticmethod
    def denominations_are_homogenous(amounts: list[Amount]) -> bool:
        """Whether every amount shares one currency."""
        return len({a.denomination.indexid for a in amounts}) <= 1

    # -- arithmetic -------------------------------------------------------------------------

    def _same_currency(self, other: Amount) -> None:
        if not isinstance(other, Amount):
            raise TypeError(f"cannot combine an Amount with {type(other).__name__}")
        if other.denomination.indexid != self.denomination.indexid:
            raise ValueError(
                "amounts in different currencies cannot be compared or combined "
                f"({self.denomination.iso_4217} and {other.denomination.iso_4217})"
            )

    def _with(self, magnitude: Decimal) -> Amount:
        return Amount(magnitude=magnitude, denomination=self.denomination)

    def __add__(self, other: Amount) -> Amount:
        self._same_currency(other)
        return self._with(self.magnitude + other.magnitude)

    def __radd__(self, other: Any) -> Amount:
        if other == 0:  # lets sum() start from 0
            return self
        return NotImplemented

    def __sub__(self, other: Amount) -> Amount:
        self._same_currency(other)
        return self._with(self.magnitude - other.magnitude)

    def __mul__(self, other: Decimal | int | str) -> Amount:
        if isinstance(other, float):
            raise TypeError("multiply an Amount by a Decimal or int, not a float")
        return self._with(self.magnitude * Decimal(other))

    __rmul__ = __mul__

    def __truediv__(self, other: Decimal | int | str) -> Amount:
        if isinstance(other, float):
            raise TypeError("divide an Amount by a Decimal or int, not a float")
        return self._with(self.magnitude / Decimal(other))

    def __round__(self, ndigits: int = 0) -> Amount:
        return self._with(round(self.magnitude, ndigits))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Amount):
            return NotImplemented
        return (
            self.denomination.indexid == other.denomination.indexid
            and self.magnitude == other.magnitude
        )

    __hash__ = None  # type: ignore[assignment]

    def __lt__(self, other: Amount) -> bool:
        self._same_currency(other)
        return self.magnitude < other.magnitude

    def __le__(self, other: Amount) -> bool:
        self._same_currency(other)
        return self.magnitude <= other.magnitude

    def __gt__(self, other: Amount) -> bool:
        self._same_currency(other)
        return self.magnitude > other.magnitude

    def __ge__(self, other: Amount) -> bool:
        self._same_currency(other)
        return self.magnitude >= other.magnitude

    def __str__(self) -> str:
        return self.as_denominated_pretty_string
