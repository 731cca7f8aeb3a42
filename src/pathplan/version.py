"""The release number, in a module of its own so any layer can read it without importing upward."""

__version__ = "0.1.0"
