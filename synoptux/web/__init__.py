"""The read-only web view of the board (`synoptux serve`, docs/web.md).

Beside `ui/`, above the services: it reads the board through the same change feed as the
screens (`services.live.BoardFeed`, one check for every viewer) and never writes to the
database. No Qt here (`tests/test_layers.py`).
"""
