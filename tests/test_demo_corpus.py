"""The committed demo corpus is what demo/build_corpus.py writes, byte for byte."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "demo" / "corpus"


def test_the_generator_rebuilds_the_committed_corpus_byte_for_byte(tmp_path):
    subprocess.run(
        [sys.executable, str(REPO / "demo" / "build_corpus.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    committed = sorted(p.relative_to(CORPUS) for p in CORPUS.rglob("*") if p.is_file())
    rebuilt = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert rebuilt == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (CORPUS / name).read_bytes(), name
