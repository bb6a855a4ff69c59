"""Demo data of the monitoring app: each area adds its own step (called by `load_demo`)."""

from . import demo_dashboards, demo_work


def load(ctx: dict) -> list[str]:
    lines = demo_dashboards.plan_graph(ctx)
    # Curators' work, monitoring stages and events go here, before indicators and reminders are computed.
    lines += demo_work.load(ctx)
    lines += demo_dashboards.indicators_and_reminders(ctx)
    return lines
