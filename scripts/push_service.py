#!/usr/bin/env python3
"""A stand-in for a browser's push service (RFC 8030), for the Web Push stories.

Usage: push_service.py DIR. Listens on 127.0.0.1 (a free port, printed on the first line of
stdout). It plays both the push service and the browser behind it:

- POST /subscribe makes a subscription the way a browser does: a fresh P-256 key pair and a
  16-byte auth secret, kept here; answers PushSubscription.toJSON() ({endpoint, keys}).
- POST /push/<id> is a push to that subscription. The request is checked as a push service
  and a browser would: a VAPID `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292: ES256 signed
  by k, `aud` the endpoint's origin, `exp` in the future and within 24 h, `sub` a mailto: or
  https: contact), `TTL`, `Content-Encoding: aes128gcm`; the body is decrypted with the
  subscription's private key and auth secret by http_ece (RFC 8291/8188, an independent
  implementation). Each push is written as DIR/NNNN.json with the decrypted payload and the
  `problems` found. Answers 201, or what POST /script/<id> set for that subscription next
  (e.g. 410 once the browser "unsubscribed").

Stops when stdin closes (or on SIGTERM).
"""

import base64
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def b64e(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


class State:
    def __init__(self, directory):
        self.directory = directory
        self.subs = {}
        self.script = {}
        self.count = 0
        self.lock = threading.Lock()
        self.base = ""


def vapid_problems(header, endpoint_origin):
    problems = []
    if not header or not header.startswith("vapid "):
        return ["no `Authorization: vapid t=…, k=…`"]
    parts = dict(p.strip().split("=", 1) for p in header[len("vapid "):].split(",") if "=" in p)
    token, key = parts.get("t"), parts.get("k")
    if not token or not key:
        return ["the vapid header lacks t or k"]
    try:
        head, claims, sig = token.split(".")
        header_json = json.loads(b64d(head))
        claims_json = json.loads(b64d(claims))
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64d(key))
        raw = b64d(sig)
        if len(raw) != 64:
            problems.append("the ES256 signature is not 64 bytes (r||s)")
        der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
        public.verify(der, f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return ["the VAPID token's signature does not verify with k"]
    except Exception as e:  # noqa: BLE001 - any malformed part is a problem to report
        return [f"the VAPID token does not read: {e}"]
    if header_json.get("alg") != "ES256":
        problems.append("alg is not ES256")
    if claims_json.get("aud") != endpoint_origin:
        problems.append(f"aud {claims_json.get('aud')!r} is not {endpoint_origin!r}")
    exp = claims_json.get("exp", 0)
    now = time.time()
    # The server's clock may be a story's fixed clock: only the shape of exp is checked
    # against now when it is plausible (within a year).
    if abs(exp - now) < 365 * 86400 and not (now < exp <= now + 86400 + 60):
        problems.append("exp is not within the next 24 hours")
    sub = str(claims_json.get("sub", ""))
    if not (sub.startswith("mailto:") or sub.startswith("https:") or sub.startswith("http://127.0.0.1")):
        problems.append(f"sub {sub!r} is not a mailto: or https: contact")
    return problems


def handler(state):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, status, body=b"", ctype="application/json"):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            path = self.path
            if path == "/subscribe":
                private = ec.generate_private_key(ec.SECP256R1())
                auth = os.urandom(16)
                with state.lock:
                    sid = str(len(state.subs) + 1)
                    state.subs[sid] = (private, auth)
                public = private.public_key().public_bytes(
                    serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
                )
                sub = {
                    "endpoint": f"{state.base}/push/{sid}",
                    "keys": {"p256dh": b64e(public), "auth": b64e(auth)},
                }
                return self.reply(201, json.dumps(sub).encode())
            if path.startswith("/script/"):
                sid = path.rsplit("/", 1)[1]
                state.script.setdefault(sid, []).append(int(json.loads(body)["status"]))
                return self.reply(204)
            if path.startswith("/push/"):
                sid = path.rsplit("/", 1)[1]
                if sid not in state.subs:
                    return self.reply(404)
                scripted = state.script.get(sid, [])
                if scripted:
                    return self.reply(scripted.pop(0))
                problems = vapid_problems(self.headers.get("Authorization"), state.base)
                for h in ("TTL", "Content-Encoding"):
                    if self.headers.get(h) is None:
                        problems.append(f"no {h} header")
                if self.headers.get("Content-Encoding") != "aes128gcm":
                    problems.append("Content-Encoding is not aes128gcm")
                urgency = self.headers.get("Urgency", "normal")
                if urgency not in ("very-low", "low", "normal", "high"):
                    problems.append(f"Urgency {urgency!r}")
                private, auth = state.subs[sid]
                payload = None
                try:
                    plain = http_ece.decrypt(body, private_key=private, auth_secret=auth, version="aes128gcm")
                    payload = json.loads(plain)
                except Exception as e:  # noqa: BLE001 - a push that does not decrypt is the finding
                    problems.append(f"the body does not decrypt: {e}")
                record = {
                    "subscription": sid,
                    "payload": payload,
                    "urgency": urgency,
                    "ttl": self.headers.get("TTL"),
                    "topic": self.headers.get("Topic"),
                    "problems": problems,
                }
                with state.lock:
                    state.count += 1
                    name = os.path.join(state.directory, f"{state.count:04}.json")
                with open(name + ".part", "w", encoding="utf-8") as f:
                    json.dump(record, f)
                os.replace(name + ".part", name)
                return self.reply(400 if problems else 201)
            return self.reply(404)

    return Handler


def main():
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    state = State(directory)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(state))
    port = server.server_address[1]
    state.base = f"http://127.0.0.1:{port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
    server.shutdown()


if __name__ == "__main__":
    main()
