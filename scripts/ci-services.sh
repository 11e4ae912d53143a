#!/usr/bin/env bash
# CI: the scaled-mode tests need PostgreSQL (127.0.0.1:5432) and NATS (127.0.0.1:4222).
# Start them when this machine has them installed but stopped, then require them:
# TETHER_REQUIRE_SERVICES=1 turns the tests' "skipped: no PostgreSQL/NATS" into a failure,
# so a CI run can never pass silently without them.
set -uo pipefail

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {
  for _ in $(seq 1 50); do answers "$1" && return 0; sleep 0.2; done
  return 1
}

if ! answers 5432 && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  echo "ci-services: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  wait_for 5432
fi
if ! answers 4222 && [ -x /usr/sbin/nats-server ]; then
  echo "ci-services: starting NATS"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log || true
  wait_for 4222
fi

missing=()
answers 5432 || missing+=("PostgreSQL at 127.0.0.1:5432")
answers 4222 || missing+=("NATS at 127.0.0.1:4222")
if [ ${#missing[@]} -gt 0 ]; then
  echo "ci-services: NOT AVAILABLE: ${missing[*]}. The scaled-mode tests cannot run; failing CI rather than skipping them." >&2
  exit 1
fi
echo "ci-services: PostgreSQL and NATS answer"
