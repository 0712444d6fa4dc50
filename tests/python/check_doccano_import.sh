#!/usr/bin/env bash
# Loads Marginalia's doccano exports with doccano's own relation import ("JSONL(Relation)"
# into a sequence-labeling project with relation labeling and overlapping entities), in
# doccano's own test database, and checks every span and relation arrived.
#   tests/python/check_doccano_import.sh FILE.jsonl...
# Installs doccano 1.8.4 into a virtualenv under target/ on first use.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/doccano-venv
if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c "import backend" 2>/dev/null; then
  python3 -m venv "$venv"
  # doccano 1.8.4 pins loosely: these are the versions its code still runs with; its test
  # runner and fixtures come from unittest-xml-reporting and model_mommy.
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "doccano==1.8.4" "marshmallow<4" "numpy<2" unittest-xml-reporting model_mommy
fi
backend=$("$venv/bin/python" -c "import backend, os; print(os.path.dirname(backend.__file__))")
cp tests/python/doccano_import_test.py "$backend/data_import/tests/test_marginalia.py"
files=()
for f in "$@"; do files+=("$(realpath "$f")"); done
cd "$backend"
MARGINALIA_DOCCANO=$(IFS=:; echo "${files[*]}") DJANGO_SETTINGS_MODULE=config.settings.development \
  "$OLDPWD/$venv/bin/python" manage.py test data_import.tests.test_marginalia
