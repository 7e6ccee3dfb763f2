"""Use cases shared by the TUI and the CLI. Each write service owns its transaction and writes the audit."""
