"""The combined-visit planner (R-VISIT-1)."""
