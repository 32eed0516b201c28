"""Shafaf: public progress of government digitalisation, from published data packages."""

__version__ = "0.1.0"
