"""The wheel must carry every subpackage and the rule packs (a non-editable install has no rules/);
the version, licence and changelog are where the tools look for them."""
import fnmatch
import importlib.metadata
import re
import subprocess
import sys
import tomllib
import zipfile

import pytest
from project_paths import ROOT


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _code_packages() -> set[str]:
    """Every folder under cleaner/ that holds a module."""
    return {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "cleaner").rglob("*.py")}


def test_setuptools_finds_every_package_and_the_rule_packs():
    """Nothing is listed by hand: pyproject's find settings, as setuptools applies them, reach every
    package, and cleaner.rules is the rules/ folder with every pack matched by package-data."""
    from setuptools import find_namespace_packages

    setuptools_config = _config()["tool"]["setuptools"]
    assert list(setuptools_config["packages"]) == ["find"] and "package-dir" not in setuptools_config
    found = set(find_namespace_packages(str(ROOT), **setuptools_config["packages"]["find"]))
    assert _code_packages() | {"cleaner.rules"} == found - {"cleaner.data"}
    assert (ROOT / "cleaner" / "rules").resolve() == (ROOT / "rules").resolve()
    packs = sorted(path.name for path in (ROOT / "rules").glob("*.toml"))
    globs = setuptools_config["package-data"]["cleaner.rules"]
    assert packs and all(any(fnmatch.fnmatch(pack, glob) for glob in globs) for pack in packs)


@pytest.mark.slow
def test_the_wheel_carries_every_module_and_the_data(tmp_path):
    """Builds the wheel as pip would (about 20 s, fetches setuptools): every module, the rule packs,
    the profiles, py.typed and the licence are in it."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "cleaner").rglob("*.py")}
    packs = {f"cleaner/rules/{path.name}" for path in (ROOT / "rules").glob("*.toml")}
    data = {"cleaner/data/profiles.toml", "cleaner/py.typed"}
    assert modules | packs | data <= names, sorted(modules | packs | data - names)
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


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
    """The version is written once, in pyproject.toml; the package and `cleaner --version` read it."""
    from typer.testing import CliRunner

    import cleaner
    from cleaner.cli import app

    assert importlib.metadata.version(cleaner.DISTRIBUTION) == cleaner.__version__ == _project()["version"]
    shown = CliRunner().invoke(app, ["--version"])
    assert shown.exit_code == 0 and shown.output == f"cleaner {_project()['version']}\n"
    assert not re.search(r"^__version__ = ['\"]", (ROOT / "cleaner" / "__init__.py").read_text(encoding="utf-8"), re.M)


def test_the_declared_licence_ships_as_a_file_and_the_package_is_marked_typed():
    config = _config()
    assert config["project"]["license"] == "MIT" and config["project"]["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    assert (ROOT / "cleaner" / "py.typed").is_file()
    assert "py.typed" in config["tool"]["setuptools"]["package-data"]["cleaner"]


def test_the_changelog_ships_in_the_source_distribution():
    assert "include CHANGELOG.md" in (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines()
    assert "## Unreleased" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
