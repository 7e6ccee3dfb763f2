"""The pure domain core: the notice's rules, periods, geometry and validation.

Nothing in this package imports Textual or sqlite3 (tests/test_layering.py proves it), so every rule can be
tested directly and shared by the TUI, the CLI and the reports.
"""
