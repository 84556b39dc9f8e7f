"""Strategies for the interchange settings: DHIS2 mappings and IATI organisations."""

from __future__ import annotations

import string

from hypothesis import strategies as st

from commit_mef.countries import GMS
from commit_mef.io import Dhis2Mapping, IatiOrganisation

__all__ = ["dhis2_mappings", "dhis2_uids", "iati_organisations"]


def dhis2_uids() -> st.SearchStrategy[str]:
    """DHIS2 UIDs: 11 letters and digits, a letter first.

    Examples:
        >>> from hypothesis import find
        >>> len(find(dhis2_uids(), lambda uid: True))
        11
    """
    letters = string.ascii_letters
    return st.builds(
        lambda first, rest: first + rest,
        st.sampled_from(letters),
        st.text(alphabet=letters + string.digits, min_size=10, max_size=10),
    )


def dhis2_mappings(
    indicators: tuple[str, ...] = ("victims.detected",),
) -> st.SearchStrategy[Dhis2Mapping]:
    """Mappings with a UID for each of ``indicators`` and each COMMIT member.

    Examples:
        >>> from hypothesis import find
        >>> sorted(find(dhis2_mappings(), lambda m: True).org_units)
        ['CHN', 'KHM', 'LAO', 'MMR', 'THA', 'VNM']
    """
    uids = st.lists(
        dhis2_uids(),
        min_size=len(indicators) + len(GMS),
        max_size=len(indicators) + len(GMS),
        unique=True,
    )
    return uids.map(
        lambda ids: Dhis2Mapping(
            data_elements=dict(zip(indicators, ids, strict=False)),
            org_units={c.alpha_3: uid for c, uid in zip(GMS, ids[len(indicators) :], strict=True)},
        )
    )


def iati_organisations() -> st.SearchStrategy[IatiOrganisation]:
    """Reporting organisations with a made-up identifier and an IATI OrganisationType code.

    Examples:
        >>> from hypothesis import find
        >>> find(iati_organisations(), lambda o: True).ref.startswith("XM-")
        True
    """
    return st.builds(
        IatiOrganisation,
        ref=st.text(alphabet=string.ascii_uppercase + string.digits, min_size=1, max_size=8).map(
            lambda s: f"XM-{s}"
        ),
        name=st.text(alphabet=string.ascii_letters + " ", min_size=1, max_size=30).filter(
            str.strip
        ),
        type=st.sampled_from(["10", "15", "21", "22", "40", "60", "80"]),
    )
