"""The wheel must carry every subpackage and the rule packs (a non-editable install has no rules/)."""
import importlib.metadata
import re
import tomllib

from project_paths import ROOT


def test_every_subpackage_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "cleaner").rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert "cleaner.rules" in listed
    assert config["tool"]["setuptools"]["package-dir"]["cleaner.rules"] == "rules"


# `cleaner` on the package index is an unrelated project: every install a user is told to run must
# name this project's own distribution (the README, Ray's runtime_env, error hints).
INSTALL_NAMES = (
    re.compile(r"pip install '?([A-Za-z0-9_.-]+)\["),
    re.compile(r"\"pip\": \[\"([A-Za-z0-9_.-]+)"),
)


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_distribution_is_not_the_unrelated_cleaner_on_the_index():
    import cleaner

    name = _project()["name"]
    assert name != "cleaner"
    assert cleaner.DISTRIBUTION == name
    assert any(extra.startswith(f"{name}[") for extra in _project()["optional-dependencies"]["test"])


def test_every_install_command_names_this_distribution():
    name = _project()["name"]
    files = [ROOT / "README.md", *sorted((ROOT / "cleaner").rglob("*.py")), *sorted((ROOT / "tests").glob("*.py"))]
    wrong = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern in INSTALL_NAMES:
            wrong += [f"{path.name}: {m.group(0)}" for m in pattern.finditer(text) if m.group(1) not in (name, ".")]
    assert not wrong, wrong


def test_the_version_is_read_from_the_installed_distribution():
    import cleaner

    assert importlib.metadata.version(cleaner.DISTRIBUTION) == cleaner.__version__ == _project()["version"]


def test_the_declared_licence_ships_as_a_file_and_the_package_is_marked_typed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["license"] == {"text": "MIT"}
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    assert (ROOT / "cleaner" / "py.typed").is_file()
    assert "py.typed" in config["tool"]["setuptools"]["package-data"]["cleaner"]
