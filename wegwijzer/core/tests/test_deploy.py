"""The files in deploy/: gunicorn's configuration, the systemd units and the nginx example.

The nginx example is also run for real when nginx is installed (it is not in CI: that test
is skipped there, with a message): nginx with the example configuration in front of gunicorn
with production settings on a Unix socket, as on a server."""

import configparser
import http.client
import os
import re
import shutil
import ssl
import subprocess
import sys
import time

import pytest

from wegwijzer.core.tests.conftest import prepared_database
from wegwijzer.core.tests.servers import ROOT, free_port, production_env
from wegwijzer.core.tests.test_security_headers import assert_security_headers

DEPLOY = ROOT / "deploy"
NGINX_SITE = DEPLOY / "nginx" / "wegwijzer.conf"


def read_unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in systemd
    parser.read(DEPLOY / "systemd" / name)
    return parser


def test_gunicorn_config_writes_no_access_log_and_filters_errors():
    config = {}
    source = (DEPLOY / "gunicorn.conf.py").read_text()
    exec(compile(source, "gunicorn.conf.py", "exec"), config)  # noqa: S102 - our own file
    assert config["accesslog"] is None
    assert config["wsgi_app"] == "wegwijzer.wsgi:application"
    logging_config = config["logconfig_dict"]
    assert logging_config["loggers"]["gunicorn.access"]["handlers"] == ["null"]
    stdout = logging_config["handlers"]["stdout"]
    assert stdout["filters"] == ["no_query_strings"]
    assert (
        logging_config["filters"]["no_query_strings"]["()"]
        == "wegwijzer.core.log.RedactQueryStrings"
    )


def test_systemd_units_fit_together():
    service = read_unit("wegwijzer.service")
    socket = read_unit("wegwijzer.socket")
    assert service["Unit"]["Requires"] == "wegwijzer.socket"
    assert "deploy/gunicorn.conf.py" in service["Service"]["ExecStart"]
    assert service["Service"]["User"] == "wegwijzer"
    assert service["Service"]["EnvironmentFile"] == "/etc/wegwijzer/wegwijzer.env"
    assert service["Service"]["NoNewPrivileges"] == "true"
    assert socket["Socket"]["ListenStream"] in NGINX_SITE.read_text()
    backup = read_unit("wegwijzer-backup.service")
    assert "manage.py backup" in backup["Service"]["ExecStart"]
    # Old backups are removed only after a successful new one (ExecStartPost).
    assert "-delete" in backup["Service"]["ExecStartPost"]
    timer = read_unit("wegwijzer-backup.timer")
    assert timer["Timer"]["Persistent"] == "true"
    env = (DEPLOY / "wegwijzer.env.example").read_text()
    for name in (
        "DJANGO_SETTINGS_MODULE=wegwijzer.conf.production",
        "DJANGO_SECRET_KEY=",
        "DATABASE_URL=",
        "REDIS_URL=",
        "WEGWIJZER_BACKUP_DIR=/var/backups/wegwijzer",
    ):
        assert name in env


def test_nginx_example_never_logs_query_strings_or_referrers():
    site = NGINX_SITE.read_text()
    log_format = re.search(r"log_format\s+wegwijzer_private\s+(.*?);", site, re.S).group(1)
    for variable in (
        "$request ",
        '$request"',
        "$request_uri",
        "$args",
        "$query_string",
        "$http_referer",
        "$arg_",
    ):
        assert variable not in log_format
    assert "$wegwijzer_path" in log_format
    assert "map $request_uri $wegwijzer_path" in site
    assert "access_log /var/log/nginx/wegwijzer.access.log wegwijzer_private;" in site
    assert re.search(r"error_log \S+ alert;", site)
    assert "client_max_body_size 256k;" in site
    assert "proxy_set_header X-Forwarded-Proto https;" in site
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site


# --- nginx for real ------------------------------------------------------------------------


def https_get(port: int, path: str, headers: dict | None = None, method="GET", body=None):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=20)
    try:
        conn.request(method, path, body=body, headers={"Host": "wegwijzer.test", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode(errors="replace")
    finally:
        conn.close()


@pytest.fixture
def nginx_site(tmp_path, static_root):
    nginx = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin")
    if not nginx:
        pytest.skip("nginx is not installed: the example configuration is only checked as text")
    https_port, http_port = free_port(), free_port()
    sock = tmp_path / "gunicorn.sock"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=wegwijzer.test",
            "-keyout",
            str(tmp_path / "key.pem"),
            "-out",
            str(tmp_path / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    site = NGINX_SITE.read_text()
    for old, new in [
        ("/etc/letsencrypt/live/wegwijzer.example.nl/fullchain.pem", str(tmp_path / "cert.pem")),
        ("/etc/letsencrypt/live/wegwijzer.example.nl/privkey.pem", str(tmp_path / "key.pem")),
        ("/run/wegwijzer/gunicorn.sock", str(sock)),
        ("/var/log/nginx/", f"{tmp_path}/"),
        ("/srv/wegwijzer/app/deploy/nginx", str(DEPLOY / "nginx")),
        ("/var/www/letsencrypt", str(tmp_path)),
        ("wegwijzer.example.nl", "wegwijzer.test"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
    ]:
        assert old in site, old
        site = site.replace(old, new)
    site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
    (tmp_path / "site.conf").write_text(site)
    user = "user root;" if os.geteuid() == 0 else ""  # workers must reach the socket
    (tmp_path / "nginx.conf").write_text(f"""
        {user}
        daemon off;
        pid {tmp_path}/nginx.pid;
        error_log {tmp_path}/nginx-main.error.log;
        events {{}}
        http {{
            access_log {tmp_path}/default.access.log;
            client_body_temp_path {tmp_path}/body;
            proxy_temp_path {tmp_path}/proxy;
            include {tmp_path}/site.conf;
        }}
    """)
    process = subprocess.Popen(
        [nginx, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    database = prepared_database(tmp_path)
    env = production_env(
        database.url,
        DJANGO_STATIC_ROOT=str(static_root),
        GUNICORN_BIND=f"unix:{sock}",
        GUNICORN_WORKERS="2",
    )
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py")],
        env=env,
        cwd=ROOT,
        stdout=open(tmp_path / "gunicorn.log", "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(300):
            try:
                if https_get(https_port, "/health/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError((tmp_path / "gunicorn.log").read_text())
        yield {"https": https_port, "http": http_port, "tmp": tmp_path, "gunicorn": gunicorn}
    finally:
        for proc in (gunicorn, process):
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=15)
        database.drop()


def test_nginx_example_in_front_of_gunicorn(nginx_site):
    port, tmp = nginx_site["https"], nginx_site["tmp"]
    secret = "antwoord-geheim-51c0"

    # Pages and static files through nginx: every header, HSTS (nginx says it is HTTPS).
    status, headers, body = https_get(
        port,
        f"/?vraag={secret}",
        {"Referer": f"https://wegwijzer.test/er-is-iets-gebeurd/?a={secret}"},
    )
    assert status == 200
    assert_security_headers(headers, https=True)
    stylesheet = re.search(r'href="(/static/css/wegwijzer\.[0-9a-f]{12}\.css)"', body).group(1)
    status, headers, _ = https_get(port, stylesheet)
    assert status == 200
    assert_security_headers(headers, https=True)
    assert "nginx/" not in (headers.get("Server") or "")  # server_tokens off

    # Plain HTTP is redirected to HTTPS.
    conn = http.client.HTTPConnection("127.0.0.1", nginx_site["http"], timeout=10)
    conn.request("GET", "/hulp/", headers={"Host": "wegwijzer.test"})
    redirect = conn.getresponse()
    assert redirect.status == 301
    assert redirect.headers["Location"] == "https://wegwijzer.test/hulp/"
    conn.close()

    # Too big a request body is refused by nginx already.
    status, _, _ = https_get(
        port,
        "/",
        method="POST",
        body=b"x" * 300_000,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 413

    # gunicorn down: nginx's own page, with the headers.
    nginx_site["gunicorn"].terminate()
    nginx_site["gunicorn"].wait(timeout=15)
    status, headers, body = https_get(port, f"/hulp/?vraag={secret}")
    assert status == 502
    assert "Wegwijzer is even niet bereikbaar" in body
    assert headers["X-Frame-Options"] == "DENY"
    assert "default-src 'none'" in headers["Content-Security-Policy"]

    access_log = (tmp / "wegwijzer.access.log").read_text()
    assert '"GET /" 200' in access_log
    assert '"GET /hulp/" 502' in access_log
    logs = (
        access_log + (tmp / "wegwijzer.error.log").read_text() + (tmp / "gunicorn.log").read_text()
    )
    assert secret not in logs, "a query string or Referer reached a log"
