#!/usr/bin/env python3
"""Runs ralph's LRS (ralph-malph) on its file-system backend for scripts/xapi-check.sh.

ralph's file-system LRS backend writes each batch with its data backend's default operation,
CREATE, which refuses to write to a file that exists: every POST after the first then fails
with 500 ("already exists and overwrite is not allowed"). Its own APPEND operation is what a
statement log needs, so this launcher makes APPEND the default and changes nothing else: the
xAPI API, validation, duplicate handling (same id: not stored again; different content: 409)
and authentication are ralph's own.

    ralph_lrs.py HOST PORT      (settings from RALPH_* variables, as for `ralph runserver`)
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    uvicorn.run("ralph.api:app", host=host, port=port, log_level="info")
