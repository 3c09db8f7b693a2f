# Sourced by the benchmarks (from the project root): a private Lepton server on a free port with a fresh home.
#   start_server [server flags...]   starts it from lepton.jar and waits until it is ready; sets home, port and
#                                    server (its pid) and exports LEPTON_HOME, LEPTON_SERVER and TOKEN for ./lepton,
#                                    curl and wrk. It is stopped, and its home removed, when the script exits;
#                                    a script with more to clean defines on_exit, which runs first.
#   LEPTON_SERVER_JAVA_OPTS          the server JVM's options instead of -XX:+UseG1GC (the launcher's), e.g. -XX:+UseZGC.
#   LEPTON_BENCH_KEEP=1              keeps the home and prints where it is. On ext4 without a journal (this machine's
#                                    disk) inodes deleted in the last minutes slow every file created after them, so a
#                                    removed home of 100,000 jobs slowed the launches of the server measured next.
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

start_server() {
  [ -f lepton-dist/target/lepton.jar ] || mvn -q -B -DskipTests package -pl lepton-dist -am
  local java
  java=$(scripts/find-java)
  home=$(mktemp -d)
  port=$(free_port)
  # shellcheck disable=SC2086 # LEPTON_SERVER_JAVA_OPTS is a list of JVM options
  "$java" ${LEPTON_SERVER_JAVA_OPTS:--XX:+UseG1GC} -jar lepton-dist/target/lepton.jar server --home "$home" --port "$port" "$@" >"$home/server.log" 2>&1 &
  server=$!
  trap stop_server EXIT
  export LEPTON_HOME=$home LEPTON_SERVER=http://127.0.0.1:$port
  for _ in $(seq 1 240); do
    if curl -fsS "$LEPTON_SERVER/readyz" >/dev/null 2>&1; then
      TOKEN=$(sed -n 's/^token=//p' "$home/credentials")
      export TOKEN
      return 0
    fi
    kill -0 "$server" 2>/dev/null || break
    sleep 0.5
  done
  echo "the server did not become ready; its log:" >&2
  tail -20 "$home/server.log" >&2
  exit 1
}

stop_server() {
  if declare -F on_exit >/dev/null; then on_exit || true; fi
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  if [ -n "${LEPTON_BENCH_KEEP:-}" ]; then
    echo "kept the server's home: $home" >&2
  else
    rm -rf "$home" 2>/dev/null || true
  fi
}
