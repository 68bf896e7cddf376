"""rmm-sigma's backends as a pySigma plugin: ``sigma list targets`` shows them, ``sigma convert -t``
uses them (with the ``rmm_*`` pipelines of :mod:`sigma.pipelines.rmm_sigma`).

    sigma convert -t kql -p rmm_defender sigma/AnyDesk/    # KQL with term matching (match.term)
    sigma convert -t sql -p rmm_duckdb_defender sigma/AnyDesk/
"""

from rmm_sigma.backends.kql import KqlBackend
from rmm_sigma.backends.sql import DuckDbSqlBackend

backends = {
    "kql": KqlBackend,
    "sql": DuckDbSqlBackend,
}
