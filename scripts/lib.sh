# Helpers shared by scripts/brokers.sh and scripts/activemq.sh (sourced, not run): free loopback
# ports, bounded waits for a port, and a throwaway TLS CA with server and client certificates.

# start_stop_args SCRIPT ARGS...: the command line both broker scripts take, `start|stop DIR`;
# sets cmd and top, or prints the usage and exits 2.
start_stop_args() {
  local script=$1
  cmd=${2:-}
  top=${3:-}
  if [ -z "$cmd" ] || [ -z "$top" ]; then
    echo "usage: $script start|stop DIR" >&2
    exit 2
  fi
}

# Prints a port that is free on 127.0.0.1 now (the kernel's pick for an ephemeral bind).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_port PORT SECONDS [PID]: returns 0 once 127.0.0.1:PORT accepts a connection, 1 after
# SECONDS, or at once when PID (the broker that should open it) has exited.
wait_port() {
  local port=$1 limit=$2 pid=${3:-}
  local end=$((SECONDS + limit))
  while [ "$SECONDS" -lt "$end" ]; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    sleep 0.2
  done
  return 1
}

# make_test_ca DIR NAME: once, writes into DIR a CA (ca.pem, ca.key), a CA that signed nothing here
# (other-ca.pem, for "bad CA" tests), a server certificate for localhost and 127.0.0.1
# (server.pem, server.key) and a client certificate (client.pem, client.key, CN "sb-NAME-client"),
# both signed by the CA.
make_test_ca() {
  local t=$1 name=$2
  mkdir -p "$t"
  [ -f "$t/server.pem" ] && [ -f "$t/client.pem" ] && return 0
  (
    cd "$t"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=switchboard $name test CA" \
      -keyout ca.key -out ca.pem 2>/dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=unrelated CA" \
      -keyout other-ca.key -out other-ca.pem 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >server.ext
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key \
      -out server.csr 2>/dev/null
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
      -extfile server.ext -out server.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=sb-$name-client" -keyout client.key \
      -out client.csr 2>/dev/null
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
      -out client.pem 2>/dev/null
  )
}
