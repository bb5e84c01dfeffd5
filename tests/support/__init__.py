"""Helpers shared by the test packages: the loopback portal with faults, webhook receivers, the CLI."""
