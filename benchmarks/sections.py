"""Writing a benchmark's figures into its section of a page in docs/."""

from __future__ import annotations

from pathlib import Path


def replace_section(path: Path, heading: str, section: str) -> None:
    """Put `section` (which starts with `heading`) in place of that section of `path`.

    The section runs to the next `## ` heading; the rest of the page is kept. A page without
    it gets it at the end; a missing page is made, titled after the file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    title = f"# {path.stem.capitalize()}\n\n"
    text = path.read_text(encoding="utf-8") if path.exists() else title
    start = text.find(heading + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(heading))
        text = text[:start] + section + (text[end + 1 :] if end >= 0 else "")
    path.write_text(text, encoding="utf-8")
