"""`crmlab classroom serve`: the banner (join address, QR code, facilitator address), the
options' checks, and the message naming the extra when aiohttp or qrcode is missing."""

from __future__ import annotations

import io
import ipaddress
import subprocess
import sys

import pytest

from crmlab.cli import main

from .serverproc import ROOT, ServerProcess

pytest.importorskip("aiohttp")


def test_missing_extra_names_the_pip_command():
    code = (
        "import sys; sys.modules['aiohttp'] = None\n"
        "from crmlab.cli import main\n"
        "sys.exit(main(['classroom', 'serve']))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 2
    assert 'pip install "crmlab[classroom]"' in out.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "0"], "--port must be a whole number from 1 to 65535"),
        (["--leave-after", "-1"], "--leave-after must be > 0"),
        (["--join-rate", "0"], "--join-rate must be > 0"),
    ],
)
def test_bad_options_are_refused(args, message, capsys):
    with pytest.raises(SystemExit):
        main(["classroom", "serve", *args])
    assert message in capsys.readouterr().err


def test_lan_address_is_an_ipv4_address_found_offline():
    from crmlab.classroom.server import lan_address

    assert ipaddress.ip_address(lan_address()).version == 4


def test_banner_prints_join_address_qr_and_facilitator_token(tmp_path):
    from crmlab.classroom.server import qr_svg, qr_terminal

    text = qr_terminal("http://10.0.0.5:8000/")
    assert len(text.splitlines()) > 10 and "█" in text
    assert qr_svg("http://10.0.0.5:8000/?room=ABCDE").lstrip().startswith(b"<svg")
    server = ServerProcess(tmp_path / "banner.sqlite3").start()
    try:
        assert f"students join at:  http://127.0.0.1:{server.port}/" in server.output
        assert f"http://127.0.0.1:{server.port}/facilitator#token=" in server.output
        assert "0 stored events replayed" in server.output
        status, page = server.get("/")
        assert status == 200 and "/static/player.js" in page
        pages = [server.get("/static/" + a) for a in ("player.js", "facilitator.js", "common.js")]
        pages += [server.get("/static/style.css"), server.get("/"), server.get("/facilitator")]
        for status, body in pages:  # everything is local: no address of another host
            assert status == 200 and "http://" not in body and "https://" not in body
    finally:
        server.stop()


def test_serve_prints_a_qr_code_for_the_lan_address(monkeypatch):
    """serve() with the QR code: the banner is written before the app runs."""
    from crmlab.classroom import server as srv

    monkeypatch.setattr(srv, "lan_address", lambda: "192.168.1.23")
    monkeypatch.setattr(srv.web, "run_app", lambda *a, **k: None)
    out = io.StringIO()
    srv.serve("0.0.0.0", 8123, ":memory:", out=out)
    text = out.getvalue()
    assert "students join at:  http://192.168.1.23:8123/" in text
    assert "█" in text
