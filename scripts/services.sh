#!/usr/bin/env bash
# make services: PostgreSQL on 127.0.0.1:5432 (user postgres, no password,
# unaccent), Redis on 6379 and RabbitMQ on 5672 (guest/guest) for the second
# test run of .ci/run and for DATABASE_URL / CACHE_URL / CELERY_BROKER_URL.
# A service already answering on its port is left alone; a missing one is
# installed (apt-get, only missing packages) and started. Idempotent: a second
# run only checks. Any service that cannot be reached fails with a message.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PG_PORT=5432
REDIS_PORT=6379
RABBITMQ_PORT=5672

# --- PostgreSQL ----------------------------------------------------------------

# "VERSION NAME" of the Debian cluster configured for port 5432, if any.
pg_cluster() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 0
  pg_lsclusters -h 2>/dev/null | awk -v port="$PG_PORT" '$3 == port { print $1, $2; exit }'
}

# psql as postgres over TCP, never with a password (as the test settings connect).
pg_psql() {
  env -u PGPASSWORD -u PGSERVICE PGPASSFILE=/dev/null \
    psql -w -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"
}
pg_trusts() { pg_psql -d postgres -tAc 'select 1' >/dev/null 2>&1; }

# Prepends trust rules for 127.0.0.1/32 and ::1/128 to the cluster's
# pg_hba.conf (first match wins), keeps a copy of the original, reloads.
pg_trust_local_tcp() {
  local cluster version name hba tmp
  cluster=$(pg_cluster)
  [ -n "$cluster" ] || die "PostgreSQL on 127.0.0.1:$PG_PORT asks user postgres for a password and is not a Debian cluster this script can configure: allow 'trust' for host connections from 127.0.0.1/32 and ::1/128 in its pg_hba.conf."
  read -r version name <<<"$cluster"
  hba="/etc/postgresql/$version/$name/pg_hba.conf"
  if ! as_root grep -q '^# make services (scripts/services.sh)' "$hba"; then
    log "PostgreSQL $version/$name: trust for 127.0.0.1/32 and ::1/128 in $hba (original kept as $hba.orig)"
    tmp=$(mktemp)
    {
      echo "# make services (scripts/services.sh): TCP connections from this machine need no"
      echo "# password, as the test settings and .ci/run expect. Development and CI only."
      echo "host    all             all             127.0.0.1/32            trust"
      echo "host    all             all             ::1/128                 trust"
      echo
      as_root cat "$hba"
    } >"$tmp"
    [ -e "$hba.orig" ] || as_root cp -p "$hba" "$hba.orig"
    as_root cp "$tmp" "$hba"   # cp onto the file keeps its owner and mode
    rm -f "$tmp"
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" reload
  local _
  for _ in $(seq 1 10); do pg_trusts && return 0; sleep 0.5; done
  die "PostgreSQL still asks user postgres for a password on 127.0.0.1:$PG_PORT after editing $hba."
}

ensure_postgres() {
  if ! port_open "$PG_PORT"; then
    apt_install postgresql postgresql-contrib || die "could not install postgresql and postgresql-contrib with apt-get."
    local cluster version
    cluster=$(pg_cluster)
    if [ -z "$cluster" ]; then
      version=$(ls /usr/lib/postgresql | sort -V | tail -1)
      log "creating PostgreSQL cluster $version/main on port $PG_PORT"
      as_root pg_createcluster --port "$PG_PORT" "$version" main >/dev/null
      cluster="$version main"
    fi
    log "starting PostgreSQL ${cluster/ //}"
    # shellcheck disable=SC2086  # "VERSION NAME" are two arguments
    as_root pg_ctlcluster --skip-systemctl-redirect $cluster start || true
    wait_port PostgreSQL "$PG_PORT" 30
  fi
  command -v psql >/dev/null 2>&1 || apt_install postgresql-client || die "could not install postgresql-client (psql) with apt-get."
  pg_trusts || pg_trust_local_tcp
  # New databases (the test database) are created from template1.
  if ! pg_psql -d template1 -tAc 'CREATE EXTENSION IF NOT EXISTS unaccent' >/dev/null 2>&1; then
    apt_install postgresql-contrib || true
    pg_psql -d template1 -tAc 'CREATE EXTENSION IF NOT EXISTS unaccent' >/dev/null 2>&1 \
      || die "PostgreSQL on 127.0.0.1:$PG_PORT lacks the unaccent extension: install postgresql-contrib for its version."
  fi
  log "PostgreSQL: 127.0.0.1:$PG_PORT, user postgres without password, unaccent in template1"
}

# --- Redis ---------------------------------------------------------------------

ensure_redis() {
  if ! port_open "$REDIS_PORT"; then
    apt_install redis-server || die "could not install redis-server with apt-get."
    log "starting Redis"
    as_root mkdir -p /var/lib/redis /var/log/redis
    as_root redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/make-services.log
    wait_port Redis "$REDIS_PORT" 20
  fi
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] \
      || die "something answers on 127.0.0.1:$REDIS_PORT but not Redis's PING."
  fi
  log "Redis: 127.0.0.1:$REDIS_PORT"
}

# --- RabbitMQ ------------------------------------------------------------------

ensure_rabbitmq() {
  if ! port_open "$RABBITMQ_PORT"; then
    apt_install rabbitmq-server || die "could not install rabbitmq-server with apt-get."
    log "starting RabbitMQ"
    # Debian's wrapper runs the broker as the rabbitmq user; guest/guest may
    # connect from localhost (the default).
    as_root rabbitmq-server -detached || true
    wait_port RabbitMQ "$RABBITMQ_PORT" 90
  fi
  log "RabbitMQ: 127.0.0.1:$RABBITMQ_PORT (guest/guest)"
}

ensure_postgres
ensure_redis
ensure_rabbitmq
bash "$(dirname "$0")/clamav.sh"  # clamd for the upload tests (EICAR signatures of tests/fixtures/clamav)
