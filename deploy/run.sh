#!/usr/bin/env bash
# Start N replicas of the app (default 2) on free 127.0.0.1 ports, wait until each answers
# /_stcore/health, then run Debian's nginx in front of them on 127.0.0.1:$PORT (default 8080)
# with sticky sessions and websocket upgrade. Ctrl-C (or TERM) stops everything.
#
#   deploy/run.sh            # 2 replicas on http://127.0.0.1:8080
#   PORT=9000 deploy/run.sh 4
#   LISTEN=0.0.0.0:8080 deploy/run.sh 3     # a workshop on the local network
#
# Environment: PORT, LISTEN (address:port, overrides PORT), PYTHON (a Python with streamlit;
# default .venv/bin/python, else python3), RUN_DIR (where the rendered config, logs and pid
# files go; default a fresh temporary directory). Each replica's log is $RUN_DIR/replica-I.log;
# nginx's access log ($RUN_DIR/access.log) names the replica that served each request.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-2}"
PORT="${PORT:-8080}"
LISTEN="${LISTEN:-127.0.0.1:$PORT}"
if [ -z "${PYTHON:-}" ]; then
  if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi
fi
NGINX=/usr/sbin/nginx
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [replicas>=1]" >&2; exit 2; }

if [ ! -x "$NGINX" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "nginx is missing and installing it needs root: apt-get install nginx" >&2
    exit 1
  fi
  # Debian starts a freshly installed nginx on port 80; policy-rc.d forbids that for this install.
  made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
  [ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
fi

RUN_DIR="${RUN_DIR:-$(mktemp -d -t riskexplorer-deploy.XXXXXX)}"
mkdir -p "$RUN_DIR"
chmod 755 "$RUN_DIR"  # nginx's workers (not root) must reach their temp directories

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

ports=()
upstreams=""
for i in $(seq 1 "$N"); do
  port="$(free_port)"
  ports+=("$port")
  upstreams+="        server 127.0.0.1:$port max_fails=0;"$'\n'
  (cd "$ROOT" && PYTHONPATH="$ROOT/src${PYTHONPATH:+:$PYTHONPATH}" \
    exec "$PYTHON" -m streamlit run app.py --server.port "$port" --server.address 127.0.0.1 \
      --server.headless true --server.fileWatcherType none) >"$RUN_DIR/replica-$i.log" 2>&1 &
  pids+=("$!")
  echo "replica $i: pid $! on 127.0.0.1:$port (log $RUN_DIR/replica-$i.log)"
done

for i in "${!ports[@]}"; do
  port="${ports[$i]}"
  for _ in $(seq 1 300); do
    if "$PYTHON" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/_stcore/health', timeout=2)" 2>/dev/null; then
      break
    fi
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "replica $((i + 1)) exited:" >&2; cat "$RUN_DIR/replica-$((i + 1)).log" >&2; exit 1
    fi
    sleep 0.2
  done
done

# Render the config: put the ports and paths into the template.
"$PYTHON" - "$ROOT/deploy/nginx.conf.template" "$RUN_DIR/nginx.conf" "$RUN_DIR" "$LISTEN" "$upstreams" <<'PY'
import sys
template, out, run_dir, listen, upstreams = sys.argv[1:]
text = open(template).read()
text = text.replace("@RUN_DIR@", run_dir).replace("@LISTEN@", listen)
open(out, "w").write(text.replace("@UPSTREAMS@", upstreams.rstrip("\n")))
PY
"$NGINX" -t -q -p "$RUN_DIR" -e stderr -c "$RUN_DIR/nginx.conf"
"$NGINX" -p "$RUN_DIR" -e stderr -c "$RUN_DIR/nginx.conf" -g 'daemon off;' &
pids+=("$!")
for _ in $(seq 1 100); do
  "$PYTHON" -c "import urllib.request; urllib.request.urlopen('http://${LISTEN/0.0.0.0/127.0.0.1}/_stcore/health', timeout=2)" 2>/dev/null && break
  kill -0 "${pids[-1]}" 2>/dev/null || { echo "nginx exited" >&2; exit 1; }
  sleep 0.1
done
echo "nginx: pid ${pids[-1]} on http://$LISTEN -> ${ports[*]} (config $RUN_DIR/nginx.conf)"
echo "ready"

# Stop everything as soon as any one of them stops.
wait -n "${pids[@]}" || true
echo "a process stopped; stopping the rest" >&2
exit 1
