"""govmon's Datasette plugins, registered through the `datasette` entry points of pyproject.toml."""
