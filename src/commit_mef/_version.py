"""The package version, kept apart so that hatch and ``__version__`` read one place."""

__version__ = "0.1.0.dev0"
