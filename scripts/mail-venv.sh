# Sourced: makes sure target/py-mail holds aiosmtpd (a real SMTP server, pinned with what it
# needs), which the e-mail stories start through scripts/smtp_sink.py. Exports
# FLOWLINE_SMTP_PYTHON.
mail_venv=target/py-mail
aiosmtpd_version=1.4.6
if [ ! -x "$mail_venv/bin/python" ] || [ ! -f "$mail_venv/.flowline-$aiosmtpd_version" ]; then
  echo "==> Installing aiosmtpd $aiosmtpd_version into $mail_venv"
  python3 -m venv "$mail_venv"
  "$mail_venv/bin/pip" install -q --disable-pip-version-check "aiosmtpd==$aiosmtpd_version" \
    'atpublic==9.0.0' 'attrs==26.1.0'
  touch "$mail_venv/.flowline-$aiosmtpd_version"
fi
export FLOWLINE_SMTP_PYTHON="$PWD/$mail_venv/bin/python"
