"""Shared test configuration: Hypothesis profiles.

Choose a profile with ``--hypothesis-profile=NAME`` or the environment variable
``COMMIT_MEF_HYPOTHESIS_PROFILE``: ``default``, ``ci`` (derandomised, more
examples) or ``fast`` (few examples, for quick local runs).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from commit_mef.observations import _columns as cols_

settings.register_profile("default", deadline=None)
settings.register_profile(
    "ci",
    max_examples=200,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("fast", max_examples=20, deadline=None)
settings.load_profile(os.environ.get("COMMIT_MEF_HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="module", params=["python", "numpy"])
def table_backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a module's tests twice: small tables in Python lists, then every table in numpy.

    Use it with ``pytestmark = pytest.mark.usefixtures("table_backend")``.
    """
    saved = cols_.SMALL_ROWS
    cols_.SMALL_ROWS = saved if request.param == "python" else 0
    yield request.param
    cols_.SMALL_ROWS = saved
