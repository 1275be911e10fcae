"""Packaging: the design card's layout in the repository, only lfrwatch.* once installed."""

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_design_card_layout():
    for name in ("scrapy.cfg", "lfrwatch", "spiders", "nlp", "data", "tests"):
        assert (REPO / name).exists(), name


def test_wheel_installs_only_lfrwatch_packages(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", str(tmp_path),
         str(REPO)], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    wheel = next(tmp_path.glob("lfrwatch-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    assert top == {"lfrwatch", f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}.dist-info"}
    assert "lfrwatch/spiders/base.py" in names and "lfrwatch/nlp/config.cfg" in names
    assert "lfrwatch/nlp/gazetteer.csv" in names


def test_scrapy_list_from_the_repository_root():
    scrapy = Path(sys.executable).parent / "scrapy"
    completed = subprocess.run([str(scrapy), "list"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert "feed" in completed.stdout.split()


def test_imports_resolve_to_the_checkout_folders():
    import lfrwatch.nlp
    import lfrwatch.spiders

    assert Path(lfrwatch.spiders.__file__).parent == REPO / "spiders"
    assert Path(lfrwatch.nlp.__file__).parent == REPO / "nlp"
