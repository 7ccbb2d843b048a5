"""Where the data of a fiscal year came from, as the year's MANIFEST says: synthetic, real, or not recorded.

One enum, one wording table (``resources/texts.yaml``, ``data_status``): every output asks the status for its
name, its banner and its mark, so that a page, a chart, a sheet and a slide say the same words.

Examples
--------
>>> status = DataStatus.of("synthetic")
>>> status.label, status.is_synthetic
('合成データ', True)
>>> DataStatus.of("real").mark is None
True
>>> DataStatus.of("simulated")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
jusolib.core.errors.ParameterError: unknown data_status 'simulated': expected one of synthetic, real, unknown
"""

from __future__ import annotations

from enum import StrEnum

from jusolib.core.errors import ParameterError
from jusolib.core.resources import texts


class DataStatus(StrEnum):
    """The data status of a year's returns; compares equal to its key (``DataStatus.SYNTHETIC == "synthetic"``)."""

    SYNTHETIC = "synthetic"
    REAL = "real"
    UNKNOWN = "unknown"

    @classmethod
    def of(cls, value: object) -> DataStatus:
        """The status named ``value`` (a key or a status); an error naming the valid keys otherwise.

        Parameters
        ----------
        value
            ``"synthetic"``, ``"real"`` or ``"unknown"`` (the ``data_status`` of a MANIFEST), or a status.

        Returns
        -------
        DataStatus

        Raises
        ------
        ParameterError
            For any other value, listing the valid keys.
        """
        try:
            return cls(str(value))
        except ValueError:
            valid = ", ".join(s.value for s in cls)
            raise ParameterError(f"unknown data_status {value!r}: expected one of {valid}") from None

    def _wording(self, what: str) -> str | None:
        return texts()["data_status"][self.value].get(what)

    @property
    def label(self) -> str:
        """The status's name as a reader reads it (合成データ / 調査回答データ / 出所未記載（MANIFEST なし）)."""
        return str(self._wording("label"))

    @property
    def banner(self) -> str | None:
        """The banner at the top of every page and notebook (``None`` for real returns)."""
        return self._wording("banner")

    @property
    def mark(self) -> str | None:
        """The mark on every chart, slide and printed sheet (``None`` for real returns)."""
        return self._wording("mark")

    @property
    def is_synthetic(self) -> bool:
        """True for synthetic returns (合成データ)."""
        return self is DataStatus.SYNTHETIC
