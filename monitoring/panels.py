"""Sections the monitoring app adds to the cabinet and the school page (see `medk/panels.py`)."""

from . import panels_dashboards, panels_work


def home_panel(request) -> str | None:
    return panels_work.home_panel(request)


def school_panel(request, school, caps) -> str | None:
    parts = [panels_work.school_panel(request, school, caps), panels_dashboards.school_panel(request, school, caps)]
    return "".join(p for p in parts if p) or None
