from tests.authz import EVERYONE, Row, allow

ROWS = [
    # Every role opens its own cabinet («Что сделать сейчас»); school staff no longer bounce to the school page.
    Row("home", allow(*EVERYONE)),
    Row("help", allow(*EVERYONE)),
]
