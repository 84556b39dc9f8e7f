"""Population totals (World Bank WDI ``SP.POP.TOTL``) as denominators for rates."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType

import attrs

from commit_mef._caches import built_once
from commit_mef._validators import check_type
from commit_mef.countries import Country, country
from commit_mef.datasets._files import data_bytes
from commit_mef.errors import MissingDataError

__all__ = ["Population", "population"]


def _freeze(value: Mapping[tuple[str, int], int]) -> Mapping[tuple[str, int], int]:
    check_type(value, Mapping, "Population.values")
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class Population:
    """Mid-year population by country and year, with its source.

    Attributes:
        values: Population by ``(alpha_3, year)``.
        source: Where the figures come from.
        vintage: Which release of the source.

    Examples:
        >>> pop = population()
        >>> pop.of("Lao PDR", 2014) > 6_000_000
        True
        >>> pop.rate(Decimal(150), "KHM", 2014)  # per 100,000 population
        Decimal('0.974...')
    """

    values: Mapping[tuple[str, int], int] = attrs.field(converter=_freeze, repr=False)
    source: str = "World Bank, World Development Indicators, SP.POP.TOTL"
    vintage: str = ""

    def of(self, country_: str | Country, year: int) -> int:
        """The population of a country in a year.

        Raises:
            MissingDataError: the table has no figure for that country and year.

        Examples:
            >>> population().of("THA", 2030)
            Traceback (most recent call last):
            ...
            commit_mef.errors.MissingDataError: no population figure for Thailand in 2030; the table has 2000-2025 for it
        """
        found = country(country_)
        value = self.values.get((found.alpha_3, year))
        if value is None:
            years = sorted(y for (code, y) in self.values if code == found.alpha_3)
            span = f"{years[0]}-{years[-1]} for it" if years else "no figures for it"
            raise MissingDataError(
                f"no population figure for {found.name} in {year}; the table has {span}",
                dataset="population",
                key=f"{found.alpha_3} {year}",
            )
        return value

    def rate(
        self, count: int | Decimal, country_: str | Country, year: int, *, per: int = 100_000
    ) -> Decimal:
        """``count`` per ``per`` population (the form of SDG indicator 16.2.2).

        Examples:
            >>> population().rate(0, "VNM", 2015)
            Decimal('0')
        """
        return Decimal(count) * per / self.of(country_, year)

    def countries(self) -> tuple[str, ...]:
        """The alpha-3 codes the table covers, sorted.

        Examples:
            >>> "MMR" in population().countries()
            True
        """
        return tuple(sorted({code for code, _ in self.values}))

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, int, int]], **kwargs: str) -> Population:
        """Build a table from ``(country, year, population)`` rows.

        Examples:
            >>> Population.from_rows([("KHM", 2014, 15_000_000)]).of("Cambodia", 2014)
            15000000
        """
        return cls(values={(country(c).alpha_3, y): v for c, y, v in rows}, **kwargs)


@built_once
def population() -> Population:
    """The shipped population table: the six COMMIT countries and named partners, 2000 onward.

    Examples:
        >>> population().source
        'World Bank, World Development Indicators, SP.POP.TOTL'
    """
    text = data_bytes("population.csv").decode("utf-8")
    values: dict[tuple[str, int], int] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row["Value"]:
            values[(row["Country Code"], int(row["Year"]))] = int(Decimal(row["Value"]))
    return Population(values=values, vintage="WDI mirror commit 4ebec5a, 2026-07-01")
