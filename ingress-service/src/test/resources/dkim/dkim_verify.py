"""Independent DKIM check for the tests: Debian's python3-dkim (dkimpy) verifies the message on stdin.

The public key is looked up in the test kit's DNS server on 127.0.0.1:PORT (argv[1]), never in real DNS.
Exit status 0: every signature verified; 1: a signature failed (or none); dkimpy's log goes to stderr.
"""
import logging
import sys

import dkim
import dns.message
import dns.query
import dns.rdatatype

PORT = int(sys.argv[1])


def txt_from_test_dns(name, timeout=5):
    qname = name.decode() if isinstance(name, bytes) else name
    query = dns.message.make_query(qname, dns.rdatatype.TXT)
    response = dns.query.udp(query, "127.0.0.1", timeout=timeout, port=PORT)
    for rrset in response.answer:
        if rrset.rdtype == dns.rdatatype.TXT:
            return b"".join(list(rrset.items)[0].strings)
    return None


logging.basicConfig(stream=sys.stderr, level=logging.DEBUG)
message = sys.stdin.buffer.read()
d = dkim.DKIM(message, logger=logging.getLogger("dkim"))
signatures = [h for h in d.headers if h[0].lower() == b"dkim-signature"]
if not signatures:
    print("no DKIM-Signature")
    sys.exit(1)
try:
    ok = all(d.verify(idx=i, dnsfunc=txt_from_test_dns) for i in range(len(signatures)))
    print("pass" if ok else "fail")
except dkim.ValidationError as e:
    ok = False
    print("fail: %s" % e)
sys.exit(0 if ok else 1)
