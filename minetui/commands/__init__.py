"""Subcommands of the CLI, one module each (see minetui/cli.py)."""
