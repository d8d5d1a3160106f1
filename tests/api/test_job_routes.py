"""The routes ``api.routers._common.add_job_routes`` adds for each kind of analysis."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import AppFactory

# (path, method) -> (operation id, request model: None for the reads)
JOB_ROUTES = {
    ("/v1/alignment", "post"): ("create_alignment_v1_alignment_post", "AlignmentRequest"),
    ("/v1/alignment/{report_id}", "get"): ("get_alignment_v1_alignment__report_id__get", None),
    ("/v1/alignment", "get"): ("list_alignment_v1_alignment_get", None),
    ("/v1/objections", "post"): ("create_objections_v1_objections_post", "ObjectionsRequest"),
    ("/v1/objections/{report_id}", "get"): ("get_objections_v1_objections__report_id__get", None),
    ("/v1/objections", "get"): ("list_objections_v1_objections_get", None),
    ("/v1/analyses", "post"): ("create_analysis_v1_analyses_post", "AnalysisRequest"),
    ("/v1/analyses", "get"): ("list_analyses_v1_analyses_get", None),
}


@pytest.fixture
def paths(make_app: AppFactory) -> dict[str, Any]:
    spec: dict[str, Any] = make_app().openapi()
    return spec["paths"]


@pytest.mark.parametrize(("path", "method"), list(JOB_ROUTES))
def test_each_job_route_keeps_its_operation_id_and_body(
    paths: dict[str, Any], path: str, method: str
) -> None:
    op = paths[path][method]
    operation_id, request_model = JOB_ROUTES[(path, method)]
    assert op["operationId"] == operation_id
    assert op["summary"] and op["description"]
    if request_model is None:
        assert "requestBody" not in op
    else:
        schema = op["requestBody"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": f"#/components/schemas/{request_model}"}
        assert "202" in op["responses"]  # may start a job


def test_reads_offer_downloads_and_lists_take_a_limit(paths: dict[str, Any]) -> None:
    for kind in ("alignment", "objections"):
        read = paths[f"/v1/{kind}/{{report_id}}"]["get"]
        assert {p["name"] for p in read["parameters"]} == {"report_id", "format"}
        assert "text/html" in read["responses"]["200"]["content"]
    for kind in ("alignment", "objections", "analyses"):
        listing = paths[f"/v1/{kind}"]["get"]
        assert [p["name"] for p in listing["parameters"]] == ["limit"]
    # the analyses' own read keeps its path parameter's name
    assert "/v1/analyses/{analysis_id}" in paths
