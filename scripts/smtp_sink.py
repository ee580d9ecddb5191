#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for the e-mail stories.

Usage: smtp_sink.py DIR [PORT] [--until-killed]. Listens on 127.0.0.1 (PORT, or a free one),
prints the port on the first line of stdout, and writes every message it accepts as
DIR/NNNN.json: the
envelope, the headers, the decoded text and HTML parts, and `problems`: what is wrong with it
by RFC 5322 and MIME (missing Date, Message-ID or MIME-Version, From or To not the envelope's,
no text or no HTML alternative, a header that does not parse). Stops on SIGTERM or, unless
--until-killed (a browser test's server, whose stdin is closed), when stdin closes.
"""

import email
import email.policy
import email.utils
import json
import os
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller


def addresses(value):
    return [a.lower() for _, a in email.utils.getaddresses([value or ""]) if a]


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        problems = []
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        for header in ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version"):
            if msg[header] is None:
                problems.append(f"no {header} header")
        for defect in msg.defects:
            problems.append(f"defect: {type(defect).__name__}")
        if addresses(msg["From"]) != [envelope.mail_from.lower()]:
            problems.append(f"From {msg['From']!r} is not the envelope sender {envelope.mail_from!r}")
        if sorted(addresses(msg["To"])) != sorted(r.lower() for r in envelope.rcpt_tos):
            problems.append(f"To {msg['To']!r} is not the envelope recipients {envelope.rcpt_tos!r}")
        if msg["Date"] is not None and email.utils.parsedate_to_datetime(str(msg["Date"])) is None:
            problems.append("Date does not parse")
        if msg.get_content_type() != "multipart/alternative":
            problems.append(f"{msg.get_content_type()}, not multipart/alternative")
        text = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        if text is None:
            problems.append("no text/plain part")
        if html is None:
            problems.append("no text/html part")
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg["From"] or ""),
            "to": str(msg["To"] or ""),
            "subject": str(msg["Subject"] or ""),
            "text": text.get_content() if text is not None else "",
            "html": html.get_content() if html is not None else "",
            "problems": problems,
        }
        with self.lock:
            self.count += 1
            name = os.path.join(self.directory, f"{self.count:04}.json")
        with open(name + ".part", "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.replace(name + ".part", name)
        return "250 Message accepted for delivery"


def main():
    args = [a for a in sys.argv[1:] if a != "--until-killed"]
    until_killed = len(args) < len(sys.argv) - 1
    directory = args[0]
    os.makedirs(directory, exist_ok=True)
    port = int(args[1]) if len(args) > 1 else 0
    if port == 0:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    controller = Controller(Sink(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    if not until_killed:
        threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
