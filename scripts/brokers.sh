#!/usr/bin/env bash
# Starts or stops the throwaway brokers of the integration tests, on free 127.0.0.1 ports under
# DIR: RabbitMQ 3.10 (AMQP, AMQPS with a test CA, STOMP plugin) and, through scripts/activemq.sh
# when present, ActiveMQ.
#
#   scripts/brokers.sh start DIR   prints `export SB_...=...` lines (scripts/test.sh evals them)
#   scripts/brokers.sh stop DIR    stops everything it started; nothing is left running
#
# Works as root (the node runs as the `rabbitmq` user, which owns DIR/rabbitmq) or as rabbitmq.
# Every wait is bounded; a broker that does not come up fails the start with its log's tail.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib.sh
. "$here/lib.sh"
start_stop_args "$0" "$@"
mkdir -p "$top"
top=$(cd "$top" && pwd)
dir=$top/rabbitmq

as_rabbitmq() {
  if [ "$(id -u)" = "$(id -u rabbitmq)" ]; then
    sh -c "$1"
  else
    su rabbitmq -s /bin/sh -c "$1"
  fi
}

ctl() {  # rabbitmqctl as the rabbitmq user (its cookie), against our node
  as_rabbitmq "cd /var/lib/rabbitmq && /usr/lib/rabbitmq/bin/rabbitmqctl -n $(cat "$dir/node") $*"
}

start_rabbitmq() {
  mkdir -p "$dir/mnesia" "$dir/log"
  if [ ! -f "$dir/ports" ]; then
    echo "$(free_port) $(free_port) $(free_port) $(free_port)" >"$dir/ports"
    echo "sb-test-$$-$RANDOM@localhost" >"$dir/node"
  fi
  read -r amqp stomp dist amqps <"$dir/ports"
  make_test_ca "$dir/tls" amqp
  cat >"$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$amqp
listeners.ssl.default = 127.0.0.1:$amqps
ssl_options.cacertfile = $dir/tls/ca.pem
ssl_options.certfile = $dir/tls/server.pem
ssl_options.keyfile = $dir/tls/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = false
stomp.listeners.tcp.1 = 127.0.0.1:$stomp
loopback_users = none
log.file.level = info
vm_memory_high_watermark.relative = 0.6
disk_free_limit.absolute = 50MB
CONF
  echo '[rabbitmq_stomp].' >"$dir/enabled_plugins"
  chown -R rabbitmq:rabbitmq "$dir" 2>/dev/null || true
  chmod 755 "$top" 2>/dev/null || true
  local node
  node=$(cat "$dir/node")
  local envs="RABBITMQ_MNESIA_BASE=$dir/mnesia RABBITMQ_LOG_BASE=$dir/log \
RABBITMQ_NODENAME=$node RABBITMQ_DIST_PORT=$dist \
RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins RABBITMQ_CONFIG_FILE=$dir/rabbitmq.conf \
RABBITMQ_FEATURE_FLAGS_FILE=$dir/feature_flags RABBITMQ_PID_FILE=$dir/pid \
RABBITMQ_PLUGINS_EXPAND_DIR=$dir/plugins-expand"
  as_rabbitmq "cd /var/lib/rabbitmq && exec env $envs setsid /usr/lib/rabbitmq/bin/rabbitmq-server \
>$dir/log/startup.log 2>&1 </dev/null &"
  if ! wait_port "$amqp" 180 || ! wait_port "$stomp" 60; then
    echo "brokers.sh: RabbitMQ did not start; last lines of its logs:" >&2
    tail -n 30 "$dir/log/"*.log >&2 || true
    stop_rabbitmq
    exit 1
  fi
  echo "export SB_RABBITMQ_AMQP_PORT=$amqp SB_RABBITMQ_STOMP_PORT=$stomp" \
    "SB_RABBITMQ_AMQPS_PORT=$amqps SB_RABBITMQ_TLS_DIR=$dir/tls SB_RABBITMQ_NODE=$node"
}

stop_rabbitmq() {
  [ -f "$dir/node" ] || return 0
  local pid=""
  [ -f "$dir/pid" ] && pid=$(cat "$dir/pid" 2>/dev/null || true)
  timeout 60 bash -c "$(declare -f as_rabbitmq ctl); dir=$dir; ctl stop" >/dev/null 2>&1 || true
  if [ -n "$pid" ]; then
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  # epmd was started by our node; end it when no other Erlang node is left on this machine.
  if ! pgrep -x beam.smp >/dev/null 2>&1; then
    epmd -kill >/dev/null 2>&1 || true
  fi
}

case $cmd in
  start)
    start_rabbitmq
    if [ -x "$here/activemq.sh" ]; then
      "$here/activemq.sh" start "$top"
    fi
    ;;
  stop)
    if [ -x "$here/activemq.sh" ]; then
      "$here/activemq.sh" stop "$top" || true
    fi
    stop_rabbitmq
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
