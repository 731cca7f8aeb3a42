"""Data derived from one framework, worked out once and kept while the framework lives.

A batch asks thousands of questions of one framework: the role network, each role's viable
moves, the similarity index are the same for every one of them. A `Framework` is not hashable
(its mappings are dicts), so values are kept by its identity, and dropped when it is collected.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from pathplan.model import Framework

__all__ = ["per_framework"]

T = TypeVar("T")

_KEPT: dict[tuple[int, str], tuple[weakref.ref[Framework], Any]] = {}


def per_framework(framework: Framework, name: str, build: Callable[[], T]) -> T:
    """`build()` the first time `name` is asked of `framework`; the same value after that.

    `name` says what the value is (one per kind of data and its parameters); the value must not
    be changed by whoever gets it, since every later caller shares it.
    """
    key = (id(framework), name)
    hit = _KEPT.get(key)
    if hit is not None and hit[0]() is framework:
        return hit[1]  # type: ignore[no-any-return]
    value = build()
    _KEPT[key] = (weakref.ref(framework, _forget(key)), value)
    return value


def _forget(key: tuple[int, str]) -> Callable[[weakref.ref[Framework]], None]:
    def forget(_: weakref.ref[Framework]) -> None:
        _KEPT.pop(key, None)

    return forget
