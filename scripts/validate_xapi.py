#!/usr/bin/env python3
"""Validates xAPI statements with an independent implementation: ralph's pydantic models
(ralph-malph, the LRS of France Université Numérique). Every statement must be a valid xAPI
1.0.3 statement (BaseXapiStatement); a statement that ralph recognises as a profile's (e.g.
the video profile's `completed`) must also satisfy that model.

    validate_xapi.py FILE.json ...     # files holding {"statements": [...]} or a list
Exits non-zero naming each statement that does not validate.
"""

import json
import sys

from pydantic import ValidationError
from ralph.exceptions import UnknownEventException
from ralph.models.selector import ModelSelector
from ralph.models.xapi.base.statements import BaseXapiStatement


def statements_of(path):
    with open(path) as f:
        data = json.load(f)
    return data["statements"] if isinstance(data, dict) else data


def main(paths):
    selector = ModelSelector(module="ralph.models.xapi")
    checked, profiled, bad = 0, {}, []
    for path in paths:
        for s in statements_of(path):
            checked += 1
            try:
                specific = list(selector.get_models(s))
            except UnknownEventException:
                specific = []
            models = [BaseXapiStatement] + specific
            for model in models:
                try:
                    model(**s)
                except ValidationError as e:
                    bad.append(f"{s.get('id')} as {model.__name__}: {e}")
                if model is not BaseXapiStatement:
                    profiled[model.__name__] = profiled.get(model.__name__, 0) + 1
    for b in bad:
        print("INVALID", b)
    print(f"{checked} statement(s) checked as xAPI 1.0.3; by profile model: {profiled or 'none'}")
    if not checked:
        sys.exit("no statements to check")
    if bad:
        sys.exit(f"{len(bad)} statement(s) invalid")


if __name__ == "__main__":
    main(sys.argv[1:])
