"""The admin fixtures (seeded board, admin service, UI context) for issue 19's dialog tests."""

from tests.admin.conftest import admin, calls, ctx, ini_path, seeded, ui_admin  # noqa: F401
