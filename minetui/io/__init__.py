"""Files in and out: reading the clerks' spreadsheets (readers), the import table specs (specs)."""
