#!/usr/bin/env bash
# HTTP/1.1 keep-alive proxy benchmark: wrk -> {Mosn.NET, nginx reverse proxy} -> nginx backend (small and 4 KiB bodies).
# One worker each, upstream keep-alive, access logs off. Interleaved rounds; reports requests/s, latency, and
# requests per second of the proxy's own CPU time (utime+stime from /proc), which is fair when proxy and backend share
# the 2 cores of this machine.
#
# Usage: bench/http1/run.sh [duration_seconds=10] [rounds=3] [connections=50]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}; ROUNDS=${2:-3}; CONNS=${3:-50}
WORK=$(mktemp -d /tmp/mosn-bench.XXXX)
BACKEND_PORT=18080; NGINX_PROXY_PORT=18081; MOSN_PORT=18082

for tool in nginx wrk taskset; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || { echo "installing $tool"; apt-get install -y -qq nginx-light wrk util-linux >/dev/null; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

dotnet publish src/Mosn -c Release -o "$WORK/mosn" -nologo -v quiet >/dev/null

mkdir -p "$WORK/www" "$WORK/backend" "$WORK/proxy"
printf 'hello\n' > "$WORK/www/small"
head -c 4096 /dev/zero | tr '\0' 'x' > "$WORK/www/4k"
common="daemon off; master_process off; worker_processes 1; error_log stderr error; events { worker_connections 4096; }"
temps() { echo "client_body_temp_path $1/b; proxy_temp_path $1/p; fastcgi_temp_path $1/f; uwsgi_temp_path $1/u; scgi_temp_path $1/s;"; }
cat > "$WORK/backend/nginx.conf" <<NG
$common pid $WORK/backend/pid;
http { access_log off; keepalive_requests 1000000; $(temps "$WORK/backend")
  server { listen 127.0.0.1:$BACKEND_PORT backlog=4096; root $WORK/www; } }
NG
cat > "$WORK/proxy/nginx.conf" <<NG
$common pid $WORK/proxy/pid;
http { access_log off; keepalive_requests 1000000; $(temps "$WORK/proxy")
  upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 64; }
  server { listen 127.0.0.1:$NGINX_PROXY_PORT backlog=4096;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
NG
cat > "$WORK/mosn.json" <<JS
{ "servers": [{ "default_log_level": "ERROR",
    "routers": [{ "router_config_name": "r", "virtual_hosts": [{ "name": "v", "domains": ["*"],
      "routers": [{ "match": { "prefix": "/" }, "route": { "cluster_name": "backend" } }] }] }],
    "listeners": [{ "name": "bench", "address": "127.0.0.1:$MOSN_PORT", "bind_port": true,
      "filter_chains": [{ "filters": [{ "type": "proxy", "config": { "downstream_protocol": "Http1", "router_config_name": "r" } }] }] }] }],
  "cluster_manager": { "clusters": [{ "name": "backend", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
    "hosts": [{ "address": "127.0.0.1:$BACKEND_PORT" }] }] } }
JS

# Backend on core 1, proxies on core 1 too (one core for "the proxy side"), wrk on core 0.
taskset -c 1 "$NGINX" -p "$WORK/backend" -c "$WORK/backend/nginx.conf" & BACKEND=$!
taskset -c 1 "$NGINX" -p "$WORK/proxy" -c "$WORK/proxy/nginx.conf" & NGINXP=$!
DOTNET_TieredPGO=1 DOTNET_gcServer=0 taskset -c 1 "$WORK/mosn/mosn" start -c "$WORK/mosn.json" > "$WORK/mosn.log" 2>&1 & MOSN=$!
cleanup() { kill $BACKEND $NGINXP $MOSN 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
for port in $BACKEND_PORT $NGINX_PROXY_PORT $MOSN_PORT; do
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/small" && break; sleep 0.1; done
done

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
results="$WORK/results.tsv"
printf 'target\tbody\tround\treq_per_s\tp50\tp99\tproxy_cpu_s\treq_per_cpu_s\trss_kb\n' > "$results"
run() { # name pid port path round
  local name=$1 pid=$2 port=$3 path=$4 round=$5
  local before after out rps p50 p99 cpu
  before=$(cpu_ticks "$pid")
  out=$(taskset -c 0 wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "http://127.0.0.1:$port/$path")
  after=$(cpu_ticks "$pid")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  cpu=$(awk -v a="$after" -v b="$before" -v hz="$HZ" 'BEGIN {printf "%.2f", (a-b)/hz}')
  local total; total=$(awk '/requests in/ {print $1}' <<<"$out")
  local per_cpu; per_cpu=$(awk -v t="$total" -v c="$cpu" 'BEGIN { if (c > 0) printf "%.0f", t/c; else print "n/a" }')
  local rss; rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$path" "$round" "$rps" "$p50" "$p99" "$cpu" "$per_cpu" "$rss" >> "$results"
}
# Warm-up (pools; and for Mosn.NET the JIT: tiered compilation reaches optimized code only after a while under load,
# and its background compiler shares the pinned core). 20 s each, both bodies.
for path in small 4k; do
  taskset -c 0 wrk -t1 -c"$CONNS" -d10s "http://127.0.0.1:$MOSN_PORT/$path" >/dev/null
  taskset -c 0 wrk -t1 -c"$CONNS" -d10s "http://127.0.0.1:$NGINX_PROXY_PORT/$path" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  for path in small 4k; do
    run mosn "$MOSN" "$MOSN_PORT" "$path" "$round"
    run nginx "$NGINXP" "$NGINX_PROXY_PORT" "$path" "$round"
  done
done
column -t -s $'\t' "$results"
echo
echo "medians (req/s, req per proxy-CPU-second) and ratio mosn/nginx:"
python3 - "$results" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
for body in ('small', '4k'):
    med = {}
    for t in ('mosn', 'nginx'):
        r = [x for x in rows if x['target'] == t and x['body'] == body]
        med[t] = (statistics.median(float(x['req_per_s']) for x in r), statistics.median(float(x['req_per_cpu_s']) for x in r if x['req_per_cpu_s'] != 'n/a'))
    print(f"{body}: mosn {med['mosn'][0]:.0f} req/s, {med['mosn'][1]:.0f} req/cpu-s | nginx {med['nginx'][0]:.0f} req/s, {med['nginx'][1]:.0f} req/cpu-s | "
          f"ratio req/s {med['mosn'][0]/med['nginx'][0]:.2f}, req/cpu-s {med['mosn'][1]/med['nginx'][1]:.2f}")
PY
