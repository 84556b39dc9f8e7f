"""Codecs for the public types that are not plain attrs classes (columnar tables, rate tables)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from commit_mef.io._json import Limits

__all__ = ["Codec", "codec_for"]


@attrs.frozen
class Codec:
    """How one type becomes JSON data and back, and the JSON Schema of that data."""

    unstructure: Callable[[Any], Any]
    structure: Callable[[Any, Limits], Any]
    schema: Callable[[], dict[str, Any]]


def codec_for(cls: type) -> Codec | None:
    """The codec of ``cls``, or ``None`` when the cattrs converter handles it."""
    return None
