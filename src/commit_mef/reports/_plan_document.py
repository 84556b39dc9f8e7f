"""The plan as a document: the public renderers of :class:`PlanDocument`, one per format."""

from __future__ import annotations

import json
from typing import Any

from commit_mef._validators import check_type
from commit_mef.errors import ValidationError
from commit_mef.reports._plan_build import plan_document
from commit_mef.reports._plan_model import (
    NOT_SET,
    CoverageRow,
    FrameworkRow,
    PlanArea,
    PlanDocument,
)

__all__ = [
    "NOT_SET",
    "PLAN_FORMATS",
    "CoverageRow",
    "FrameworkRow",
    "PlanArea",
    "PlanDocument",
    "plan_document",
    "render_plan",
    "render_plan_html",
    "render_plan_json",
    "render_plan_markdown",
    "render_plan_text",
]

#: The formats :func:`render_plan` (and ``commit-mef plan --format``) writes.
PLAN_FORMATS: tuple[str, ...] = ("text", "markdown", "html", "json")


def render_plan_text(doc: PlanDocument, *, width: int = 100) -> str:
    """Render a plan document as plain text: per area, one block per framework row.

    Args:
        doc: The document model (:func:`plan_document`).
        width: The widest line (default 100).

    Examples:
        >>> from commit_mef import datasets
        >>> text = render_plan_text(plan_document(datasets.plan("SPA IV")))
        >>> text.splitlines()[0]
        'SPA IV: COMMIT Sub-Regional Plan of Action IV'
        >>> "  Baseline: not set" in text
        True
    """
    check_type(doc, PlanDocument, "render_plan_text()")
    from commit_mef.reports._plan_render import render_text

    return render_text(doc, width=width)


def render_plan_markdown(doc: PlanDocument) -> str:
    """Render a plan document as Markdown: a pipe table per area, then the MoU coverage.

    Examples:
        >>> from commit_mef import datasets
        >>> md = render_plan_markdown(plan_document(datasets.plan("SPA IV")))
        >>> md.splitlines()[0], "## Coverage of the MoU" in md
        ('# SPA IV: COMMIT Sub-Regional Plan of Action IV', True)
    """
    check_type(doc, PlanDocument, "render_plan_markdown()")
    from commit_mef.reports._plan_render import render_markdown

    return render_markdown(doc)


def render_plan_html(doc: PlanDocument) -> str:
    """Render a plan document as one self-contained HTML page, for the screen and for print.

    Inline CSS, no script and nothing fetched; every text is escaped; the wide framework
    tables scroll inside their box on a phone (390 px) and print on A4 landscape with their
    headings repeated on each page.

    Examples:
        >>> from commit_mef import datasets
        >>> html = render_plan_html(plan_document(datasets.plan("SPA IV")))
        >>> html.startswith("<!DOCTYPE html>"), "<script" in html, "http://" in html
        (True, False, False)
    """
    check_type(doc, PlanDocument, "render_plan_html()")
    from commit_mef.reports._plan_render import render_html

    return render_html(doc)


def render_plan_json(doc: PlanDocument) -> dict[str, Any]:
    """A plan document as JSON-ready data: the document :func:`commit_mef.io.dumps` writes.

    Empty parts stay empty (``""`` or ``[]``), so a program can tell them apart;
    :func:`commit_mef.io.loads` reads the text back into an equal :class:`PlanDocument`.

    Examples:
        >>> from commit_mef import datasets, io
        >>> doc = plan_document(datasets.plan("SPA IV"))
        >>> data = render_plan_json(doc)
        >>> data["type"], data["data"]["areas"][0]["rows"][0]["baseline"]
        ('PlanDocument', '')
        >>> io.loads(json.dumps(data)) == doc
        True
    """
    check_type(doc, PlanDocument, "render_plan_json()")
    from commit_mef import io

    data: dict[str, Any] = json.loads(io.dumps(doc))
    return data


def render_plan(doc: PlanDocument, fmt: str = "text") -> str:
    """Render a plan document in one of :data:`PLAN_FORMATS`, as a string.

    Raises:
        ValidationError: an unknown format.

    Examples:
        >>> from commit_mef import datasets
        >>> doc = plan_document(datasets.plan("SPA III"))
        >>> render_plan(doc, "json").startswith("{")
        True
        >>> render_plan(doc, "pdf")
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: format: unknown plan-document format 'pdf'; use one of text, markdown, html, json
    """
    check_type(doc, PlanDocument, "render_plan()")
    if fmt == "text":
        return render_plan_text(doc)
    if fmt == "markdown":
        return render_plan_markdown(doc)
    if fmt == "html":
        return render_plan_html(doc)
    if fmt == "json":
        return json.dumps(render_plan_json(doc), ensure_ascii=False, indent=2) + "\n"
    raise ValidationError(
        f"unknown plan-document format {fmt!r}; use one of {', '.join(PLAN_FORMATS)}",
        path="format",
    )
