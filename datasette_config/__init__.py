"""govmon's Datasette configuration: metadata, templates, static files and the govmon plugins, packaged."""
