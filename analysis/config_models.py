"""Config files as declared models: strict YAML reading and every error at once.

The lexicon, speakers and batch files are each described by a pydantic model built on
:class:`ConfigModel` (unknown keys refused, no silent type conversion). They are read
with :func:`read_yaml`, whose loader refuses duplicate keys with their line numbers,
and checked with :func:`validate`, which turns every problem pydantic finds into one
line ``<file>: <path>: <message>``, with paths such as ``frames.no_limits.cues[3]``,
and raises them all together in one :class:`~analysis.errors.InputError`.

Checks that compare entries with each other (duplicates, references) report their
problems with :func:`problems_error`, so that they carry paths too.

>>> class Point(ConfigModel):
...     x: int
>>> validate(Point, {"x": "1", "y": 2}, source="p.yaml")
Traceback (most recent call last):
...
analysis.errors.InputError: p.yaml: x: must be a whole number, not str
p.yaml: y: unknown key; allowed: x
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from analysis.errors import InputError

__all__ = [
    "ConfigModel",
    "UniqueKeyLoader",
    "read_yaml",
    "validate",
    "error_lines",
    "format_path",
    "problems_error",
    "merge_errors",
]

M = TypeVar("M", bound=BaseModel)

_PLAIN_KEY_RE = re.compile(r"[\w-]+")

_TYPE_NAMES = {
    "string_type": "a string",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
}


class ConfigModel(BaseModel):
    """Base of the config file models: unknown keys are refused, types are not converted."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class UniqueKeyLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a key given twice in one mapping.

    >>> yaml.load("a: 1\\nb: 2\\na: 3\\n", Loader=UniqueKeyLoader)
    Traceback (most recent call last):
    ...
    yaml.constructor.ConstructorError: while constructing a mapping
      in "<unicode string>", line 1, column 1:
        a: 1
        ^
    duplicate key 'a' (first on line 1)
      in "<unicode string>", line 3, column 1:
        a: 3
        ^
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # "<<" merges may repeat keys on purpose
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:
                continue  # unhashable: the base class says so
            if first is not None:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    f"duplicate key {key!r} (first on line {first + 1})", key_node.start_mark)
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: str | Path, what: str) -> tuple[Any, bytes]:
    """The parsed content of a YAML file and its bytes (for a checksum).

    Args:
        path: the file.
        what: what the file is, for messages ("lexicon", "speakers", "batch").

    Raises:
        InputError: the file cannot be read, is not UTF-8, is not YAML, uses a tag
            other than the standard ones, or repeats a key; the message names the file
            and the line.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the {what} file ({exc.strerror or exc})") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: the {what} file is not UTF-8 text") from exc
    try:
        return yaml.load(text, Loader=UniqueKeyLoader), raw  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"{path}: not a valid {what} YAML{line}: {problem}") from exc


def format_path(loc: Sequence[int | str]) -> str:
    """A pydantic error location written as a path in the file.

    >>> format_path(("frames", "no_limits", "cues", 3)), format_path(())
    ('frames.no_limits.cues[3]', '(top level)')
    >>> format_path(("frames", 7, "[key]")), format_path(("frames", "a b.c", "cues"))
    ('frames.7', "frames['a b.c'].cues")
    """
    out = ""
    for i, part in enumerate(loc):
        if part == "[key]":
            continue  # the key itself is not valid: the message says why
        is_key = i + 1 < len(loc) and loc[i + 1] == "[key]"
        if isinstance(part, int) and not is_key:
            out += f"[{part}]"
        elif not _PLAIN_KEY_RE.fullmatch(str(part)):
            out += f"[{str(part)!r}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _message(error: Any, model: type[BaseModel]) -> str:
    kind, value = error["type"], error.get("input")
    if kind in _TYPE_NAMES:
        got = "nothing" if value is None else type(value).__name__
        return f"must be {_TYPE_NAMES[kind]}, not {got}"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, error["loc"][:-1])
        return "unknown key" + (f"; allowed: {', '.join(allowed)}" if allowed else "")
    if kind == "missing":
        return "required, but missing"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return error["msg"]


def _fields_at(model: Any, loc: Sequence[int | str]) -> list[str]:
    """Names of the keys the model allows at ``loc`` (for 'unknown key' messages)."""
    node: Any = model
    for part in loc:
        node = _unwrap(node)
        if isinstance(node, type) and issubclass(node, BaseModel):
            field = node.model_fields.get(str(part))
            node = field.annotation if field else None
        elif typing.get_origin(node) in (dict, list, tuple):
            node = typing.get_args(node)[-1] if typing.get_args(node) else None
        else:
            return []
    node = _unwrap(node)
    return list(node.model_fields) if isinstance(node, type) and issubclass(node, BaseModel) else []


def _unwrap(node: Any) -> Any:
    """The model or container inside ``Annotated[...]`` and ``X | None``."""
    while True:
        origin = typing.get_origin(node)
        if origin is typing.Annotated:
            node = typing.get_args(node)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(node) if a is not type(None)]
            if len(args) != 1:
                return node
            node = args[0]
        else:
            return node


def error_lines(exc: ValidationError, model: type[BaseModel], source: str | Path) -> list[str]:
    """One ``<file>: <path>: <message>`` line per problem in ``exc``."""
    return [f"{source}: {format_path(e['loc'])}: {_message(e, model)}" for e in exc.errors()]


def validate(model: type[M], data: Any, *, source: str | Path,
             context: dict[str, Any] | None = None) -> M:
    """``data`` checked against ``model``; every problem at once in one InputError.

    >>> class Point(ConfigModel):
    ...     x: int
    >>> validate(Point, {"x": 1}, source="p.yaml").x
    1
    """
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise InputError("\n".join(error_lines(exc, model, source))) from None


def problems_error(problems: Iterable[tuple[tuple[int | str, ...], str, Any]],
                   title: str = "config") -> ValidationError | None:
    """A ValidationError of ``(location, message, value)`` problems, or None if none.

    Raised inside a validator, pydantic puts the validator's own location in front of
    each of these locations.

    >>> problems_error([((1,), "same as 'x'", "x")]).errors()[0]["loc"]
    (1,)
    """
    details = [_detail(loc, message, value) for loc, message, value in problems]
    return ValidationError.from_exception_data(title, details) if details else None


def merge_errors(*errors: ValidationError | None, title: str = "config") -> ValidationError | None:
    """One ValidationError holding the problems of all ``errors`` (None if none).

    >>> merge_errors(problems_error([(("a",), "bad", 1)]), None,
    ...              problems_error([(("b",), "worse", 2)])).error_count()
    2
    """
    details = [_redetail(e) for error in errors if error is not None for e in error.errors()]
    return ValidationError.from_exception_data(title, details) if details else None


def _redetail(error: Any) -> InitErrorDetails:
    """``error`` (an item of ``ValidationError.errors()``) as it is given to pydantic."""
    if error["type"] == "config":
        return _detail(error["loc"], error["msg"], error.get("input"))
    extra = {"ctx": error["ctx"]} if "ctx" in error else {}
    return InitErrorDetails(type=error["type"], loc=error["loc"], input=error.get("input"),
                            **extra)


def _detail(loc: Sequence[int | str], message: str, value: Any) -> InitErrorDetails:
    # without a context, pydantic leaves the braces of a message template as they are
    return InitErrorDetails(type=PydanticCustomError("config", message), loc=tuple(loc),
                            input=value)
