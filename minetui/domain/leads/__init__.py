"""Leads (R-LEAD-*), the two lists (R-LIST-1) and satellite patches (R-SAT-1)."""
