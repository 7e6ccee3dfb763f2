"""Reporting on top of every capability: the report catalogue, the dashboard, the meeting brief, the
deadline list, saved views, exports and the data check. Reporting imports each capability explicitly;
nothing imports reporting back."""
