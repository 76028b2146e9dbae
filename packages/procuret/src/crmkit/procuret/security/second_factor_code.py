"""``SecondFactorCode``: ask Procuret to send a 6-digit login code (old path kept).

The code arrives out of band (by email). Pass it as ``code=`` to
:meth:`Session.create_with_email <crmkit.procuret.Session.create_with_email>`.
"""

from __future__ import annotations

from ..enums import Perspective

__all__ = ["SecondFactorCode"]


class SecondFactorCode:
    """Requests second-factor codes (unauthenticated ``POST /second-factor-code``).

    Example:
        >>> SecondFactorCode.create_with_email(              # doctest: +SKIP
        ...     email="someone@somewhere.com",
        ...     plaintext_secret="excellent passphrase",
        ...     perspective=Perspective.BUSINESS)
    """

    PATH = "/second-factor-code"

    @staticmethod
    def create_with_email(
        email: str, plaintext_secret: str, perspective: Perspective | int | None
    ) -> None:
        """Send a code to the account with ``email``. Returns None."""
        from .._legacy import create_second_factor_code

        create_second_factor_code(
            email=email, agent_id=None, plaintext_secret=plaintext_secret, perspective=perspective
        )

    @staticmethod
    def create_with_agent_id(
        agent_id: int, plaintext_secret: str, perspective: Perspective | int | None
    ) -> None:
        """Send a code to the account with ``agent_id``. Returns None."""
        from .._legacy import create_second_factor_code

        create_second_factor_code(
            email=None,
            agent_id=agent_id,
            plaintext_secret=plaintext_secret,
            perspective=perspective,
        )
