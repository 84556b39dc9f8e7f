"""The 2004 COMMIT Memorandum of Understanding: its sections and its commitments.

A :class:`MoU` has a title, a date, a place, its signatories and five
:class:`Section` s; each :class:`Commitment` is one article, with the section
it belongs to, a summary, its full text where known, and the plan areas it
maps to.  Plan targets link to commitments by :attr:`Commitment.id`.

The article numbers, the article-to-section mapping and the article texts of
the 2004 MoU are not public, so the shipped data leaves them empty; load your
own copy with :meth:`MoU.with_texts` or :meth:`MoU.load_texts`.

Examples:
    >>> import datetime as dt
    >>> from commit_mef.commitments import MoU, Section
    >>> mou = MoU(
    ...     title="Memorandum of Understanding on Cooperation against Trafficking in Persons",
    ...     date=dt.date(2004, 10, 29),
    ...     place="Yangon",
    ...     signatories=("KHM", "CHN", "LAO", "MMR", "THA", "VNM"),
    ...     sections=(Section(number="I", theme="Policy and Cooperation"),),
    ...     article_count=34,
    ... )
    >>> mou = mou.with_texts({1: "The Parties shall ..."})
    >>> mou.commitment(1).text
    'The Parties shall ...'
    >>> mou.commitment(1).id
    'article-1'
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from commit_mef._paths import open_regular
from commit_mef._validators import country_tuple, non_empty_str
from commit_mef.countries import Country
from commit_mef.errors import InvalidTypeError, LoadError, NotFoundError, Problem, ValidationError

__all__ = [
    "Commitment",
    "MoU",
    "Section",
    "roman_to_int",
]

_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(numeral: str) -> int:
    """The value of an upper-case Roman numeral.

    Raises:
        ValidationError: ``numeral`` is not a Roman numeral.

    Examples:
        >>> roman_to_int("IV"), roman_to_int("XII")
        (4, 12)
        >>> roman_to_int("IIII")
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: 'IIII' is not a Roman numeral; write sections as 'I', 'II', ... 'V'
    """
    if not isinstance(numeral, str) or not numeral or not _ROMAN.match(numeral):
        raise ValidationError(
            f"{numeral!r} is not a Roman numeral; write sections as 'I', 'II', ... 'V'"
        )
    total = 0
    for char, following in zip(numeral, [*numeral[1:], ""], strict=True):
        value = _ROMAN_VALUES[char]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total


def _check_roman(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None and attr.name == "section":
        return
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"{type(inst).__name__}.{attr.name} must be a Roman numeral string such as 'II', "
            f"got {type(value).__name__} {value!r}"
        )
    try:
        roman_to_int(value)
    except ValidationError as exc:
        raise ValidationError(str(exc), path=f"{type(inst).__name__}.{attr.name}") from None


@attrs.frozen(kw_only=True)
class Section:
    """One section of the MoU (I to V), grouping articles under a theme.

    Attributes:
        number: Roman numeral (``"II"``).
        theme: What the section is about.
        note: Anything worth knowing (for section V: it sets up the COMMIT machinery).

    Examples:
        >>> s = Section(number="III", theme="Protection, Recovery and Reintegration")
        >>> s.index
        3
        >>> Section(number="3", theme="Protection")
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: Section.number: '3' is not a Roman numeral; write sections as 'I', 'II', ... 'V'
    """

    number: str = attrs.field(validator=_check_roman)
    theme: str = attrs.field(validator=non_empty_str)
    note: str = ""

    @property
    def index(self) -> int:
        """The section number as an integer.

        Examples:
            >>> Section(number="V", theme="Mechanism").index
            5
        """
        return roman_to_int(self.number)


def _check_article(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(
            f"Commitment.article must be an int, got {type(value).__name__} {value!r}"
        )
    if value < 1:
        raise ValidationError(
            f"article number must be 1 or more, got {value}", path="Commitment.article"
        )


def _check_areas(inst: object, attr: attrs.Attribute[Any], value: tuple[int, ...]) -> None:
    for i, area in enumerate(value):
        if isinstance(area, bool) or not isinstance(area, int) or area < 1:
            raise ValidationError(
                f"an area is a positive plan area number such as 3, got {area!r}",
                path=f"Commitment.areas[{i}]",
            )


def _to_ints(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(value)


def _to_sections(value: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(value)


def _sorted(value: Iterable[Commitment]) -> tuple[Commitment, ...]:
    return tuple(sorted(value, key=lambda c: c.article))


def _optional_text(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidTypeError(
            f"Commitment.{attr.name} must be a string or None, got {type(value).__name__}"
        )


@attrs.frozen(kw_only=True)
class Commitment:
    """One article of the MoU: what the governments committed to.

    Attributes:
        article: The article number (1 or more).
        section: The Roman number of the section the article belongs to, or
            ``None`` where that is not known.
        summary: A short paraphrase; empty where not known.
        text: The full text, or ``None`` where not known.
        areas: The numbers of the plan areas the article maps to.
        id: How plan targets refer to it; ``"article-<n>"`` by default.

    Examples:
        >>> c = Commitment(article=7, section="II", areas=(2,))
        >>> c.id, c.text is None
        ('article-7', True)
        >>> Commitment(article=0)
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: Commitment.article: article number must be 1 or more, got 0
    """

    article: int = attrs.field(validator=_check_article)
    section: str | None = attrs.field(default=None, validator=_check_roman)
    summary: str = attrs.field(default="", validator=_optional_text)
    text: str | None = attrs.field(default=None, validator=_optional_text)
    areas: tuple[int, ...] = attrs.field(default=(), converter=_to_ints, validator=_check_areas)
    id: str = attrs.field(
        default=attrs.Factory(lambda self: f"article-{self.article}", takes_self=True),
        validator=non_empty_str,
    )


def _check_date(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidTypeError(
            f"MoU.date must be a datetime.date, got {type(value).__name__} {value!r}; "
            "write datetime.date(2004, 10, 29)"
        )


def _check_mou(inst: MoU) -> None:
    numbers: set[str] = set()
    for i, section in enumerate(inst.sections):
        if not isinstance(section, Section):
            raise InvalidTypeError(
                f"MoU.sections[{i}] must be a Section, got {type(section).__name__}"
            )
        if section.number in numbers:
            raise ValidationError(
                f"section {section.number} is listed twice; list each section once",
                path=f"MoU.sections[{i}]",
            )
        numbers.add(section.number)
    articles: set[int] = set()
    for i, commitment in enumerate(inst.commitments):
        if not isinstance(commitment, Commitment):
            raise InvalidTypeError(
                f"MoU.commitments[{i}] must be a Commitment, got {type(commitment).__name__}"
            )
        if commitment.article in articles:
            raise ValidationError(
                f"article {commitment.article} is listed twice; merge the two entries",
                path=f"MoU.commitments[{i}]",
            )
        articles.add(commitment.article)
        if commitment.section is not None and commitment.section not in numbers:
            raise ValidationError(
                f"article {commitment.article} names section {commitment.section}, which the "
                f"MoU does not have (it has {', '.join(sorted(numbers, key=roman_to_int)) or 'none'})",
                path=f"MoU.commitments[{i}].section",
            )
        if inst.article_count is not None and commitment.article > inst.article_count:
            raise ValidationError(
                f"article {commitment.article} is beyond the MoU's {inst.article_count} articles; "
                "check the number or raise article_count",
                path=f"MoU.commitments[{i}].article",
            )


@attrs.frozen(kw_only=True)
class MoU:
    """A memorandum of understanding: who signed what, when and where.

    Attributes:
        title: The title as cited.
        date: The day it was signed.
        place: Where it was signed.
        signatories: The signatory countries (anything :func:`~commit_mef.country` accepts).
        sections: Its sections, in order.
        commitments: Its articles, as far as known, ordered by number.
        article_count: How many articles it has, if known.

    Raises:
        ValidationError: a section or article listed twice, an article in a
            section the MoU does not have, or beyond ``article_count``.

    Examples:
        >>> import datetime as dt
        >>> mou = MoU(
        ...     title="COMMIT MoU",
        ...     date=dt.date(2004, 10, 29),
        ...     place="Yangon",
        ...     signatories=("Cambodia", "Laos"),
        ...     sections=(Section(number="I", theme="Policy and Cooperation"),),
        ... )
        >>> [c.alpha_3 for c in mou.signatories]
        ['KHM', 'LAO']
        >>> mou.section("I").theme
        'Policy and Cooperation'
    """

    title: str = attrs.field(validator=non_empty_str)
    date: dt.date = attrs.field(validator=_check_date)
    place: str = attrs.field(validator=non_empty_str)
    signatories: tuple[Country, ...] = attrs.field(default=(), converter=country_tuple)
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_to_sections)
    commitments: tuple[Commitment, ...] = attrs.field(default=(), converter=_sorted)
    article_count: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(1))
    )

    def __attrs_post_init__(self) -> None:
        _check_mou(self)

    def section(self, number: str) -> Section:
        """The section with Roman number ``number``.

        Raises:
            LookupError: no such section.

        Examples:
            >>> import datetime as dt
            >>> MoU(title="t", date=dt.date(2004, 1, 1), place="p").section("IX")
            Traceback (most recent call last):
            ...
            commit_mef.errors.NotFoundError: the MoU has no section IX (it has: none)
        """
        for section in self.sections:
            if section.number == number:
                return section
        known = ", ".join(s.number for s in self.sections) or "none"
        raise NotFoundError(
            f"the MoU has no section {number} (it has: {known})",
            what="section",
            key=number,
            available=(s.number for s in self.sections),
        )

    def commitment(self, article: int | str) -> Commitment:
        """The commitment for an article number, or with an id such as ``"article-3"``.

        Raises:
            LookupError: no such article is recorded.

        Examples:
            >>> import datetime as dt
            >>> mou = MoU(title="t", date=dt.date(2004, 1, 1), place="p",
            ...           commitments=(Commitment(article=3),))
            >>> mou.commitment("article-3").article
            3
        """
        for commitment in self.commitments:
            if article in (commitment.article, commitment.id):
                return commitment
        raise NotFoundError(
            f"the MoU records no article {article!r}; load the article texts first",
            what="article",
            key=article,
            hint="load the texts with MoU.with_texts() or MoU.load_texts()",
        )

    def with_texts(self, texts: Mapping[int | str, str]) -> MoU:
        """A copy with the full texts of articles filled in.

        Articles not yet recorded are added (with no section, which you can
        set afterwards with :func:`attrs.evolve`).

        Args:
            texts: Article number (``3`` or ``"3"``) to its full text.

        Raises:
            ValidationError: a key is not an article number, a text is not a
                string, or an article is beyond ``article_count``.

        Examples:
            >>> import datetime as dt
            >>> mou = MoU(title="t", date=dt.date(2004, 1, 1), place="p", article_count=34)
            >>> [c.article for c in mou.with_texts({"2": "b", 1: "a"}).commitments]
            [1, 2]
            >>> mou.with_texts({35: "x"})
            Traceback (most recent call last):
            ...
            commit_mef.errors.ValidationError: MoU.commitments[0].article: article 35 is beyond the MoU's 34 articles; check the number or raise article_count
        """
        by_article = {c.article: c for c in self.commitments}
        for key, text in texts.items():
            number = _article_number(key)
            if not isinstance(text, str):
                raise ValidationError(
                    f"the text of article {number} must be a string, got {type(text).__name__}",
                    path=f"texts[{key!r}]",
                )
            existing = by_article.get(number)
            by_article[number] = (
                Commitment(article=number, text=text)
                if existing is None
                else attrs.evolve(existing, text=text)
            )
        return attrs.evolve(self, commitments=tuple(by_article.values()))

    def load_texts(self, path: str | os.PathLike[str]) -> MoU:
        """A copy with article texts read from a JSON file of your own.

        The file holds either an object mapping article numbers to texts
        (``{"1": "...", "2": "..."}``) or a list of objects with ``article``,
        ``text`` and optionally ``section``, ``summary`` and ``areas``.

        Raises:
            LoadError: the file cannot be read or holds something else; every
                problem is reported with its path.

        Examples:
            >>> import datetime as dt, json, pathlib, tempfile
            >>> tmp = pathlib.Path(tempfile.mkdtemp()) / "mou.json"
            >>> _ = tmp.write_text(json.dumps([{"article": 2, "section": "I", "text": "..."}]))
            >>> mou = MoU(title="t", date=dt.date(2004, 1, 1), place="p",
            ...           sections=(Section(number="I", theme="Policy"),))
            >>> mou.load_texts(tmp).commitment(2).section
            'I'
        """
        name = os.fspath(path)
        try:
            with open_regular(name) as handle:
                data = json.load(handle)
        except (OSError, ValueError) as exc:
            raise LoadError([Problem("$", f"cannot read JSON: {exc}")], source=name) from exc
        return self._merge(data, source=name)

    def _merge(self, data: object, *, source: str) -> MoU:
        entries = _parse_entries(data, source=source)
        by_article = {c.article: c for c in self.commitments}
        for entry in entries:
            old = by_article.get(entry.article)
            by_article[entry.article] = (
                entry
                if old is None
                else attrs.evolve(
                    old,
                    text=entry.text if entry.text is not None else old.text,
                    section=entry.section or old.section,
                    summary=entry.summary or old.summary,
                    areas=entry.areas or old.areas,
                )
            )
        try:
            return attrs.evolve(self, commitments=tuple(by_article.values()))
        except ValidationError as exc:
            raise LoadError([Problem("$", str(exc))], source=source) from None


def _parse_entries(data: object, *, source: str) -> list[Commitment]:
    problems: list[Problem] = []
    entries: list[Commitment] = []
    if isinstance(data, Mapping):
        for key, text in data.items():
            try:
                entries.append(Commitment(article=_article_number(key), text=text))
            except (ValidationError, TypeError) as exc:
                problems.append(Problem(f"$[{key!r}]", str(exc)))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            if not isinstance(item, Mapping):
                problems.append(Problem(f"$[{i}]", "expected an object with 'article'"))
                continue
            unknown = set(item) - {"article", "section", "summary", "text", "areas"}
            if unknown:
                problems.append(Problem(f"$[{i}]", f"unknown keys {sorted(unknown)}"))
                continue
            try:
                fields = dict(item)
                fields["article"] = _article_number(fields.get("article"))
                entries.append(Commitment(**fields))
            except (ValidationError, TypeError) as exc:
                problems.append(Problem(f"$[{i}]", str(exc)))
    else:
        problems.append(Problem("$", "expected an object or a list of articles"))
    if problems:
        raise LoadError(problems, source=source)
    return entries


def _article_number(key: object) -> int:
    if isinstance(key, int) and not isinstance(key, bool):
        return key
    if isinstance(key, str) and key.strip().isdigit():
        return int(key.strip())
    raise ValidationError(
        f"{key!r} is not an article number; use an int or a digit string such as '3'",
        path="article",
    )
