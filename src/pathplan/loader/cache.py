"""A cache of checked frameworks, keyed by the content of skills.yaml and roles.yaml.

Reading a framework of ESCO's size (13,000 skills, 3,000 roles) takes seconds; reading it back
from here takes a small fraction of that. An entry is plain data (tuples, dicts, strings,
numbers) written with `marshal` behind a tag: unpickling pydantic models is slower than
validating again (PERFORMANCE.md), and plain data rebuilds the frozen dataclasses quickly.

A cache cannot lie (docs/safety.md has the threat model: a shared PATHPLAN_CACHE_DIR, a CI
cache restored from elsewhere). An entry is used only when all of these hold, and is otherwise
ignored and written again:

- It is a regular file, not reached through a symlink, owned by this user and writable by no
  one else: an entry another user could have written or replaced is not believed.
- Its tag, an HMAC-SHA256 of its own name and its payload, matches: an entry copied or linked
  under another framework's name, or damaged, is not used. The HMAC's key is the secret the
  caller gives (the CLI: PATHPLAN_CACHE_SECRET), empty without one; with a secret, an entry
  written by anyone who does not know it (a poisoned CI cache) is not used either.
- Its framework passes the checks fresh data passes (`pathplan.loader.trust`): types,
  ranges, references and prerequisite order. An entry that would crash, hang or mislead the
  planner (NaN hours, an unknown skill, a cycle) is not used, whoever wrote it.

- Key: SHA-256 of both files' bytes, pathplan's version, this format's version, the fields of
  the resolved classes and the Python version (marshal's format is per version). Any change to
  a file is a new key; nothing is keyed on paths or times.
- An entry that is truncated, corrupt or of another shape is ignored, and rewritten after the
  framework has been read again.
- Writes go to a temporary file in the cache folder, renamed over the entry (atomic on POSIX and
  Windows): concurrent readers see the old entry or the new, never half of one; concurrent
  writers of the same entry write the same bytes.
- Only frameworks that pass every check are stored. At most MAX_ENTRIES are kept; the least
  recently used go first.
- Data derived from a framework (the similarity index `adjacent` reads) is kept beside its
  entry as `<key>.<name>` through the framework's `derived` store: written and checked the same
  way, and removed with its entry.

The core does not choose the folder: the CLI does (its no-cache option,
PATHPLAN_CACHE_DIR, XDG_CACHE_HOME) and passes it to `pathplan.loader.framework.load_framework`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import marshal
import os
import stat
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pathplan.loader.files import no_gc, read_bytes, write_atomic
from pathplan.model import Framework, Resource, Role, Skill
from pathplan.version import __version__

__all__ = ["FILES", "MAX_ENTRIES", "cache_key", "cached_framework", "from_plain", "to_plain"]

FILES = ("skills.yaml", "roles.yaml")
FORMAT = 2
MAX_ENTRIES = 16
SUFFIX = ".framework"
_MAGIC = b"pathplan-cache 2\n"
_DIGEST = 32
_MAX_ENTRY_BYTES = 1024 * 1024 * 1024  # far above any real entry (ESCO's is ~40 MB)
_STALE_TEMP_SECONDS = 3600

Build = Callable[[Path, Mapping[str, bytes] | None], Framework]


def _schema() -> str:
    # A new field in a resolved class changes the key, so an old entry is never misread.
    parts = [
        f"{cls.__name__}({','.join(f.name for f in dataclasses.fields(cls))})"
        for cls in (Framework, Skill, Role)
    ]
    parts.append(f"Resource({','.join(Resource.model_fields)})")
    return ";".join(parts)


def cache_key(contents: Mapping[str, bytes]) -> str:
    """The entry name for a framework whose files have these contents."""
    digest = hashlib.sha256()
    version = sys.version_info
    header = (
        f"pathplan {__version__}\0format {FORMAT}\0marshal {marshal.version}\0"
        f"python {version.major}.{version.minor}\0{_schema()}\0"
    )
    digest.update(header.encode())
    for name in FILES:
        raw = contents[name]
        digest.update(f"{name}\0{len(raw)}\0".encode())
        digest.update(raw)
    return digest.hexdigest()


def cached_framework(
    data_dir: Path, cache_dir: Path, build: Build, secret: bytes = b""
) -> Framework:
    """The framework in `data_dir`: from `cache_dir` if there, else `build(data_dir, contents)`.

    `build` must check and resolve the framework from the bytes given (so the entry stored is
    exactly the content hashed), raising DataError as `loader.framework.load_framework` does.
    `secret` keys the entries' tags (see the module's docstring).
    """
    # Read once (a file may be a pipe): an unreadable file raises here as it would in `build`.
    contents = {name: read_bytes(data_dir / name) for name in FILES}
    entry = cache_dir / (cache_key(contents) + SUFFIX)
    sources = tuple(str(data_dir / name) for name in FILES)
    found = _load(entry, sources, secret)
    if found is None:
        found = build(data_dir, contents)
        _store(entry, found, secret)
    return dataclasses.replace(found, derived=_Beside(entry, secret))


class _Beside:
    """Derived data of one entry's framework, in files beside it: `<key>.<name>`."""

    def __init__(self, entry: Path, secret: bytes) -> None:
        self.entry = entry
        self.secret = secret

    def _path(self, name: str) -> Path:
        return self.entry.with_suffix(f".{name}")

    def read(self, name: str) -> bytes | None:
        """The bytes stored under `name`, or None unless intact and trusted as entries are."""
        path = self._path(name)
        blob = _read_own(path)
        return None if blob is None else _unwrap(path.name, blob, self.secret)

    def write(self, name: str, data: bytes) -> None:
        """Store `data` under `name` atomically; a cache that cannot be written is skipped."""
        path = self._path(name)
        _write_atomic(path, _wrap(path.name, data, self.secret))


def to_plain(framework: Framework) -> tuple[Any, ...]:
    """The framework as tuples, dicts, strings and numbers (what `marshal` can write)."""
    skills = [
        tuple(
            tuple(_resource_plain(r) for r in value) if f.name == "resources" else _plain(value)
            for f, value in _values(skill)
        )
        for skill in framework.skills.values()
    ]
    roles = [
        tuple(_plain(value) for _, value in _values(role)) for role in framework.roles.values()
    ]
    return (tuple(framework.levels), skills, roles, dict(framework.rank))


def from_plain(plain: Any, sources: tuple[str, ...]) -> Framework:
    """The framework `to_plain` turned into `plain`, read from `sources`."""
    levels, skill_rows, role_rows, rank = plain
    skill_fields = [f.name for f in dataclasses.fields(Skill)]
    role_fields = [f.name for f in dataclasses.fields(Role)]
    skills = {}
    for row in skill_rows:
        values = dict(zip(skill_fields, row, strict=True))
        values["resources"] = tuple(Resource(**r) for r in values["resources"])
        skills[values["id"]] = Skill(**values)
    roles = {}
    for row in role_rows:
        role = Role(**dict(zip(role_fields, row, strict=True)))
        roles[role.id] = role
    return Framework(tuple(levels), skills, roles, rank, sources)


def _values(obj: Any) -> list[tuple[dataclasses.Field[Any], Any]]:
    return [(f, getattr(obj, f.name)) for f in dataclasses.fields(obj)]


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return tuple(_plain(v) for v in value)
    return value


def _resource_plain(resource: Resource) -> dict[str, Any]:
    return resource.model_dump()


def _tag(name: str, payload: bytes, secret: bytes) -> bytes:
    # The entry's own name is in the tag: a copy under another name does not match.
    return hmac.new(secret, name.encode() + b"\0" + payload, hashlib.sha256).digest()


def _wrap(name: str, payload: bytes, secret: bytes) -> bytes:
    """The bytes of a cache file called `name` holding `payload`."""
    return _MAGIC + _tag(name, payload, secret) + payload


def _unwrap(name: str, blob: bytes, secret: bytes) -> bytes | None:
    """The payload of a blob `_wrap` made for `name` with `secret`, or None for anything else."""
    head = len(_MAGIC)
    payload = blob[head + _DIGEST :]
    if blob[:head] != _MAGIC:
        return None
    if not hmac.compare_digest(_tag(name, payload, secret), blob[head : head + _DIGEST]):
        return None
    return payload


def _read_own(path: Path) -> bytes | None:
    """The bytes of `path` if it is a regular file of this user's that no one else may write.

    Not through a symlink (O_NOFOLLOW), without blocking (a FIFO put there must not hang the
    run), and within _MAX_ENTRY_BYTES. None for anything else.
    """
    flags = os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        mine = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
        if (
            not stat.S_ISREG(info.st_mode)
            or not mine
            or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
            or info.st_size > _MAX_ENTRY_BYTES
        ):
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 24):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def _load(entry: Path, sources: tuple[str, ...], secret: bytes) -> Framework | None:
    blob = _read_own(entry)
    payload = None if blob is None else _unwrap(entry.name, blob, secret)
    if payload is None:
        return None
    from pathplan.loader.trust import untrusted

    try:
        with no_gc():
            framework = from_plain(marshal.loads(payload), sources)
            if untrusted(framework) is not None:
                return None
    except Exception:  # an entry of another shape (or worse): read the files again
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used: pruned last
    return framework


def _store(entry: Path, framework: Framework, secret: bytes) -> None:
    """Write the entry atomically; a cache that cannot be written is no reason to fail."""
    blob = _wrap(entry.name, marshal.dumps(to_plain(framework)), secret)
    if _write_atomic(entry, blob):
        _prune(entry.parent)


def _write_atomic(target: Path, blob: bytes) -> bool:
    """Put `blob` at `target` at once (private to the user); False when it cannot be done."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Interrupted or killed, this leaves no temporary file and no half entry behind.
        write_atomic(target, blob, 0o600)
    except OSError:
        return False
    return True


def _prune(folder: Path) -> None:
    now = time.time()
    entries = []
    beside = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            try:
                stat = path.stat()
            except OSError:
                continue
            if path.suffix == SUFFIX:
                entries.append((stat.st_mtime, path.name, path))
            elif path.name.startswith("."):
                if path.suffix == ".tmp" and now - stat.st_mtime > _STALE_TEMP_SECONDS:
                    with contextlib.suppress(OSError):
                        path.unlink()  # left by a killed writer
            else:
                beside.append(path)
    entries.sort(reverse=True)
    for _, _, path in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            path.unlink()
    kept = {path.stem for _, _, path in entries[:MAX_ENTRIES]}
    for path in beside:
        if path.name.split(".", 1)[0] not in kept:  # derived data of an entry now gone
            with contextlib.suppress(OSError):
                path.unlink()
