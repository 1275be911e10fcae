"""lfrwatch: a dated, sourced timeline of claims about live facial recognition in the UK.

The repository keeps ``spiders/`` and ``nlp/`` beside ``lfrwatch/`` (the design
card's layout), while every installed import name lives under ``lfrwatch.*``:
``pyproject.toml`` maps ``spiders/`` to ``lfrwatch.spiders`` and ``nlp/`` to
``lfrwatch.nlp``. When the package is imported straight from a checkout (for
example by ``scrapy`` run from the repository root, which puts the root on
``sys.path``), the same mapping is made here by adding the root to this
package's search path, so ``lfrwatch.spiders`` resolves to ``spiders/``.
"""

from pathlib import Path

__version__ = "0.1.0"

_HERE = Path(__file__).resolve().parent
_CHECKOUT = _HERE.parent
if (_CHECKOUT / "scrapy.cfg").is_file() and (_CHECKOUT / "spiders" / "__init__.py").is_file():
    __path__.append(str(_CHECKOUT))  # type: ignore[name-defined]  # noqa: F821
