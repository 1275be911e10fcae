"""The layout: one package per stage, thin commands, and every dotted path Scrapy is given resolves."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

import lfrwatch

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "lfrwatch"
STAGES = ("cli", "crawl", "history", "store", "records", "timeline", "publish", "ops")
#: Folders installed as lfrwatch.* (pyproject's package-dir): the library code a command drives.
LIBRARY = [PACKAGE, REPO / "nlp", REPO / "spiders"]


def _modules(folder: Path):
    return sorted(p for p in folder.rglob("*.py") if "templates" not in p.parts)


def test_the_top_of_the_package_holds_only_the_stages_cli_and_config():
    entries = {p.name for p in PACKAGE.iterdir() if p.name != "__pycache__"}
    assert entries == {"__init__.py", "config.py", *STAGES}


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_opens_by_saying_what_it_does(stage):
    tree = ast.parse((PACKAGE / stage / "__init__.py").read_text())
    doc = ast.get_docstring(tree)
    assert doc and len(doc.split()) >= 25, f"lfrwatch/{stage}/__init__.py needs a docstring saying what it does"


def test_no_module_is_over_600_lines():
    long = {str(p.relative_to(REPO)): n for folder in LIBRARY for p in _modules(folder)
            if (n := len(p.read_text().splitlines())) > 600}
    assert long == {}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_the_cli_imports_click():
    offenders = [str(p.relative_to(REPO)) for folder in LIBRARY for p in _modules(folder)
                 if (PACKAGE / "cli") not in p.parents
                 and any(name == "click" or name.startswith("click.") or name.startswith("lfrwatch.cli")
                         for name in _imports(p))]
    assert offenders == []


def _dotted_paths(settings: Settings) -> list[str]:
    paths = []
    for name in ("DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES", "ITEM_PIPELINES", "EXTENSIONS"):
        paths += [key for key in settings.getdict(name) if isinstance(key, str) and key.startswith("lfrwatch.")]
    paths += [value for name, value in settings.items()
              if isinstance(value, str) and value.startswith("lfrwatch.") and not name.endswith("_MODULE")]
    return paths


def test_every_class_the_scrapy_settings_name_imports():
    settings = Settings()
    settings.setmodule("lfrwatch.crawl.settings", priority="project")
    paths = _dotted_paths(settings)
    assert "lfrwatch.crawl.httpcache.CrashSafeCacheStorage" in paths
    assert len(paths) >= 10
    for path in paths:
        assert load_object(path) is not None, path
    for module in settings.getlist("SPIDER_MODULES"):
        __import__(module)


def test_scrapy_cfg_names_the_settings_module():
    text = (REPO / "scrapy.cfg").read_text()
    assert "default = lfrwatch.crawl.settings" in text
    __import__("lfrwatch.crawl.settings")
    assert lfrwatch.__version__


def test_the_tests_have_one_conftest():
    """Test folders are not packages, so pytest imports each conftest.py as the module `conftest`: a second one
    (tests/history/conftest.py once) shadows tests/conftest.py for every `from conftest import ...` collected
    after it, and the whole suite fails to collect while each folder alone passes."""
    assert sorted(path.relative_to(REPO).as_posix() for path in (REPO / "tests").rglob("conftest.py")) == [
        "tests/conftest.py"]
