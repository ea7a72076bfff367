"""A pack opened and saved again by LibreOffice (as a lead without Excel does): what the
return is compared with survives, and the lead's changes are collected.

LibreOffice comes from the machine (Debian's libreoffice-calc). Without it the test is
skipped with one line, except in CI (`CI=true`), where a missing LibreOffice fails, as a
missing Chromium does. One start of LibreOffice costs seconds: one test.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from improvetrack.files import store
from tests.browser import in_ci
from tests.conftest import Invoke
from tests.packs import QA_PACK, fill


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if in_ci():
            pytest.fail("no LibreOffice in CI (apt-get install libreoffice-calc-nogui)")
        pytest.skip("no LibreOffice (apt-get install libreoffice-calc-nogui)")
    return found


def test_a_pack_saved_again_by_libreoffice_keeps_its_metadata(
    invoke: Invoke, sample: Path, tmp_path: Path
) -> None:
    soffice = _soffice()
    assert invoke("updates", "request", "--as-of", "2026-11-02").exit_code == 0
    filled = fill(
        sample.parent / "update-packs" / QA_PACK,
        tmp_path / "qa return.xlsx",
        {("ASM-3", "Update"): "Audits published monthly", ("ASM-3", "Your RAG"): "Green"},
    )
    out = tmp_path / "saved"
    out.mkdir()
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={profile}", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(filled)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    saved = out / "qa return.xlsx"
    assert saved.is_file()
    result = invoke("updates", "collect", str(saved), "--as-of", "2026-11-10")
    assert result.exit_code == 0, result.output
    assert "ASM-3 progress: (none) → Audits published monthly" in result.output
    action = store.read(sample).register.actions["ASM-3"]
    assert action.latest_update is not None
    assert action.latest_update.by == "Head of Quality Assurance"
    # The same return as openpyxl saved it: the same cells, so the same digest.
    again = invoke("updates", "collect", str(filled), "--as-of", "2026-11-11")
    assert "already collected" in again.output
