"""Find roles and skills by what a person remembers of them: part of a name, an alias, a word.

Every word of the query must appear (any case) in the item's id, name, aliases, category or
family, or description; items whose id, alias or name match best come first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from pathplan.model import Framework, Role, Skill

__all__ = ["search_roles", "search_skills", "words"]


class _Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...
    @property
    def description(self) -> str | None: ...


T = TypeVar("T", bound=_Named)


def words(text: str) -> list[str]:
    """The words of a query, lowercased; hyphens and underscores join nothing."""
    return text.lower().replace("_", " ").replace("-", " ").split()


def _fold(text: str) -> str:
    return " ".join(words(text))


def _rank(query: Sequence[str], names: Iterable[str], group: str, description: str) -> int | None:
    """How well an item matches (lower is better), or None if some word matches nothing.

    0: the query is one of its names; 1: a name starts with it; 2: every word is in its names;
    3: some word only in its category or family; 4: some word only in its description.
    """
    folded = [_fold(n) for n in names]
    whole = " ".join(query)
    if whole in folded:
        return 0
    if any(n.startswith(whole) for n in folded):
        return 1
    worst = 2
    names_text = " ".join(folded)
    for word in query:
        if word in names_text:
            continue
        if word in _fold(group):
            worst = max(worst, 3)
        elif word in _fold(description):
            worst = 4
        else:
            return None
    return worst


def _search(items: Iterable[T], query: str, group: str) -> list[T]:
    wanted = words(query)
    if not wanted:
        return list(items)
    found: list[tuple[int, str, str, T]] = []
    for each in items:
        rank = _rank(
            wanted,
            (each.id, each.name, *each.aliases),
            getattr(each, group) or "",
            each.description or "",
        )
        if rank is not None:
            found.append((rank, each.name.casefold(), each.id, each))
    found.sort(key=lambda f: f[:3])
    return [f[3] for f in found]


def search_roles(framework: Framework, query: str) -> list[Role]:
    """Roles matching `query` (ids, names, aliases, family, description), best first."""
    return _search(framework.roles.values(), query, "family")


def search_skills(framework: Framework, query: str) -> list[Skill]:
    """Skills matching `query` (ids, names, aliases, category, description), best first."""
    return _search(framework.skills.values(), query, "category")
