"""GraphQL endpoint guards: aliases, tokens, no schema hints, no GET mutations, no batches."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_alias_bomb_is_rejected(gql):
    query = "{ " + " ".join(f"a{i}: me {{ id }}" for i in range(50)) + " }"
    result = gql(query)
    assert result["data"] is None
    assert "aliases found. Allowed: 15" in result["errors"][0]["message"]


def test_token_limit(gql):
    query = "{ " + " ".join("__typename" for _ in range(3000)) + " }"
    result = gql(query)
    assert result["data"] is None
    assert (
        result["errors"][0]["message"]
        == "Syntax Error: Document contains more than 2000 tokens. Parsing aborted."
    )


def test_mutations_are_refused_over_get(client):
    response = client.get("/graphql/", {"query": 'mutation { logout(refresh: "x") { __typename } }'})
    assert response.status_code == 405 or "mutations are not allowed" in response.content.decode().lower()


def test_field_suggestions_do_not_leak_schema(gql):
    result = gql("{ mee { id } }")
    assert result["errors"][0]["message"] == "Cannot query field 'mee' on type 'Query'."


def test_invalid_json_body_is_a_400(client):
    response = client.post("/graphql/", data="{nope", content_type="application/json")
    assert response.status_code == 400


def test_batched_list_of_operations_is_not_accepted(client):
    response = client.post(
        "/graphql/", data=json.dumps([{"query": "{ me { id } }"}] * 3), content_type="application/json"
    )
    assert response.status_code == 400
