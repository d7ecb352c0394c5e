"""Schemathesis hooks for the Seatwise API: a signed-in admin's session cookie and the CSRF
headers on every request.

Environment: ST_BASE (scheme://host:port, also the Origin), ST_LOGIN, ST_PASSWORD, and
ST_TOTP_KEY (base 32) for a sign-in with 2-step verification (vendor staff always have it): the
second step gets a code of that key and remembers the browser, so later sign-ins skip it.
"""
import base64
import hashlib
import hmac
import os
import struct
import time
from collections.abc import Mapping

import requests
import schemathesis

BASE = os.environ["ST_BASE"].rstrip("/")
LOGIN = os.environ["ST_LOGIN"]
PASSWORD = os.environ["ST_PASSWORD"]
TOTP_KEY = os.environ.get("ST_TOTP_KEY", "")
SIGN_IN_URL = f"{BASE}/api/v1/auth/sign-in"
SECOND_STEP_URL = f"{BASE}/api/v1/auth/second-factor"
# Operations that end sessions get a session of their own, so that they never end the one the
# rest of the run uses (sign-out-everywhere ends that one too: a 401 then signs in again).
SESSION_ENDERS = r"/auth/sign-out(-everywhere)?$"
COOKIE_NAMES = ("__Host-seatwise_session", "seatwise_session")
CSRF_HEADERS = {"X-Requested-With": "seatwise", "Origin": BASE}


# The remembered-browser cookie of the second step, sent with every later sign-in.
BROWSER = requests.Session()


def totp(key, step):
    """RFC 6238 (HMAC-SHA-1, 6 digits, 30-second steps): what an authenticator app shows."""
    mac = hmac.new(base64.b32decode(key), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def second_step():
    """A code of this step or the next (the server takes each step once), then of later ones."""
    for attempt in range(4):
        step = int(time.time()) // 30 + (attempt % 2)
        body = {"method": "totp", "code": totp(TOTP_KEY, step), "remember_browser": True}
        resp = BROWSER.post(SECOND_STEP_URL, json=body, headers=CSRF_HEADERS, timeout=30, allow_redirects=False)
        if resp.status_code == 200:
            return resp
        if attempt == 1:
            time.sleep(31)
    raise RuntimeError(f"second step failed: HTTP {resp.status_code}: {resp.text[:200]}")


def sign_in():
    resp = BROWSER.post(
        SIGN_IN_URL,
        json={"login": LOGIN, "password": PASSWORD},
        headers=CSRF_HEADERS,
        timeout=30,
        allow_redirects=False,
    )
    if resp.status_code == 401 and TOTP_KEY and "second_factor_required" in resp.text:
        resp = second_step()
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
