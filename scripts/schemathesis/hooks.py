"""Schemathesis hooks for the Seatwise API: a signed-in admin's session cookie and the CSRF
headers on every request.

Environment: ST_BASE (scheme://host:port, also the Origin), ST_LOGIN, ST_PASSWORD.
"""
import os
from collections.abc import Mapping

import requests
import schemathesis

BASE = os.environ["ST_BASE"].rstrip("/")
LOGIN = os.environ["ST_LOGIN"]
PASSWORD = os.environ["ST_PASSWORD"]
SIGN_IN_URL = f"{BASE}/api/v1/auth/sign-in"
# Operations that end sessions get a session of their own, so that they never end the one the
# rest of the run uses (sign-out-everywhere ends that one too: a 401 then signs in again).
SESSION_ENDERS = r"/auth/sign-out(-everywhere)?$"
COOKIE_NAMES = ("__Host-seatwise_session", "seatwise_session")
CSRF_HEADERS = {"X-Requested-With": "seatwise", "Origin": BASE}


def sign_in():
    resp = requests.post(
        SIGN_IN_URL,
        json={"login": LOGIN, "password": PASSWORD},
        headers=CSRF_HEADERS,
        timeout=30,
        allow_redirects=False,
    )
    if resp.status_code != 200:
        raise RuntimeError(f"sign-in failed: HTTP {resp.status_code}: {resp.text[:200]}")
    for name in COOKIE_NAMES:
        value = resp.cookies.get(name)
        if value:
            return name, value
    raise RuntimeError(f"sign-in set no session cookie: {resp.headers.get('Set-Cookie')!r}")


def apply_session(case, data):
    name, value = data
    # Through case.cookies, not a Cookie header, keeping any cookie Schemathesis generated.
    cookies = dict(case.cookies) if isinstance(case.cookies, Mapping) else {}
    for cookie_name in COOKIE_NAMES:
        if cookie_name == name or cookie_name in cookies:
            cookies[cookie_name] = value
    case.cookies = cookies
    headers = dict(case.headers) if isinstance(case.headers, Mapping) else {}
    headers.update(CSRF_HEADERS)
    case.headers = headers


@schemathesis.auth(refresh_interval=600, retry_on=[401]).skip_for(path_regex=SESSION_ENDERS)
class SharedSession:
    def get(self, case, ctx):
        return sign_in()

    def set(self, case, data, ctx):
        apply_session(case, data)


@schemathesis.auth(refresh_interval=None).apply_to(path_regex=SESSION_ENDERS)
class ThrowawaySession:
    def get(self, case, ctx):
        return sign_in()

    def set(self, case, data, ctx):
        apply_session(case, data)
