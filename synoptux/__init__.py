"""Synoptux: emergency-department tracking board."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("synoptux")  # written once, in pyproject.toml
except PackageNotFoundError:  # a checkout on sys.path that was never installed
    __version__ = "0+unknown"
