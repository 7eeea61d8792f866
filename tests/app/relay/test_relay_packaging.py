"""The relay's image installs what it imports, pinned like pyproject.toml; render.yaml wires it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[3]


def _requirements(lines: list[str]) -> dict[str, Requirement]:
    found = {}
    for line in lines:
        line = line.split("#", 1)[0].strip() if not line.strip().startswith("#") else ""
        if line:
            requirement = Requirement(line)
            found[requirement.name.lower()] = requirement
    return found


def test_relay_requirements_match_pyproject():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = _requirements(pyproject["project"]["dependencies"])
    relay = _requirements(
        (ROOT / "packaging/relay/requirements.txt").read_text(encoding="utf-8").splitlines()
    )
    assert "pyside6-essentials" not in relay and "pyside6-addons" not in relay
    for name in ("starlette", "uvicorn", "sqlalchemy", "psycopg", "itsdangerous"):
        assert name in relay, name
    for name, requirement in relay.items():
        assert name in project, f"{name} is not a dependency in pyproject.toml"
        assert str(requirement.specifier) == str(project[name].specifier), name
        assert requirement.extras == project[name].extras, name


def test_dockerfile_runs_the_relay_without_the_desktop_dependencies():
    dockerfile = (ROOT / "packaging/relay/Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert "pip install -r requirements.txt" in dockerfile
    assert "pip install --no-deps ." in dockerfile
    assert re.search(r"facteur relay serve --host 0\.0\.0\.0 --port .*PORT", dockerfile)
    assert "USER facteur" in dockerfile


def test_render_blueprint():
    blueprint = (ROOT / "render.yaml").read_text(encoding="utf-8")
    assert "dockerfilePath: ./packaging/relay/Dockerfile" in blueprint
    assert "healthCheckPath: /\n" in blueprint
    for key in ("FACTEUR_RELAY_SECRET", "FACTEUR_RELAY_API_KEY"):
        assert re.search(rf"- key: {key}\n\s+generateValue: true", blueprint), key
    assert re.search(
        r"- key: FACTEUR_RELAY_DB_URL\n\s+fromDatabase:\n\s+name: facteur-relay-db\n"
        r"\s+property: connectionString",
        blueprint,
    )
    assert re.search(r'- key: FACTEUR_RELAY_TRUST_PROXY\n\s+value: "1"', blueprint)
    assert re.search(r"databases:\n\s+- name: facteur-relay-db", blueprint)
