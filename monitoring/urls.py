from . import urls_dashboards, urls_work

app_name = "monitoring"

# Curators' work and school monitoring (visits, Q&A, stages, events) and
# coordinators' dashboards (calendar, indicators, plan-graph, notifications, reports).
urlpatterns = urls_work.urlpatterns + urls_dashboards.urlpatterns
