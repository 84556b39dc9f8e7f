"""Reading untrusted JSON safely: limits, encodings, duplicate keys, non-finite numbers.

Everything that can go wrong while turning bytes into Python values is reported as a
:class:`~commit_mef.errors.LoadError` with a JSON path and what was expected; nothing
else escapes.  Only plain data is ever built (no ``eval``, no ``pickle``, no object tags).
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import json
import math
import re
from collections.abc import Iterator
from typing import Any

import attrs

from commit_mef.errors import InvalidTypeError, LoadError, Problem

__all__ = ["Limits", "decode", "parse_json"]


def _positive(inst: object, attr: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        from commit_mef.errors import ValidationError

        raise ValidationError(
            f"must be a whole number of at least 1, got {value!r}", path=f"Limits.{attr.name}"
        )


@attrs.frozen(kw_only=True)
class Limits:
    """Size limits applied when loading untrusted files.

    Three presets, from small to large (each field can also be set on its own):

    ========================  ==========  ==========  =========  ============
    preset                    max_bytes   max_string  max_depth  max_rows
    ========================  ==========  ==========  =========  ============
    :meth:`service`           8 MiB       64 KiB      32         100,000
    ``Limits()`` (default)    512 MiB     1 MiB       64         20 million
    :meth:`trusted`           16 GiB      256 MiB     256        2 billion
    ========================  ==========  ==========  =========  ============

    The default is far above anything COMMIT produces and far below what would
    exhaust a machine: right for files an analyst opens.  A web service taking
    uploads from browsers wants :meth:`service`; a batch job reading its own
    exports, :meth:`trusted`.

    Attributes:
        max_bytes: Largest document accepted, in bytes (default 512 MiB).
        max_string: Longest single string value, in characters (default 1 MiB).
        max_depth: Deepest nesting of arrays and objects (default 64).
        max_rows: Most observations or records in one document (default 20 million).
        max_workbook_bytes: Largest xlsx workbook accepted, in bytes (default 20 MiB; a
            filled reporting template of six countries over four years is well under 1 MiB).
            Its unpacked parts may be at most 20 times as large (guarding against zip bombs).

    Examples:
        >>> Limits().max_depth
        64
        >>> Limits(max_depth=8).max_depth
        8
        >>> Limits(max_rows=0)
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: Limits.max_rows: must be a whole number of at least 1, got 0
    """

    max_bytes: int = attrs.field(default=512 * 1024 * 1024, validator=_positive)
    max_string: int = attrs.field(default=1024 * 1024, validator=_positive)
    max_depth: int = attrs.field(default=64, validator=_positive)
    max_rows: int = attrs.field(default=20_000_000, validator=_positive)
    max_workbook_bytes: int = attrs.field(default=20 * 1024 * 1024, validator=_positive)

    @classmethod
    def service(cls) -> Limits:
        """Small limits for a service taking uploads: 8 MiB, 100,000 rows, depth 32.

        Examples:
            >>> Limits.service().max_bytes, Limits.service().max_rows
            (8388608, 100000)
        """
        return cls(
            max_bytes=8 * 1024 * 1024,
            max_string=64 * 1024,
            max_depth=32,
            max_rows=100_000,
            max_workbook_bytes=8 * 1024 * 1024,
        )

    @classmethod
    def trusted(cls) -> Limits:
        """Large limits for files you produced yourself: 16 GiB, 2 billion rows, depth 256.

        Examples:
            >>> Limits.trusted().max_rows > Limits().max_rows
            True
        """
        return cls(
            max_bytes=16 * 1024**3,
            max_string=256 * 1024 * 1024,
            max_depth=256,
            max_rows=2_000_000_000,
            max_workbook_bytes=1024 * 1024 * 1024,
        )


class _NonFiniteError(ValueError):
    def __init__(self, token: str) -> None:
        super().__init__(f"{token} is not valid JSON; write numbers as finite decimals in strings")
        self.token = token


def _reject_constant(name: str) -> Any:
    raise _NonFiniteError(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 overflows to infinity
        raise _NonFiniteError(text)
    return value


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return result


_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAX_PROBLEMS = 100
_CONTAINERS = (dict, list)


def _too_big(size: int, unit: str, limits: Limits, source: str | None) -> LoadError:
    return LoadError(
        [
            Problem(
                "$",
                f"document of {size:,} {unit} exceeds the limit of {limits.max_bytes:,}; "
                "send a smaller document",
                code="limit",
                expected=f"at most {limits.max_bytes:,} {unit}",
                got=f"{size:,} {unit}",
                hint="raise Limits.max_bytes if you trust the file",
            )
        ],
        source=source,
    )


def _encoding_of(raw: bytes) -> str:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return encoding
    return "utf-8"


#: While a file is read: its text and the UTF-8 bytes it was decoded from, so that a reader
#: that wants bytes (Arrow's CSV reader) takes the file's own instead of encoding the text again.
DECODED: contextvars.ContextVar[tuple[str, bytes] | None] = contextvars.ContextVar(
    "commit_mef_decoded", default=None
)


@contextlib.contextmanager
def decoded(data: bytes | str, source: str | None, limits: Limits) -> Iterator[str]:
    """:func:`decode`, the bytes kept in :data:`DECODED` while the caller reads the text."""
    text = decode(data, source, limits)
    if isinstance(data, str) or _encoding_of(bytes(data)) != "utf-8":
        yield text
        return
    token = DECODED.set((text, bytes(data)))
    try:
        yield text
    finally:
        DECODED.reset(token)


def utf8_bytes(text: str) -> bytes:
    """``text`` as UTF-8: the bytes it was decoded from while it is being read, else encoded."""
    found = DECODED.get()
    if found is not None and found[0] is text:
        return found[1]
    return text.encode("utf-8")


def decode(data: bytes | str, source: str | None, limits: Limits) -> str:
    """Bytes (UTF-8, or UTF-16/32 with a byte-order mark) or text as text, within the size limit."""
    if isinstance(data, str):
        if len(data) > limits.max_bytes:
            raise _too_big(len(data), "characters", limits, source)
        return data.removeprefix("\ufeff")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InvalidTypeError(f"expected str or bytes, got {type(data).__name__}")
    raw = bytes(data)
    if len(raw) > limits.max_bytes:
        raise _too_big(len(raw), "bytes", limits, source)
    encoding = _encoding_of(raw)
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise LoadError(
            [
                Problem(
                    "$",
                    f"not valid {encoding.upper()} text: byte {exc.start} "
                    f"({raw[exc.start : exc.start + 1]!r}); save the file as UTF-8",
                    code="syntax",
                )
            ],
            source=source,
        ) from None


def _long_string(path: str, length: int, limits: Limits) -> Problem:
    return Problem(
        path,
        f"string of {length:,} characters exceeds the limit of {limits.max_string:,}",
        code="limit",
        expected=f"at most {limits.max_string:,} characters",
        got=f"{length:,} characters",
        hint="raise Limits.max_string if you trust the file",
    )


def _too_deep(path: str, limits: Limits) -> Problem:
    return Problem(
        path,
        f"nested deeper than {limits.max_depth} levels; COMMIT documents are shallow, so this "
        "is not one",
        code="limit",
        expected=f"at most {limits.max_depth} levels",
        hint="raise Limits.max_depth if you trust the file",
    )


def _check_list(
    item: list[Any], path: str, depth: int, limits: Limits, stack: list[tuple[Any, str, int]]
) -> list[Problem]:
    """Check one list; scalar-only lists (the columnar case) are checked at C speed."""
    problems: list[Problem] = []
    kinds = set(map(type, item))
    if str in kinds:
        strings = item if len(kinds) == 1 else [s for s in item if type(s) is str]
        if max(map(len, strings)) > limits.max_string:
            problems.extend(
                _long_string(f"{path}[{i}]", len(s), limits)
                for i, s in enumerate(item)
                if type(s) is str and len(s) > limits.max_string
            )
    if dict in kinds or list in kinds:
        stack.extend(
            (child, f"{path}[{i}]", depth + 1)
            for i, child in enumerate(item)
            if type(child) in _CONTAINERS
        )
    return problems


def _check_dict(
    item: dict[str, Any], path: str, depth: int, limits: Limits, stack: list[tuple[Any, str, int]]
) -> list[Problem]:
    problems: list[Problem] = []
    for key, child in item.items():
        if len(key) > limits.max_string:
            problems.append(_long_string(f"{path} (an object key)", len(key), limits))
            continue
        kind = type(child)
        if kind in _CONTAINERS:
            stack.append((child, _join(path, key), depth + 1))
        elif kind is str and len(child) > limits.max_string:
            problems.append(_long_string(_join(path, key), len(child), limits))
    return problems


def _check_shape(value: Any, limits: Limits) -> list[Problem]:
    """Walk the parsed value once, iteratively: depth and string-length limits."""
    if type(value) is str:
        return [_long_string("$", len(value), limits)] if len(value) > limits.max_string else []
    problems: list[Problem] = []
    stack: list[tuple[Any, str, int]] = [(value, "$", 0)] if type(value) in _CONTAINERS else []
    while stack and len(problems) < _MAX_PROBLEMS:
        item, path, depth = stack.pop()
        if depth >= limits.max_depth:
            problems.append(_too_deep(path, limits))
        elif type(item) is list:
            problems.extend(_check_list(item, path, depth, limits, stack))
        else:
            problems.extend(_check_dict(item, path, depth, limits, stack))
    return problems[:_MAX_PROBLEMS]


def _join(path: str, key: str) -> str:
    if key.isidentifier():
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key)}]"


def _position(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {column}"


def parse_json(
    data: bytes | str, *, source: str | None = None, limits: Limits | None = None
) -> Any:
    r"""Parse JSON text or bytes into plain Python values, refusing anything unsafe.

    Accepts UTF-8 (with or without a byte-order mark), UTF-16 and UTF-32 with a
    byte-order mark.  Refuses lone surrogates (``"\udc80"``: no UTF-8 text holds
    one), NaN and Infinity, duplicate keys, truncated or
    malformed text, documents over the size limits and nesting deeper than
    ``limits.max_depth``.

    Args:
        data: The document.
        source: A name for error messages (usually the file name).
        limits: Size limits; :class:`Limits` defaults when ``None``.

    Returns:
        The parsed value (dicts, lists, strings, ints, floats, bools, ``None``).

    Raises:
        LoadError: anything wrong, each problem with its JSON path or position.

    Examples:
        >>> parse_json('{"a": [1, 2]}')
        {'a': [1, 2]}
        >>> parse_json('{"a": 1, "a": 2}')
        Traceback (most recent call last):
        ...
        commit_mef.errors.LoadError: 1 problem
          duplicate key 'a'; each key may appear once per object @ $
        >>> parse_json('{"a": NaN}')
        Traceback (most recent call last):
        ...
        commit_mef.errors.LoadError: 1 problem
          NaN is not valid JSON; write numbers as finite decimals in strings (line 1, column 7) @ $
    """
    limits = limits or Limits()
    text = decode(data, source, limits)
    try:
        value = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
        )
    except _DuplicateKeyError as exc:
        raise LoadError(
            [
                Problem(
                    "$",
                    f"duplicate key {exc.key!r}; each key may appear once per object",
                    code="duplicate",
                    got=repr(exc.key),
                )
            ],
            source=source,
        ) from None
    except json.JSONDecodeError as exc:
        what = "truncated document" if exc.pos >= len(text.rstrip()) else "malformed JSON"
        raise LoadError(
            [Problem("$", f"{what}: {exc.msg} ({_position(text, exc.pos)})", code="syntax")],
            source=source,
        ) from None
    except _NonFiniteError as exc:
        at = _position(text, text.find(exc.token)) if exc.token in text else "somewhere"
        raise LoadError([Problem("$", f"{exc} ({at})", code="syntax")], source=source) from None
    except ValueError as exc:  # integers longer than sys.get_int_max_str_digits()
        raise LoadError(
            [
                Problem(
                    "$",
                    f"number not readable: {exc}; write very long numbers as strings",
                    code="limit",
                )
            ],
            source=source,
        ) from None
    except RecursionError:
        raise LoadError([_too_deep("$", limits)], source=source) from None
    problems = _check_shape(value, limits)
    if problems:
        raise LoadError(problems, source=source)
    if _MAYBE_SURROGATE.search(text) is not None:  # rare: look for a lone one in the values
        from commit_mef.io._streams import surrogate_pointer, surrogate_problem

        found = surrogate_pointer(value)
        if found is not None:
            raise LoadError([surrogate_problem(*found)], source=source)
    return value


#: A surrogate written raw or as an escape (``\udc80``); a pair decodes to one character.
_MAYBE_SURROGATE = re.compile("[\ud800-\udfff]|" + r"\\u[dD][89a-fA-F]")
