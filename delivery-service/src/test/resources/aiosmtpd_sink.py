"""An independent MTA for tests: Debian's python3-aiosmtpd, storing each message's bytes as received.

Usage: python3 aiosmtpd_sink.py HOST PORT DIR   (runs until stdin closes)
Writes DIR/NNNNN.eml (the DATA content, dot-unstuffed, as aiosmtpd received it) and DIR/NNNNN.env
(MAIL FROM, then one RCPT TO per line).
"""
import os
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, "%05d" % self.count)
        with open(base + ".env", "w", encoding="utf-8") as f:
            f.write(envelope.mail_from + "\n" + "\n".join(envelope.rcpt_tos) + "\n")
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".tmp", base + ".eml")
        return "250 2.0.0 stored by aiosmtpd"


host, port, directory = sys.argv[1], int(sys.argv[2]), sys.argv[3]
controller = Controller(Sink(directory), hostname=host, port=port, decode_data=False, enable_SMTPUTF8=True)
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
