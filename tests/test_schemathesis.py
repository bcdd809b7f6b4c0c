"""Property-based conformance of the JSON API to its own OpenAPI document (schemathesis).

Every operation of ``/api/v1/openapi.json`` is called in-process (WSGI, no server) with
requests generated from the document, and every answer is checked against it: status codes
and content types the document declares, bodies that match their schemas, no 5xx. Bounded
for ``make test``: a few derandomized examples per operation.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, Phase, settings

from web.openapi import spec

# The document is a pure function of the code, so it is loaded at collection; the app (on the
# store the portal tests import) is handed to each call. (schemathesis's ``from_fixture`` does
# not run under pytest 9.)
schema = schemathesis.openapi.from_dict(spec())


def test_the_served_document_is_the_one_tested(web_client):
    assert web_client.get("/api/v1/openapi.json").get_json() == spec()


@schema.parametrize()
@settings(max_examples=12, derandomize=True, deadline=None, database=None,
          phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case, web_app):
    # schemathesis's WSGI transport asks for gzip but does not decode it (an HTTP client
    # would): the bodies are checked uncompressed; compression is tests/test_web_compress.py's
    case.call_and_validate(app=web_app, headers={"Accept-Encoding": "identity"})
