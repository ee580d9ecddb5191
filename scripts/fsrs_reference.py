"""Scores review histories with the reference FSRS-6 scheduler (PyPI `fsrs`), for
server/simulate/tests/fsrs_reference.rs.

Reads JSON on stdin: a list of {"weights": [21 floats], "desired_retention": r,
"reviews": [[unix_ms, rating 1-4], ...]}. Writes, per history, per review: the card's
retrievability just before the review (null for the first), then its stability, difficulty and
the interval in days after it. Flowline's conventions: no learning or relearning steps, no fuzz.
"""

import json
import sys
from datetime import datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def score(history):
    scheduler = Scheduler(
        parameters=history["weights"],
        desired_retention=history["desired_retention"],
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )
    card = Card(card_id=1)
    out = []
    for at_ms, rating in history["reviews"]:
        at = EPOCH + timedelta(milliseconds=at_ms)
        r = scheduler.get_card_retrievability(card, at) if card.last_review else None
        card, _ = scheduler.review_card(card, Rating(rating), at)
        out.append(
            {
                "retrievability": r,
                "stability": card.stability,
                "difficulty": card.difficulty,
                "interval_days": (card.due - at).days,
            }
        )
    return out


def main():
    histories = json.load(sys.stdin)
    json.dump([score(h) for h in histories], sys.stdout)


if __name__ == "__main__":
    main()
