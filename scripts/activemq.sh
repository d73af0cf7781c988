#!/usr/bin/env bash
# Starts or stops a throwaway ActiveMQ 5.17 on 127.0.0.1 for the STOMP integration tests.
#
#   scripts/activemq.sh start DIR   prints `export SB_ACTIVEMQ_...=...` lines (eval them)
#   scripts/activemq.sh stop DIR
#
# Everything lives in DIR/activemq: config, KahaDB data, log, pid, ports and a throwaway TLS CA.
# Two STOMP connectors: plain (SB_ACTIVEMQ_STOMP_PORT) and stomp+ssl with a required client
# certificate, as UMB is reached (SB_ACTIVEMQ_STOMP_SSL_PORT); SB_ACTIVEMQ_TLS_DIR holds ca.pem,
# client.pem, client.key (a client cert the broker trusts) and other-ca.pem (a CA it did not sign).
# Virtual topics use UMB's two-name consumer prefix: Consumer.<client>.<name>.VirtualTopic.>.
# Starting again after a stop reuses the same ports and data, so tests can restart the broker.
set -euo pipefail

cmd=${1:-}
top=${2:-}
if [ -z "$cmd" ] || [ -z "$top" ]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi
dir=$top/activemq

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

make_tls() {
  local t=$dir/tls
  mkdir -p "$t"
  [ -f "$t/broker.p12" ] && return 0
  (
    cd "$t"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=switchboard test CA" \
      -keyout ca.key -out ca.pem 2>/dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=other test CA" \
      -keyout other-ca.key -out other-ca.pem 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >server.ext
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key \
      -out server.csr 2>/dev/null
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
      -extfile server.ext -out server.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=sb-test-client" -keyout client.key \
      -out client.csr 2>/dev/null
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
      -out client.pem 2>/dev/null
    openssl pkcs12 -export -in server.pem -inkey server.key -certfile ca.pem -name broker \
      -out broker.p12 -passout pass:changeit
    keytool -importcert -noprompt -alias ca -file ca.pem -keystore trust.p12 \
      -storetype PKCS12 -storepass changeit >/dev/null 2>&1
  )
}

write_config() {
  local port=$1 sslport=$2
  cat >"$dir/activemq.xml" <<EOF
<beans xmlns="http://www.springframework.org/schema/beans"
       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
       xsi:schemaLocation="http://www.springframework.org/schema/beans
         http://www.springframework.org/schema/beans/spring-beans.xsd
         http://activemq.apache.org/schema/core
         http://activemq.apache.org/schema/core/activemq-core.xsd">
  <broker xmlns="http://activemq.apache.org/schema/core" brokerName="sb-test"
          dataDirectory="$dir/data" useJmx="false" advisorySupport="false">
    <destinationInterceptors>
      <virtualDestinationInterceptor>
        <virtualDestinations>
          <virtualTopic name="VirtualTopic.>" prefix="Consumer.*.*." selectorAware="false"/>
        </virtualDestinations>
      </virtualDestinationInterceptor>
    </destinationInterceptors>
    <persistenceAdapter>
      <kahaDB directory="$dir/data/kahadb"/>
    </persistenceAdapter>
    <sslContext>
      <sslContext keyStore="file:$dir/tls/broker.p12" keyStorePassword="changeit"
                  keyStoreType="PKCS12" trustStore="file:$dir/tls/trust.p12"
                  trustStorePassword="changeit" trustStoreType="PKCS12"/>
    </sslContext>
    <transportConnectors>
      <transportConnector name="stomp" uri="stomp://127.0.0.1:$port"/>
      <transportConnector name="stomp+ssl" uri="stomp+ssl://127.0.0.1:$sslport?needClientAuth=true"/>
    </transportConnectors>
  </broker>
</beans>
EOF
}

wait_port() {
  local port=$1
  for _ in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      echo "activemq exited; see $dir/activemq.log" >&2
      tail -20 "$dir/activemq.log" >&2 || true
      return 1
    fi
    sleep 0.2
  done
  echo "activemq did not open port $port within 30 s; see $dir/activemq.log" >&2
  return 1
}

case $cmd in
start)
  mkdir -p "$dir/data"
  if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
    echo "activemq already running (pid $(cat "$dir/pid"))" >&2
  else
    if [ ! -f "$dir/ports" ]; then
      echo "$(free_port) $(free_port)" >"$dir/ports"
    fi
    read -r port sslport <"$dir/ports"
    make_tls
    write_config "$port" "$sslport"
    # setsid: the broker must outlive the shell that started it (ctest, a test's restart step).
    setsid java -Xms64m -Xmx256m -Djava.awt.headless=true \
      -Dactivemq.base="$dir" -Dactivemq.home=/usr/share/activemq -Dactivemq.conf="$dir" \
      -Dactivemq.data="$dir/data" -jar /usr/share/activemq/bin/activemq.jar \
      start "xbean:file:$dir/activemq.xml" >"$dir/activemq.log" 2>&1 </dev/null &
    echo $! >"$dir/pid"
  fi
  read -r port sslport <"$dir/ports"
  wait_port "$port"
  wait_port "$sslport"
  echo "export SB_ACTIVEMQ_STOMP_PORT=$port"
  echo "export SB_ACTIVEMQ_STOMP_SSL_PORT=$sslport"
  echo "export SB_ACTIVEMQ_TLS_DIR=$dir/tls"
  ;;
stop)
  if [ -f "$dir/pid" ]; then
    pid=$(cat "$dir/pid")
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/pid"
  fi
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
