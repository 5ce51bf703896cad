#!/usr/bin/env python3
"""Reads the DSNs that bounce-service's DsnSamplesTest wrote with Python's email package (an independent
parser) and checks each against its .expect file: multipart/report; report-type=delivery-status, a
message/delivery-status part whose per-recipient groups carry Final-Recipient, Action and Status, and the
returned message as message/rfc822 (RET=FULL) or text/rfc822-headers."""
import email
import email.policy
import pathlib
import sys

samples = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "bounce-service/target/dsn-samples")
emls = sorted(samples.glob("*.eml"))
if len(emls) < 5:
    sys.exit(f"check-dsn: expected DSN samples in {samples}, found {len(emls)}")
failures = 0
for eml in emls:
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.compat32)
    problems = []
    if msg.get_content_type() != "multipart/report" or msg.get_param("report-type") != "delivery-status":
        problems.append(f"content type {msg.get_content_type()} report-type {msg.get_param('report-type')}")
    parts = msg.get_payload()
    if not isinstance(parts, list) or len(parts) != 3:
        problems.append("not three parts")
    else:
        text, status, original = parts
        if text.get_content_type() != "text/plain":
            problems.append(f"first part is {text.get_content_type()}")
        if status.get_content_type() != "message/delivery-status":
            problems.append(f"second part is {status.get_content_type()}")
        groups = status.get_payload()  # per-message group, then one group per recipient
        per_message, per_recipient = groups[0], groups[1:]
        if not per_message.get("Reporting-MTA", "").startswith("dns;"):
            problems.append("no Reporting-MTA")
        expected = [line.split("|") for line in eml.with_suffix(".expect").read_text().splitlines() if line]
        got = [(g.get("Final-Recipient", "").split(";", 1)[-1].strip(), g.get("Action", ""), g.get("Status", ""))
               for g in per_recipient]
        want = [(r, a, s) for r, a, s, _ in expected]
        if got != want:
            problems.append(f"recipients {got} != {want}")
        third = expected[0][3]
        if original.get_content_type() != third:
            problems.append(f"third part is {original.get_content_type()}, expected {third}")
    if problems:
        failures += 1
        print(f"FAIL {eml.name}: {'; '.join(problems)}")
    else:
        print(f"ok   {eml.name}")
print(f"check-dsn: {len(emls) - failures} of {len(emls)} DSNs read back correctly")
sys.exit(1 if failures else 0)
