"""Synoptux: emergency-department tracking board."""

__version__ = "3.0.0.dev0"
