"""quanteda YAML dictionaries (``.yml``, ``.yaml``): category keys, lists of entries.

As quanteda's ``dictionary()`` writes and reads them: a key maps to a list of entries
(glob patterns: ``*`` and ``?``, multi-word entries separated by spaces) or to a mapping
of sub-categories; a list may also hold sub-categories as one-key mappings, and the key
``__`` holds a category's own entries beside its sub-categories.

>>> d = read_quanteda("economy:\\n  taxes: [tax*]\\n  jobs: [job*, 'employ?ent']\\nwar: [war]\\n")
>>> d.flat()
{'economy': [], 'economy.taxes': ['tax*'], 'economy.jobs': ['job*', 'employ?ent'], 'war': ['war']}
>>> print(write_quanteda(Dictionary([Category("war", ["war", "no"])])), end="")
war:
- war
- 'no'
"""

from __future__ import annotations

from typing import Any

import yaml

from analysis.config_models import UniqueKeyLoader
from analysis.errors import InputError
from analysis.frames.dictionaries.categories import Category, Dictionary

__all__ = ["read_quanteda", "write_quanteda"]


def read_quanteda(text: str) -> Dictionary:
    """The categories of a quanteda YAML dictionary given as text.

    Raises:
        InputError: the text is not YAML or not a mapping of categories.
    """
    try:
        data = yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark is not None else ""
        raise InputError(f"not a quanteda YAML dictionary{line}: "
                         f"{getattr(exc, 'problem', None) or exc}") from exc
    if not isinstance(data, dict):
        raise InputError("not a quanteda YAML dictionary: it must map category names to "
                         "lists of entries")
    notes: list[str] = []
    return Dictionary([_category(str(k), v, notes) for k, v in data.items()], notes)


def _category(name: str, value: Any, notes: list[str]) -> Category:
    category = Category(name)
    items = value.items() if isinstance(value, dict) else [(None, value)]
    for key, item in items:
        if key is not None and key != "__":
            category.children.append(_category(str(key), item, notes))
            continue
        for element in item if isinstance(item, list) else [item]:
            _add(category, element, notes)
    return category


def _add(category: Category, element: Any, notes: list[str]) -> None:
    if isinstance(element, dict):
        category.children += [_category(str(k), v, notes) for k, v in element.items()]
    elif isinstance(element, bool) or element is None:
        notes.append(f"category {category.name!r}: entry {element!r} is not a string "
                     "(YAML reads an unquoted yes/no/on/off as true/false: quote it); skipped")
    elif isinstance(element, (str, int, float)):
        category.entries.append(str(element))
    else:
        notes.append(f"category {category.name!r}: entry {element!r} is not a string; skipped")


def write_quanteda(dictionary: Dictionary) -> str:
    """quanteda YAML of the dictionary (``dictionary(file = ...)`` reads it back)."""
    return yaml.safe_dump(_as_data(dictionary.categories), sort_keys=False,
                          allow_unicode=True, default_flow_style=False)


def _as_data(categories: list[Category]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for category in categories:
        if not category.children:
            out[category.name] = list(category.entries)
            continue
        nested = _as_data(category.children)
        if category.entries:
            nested["__"] = list(category.entries)
        out[category.name] = nested
    return out
