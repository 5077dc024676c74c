#!/usr/bin/env python3
"""A fake Microsoft identity platform tenant for the gateway's token checks: OpenID Connect
discovery and the tenant's JSON Web Key Set over HTTP, and RS256 tokens minted on the command line.

usage: fake_entra.py PORT --tenant T --state DIR      serve (keys k1, k2, k3 made in DIR)
       fake_entra.py mint --state DIR --kid K CLAIMS   print a token; CLAIMS is JSON, where
                                                       "exp"/"nbf"/"iat" may be offsets from now
Served: GET /T/v2.0/.well-known/openid-configuration (jwks_uri → the keys), GET
/T/discovery/v2.0/keys (k1 until POST /rotate, then k1 and k2; k3 is never published).
Each request is logged to stdout as a JSON line {"method", "path"}.
"""
import argparse
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt  # Debian's python3-jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KIDS = ("k1", "k2", "k3")


def load_key(state, kid):
    with open(os.path.join(state, f"{kid}.pem"), "rb") as handle:
        return serialization.load_pem_private_key(handle.read(), password=None)


def make_keys(state):
    os.makedirs(state, exist_ok=True)
    for kid in KIDS:
        path = os.path.join(state, f"{kid}.pem")
        if not os.path.exists(path):
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            with open(path, "wb") as handle:
                handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))


def jwk(state, kid):
    key = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(load_key(state, kid).public_key()))
    return {**key, "use": "sig", "kid": kid}


def mint(state, kid, claims):
    now = int(time.time())
    for name in ("exp", "nbf", "iat"):
        if name in claims:
            claims[name] = now + int(claims[name])
    return jwt.encode(claims, load_key(state, kid), algorithm="RS256", headers={"kid": kid})


def serve(port, tenant, state):
    make_keys(state)
    published = ["k1"]

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def answer(self, status, document):
            body = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            print(json.dumps({"method": "GET", "path": self.path}), flush=True)
            if self.path == f"/{tenant}/v2.0/.well-known/openid-configuration":
                self.answer(200, {"issuer": f"https://login.microsoftonline.com/{tenant}/v2.0",
                                  "jwks_uri": f"http://127.0.0.1:{port}/{tenant}/discovery/v2.0/keys"})
            elif self.path == f"/{tenant}/discovery/v2.0/keys":
                self.answer(200, {"keys": [jwk(state, kid) for kid in published]})
            else:
                self.answer(404, {"error": "not_found"})

        def do_POST(self):
            print(json.dumps({"method": "POST", "path": self.path}), flush=True)
            if self.path == "/rotate":
                published[:] = ["k1", "k2"]
                self.answer(200, {"published": published})
            else:
                self.answer(404, {"error": "not_found"})

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "mint":
        parser = argparse.ArgumentParser()
        parser.add_argument("command")
        parser.add_argument("--state", required=True)
        parser.add_argument("--kid", default="k1")
        parser.add_argument("claims")
        arguments = parser.parse_args()
        print(mint(arguments.state, arguments.kid, json.loads(arguments.claims)))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--tenant", required=True)
    parser.add_argument("--state", required=True)
    arguments = parser.parse_args()
    serve(arguments.port, arguments.tenant, arguments.state)


if __name__ == "__main__":
    main()
