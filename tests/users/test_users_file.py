"""The settings' users file (YAML or JSON): its users are loaded into every new store beside the admin, and a bad
file stops the app at start with a one-line ValueError naming the file and the fault."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.domain.access.api_users import ApiUser
from mock_server.domain.access.permissions import NO_API_ACCESS
from mock_server.services.access import users
from mock_server.services.context import Context
from mock_server.settings import Settings
from mock_server.store import Store
from tests.support import FAMILIES
from tests.users.conftest import READER, USERS, bearer, forbidden, token_for

YAML_FILE = """\
users:
  - username: reader
    password: pw
    permissions: [pim_api_overall_access, pim_api_asset_family_list, pim_api_asset_list]
  - username: nobody
    password: secret
    permissions: []
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_users_file_yaml_and_json_give_the_same_users(tmp_path: Path) -> None:
    from_yaml = users.read_users_file(write(tmp_path, "users.yaml", YAML_FILE))
    data = {"users": [{"username": "reader", "password": "pw", "permissions": READER}]}
    from_json = users.read_users_file(write(tmp_path, "users.json", json.dumps(data)))
    assert from_yaml[0] == from_json[0] == ApiUser("reader", "pw", frozenset(READER))
    assert from_yaml[1] == ApiUser("nobody", "secret", frozenset())


def test_users_file_users_can_get_tokens_and_are_held_to_their_permissions(
    tmp_path: Path, default_catalog: Store
) -> None:
    settings = Settings(users_file=write(tmp_path, "users.yaml", YAML_FILE), validate_responses=True)
    with TestClient(
        create_app(store=default_catalog.snapshot(), settings=settings, start_catalog=load_start)
    ) as client:
        assert [user["username"] for user in client.get(USERS).json()] == ["admin", "reader", "nobody"]
        reader = bearer(token_for(client, "reader"))
        assert client.get(FAMILIES, headers=reader).status_code == 200
        refused = client.patch(f"{FAMILIES}/packshots", json={"code": "packshots"}, headers=reader)
        forbidden(refused, "Access forbidden. You are not allowed to create or update asset families.")
        forbidden(client.get(FAMILIES, headers=bearer(token_for(client, "nobody", "secret"))), NO_API_ACCESS)


def test_users_file_load_configured_fills_each_new_store(tmp_path: Path) -> None:
    settings = Settings(users_file=write(tmp_path, "users.yaml", YAML_FILE))
    first, second = Context(store=Store(), settings=settings), Context(store=Store(), settings=settings)
    users.load_configured(first)
    users.load_configured(second)
    assert list(first.store.users) == list(second.store.users) == ["reader", "nobody"]
    first.store.users.pop("reader")  # a tenant's users are its own
    assert "reader" in second.store.users
    users.load_configured(Context(store=Store(), settings=Settings()))  # no file: nothing to load, no error


@pytest.mark.parametrize(
    ("name", "text", "fault"),
    [
        ("users.yaml", "users: [\n  - {username: a\n", "not valid YAML"),
        ("users.json", '{"users": [}', "not valid JSON"),
        ("users.yaml", "- username: a\n", 'expected an object with one key, "users", holding a list of users'),
        ("users.yaml", "users: {}\n", 'expected an object with one key, "users", holding a list of users'),
        (
            "users.yaml",
            "users:\n  - {username: a, password: b, permissions: [pim_api_asset_list, pim_api_typo]}\n",
            'users[0].permissions[1]: The permission "pim_api_typo" does not exist.',
        ),
        (
            "users.yaml",
            "users:\n  - {username: a, permissions: []}\n",
            'users[0].password: Property "password" is required.',
        ),
        (
            "users.yaml",
            "users:\n  - {username: a, password: b, permissions: []}\n  - {username: a, password: c, permissions: []}\n",
            'users[1]: the user "a" is listed twice',
        ),
        (
            "users.yaml",
            "users:\n  - {username: admin, password: b, permissions: []}\n",
            '"admin" is the default admin\'s name',
        ),
    ],
)
def test_users_file_a_bad_file_is_a_one_line_error_at_start(tmp_path: Path, name: str, text: str, fault: str) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(ValueError) as refused:
        create_app(settings=Settings(users_file=path, load_fixtures=False), start_catalog=load_start)
    message = str(refused.value)
    assert message.startswith(f"users file {path}: ")
    assert fault in message
    assert "\n" not in message


def test_users_file_a_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    path = str(tmp_path / "absent.yaml")
    with pytest.raises(ValueError, match="cannot be read") as refused:
        users.configured_users(Settings(users_file=path))
    assert "\n" not in str(refused.value)


def test_users_file_is_named_by_the_environment(tmp_path: Path) -> None:
    path = write(tmp_path, "users.yaml", YAML_FILE)
    settings: Any = Settings.from_env({"MOCK_USERS_FILE": path})
    assert [user.username for user in users.configured_users(settings)] == ["reader", "nobody"]
