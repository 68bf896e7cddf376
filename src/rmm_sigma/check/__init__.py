"""``rmm-sigma check``: everything wrong with a rule set, offline, in the words CI uses.

``run`` drives the checks; ``validators`` runs pySigma's and SigmaHQ's validators on offline data;
``indicators`` judges the indicator values; ``config`` reads rmm-sigma-check.yml; ``report`` renders
findings as text, JSON, JUnit or SARIF.
"""

from rmm_sigma.check.run import CheckOptions, run_check

__all__ = ["CheckOptions", "run_check"]
