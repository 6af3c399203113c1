"""The beer game in class: teams of students on one board each, a facilitator, a debrief.

``crmlab classroom serve`` starts a small web server on the instructor's machine (the
optional extra: ``pip install "crmlab[classroom]"``). The pieces:

- :mod:`crmlab.classroom.game`: the team game, :mod:`crmlab.scm.beergame`'s board with any
  stage played by a person; pure (events in, state out; no I/O, no clock).
- :mod:`crmlab.classroom.store`: the SQLite (WAL) event store; every event is committed
  before it is acknowledged and the games are rebuilt by replaying the events on start.
- :mod:`crmlab.classroom.server`: the HTTP + WebSocket app (aiohttp) and its JSON API,
  written up in ``docs/classroom-api.md``.

Only :mod:`~crmlab.classroom.server` needs the extra; the game and the store need nothing
beyond crmlab itself.
"""
