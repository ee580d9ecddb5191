# Sourced: makes sure target/py-fsrs holds the reference FSRS-6 implementation (the `fsrs`
# package on PyPI, pinned), which server/simulate/tests/fsrs_reference.rs scores histories with. Exports
# FLOWLINE_FSRS_PYTHON.
fsrs_venv=target/py-fsrs
fsrs_version=6.3.2
if [ ! -x "$fsrs_venv/bin/python" ] || [ ! -f "$fsrs_venv/.flowline-$fsrs_version" ]; then
  echo "==> Installing the reference fsrs $fsrs_version into $fsrs_venv"
  python3 -m venv "$fsrs_venv"
  "$fsrs_venv/bin/pip" install -q --disable-pip-version-check "fsrs==$fsrs_version" 'typing_extensions==4.16.0'
  touch "$fsrs_venv/.flowline-$fsrs_version"
fi
export FLOWLINE_FSRS_PYTHON="$PWD/$fsrs_venv/bin/python"
