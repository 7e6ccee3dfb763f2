"""Patrols (日常巡查): records, duties of a year, the patrol import, the list and the annual report (R-PAT-*)."""
