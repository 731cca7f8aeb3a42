"""The checks a framework from the cache must pass before it is used: those of fresh data.

Fresh data is checked by the schemas of `pathplan.model` and the rules of
`pathplan.loader.framework`; a cache entry is resolved data (`extends` merged), so it gets the
same checks in their resolved form. Every field of `Skill` and `Role` has a check by its type
(`_KINDS`); a field added to them without one makes every entry untrusted, and a test says so.

- Types: every field of its declared type (no bools for numbers, no NaN or infinities).
- Ranges: hours 0..MAX_HOURS per level step, one per level; levels 1..N; seniority and job
  zone 1..5; importance 0..5; level ratings 0..N; ids are slugs; text is not empty.
- References: prerequisites and requirements name known skills; `next`, `adjacent` and
  `extends` known roles other than the role itself.
- Order: `rank` numbers every skill once, each after all of its prerequisites (so there is no
  prerequisite cycle).

A cache hit must stay much cheaper than a read, so the checks go field by field over every
skill or role at once, with C-speed builtins (`map`, `set`, `min`, `max`, `math.fsum`): ESCO's
16,500 skills and roles take some 50 ms.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from operator import attrgetter
from typing import Any

from pathplan.model import MAX_HOURS, SLUG, Framework, Resource, Role, Skill

__all__ = ["unchecked_fields", "untrusted"]

_SLUG = re.compile(SLUG)
_MAX_TEXT = 10_000
_NONE = type(None)


Check = Callable[[Sequence[Any]], bool]  # a check of one field's values in every object


def _types(values: Iterable[Any], allowed: set[type]) -> bool:
    return set(map(type, values)) <= allowed


def _texts(values: Sequence[Any]) -> bool:
    """All text of 1 to 10,000 characters (None allowed only where the kind says so)."""
    if not _types(values, {str}):
        return False
    return not values or (all(values) and max(map(len, values)) <= _MAX_TEXT)


def _numbers(values: Sequence[Any]) -> bool:
    # fsum of a NaN or an infinity is not finite; bools are not numbers here.
    return _types(values, {int, float}) and math.isfinite(math.fsum(values))


def _optional(check: Check) -> Check:
    return lambda values: check([v for v in values if v is not None])


def _tuples_of(check: Check) -> Check:
    return lambda values: _types(values, {tuple}) and check(list(chain.from_iterable(values)))


def _mappings(keys_ok: Check, values_ok: Check) -> Check:
    def check(values: Sequence[Any]) -> bool:
        return (
            _types(values, {dict})
            and keys_ok(list(chain.from_iterable(values)))
            and values_ok(list(chain.from_iterable(map(dict.values, values))))
        )

    return check


def _wholes(values: Sequence[Any]) -> bool:
    return _types(values, {int})


_LEVELS = _mappings(_texts, _wholes)

# A check for each field type of Skill and Role (the annotation as written in model.py), over
# that field's values in every skill or every role.
_KINDS: dict[str, Check] = {
    "str": _texts,
    "str | None": _optional(_texts),
    "int | None": _optional(_wholes),
    "tuple[str, ...]": _tuples_of(_texts),
    "tuple[float, ...]": _tuples_of(_numbers),
    "Mapping[str, int]": _LEVELS,
    "Mapping[str, float]": _mappings(_texts, _numbers),
    "tuple[Mapping[str, int], ...]": _tuples_of(lambda groups: _LEVELS(groups) and all(groups)),
    "tuple[Resource, ...]": _tuples_of(lambda items: _types(items, {Resource})),
}


def unchecked_fields() -> list[str]:
    """Fields of Skill and Role whose type has no check here (each makes entries untrusted)."""
    return [
        f"{cls.__name__}.{f.name}: {f.type}"
        for cls in (Skill, Role)
        for f in dataclasses.fields(cls)
        if str(f.type) not in _KINDS
    ]


def _typed(objects: Sequence[Any], cls: type) -> str | None:
    """The first field of `cls` some of `objects` hold a wrong type in; None when all fit."""
    if not _types(objects, {cls}):
        return "types"
    for f in dataclasses.fields(cls):
        check = _KINDS.get(str(f.type))
        if check is None or not check(list(map(attrgetter(f.name), objects))):
            return f.name
    return None


def untrusted(fw: Framework) -> str | None:
    """Why `fw` fails a check fresh data would have failed; None when it passes them all."""
    levels = fw.levels
    if not (isinstance(levels, tuple) and 0 < len(levels) <= 20 and _texts(levels)):
        return "levels"
    skills, roles = list(fw.skills.values()), list(fw.roles.values())
    why = _typed(skills, Skill) or _typed(roles, Role)
    if why:
        return f"type of {why}"
    return _skills(fw, skills) or _roles(fw, roles) or _order(fw)


def _ids(keys: Iterable[str], objects: Sequence[Any]) -> bool:
    ids = [o.id for o in objects]
    aliases = list(chain.from_iterable(o.aliases for o in objects))
    return ids == list(keys) and all(map(_SLUG.match, ids)) and all(map(_SLUG.match, aliases))


def _within(values: Sequence[Any], low: float, high: float) -> bool:
    return not values or (min(values) >= low and max(values) <= high)


def _requirements(maps: Iterable[Any], fw: Framework, low: float, high: float) -> bool:
    """Every key a known skill, every value from `low` to `high`."""
    maps = list(maps)
    keys = set(chain.from_iterable(maps))
    return keys <= fw.skills.keys() and _within(
        list(chain.from_iterable(map(dict.values, maps))), low, high
    )


def _skills(fw: Framework, skills: Sequence[Skill]) -> str | None:
    top = len(fw.levels)
    if not _ids(fw.skills, skills):
        return "skill ids"
    if set(map(len, (s.hours for s in skills))) - {top}:
        return "hours per level"
    if not _within(list(chain.from_iterable(s.hours for s in skills)), 0, MAX_HOURS):
        return "hours"
    if not _requirements((s.requires for s in skills), fw, 1, top):
        return "prerequisites"
    return None


def _roles(fw: Framework, roles: Sequence[Role]) -> str | None:
    top = len(fw.levels)
    if not _ids(fw.roles, roles):
        return "role ids"
    wanted = chain.from_iterable((r.requires, r.optional, *r.requires_any) for r in roles)
    if not _requirements(wanted, fw, 1, top):
        return "requirements"
    if not _requirements((r.importance for r in roles), fw, 0, 5):
        return "importance"
    if not _requirements((r.level_ratings for r in roles), fw, 0, top):
        return "level ratings"
    scales = [v for r in roles for v in (r.seniority, r.job_zone) if v is not None]
    if not _within(scales, 1, 5):
        return "seniority"
    for r in roles:
        moves = (*r.next, *r.adjacent, *((r.extends,) if r.extends else ()))
        if r.id in moves or not fw.roles.keys() >= set(moves):
            return f"moves of {r.id!r}"
    return None


def _order(fw: Framework) -> str | None:
    rank = fw.rank
    if not isinstance(rank, dict) or rank.keys() != fw.skills.keys():
        return "rank"
    if not _types(rank.values(), {int}) or sorted(rank.values()) != list(range(len(rank))):
        return "rank"
    late = [sid for sid, s in fw.skills.items() for p in s.requires if rank[p] >= rank[sid]]
    return "rank: a prerequisite after its skill" if late else None
