"""Importers of public taxonomies (O*NET, ESCO) into pathplan frameworks.

Each importer is pure: it reads a release's files and returns an `Imported` (plain data shaped
like skills.yaml and roles.yaml, plus attribution and notes); `writer.write_framework` puts it on
disk. Mapping rules, thresholds and heuristics are documented in docs/importers.md.
"""

from pathplan.importers.common import Imported

__all__ = ["Imported"]
