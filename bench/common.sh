# Shared by bench/run, bench/startup and bench/browser: build both projects, pick loopback ports, stop the server under test.
out=bench/target/results
mkdir -p "$out"

build() {
  ./mvnw -q -B -DskipTests package
  ./mvnw -q -B -f bench/pom.xml package
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

server_pid=""
stop_server() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi; }
trap stop_server EXIT
