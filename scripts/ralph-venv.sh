# Sourced: makes sure target/py-ralph holds ralph-malph (xAPI models and an LRS), pinned with
# the packages its `cli` and `lrs` extras leave open (so pip does not backtrack, and `requests`,
# which the LRS imports but the extra lacks, is there). Sets $ralph_venv.
ralph_venv=target/py-ralph
ralph_version=5.1.0
if [ ! -x "$ralph_venv/bin/ralph" ] || [ ! -f "$ralph_venv/.flowline-$ralph_version" ]; then
  echo "==> Installing ralph-malph $ralph_version into $ralph_venv"
  python3 -m venv "$ralph_venv"
  "$ralph_venv/bin/pip" install -q --disable-pip-version-check "ralph-malph[cli,lrs]==$ralph_version" \
    'sentry-sdk[fastapi]==2.14.0' 'click==8.1.8' 'requests==2.32.3'
  touch "$ralph_venv/.flowline-$ralph_version"
fi
