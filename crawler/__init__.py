"""govmon: crawler and monitor of Vietnamese government portals (registry → spider → extraction → analysis → storage → Datasette)."""

__version__ = "0.1.0"
