"""Sphinx configuration for the commit_mef documentation."""

from __future__ import annotations

import doctest
import enum
import re
from typing import Any

import attrs

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
# Defaults as written in the source ("Decimal('0.1')", not its evaluated repr); attrs classes
# have no source for their __init__, so _attrs_defaults() puts their fields' defaults in.
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

# No hidden set-up: each page imports what its examples use, so a reader can copy them as they
# stand (tests/test_docs_examples.py runs them the same way, in a fresh namespace per page).
doctest_global_setup = ""


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


_ATTR_DEFAULT = re.compile(r"attr_dict\['(\w+)'\]\.default")
_FACTORY_DEFAULT = re.compile(r"\b(\w+)=NOTHING\b")
_EMPTY = {list: "[]", tuple: "()", dict: "{}", set: "set()", frozenset: "frozenset()"}


def _default_text(field: attrs.Attribute[Any]) -> str:
    """An attrs field's default as a reader would write it: ``None``, ``()``, ``'USD'``."""
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        factory = default.factory
        if factory in _EMPTY:
            return _EMPTY[factory]
        name = getattr(factory, "__name__", "<lambda>")
        # a default computed from the other fields (Commitment.id from its article)
        return "<computed>" if default.takes_self or name.startswith("<") else f"{name}()"
    if isinstance(default, enum.Enum):
        return f"{type(default).__name__}.{default.name}"
    return repr(default)


def _attrs_defaults(  # noqa: PLR0917 - Sphinx passes the event's seven arguments by position
    app: Any, what: str, name: str, obj: Any, options: Any, signature: str | None, ret: str | None
) -> tuple[str, str | None] | None:
    """Show an attrs class's defaults as values, not ``attr_dict['recipient'].default``.

    attrs generates ``__init__`` with its defaults read from the class's fields (and
    ``NOTHING`` for a factory); with ``autodoc_preserve_defaults`` Sphinx shows that
    generated source text.  Each such default is replaced by the field's own value.
    """
    if not signature or not isinstance(obj, type) or not attrs.has(obj):
        return None
    fields = attrs.fields_dict(obj)
    by_alias = {f.alias: f for f in attrs.fields(obj)}
    signature = _ATTR_DEFAULT.sub(lambda m: _default_text(fields[m.group(1)]), signature)
    signature = _FACTORY_DEFAULT.sub(
        lambda m: (
            f"{m.group(1)}={_default_text(by_alias[m.group(1)])}"
            if m.group(1) in by_alias
            else m.group(0)
        ),
        signature,
    )
    return signature, ret


def setup(app: Any) -> None:
    """Register the resolver of top-level names and the attrs defaults."""
    app.connect("missing-reference", _resolve_top_level)
    app.connect("autodoc-process-signature", _attrs_defaults)
