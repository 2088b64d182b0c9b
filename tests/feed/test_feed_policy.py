"""The feeds build their boards with the site's alarm policy (snooze, escalation), as the
screens show them: the live feed of a window, and the one the web view polls."""

from __future__ import annotations

from synoptux.config import Settings
from synoptux.domain.model import AlarmPolicy
from synoptux.services.live import BoardFeed
from synoptux.services.policy import alarm_policy
from synoptux.services.seed import seed_demo, seed_reference
from tests.support.clock import T0
from tests.support.db import open_db


def test_the_feed_builds_with_the_policy_it_is_given_and_follows_a_change(sqlite_url, clock):
    db = open_db(sqlite_url)
    try:
        seed_reference(db)
        seed_demo(db, T0)
        site = alarm_policy(
            Settings.from_text(
                "[Timer]\nDuree_acquittement_alarme_en_mn=5\nDelai_escalade_alarme_en_mn=30\n"
            )
        )
        assert site == AlarmPolicy(5, 30) != AlarmPolicy()
        feed = BoardFeed(db, clock, policy=site)
        board = feed.check()
        assert board is not None and board.policy == site
        feed.policy = AlarmPolicy(10, 45)  # the ini was edited
        feed.request_reload()
        board = feed.check()
        assert board is not None and board.policy == AlarmPolicy(10, 45)
    finally:
        db.dispose()


def test_the_web_view_feed_reads_the_sites_policy(tmp_path, clock):
    from synoptux.web.server import build_state

    db = open_db(f"sqlite:///{tmp_path / 'b.db'}")
    try:
        seed_reference(db)
        settings = Settings.from_text(
            "[Timer]\nDuree_acquittement_alarme_en_mn=7\nDelai_escalade_alarme_en_mn=25\n"
        )
        state = build_state(settings, db, clock)()
        board = state.hub._check()  # what the hub polls
        assert board is not None and board.policy == AlarmPolicy(7, 25)
    finally:
        db.dispose()
