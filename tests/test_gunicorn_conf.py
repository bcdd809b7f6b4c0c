"""The production server's access log keeps no personal data (the query log keeps none)."""

import re

from web import gunicorn_conf


def test_access_log_has_no_address_query_or_agent():
    fields = set(re.findall(r"%\((\w+)\)s", gunicorn_conf.access_log_format))
    # h: remote address, r: request line with the query, q: query string, a: user agent,
    # f: referer, {…}i: any request header
    assert fields and not fields & {"h", "r", "q", "a", "f"}
    assert "}i" not in gunicorn_conf.access_log_format
