"""``python -m rmm_sigma``: the same as the ``rmm-sigma`` command."""

from rmm_sigma.cli import main

main()
