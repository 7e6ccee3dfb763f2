"""Optional capabilities: hooks that services written later provide, found at run time.

The dashboard, the brief, the deadline list and the report catalogue read leads, visits, verification,
surveys, spot-checks and satellite patches through these hooks, so they work before those services exist
and pick them up once they do. A hook is "module:attribute"; a module that is not installed (or lacks the
attribute) simply contributes nothing. To plug in, define the attribute in the module and list it here:

- "reports":    REPORTS — an iterable of services.reports.Report (joins the catalogue);
- "deadlines":  deadline_items(ctx, start, end) -> Iterable[services.deadlines.DeadlineItem];
- "dashboard":  dashboard_panel(ctx) -> services.dashboard.Panel | None (shown on the home screen);
- "brief":      brief_section(ctx) -> services.brief.BriefSection | None (a section of the meeting brief);
- "progress":   notice_progress(ctx, year) -> dict[rule, str] (the brief's progress against a notice duty).
"""

from __future__ import annotations

import importlib
from typing import Any

HOOKS: dict[str, tuple[str, ...]] = {
    "reports": ("minetui.services.leads.leads:REPORTS", "minetui.services.leads.lists:REPORTS",
                "minetui.services.inspections.verification:REPORTS", "minetui.services.inspections.surveys:REPORTS",
                "minetui.services.inspections.spotchecks:REPORTS", "minetui.services.leads.patches:REPORTS",
                "minetui.services.visits.visits:REPORTS"),
    "deadlines": ("minetui.services.reporting.lead_panels:deadline_items",
                  "minetui.services.reporting.inspection_panels:verification_deadlines",
                  "minetui.services.reporting.inspection_panels:survey_deadlines",
                  "minetui.services.reporting.inspection_panels:spotcheck_deadlines",
                  "minetui.services.reporting.patch_panels:deadline_items"),
    "dashboard": ("minetui.services.reporting.lead_panels:dashboard_panel", "minetui.services.visits.visits:dashboard_panel",
                  "minetui.services.reporting.inspection_panels:dashboard_panel"),
    "brief": ("minetui.services.reporting.lead_panels:brief_section", "minetui.services.reporting.lead_panels:owners_section",
              "minetui.services.reporting.patch_panels:brief_section", "minetui.services.reporting.inspection_panels:spotcheck_section",
              "minetui.services.visits.visits:brief_section", "minetui.services.reporting.inspection_panels:brief_section"),
    "progress": ("minetui.services.reporting.lead_panels:notice_progress",
                 "minetui.services.reporting.inspection_panels:notice_progress",
                 "minetui.services.reporting.patch_panels:notice_progress"),
}


def optional(spec: str) -> Any | None:
    """The object named "module:attribute", or None when the module is not there or lacks it.
    An import error inside an existing module is not hidden."""
    module_name, _sep, attribute = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            return None
        raise
    return getattr(module, attribute, None) if attribute else module


def hooks(kind: str) -> list[tuple[str, Any]]:
    """(spec, object) of every hook of `kind` that is present, in the order listed."""
    found = []
    for spec in HOOKS.get(kind, ()):
        target = optional(spec)
        if target is not None:
            found.append((spec, target))
    return found


def has(module_name: str) -> bool:
    """Whether a service module exists (e.g. 'minetui.services.leads.leads')."""
    return optional(module_name) is not None
