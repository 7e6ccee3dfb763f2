"""Patrol rules: duties (R-PAT-1/2), the record and its checklist (R-PAT-3/4/5), the annual report (R-PAT-6)."""
