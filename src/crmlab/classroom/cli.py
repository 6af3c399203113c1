"""``crmlab classroom serve``: the sub-command, hooked into :mod:`crmlab.cli`.

Kept here so that the classroom's options live with the classroom; importing this module
needs nothing beyond the standard library (the server and its extra are imported only
when the command runs).
"""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``classroom serve`` to the ``crmlab`` command's sub-commands."""
    classroom = sub.add_parser(
        "classroom",
        help="the beer game in class: a local server for teams of students",
        description='The beer game in class (needs the extra: pip install "crmlab[classroom]").',
    )
    actions = classroom.add_subparsers(dest="action", required=True)
    serve = actions.add_parser(
        "serve",
        help="start the classroom server",
        description="Start the classroom server; print the join address, a QR code and "
        "the facilitator's address. Every order is saved in the database: restart with "
        "the same --db to resume.",
    )
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument(
        "--db", default="beergame.sqlite3", help="SQLite database (default: beergame.sqlite3)"
    )
    serve.add_argument(
        "--leave-after",
        type=float,
        default=60.0,
        help="seconds after a player's page closes before the rule plays the stage (60)",
    )
    serve.add_argument(
        "--join-rate",
        type=float,
        default=5.0,
        help="requests a second per address before joining (default: 5; raise it when "
        "students share one address)",
    )
    serve.add_argument("--no-qr", action="store_true", help="do not print the QR code")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Run ``crmlab classroom serve`` with parsed ``args``."""
    if not 0 < args.port < 65536:
        parser.error(f"--port must be a whole number from 1 to 65535, got {args.port}")
    if args.leave_after <= 0:
        parser.error(f"--leave-after must be > 0 seconds, got {args.leave_after}")
    if args.join_rate <= 0:
        parser.error(f"--join-rate must be > 0, got {args.join_rate}")
    try:
        from crmlab.classroom.server import serve
    except ImportError as error:
        parser.exit(2, f"crmlab classroom: {error}\n")
    serve(
        args.host,
        args.port,
        args.db,
        leave_after=args.leave_after,
        join_rate=args.join_rate,
        show_qr=not args.no_qr,
    )
    return 0
