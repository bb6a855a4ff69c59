from tests.authz import Row, allow

ROWS = [
    # Federal coordinators and administrators: everything; regional coordinators: their region; others 404.
    Row("audit:event_list", allow("regional", "federal", "admin")),
    Row("audit:event_list", allow("regional", "federal", "admin"), query="action=login&who=example"),
    Row("audit:event_export", allow("regional", "federal", "admin")),
    Row("audit:event_list", allow(status=405, others=405) | {"anonymous": 405}, method="post"),
    Row("audit:event_export", allow(status=405, others=405) | {"anonymous": 405}, method="post"),
]
