#!/usr/bin/env python3
"""ovh-double.py - a test double of OVH's API (eu.api.ovh.com/1.0).

The real API cannot be reached from the test machines, and a real check
needs real keys, so the tests talk to this instead.  It is a double, not a
mock: it really verifies each request's signature against a table of keys,
the way OVH does, and answers with OVH's documented bodies.  Python 3
standard library only.

Serves, under /1.0:
  GET /auth/time               the double's clock: a bare integer
  GET /auth/currentCredential  a signed call; checks, in this order:
      application key known    else 403 INVALID_KEY "Invalid application key"
      timestamp near its clock else 400 QUERY_TIME_OUT "Query out of time"
      signature                else 400 INVALID_SIGNATURE "Invalid signature"
      consumer key known       else 403 NOT_CREDENTIAL
                                    "This credential does not exist"
      credential usable        else 403 INVALID_CREDENTIAL
                                    "This credential is not valid"
          (status expired / pendingValidation / refused, an expiration
          date in the past, or a consumer key of another application)
      then 200 with the credential: credentialId, applicationId, creation,
      expiration (null: never), lastUse, status, rules, allowedIPs.
Anything else: 404 "Got an invalid (or empty) URL".

The error bodies are the documented {"errorCode", "httpCode", "message"};
a credential with "errorStyle": "class" gets the newer form
{"class": "Client::Forbidden", "message": ...} instead.  OVH documents no
body for a timestamp out of its window: QUERY_TIME_OUT "Query out of time"
is what has been seen in the wild, and --window is a guess (the clients'
point is that they read /auth/time first, which the tests check with
--skew).

Usage:
  ovh-double.py --keys KEYS.json --port-file FILE [--tls CERT KEY]
                [--skew SECONDS] [--time-lie SECONDS] [--window SECONDS]

  --keys       {"applications": {"AK": "AS", ...},
                "credentials": {"CK": {"application": "AK",
                    "status": "validated", "expiration": null,
                    "rules": [{"method": "GET", "path": "/*"}],
                    "allowedIPs": null, "errorStyle": "class"}, ...}}
  --port-file  where the port is written once the double listens on
               127.0.0.1 (a free port is chosen)
  --tls        serve HTTPS with this certificate and key (PEM)
  --skew       the double's clock runs this many seconds ahead of the host's
  --time-lie   /auth/time answers this many seconds off the clock the
               double checks timestamps against (a broken server)
  --window     accepted distance between a request's timestamp and the
               double's clock (default 180 s)
Requests are logged on stderr, one line each.
"""

import argparse
import datetime
import hashlib
import http.server
import json
import os
import ssl
import sys
import time

API = "/1.0"


def error_body(style, status, code, message):
    """OVH's error body in the classic or the newer ('class') form."""
    http_code = {400: "400 Bad Request", 403: "403 Forbidden",
                 404: "404 Not Found"}[status]
    if style == "class":
        cls = {400: "Client::BadRequest", 403: "Client::Forbidden",
               404: "Client::NotFound"}[status]
        return {"class": cls, "message": message}
    return {"errorCode": code, "httpCode": http_code, "message": message}


def expired(expiration, now):
    if not expiration:
        return False
    when = datetime.datetime.fromisoformat(expiration)
    return when.timestamp() < now


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "ovh-double"

    def log_message(self, fmt, *args):
        sys.stderr.write("ovh-double: %s\n" % (fmt % args))

    def now(self):
        return int(time.time()) + self.server.opts.skew

    def answer(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def fail(self, status, code, message, style=None):
        self.answer(status, error_body(style, status, code, message))

    def full_url(self):
        scheme = "https" if self.server.opts.tls else "http"
        return "%s://%s%s" % (scheme, self.headers.get("Host", ""), self.path)

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def handle_any(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        if method == "GET" and self.path == API + "/auth/time":
            self.answer(200, self.now() + self.server.opts.time_lie)
        elif self.path == API + "/auth/currentCredential":
            self.current_credential(method, body)
        else:
            self.fail(404, "NOT_FOUND", "Got an invalid (or empty) URL")

    def signature_ok(self, secret, ck, method, body, ts):
        plain = "+".join([secret, ck, method, self.full_url(), body, ts])
        want = "$1$" + hashlib.sha1(plain.encode()).hexdigest()
        return self.headers.get("X-Ovh-Signature", "") == want

    def current_credential(self, method, body):
        keys = self.server.keys
        ak = self.headers.get("X-Ovh-Application", "")
        ck = self.headers.get("X-Ovh-Consumer", "")
        ts = self.headers.get("X-Ovh-Timestamp", "")
        secret = keys["applications"].get(ak)
        if secret is None:
            return self.fail(403, "INVALID_KEY", "Invalid application key")
        if not ts.isdigit() or \
                abs(int(ts) - self.now()) > self.server.opts.window:
            return self.fail(400, "QUERY_TIME_OUT", "Query out of time")
        if not self.signature_ok(secret, ck, method, body, ts):
            return self.fail(400, "INVALID_SIGNATURE", "Invalid signature")
        cred = keys["credentials"].get(ck)
        if cred is None:
            return self.fail(403, "NOT_CREDENTIAL",
                             "This credential does not exist")
        if cred.get("application") != ak or \
                cred.get("status") != "validated" or \
                expired(cred.get("expiration"), self.now()):
            return self.fail(403, "INVALID_CREDENTIAL",
                             "This credential is not valid",
                             cred.get("errorStyle"))
        self.answer(200, {
            "credentialId": cred.get("credentialId", 4242),
            "applicationId": cred.get("applicationId", 1717),
            "creation": "2024-05-02T10:11:12+02:00",
            "expiration": cred.get("expiration"),
            "lastUse": "2025-01-06T08:09:10+01:00",
            "status": "validated",
            "rules": cred.get("rules", []),
            "allowedIPs": cred.get("allowedIPs"),
            "ovhSupport": False,
        })


def main():
    ap = argparse.ArgumentParser(description="a double of OVH's API")
    ap.add_argument("--keys", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--skew", type=int, default=0)
    ap.add_argument("--time-lie", type=int, default=0)
    ap.add_argument("--window", type=int, default=180)
    opts = ap.parse_args()

    with open(opts.keys) as f:
        keys = json.load(f)
    keys.setdefault("applications", {})
    keys.setdefault("credentials", {})

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.opts = opts
    server.keys = keys
    if opts.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(opts.tls[0], opts.tls[1])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)

    # written whole, then renamed: the test never reads half a port
    tmp = opts.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.replace(tmp, opts.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
