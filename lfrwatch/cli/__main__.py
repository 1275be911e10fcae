"""``python -m lfrwatch.cli``: the same as the ``lfrwatch`` command."""

from lfrwatch.cli import main

main()
