"""Shared test configuration: Hypothesis profiles.

Choose a profile with ``--hypothesis-profile=NAME`` or the environment variable
``COMMIT_MEF_HYPOTHESIS_PROFILE``: ``default``, ``ci`` (derandomised, more
examples) or ``fast`` (few examples, for quick local runs).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

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
