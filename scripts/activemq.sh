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

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib.sh
. "$here/lib.sh"
start_stop_args "$0" "$@"
dir=$top/activemq

make_tls() {  # the test CA plus the Java key and trust stores the broker reads
  local t=$dir/tls
  make_test_ca "$t" activemq
  [ -f "$t/broker.p12" ] && return 0
  (
    cd "$t"
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

wait_activemq() {  # wait_activemq PORT: bounded; on failure says why with the log's tail
  local port=$1
  if wait_port "$port" 30 "$(cat "$dir/pid")"; then
    return 0
  fi
  if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
    echo "activemq exited; see $dir/activemq.log" >&2
  else
    echo "activemq did not open port $port within 30 s; see $dir/activemq.log" >&2
  fi
  tail -20 "$dir/activemq.log" >&2 || true
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
  wait_activemq "$port"
  wait_activemq "$sslport"
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
