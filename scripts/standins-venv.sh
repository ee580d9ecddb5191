# Sourced: makes sure target/py-standins holds the real servers and checkers the stories start
# (pinned with what they need): aiosmtpd, an SMTP server (scripts/smtp_sink.py), and http_ece
# with cryptography, an independent Web Push decryption and VAPID check
# (scripts/push_service.py). Exports FLOWLINE_STANDINS_PYTHON.
standins_venv=target/py-standins
standins_version=2
if [ ! -x "$standins_venv/bin/python" ] || [ ! -f "$standins_venv/.flowline-$standins_version" ]; then
  echo "==> Installing aiosmtpd and http_ece into $standins_venv"
  python3 -m venv "$standins_venv"
  "$standins_venv/bin/pip" install -q --disable-pip-version-check 'aiosmtpd==1.4.6' \
    'atpublic==9.0.0' 'attrs==26.1.0' 'http_ece==1.2.1' 'cryptography==51.0.1' \
    'cffi==2.1.1' 'pycparser==3.12'
  touch "$standins_venv/.flowline-$standins_version"
fi
export FLOWLINE_STANDINS_PYTHON="$PWD/$standins_venv/bin/python"
