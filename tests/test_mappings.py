"""The Defender mapping pipeline is data; these tests hold it to the Defender schema."""

from __future__ import annotations

import pytest
import yaml
from sigma.pipelines.microsoftxdr.tables import MICROSOFT_XDR_TABLES

from rmm_sigma.targets import MAPPINGS_DIR

PIPELINE = yaml.safe_load((MAPPINGS_DIR / "defender.yml").read_text(encoding="utf-8"))
ITEMS = {item["id"]: item for item in PIPELINE["transformations"]}


def _clean(column: str) -> str:
    return column.strip().split()[0].strip("`'*")


def test_every_table_the_mapping_selects_exists() -> None:
    tables = [i["val"] for i in ITEMS.values() if i.get("key") == "query_table"]
    assert tables and all(t in MICROSOFT_XDR_TABLES for t in tables)


def test_every_mapped_column_exists_in_its_table() -> None:
    for item in ITEMS.values():
        if item["type"] != "field_name_mapping":
            continue
        table_item = item["rule_conditions"][0]["processing_item_id"]
        table = ITEMS[table_item]["val"]
        columns = {_clean(c) for c in MICROSOFT_XDR_TABLES[table]}
        missing = sorted(set(item["mapping"].values()) - columns)
        assert missing == [], f"{item['id']}: not columns of {table}: {missing}"


def test_every_table_has_a_field_mapping_and_the_failure_guards_all_of_them() -> None:
    tables = {i["id"] for i in ITEMS.values() if i.get("key") == "query_table"}
    mapped = {
        i["rule_conditions"][0]["processing_item_id"]
        for i in ITEMS.values()
        if i["type"] == "field_name_mapping"
    }
    guarded = {c["processing_item_id"] for c in ITEMS["unsupported_logsource"]["rule_conditions"]}
    assert tables == mapped == guarded


@pytest.mark.slow
def test_pipeline_works_from_sigma_cli_with_the_stock_kusto_backend(tmp_path) -> None:
    import subprocess
    import sys
    from pathlib import Path

    sigma = Path(sys.executable).with_name("sigma")
    rule = MAPPINGS_DIR.parent / "sigma" / "SyncroMSP" / "file_signature_win_rmm_syncromsp.yml"
    proc = subprocess.run(
        [str(sigma), "convert", "-t", "kusto", "-p", str(MAPPINGS_DIR / "defender.yml"), str(rule)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert 'DeviceFileCertificateInfo\n| where Signer contains "Servably, Inc."' in proc.stdout
