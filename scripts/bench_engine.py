#!/usr/bin/env python3
"""How a learner's history weighs on their requests: for learners with 0, 1,000, 3,000 and
10,000 interactions, the median latency of GET /api/v1/feed, GET /api/v1/progress and a
5-item POST /api/v1/interactions, against a running Flowline in demo mode (lessons rendered).

    scripts/bench-engine.sh            # builds nothing; starts the release build on a fresh DB
    python3 scripts/bench_engine.py --base http://127.0.0.1:3000 [--check 2.0]

With --check R it fails when, at the largest history, any median is more than R times the new
learner's (the engine's target: reads cost O(KSBs), a batch O(batch), not O(history)).
It waits for the demo's lesson renders to finish, then measures the learners in interleaved
rounds, so background work weighs on every history alike.
Standard library only.
"""

import argparse
import http.cookiejar
import json
import statistics
import sys
import time
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone


class Client:
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        req.add_header("Accept", "application/json")
        start = time.perf_counter()
        with self.opener.open(req, timeout=120) as res:
            payload = res.read()
        return time.perf_counter() - start, json.loads(payload or b"null")


def stamp(at):
    return at.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def answered(item, at, right=True):
    answers = [
        {"question_id": q["id"], "response": q["answer"] if right else (q["answer"] + 1) % len(q["options"])}
        for q in item["questions"]
    ]
    return {
        "id": str(uuid.uuid4()),
        "content_id": item["content_id"],
        "kind": "answered",
        "occurred_at": stamp(at),
        "time_spent_s": 12.0,
        "answers": answers,
    }


def learner(base, n):
    c = Client(base)
    email = f"bench-{n}-{uuid.uuid4().hex[:8]}@example.com"
    password = "a long benchmark password"
    c.call("POST", "/api/v1/auth/register",
           {"email": email, "password": password, "display_name": "Bench Learner", "timezone": "Europe/London"})
    c.call("POST", "/api/v1/auth/login", {"email": email, "password": password})
    return c


def seed(c, n, items):
    """n answered interactions, oldest first, in batches as phones send them (within the
    clock skew the server accepts before the account existed)."""
    start = datetime.now(timezone.utc) - timedelta(seconds=290)
    step = timedelta(milliseconds=max(1, 280_000 // max(n, 1)))
    batch = []
    for i in range(n):
        batch.append(answered(items[i % len(items)], start + step * i, right=i % 3 != 0))
        if len(batch) == 250 or i == n - 1:
            _, reply = c.call("POST", "/api/v1/interactions", {"interactions": batch})
            bad = [r for r in reply["results"] if r["status"] != "accepted"]
            if bad:
                sys.exit(f"seeding refused: {bad[0]}")
            batch = []


def median_ms(samples):
    return statistics.median(samples) * 1000


def measure_once(c, items, r):
    """One round for one learner: feed, progress, and a 5-item post (seconds each)."""
    feed = c.call("GET", "/api/v1/feed")[0]
    progress = c.call("GET", "/api/v1/progress")[0]
    now = datetime.now(timezone.utc)
    batch = [answered(items[(r + k) % len(items)], now) for k in range(5)]
    post = c.call("POST", "/api/v1/interactions", {"interactions": batch})[0]
    return feed, progress, post


def wait_quiet(c, limit_s=900):
    """Waits until the demo's lesson videos are all rendered: renders share the CPU with the
    server, and a measurement taken during one says more about ffmpeg than about history."""
    deadline = time.time() + limit_s
    while True:
        rendering = c.call("GET", "/api/v1/feed")[1].get("rendering", 0)
        if rendering == 0:
            return
        if time.time() > deadline:
            sys.exit(f"{rendering} lessons still rendering after {limit_s} s")
        print(f"waiting for {rendering} lesson render(s) to finish", file=sys.stderr)
        time.sleep(5)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="http://127.0.0.1:3000")
    ap.add_argument("--sizes", default="0,1000,3000,10000")
    ap.add_argument("--rounds", type=int, default=25)
    ap.add_argument("--check", type=float, default=None, metavar="RATIO")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    learners = []
    for n in sizes:
        c = learner(args.base, n)
        _, feed = c.call("GET", "/api/v1/feed")
        items = [i for i in feed["items"] if i["questions"]]
        if not items:
            sys.exit("the feed has no lessons with questions yet (wait for the demo videos)")
        t0 = time.perf_counter()
        seed(c, n, items)
        learners.append((n, c, items, time.perf_counter() - t0))
    wait_quiet(learners[0][1])
    # Interleaved rounds: whatever else the machine does in a moment weighs on every history
    # alike, so the ratios compare histories, not moments. Two warm-up rounds are dropped.
    samples = {n: ([], [], []) for n, *_ in learners}
    for r in range(args.rounds + 2):
        order = learners if r % 2 == 0 else list(reversed(learners))
        for n, c, items, _ in order:
            times = measure_once(c, items, r)
            if r >= 2:
                for bucket, t in zip(samples[n], times):
                    bucket.append(t)
    rows = [
        (n, *(median_ms(b) for b in samples[n]), seeded) for n, _, _, seeded in learners
    ]

    print(f"{'interactions':>12} {'feed p50':>10} {'progress p50':>13} {'post 5 p50':>11} {'seeding':>9}")
    for n, f, p, q, s in rows:
        print(f"{n:>12} {f:>8.1f}ms {p:>11.1f}ms {q:>9.1f}ms {s:>8.1f}s")
    base, last = rows[0], rows[-1]
    ratios = {name: last[i] / max(base[i], 0.1) for i, name in ((1, "feed"), (2, "progress"), (3, "post"))}
    print("at {} vs {}: ".format(last[0], base[0]) + ", ".join(f"{k} {v:.2f}x" for k, v in ratios.items()))
    if args.check is not None:
        over = {k: v for k, v in ratios.items() if v > args.check}
        if over:
            sys.exit(f"history costs more than {args.check}x: {over}")
        print(f"within {args.check}x of a new learner: ok")


if __name__ == "__main__":
    main()
