"""Evaluation drivers: run the pure stages against the replica's ground truth (they start servers, read files)."""

from __future__ import annotations

import importlib
from types import ModuleType

EVAL_EXTRA = "pip install 'govmon[eval]'"


class MissingEvalExtra(RuntimeError):
    """A library only the evaluation compares against is not installed."""


def require_eval(module: str) -> ModuleType:
    """Import `module`, one of the `eval` extra's libraries, or say how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingEvalExtra(
            f"{module} is not installed: the evaluation compares govmon with it. "
            f"Install the evaluation extra: {EVAL_EXTRA}"
        ) from exc
