"""Observations: the figures governments report, one at a time or millions in a column store.

An :class:`Observation` is one reported figure: which indicator, which country
(or :class:`CountryPair` for a bilateral fact), over which period, its value
(a number, an amount of :class:`~commit_mef.Money`, a yes/no or a text), on
which :class:`Basis` (a total over the period, an amount per year, a state at
the time...), its disaggregation (``sex=female``), its source and its quality
flags.

An :class:`ObservationTable` holds many observations as columns: every key
(indicator, country, period, unit, currency, each disaggregation dimension...)
is dictionary-encoded as small unsigned integer codes into a tuple of
categories, and the numbers are kept exactly as integers scaled by one power
of ten per table (like Arrow's ``decimal128``) -- never as binary floats.
The table needs numpy, which it imports on first use; a small table built
from rows keeps the same columns in Python lists instead, so that a short
script never pays for importing numpy (its public accessors still hand out
numpy arrays).

Examples:
    >>> import attrs
    >>> from decimal import Decimal
    >>> from commit_mef import Observation, ObservationTable
    >>> obs = Observation(
    ...     indicator="training.people_trained",
    ...     country="LAO",
    ...     period="2011-2014",
    ...     value=Decimal("440"),
    ...     unit="person",
    ... )
    >>> obs.country.name, str(obs.period), obs.value
    ('Lao PDR', '2011-2014', Decimal('440'))
    >>> table = ObservationTable.from_rows([obs, attrs.evolve(obs, value=Decimal("78"))])
    >>> len(table), [o.value for o in table]
    (2, [Decimal('440'), Decimal('78')])
"""

from __future__ import annotations

from typing import TypeAlias

from commit_mef.observations import _observation
from commit_mef.observations._observation import Basis, Bound, CountryPair, Observation
from commit_mef.observations._table import ObservationTable, TableColumns

__all__ = [
    "Basis",
    "Bound",
    "CountryPair",
    "Observation",
    "ObservationTable",
    "TableColumns",
    "Value",
]

# defined in _observation (which needs it); named again here so that the reference documents it
Value: TypeAlias = _observation.Value
"""The values an observation may hold (a number, money, yes/no, a text, or ``None`` for unknown)."""
