"""Sphinx configuration for the commit_mef documentation."""

from __future__ import annotations

import doctest
from typing import Any

import commit_mef

project = "commit_mef"
author = "commit_mef developers"
copyright = "2026, commit_mef developers"
release = commit_mef.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "commit_mef"
# The JSON Schemas (`commit-mef schema -o docs/_extra/schema/v1`) are served where their $id says.
html_extra_path = ["_extra"]

# Docstrings are Google style; types live in the annotations only.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_preserve_defaults = True

# The docs build runs without network access, so cross-references to other projects'
# documentation (intersphinx) are not resolved; these targets are named here instead of
# being silently dropped.  Anything else that does not resolve fails the build (-n -W).
nitpick_ignore_regex = [
    ("py:class", r"(datetime|decimal|enum|collections\.abc|typing|pathlib|os|io)\..*"),
    ("py:class", r"(attrs|attr|pint|cattrs|hypothesis|pandas|numpy|matplotlib)\..*"),
    ("py:class", r"(pyarrow|ibis|pyspark|fractions)\..*"),
    ("py:class", r"(Decimal|date|Path|Enum|Iterable|Iterator|Sequence|Mapping|Callable)"),
    ("py:class", r"(SearchStrategy|DrawFn|Quantity|UnitRegistry|DataFrame|LiteralString)"),
    ("py:class", r"(T|K|V|StrPath|JSONValue|_ValidatorType)"),
    ("py:class", r"dt\..*"),
    ("py:class", r"(sdmx|lxml)\..*|DataMessage|Population"),
    ("py:mod", r"(pycountry|pint|attrs|cattrs|pickle|copy|json|decimal|hypothesis|pandas)"),
    ("py:func", r"(copy|pickle|json|attrs|dataclasses)\..*"),
    ("py:class", r"commit_mef\.[a-z_.]*\._[A-Za-z_]+"),
    ("py:exc", r"(ValueError|TypeError|LookupError|KeyError|Exception)"),
    ("py:obj", r"(commit_mef\..*\.)?(T|K|V)"),
]

# Docstring examples are run by pytest (--doctest-modules); the Sphinx doctest builder runs
# the {doctest} blocks of the pages themselves.
doctest_test_doctest_blocks = ""

# Compare exception messages too (Sphinx ignores their detail by default): the messages are
# part of the contract the pages document.
doctest_default_flags = (
    doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.DONT_ACCEPT_TRUE_FOR_1
)

doctest_global_setup = """
import datetime as dt
from decimal import Decimal
import commit_mef
from commit_mef import *
"""


def _resolve_top_level(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """Resolve ``commit_mef.Period`` (and bare ``Period``) to where it is documented.

    Users import everything from the top-level package, so the docs write
    ``commit_mef.Period``; autodoc documents it as ``commit_mef.periods.Period``.
    """
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    name = target.removeprefix("commit_mef.")
    head, _, rest = name.partition(".")
    module = commit_mef._LAZY.get(head)
    if module is None:
        return None
    qualified = f"commit_mef.{module}.{head}" + (f".{rest}" if rest else "")
    domain = env.get_domain("py")
    return domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], qualified, node, contnode
    )


def setup(app: Any) -> None:
    """Register the resolver of top-level names."""
    app.connect("missing-reference", _resolve_top_level)
