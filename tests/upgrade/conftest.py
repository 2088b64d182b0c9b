"""Fixtures of the 2.x upgrade tests: a 2.x site built in a throw-away MariaDB database."""

from __future__ import annotations

import pytest

from tests.support.upgrade import LegacySite, make_site

# (prefix, charset, 2.x version): what live sites have.
SITES = [
    pytest.param(("synopt_", "latin1", "2.15"), id="synopt_-latin1-2.15"),
    pytest.param(("ST_", "utf8", "2.16"), id="ST_-utf8-2.16"),
]


@pytest.fixture(params=SITES)
def site(request, mysql_factory, tmp_path) -> LegacySite:
    prefix, charset, version = request.param
    return make_site(mysql_factory, tmp_path, prefix, charset, version)


@pytest.fixture
def latin1_site(mysql_factory, tmp_path) -> LegacySite:
    return make_site(mysql_factory, tmp_path, "synopt_", "latin1", "2.15")
