#!/bin/bash
# Entrypoint of the lab's offline MySQL-compatible image (MariaDB on Debian).
# Honours the contract of the official mysql image: MYSQL_ROOT_PASSWORD,
# MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD and the
# scripts in /docker-entrypoint-initdb.d (*.sh, *.sql, *.sql.gz), run once on an
# empty data directory.
set -eo pipefail

log() { echo "$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ) 0 [Note] [Entrypoint]: $*"; }
fail() { echo "$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ) 0 [ERROR] [Entrypoint]: $*" >&2; exit 1; }

if [ "${1:0:1}" = '-' ]; then
  set -- mariadbd "$@"
fi
if [ "$1" = 'mysqld' ]; then
  shift
  set -- mariadbd "$@"
fi

DATADIR=/var/lib/mysql
SOCKET=/run/mysqld/mysqld.sock

prepare_dirs() {
  mkdir -p "$DATADIR" /run/mysqld /var/log/mysql
  if [ "$(id -u)" = '0' ]; then
    chown -R mysql:mysql "$DATADIR" /run/mysqld /var/log/mysql
  fi
}

sql_escape() { printf '%s' "$1" | sed -e "s/'/''/g"; }

init_database() {
  if [ -z "$MYSQL_ROOT_PASSWORD" ] && [ -z "$MYSQL_ALLOW_EMPTY_PASSWORD" ]; then
    fail "Database is uninitialized and password option is not specified
    You need to specify one of the following as an environment variable:
    - MYSQL_ROOT_PASSWORD
    - MYSQL_ALLOW_EMPTY_PASSWORD"
  fi
  log "Initializing database files"
  mariadb-install-db --user=mysql --datadir="$DATADIR" --auth-root-authentication-method=normal \
    --skip-test-db --skip-name-resolve > /dev/null
  log "Database files initialized"
  log "Starting temporary server"
  "$@" --user=mysql --skip-networking --socket="$SOCKET" &
  local pid=$!
  for _ in $(seq 1 60); do
    if mariadb-admin --socket="$SOCKET" ping --silent > /dev/null 2>&1; then break; fi
    sleep 0.5
  done
  mariadb-admin --socket="$SOCKET" ping --silent > /dev/null 2>&1 || fail "Unable to start server."
  log "Temporary server started."
  local root_pw
  root_pw=$(sql_escape "${MYSQL_ROOT_PASSWORD}")
  mariadb --protocol=socket --socket="$SOCKET" -uroot <<SQL
SET @@SESSION.SQL_LOG_BIN=0;
DELETE FROM mysql.user WHERE user='' OR (user='root' AND host NOT IN ('localhost'));
ALTER USER 'root'@'localhost' IDENTIFIED BY '${root_pw}';
CREATE USER 'root'@'%' IDENTIFIED BY '${root_pw}';
GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
  local client=(mariadb --protocol=socket --socket="$SOCKET" -uroot "-p${MYSQL_ROOT_PASSWORD}")
  if [ -n "$MYSQL_DATABASE" ]; then
    log "Creating database ${MYSQL_DATABASE}"
    "${client[@]}" -e "CREATE DATABASE IF NOT EXISTS \`${MYSQL_DATABASE}\`;"
  fi
  if [ -n "$MYSQL_USER" ] && [ -n "$MYSQL_PASSWORD" ]; then
    log "Creating user ${MYSQL_USER}"
    "${client[@]}" -e "CREATE USER '${MYSQL_USER}'@'%' IDENTIFIED BY '$(sql_escape "$MYSQL_PASSWORD")';"
    if [ -n "$MYSQL_DATABASE" ]; then
      log "Giving user ${MYSQL_USER} access to schema ${MYSQL_DATABASE}"
      "${client[@]}" -e "GRANT ALL ON \`${MYSQL_DATABASE//_/\\_}\`.* TO '${MYSQL_USER}'@'%';"
    fi
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) log "running $f"; . "$f" ;;
      *.sql) log "running $f"; "${client[@]}" ${MYSQL_DATABASE:+"$MYSQL_DATABASE"} < "$f" ;;
      *.sql.gz) log "running $f"; gunzip -c "$f" | "${client[@]}" ${MYSQL_DATABASE:+"$MYSQL_DATABASE"} ;;
      *) [ -e "$f" ] && log "ignoring $f" ;;
    esac
  done
  log "Stopping temporary server"
  kill "$pid"
  wait "$pid" || true
  log "Temporary server stopped"
  echo
  log "MySQL init process done. Ready for start up."
  echo
}

if [ "$1" = 'mariadbd' ]; then
  prepare_dirs
  if [ ! -d "$DATADIR/mysql" ]; then
    init_database "$@"
  fi
  if [ "$(id -u)" = '0' ]; then
    set -- "$@" --user=mysql
  fi
fi
exec "$@"
