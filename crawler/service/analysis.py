"""Re-analyse stored articles: the job the CLI calls.

For now the job itself still lives in storage/analysis.py (issue 12's incremental analysis
changed it while it was being moved here); this module is the entry point the CLI and the
tests use, so moving the body later changes no caller.
"""

from __future__ import annotations

from storage.analysis import analyse_db, save_analysis

__all__ = ["analyse_db", "save_analysis"]
