#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 for byline's mail tests (aiosmtpd): newsletters and the
sign-up confirmations of `byline serve`.

Each accepted message is written to OUT_DIR as N.json, numbered from 1 in the order accepted
(envelope, headers, raw header block, text and HTML parts), before the 250 reply, so a message
the client saw accepted is always on disk. Faults are chosen by flags:

  --tempfail N       answer the first N DATA commands 451, then accept
  --reject ADDR      answer RCPT TO:<ADDR> 550 (may repeat)
  --drop-after N     after N accepted messages, close the connection at the next DATA
                     without accepting it (once)
  --delay-ms MS      wait before each 250, so a sender can be killed mid-run

Prints the port on the first line of stdout once listening. Exit status 3: aiosmtpd missing.
"""

import argparse
import asyncio
import email
import email.policy
import json
import os
import sys

try:
    from aiosmtpd.smtp import SMTP
except ImportError:
    print("aiosmtpd is not installed: python3 -m pip install aiosmtpd (as .ci/run does)", flush=True)
    sys.exit(3)


class Handler:
    def __init__(self, args):
        self.out = args.out
        self.tempfail = args.tempfail
        self.reject = {a.lower() for a in args.reject}
        self.drop_after = args.drop_after
        self.delay = args.delay_ms / 1000.0
        self.accepted = 0
        self.seq = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 <%s>: Recipient address rejected: no such user" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.tempfail > 0:
            self.tempfail -= 1
            return "451 4.3.0 Temporary local problem, try again later"
        if self.drop_after is not None and self.accepted >= self.drop_after:
            self.drop_after = None
            server.transport.close()
            return "421 4.4.2 connection dropped"
        if self.delay:
            await asyncio.sleep(self.delay)
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        head = raw.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace")
        parts = {}
        for kind in ("plain", "html"):
            body = msg.get_body(preferencelist=(kind,))
            parts[kind] = body.get_content() if body is not None else None
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "headers": [[k, str(v)] for k, v in msg.items()],
            "raw_headers": head,
            "text": parts["plain"],
            "html": parts["html"],
        }
        self.seq += 1
        name = str(self.seq)
        tmp = os.path.join(self.out, "." + name + ".tmp")
        with open(tmp, "w") as f:
            json.dump(record, f)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, os.path.join(self.out, name + ".json"))
        self.accepted += 1
        return "250 2.0.0 Ok: queued"


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--tempfail", type=int, default=0)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--drop-after", type=int, default=None)
    parser.add_argument("--delay-ms", type=int, default=0)
    args = parser.parse_args()
    handler = Handler(args)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="byline-test", enable_SMTPUTF8=True),
        host="127.0.0.1",
        port=0,
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
