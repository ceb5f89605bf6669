# Shared by bench/run, bench/builds, bench/startup, bench/browser and bench/flood: build both projects, pick loopback ports,
# stop the server under test.
out=bench/target/results
mkdir -p "$out"

# The generator opens thousands of sockets from 127.0.0.1, more than 60 frames a second on some, and more rooms than a
# server admits by default: settings for Callroom that lift its admission caps and rate limit (docs/protocol.md,
# "Limits") out of the way of the relay and held-session benchmarks. Older builds ignore settings they do not know.
limits_lifted=(-Dcallroom.limits.sockets-per-address=1000000 -Dcallroom.limits.sessions=1000000 -Dcallroom.limits.rooms=1000000
  -Dcallroom.limits.frames-per-second=1000000 -Dcallroom.limits.frame-burst=1000000)

build() {
  ./mvnw -q -B -DskipTests package
  ./mvnw -q -B -f bench/pom.xml package
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

server_pid=""
stop_server() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi; }
trap stop_server EXIT
