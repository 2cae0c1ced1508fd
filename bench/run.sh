#!/usr/bin/env bash
# The benchmark harness: Mosn.NET against nginx and HAProxy, all as reverse proxies in front of the same nginx backend.
#
#   bash bench/run.sh [duration_seconds=10] [rounds=3]
#
# Installs what it needs from Debian (nginx-light, haproxy, wrk, nghttp2-client for h2load, python3-matplotlib),
# publishes Mosn.NET (Release), starts the three proxies with one worker/thread each, upstream keep-alive and access logs
# off, pins the load generator to core 0 and proxies + backend to core 1, and drives them in interleaved rounds:
#   - HTTP/1.1 keep-alive (wrk, 50 connections): a small body and a 4 KiB body;
#   - h2c downstream (h2load, 10 connections x 10 streams): the small body (all three proxy to HTTP/1.1 upstream).
# Reports per target requests/s, p50/p99 latency, requests per second of the proxy's own CPU time (utime+stime from
# /proc: the fair figure when proxy and backend share a core), RSS under load, and RSS growth per idle keep-alive
# connection (1000 connections, measured first on the fresh processes). Writes results.tsv, summary.md and ratios.png (ratios to nginx) into bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}; ROUNDS=${2:-3}; CONNS=50
OUT=bench/results; mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/mosn-bench.XXXX)
BACKEND=19080; NGINX_H1=19081; NGINX_H2=19082; HAPROXY_H1=19083; HAPROXY_H2=19084; MOSN_H1=19085; MOSN_H2=19086

. bench/common.sh
install_bench_tools
NGINX=$(command -v nginx || echo /usr/sbin/nginx); HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)

dotnet publish src/Mosn -c Release -o "$WORK/mosn" -nologo -v quiet >/dev/null

write_backend "$WORK" "$BACKEND"
write_nginx_proxy "$WORK" "$BACKEND" "listen 127.0.0.1:$NGINX_H1 backlog=4096; listen 127.0.0.1:$NGINX_H2 http2 backlog=4096;"
cat > "$WORK/haproxy.cfg" <<HA
global
  nbthread 1
  maxconn 8000
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  http-reuse always
frontend h1
  bind 127.0.0.1:$HAPROXY_H1
  default_backend be
frontend h2
  bind 127.0.0.1:$HAPROXY_H2 proto h2
  default_backend be
backend be
  server s1 127.0.0.1:$BACKEND
HA
write_mosn_config "$WORK/mosn.json" "$BACKEND" "$MOSN_H1" "{ \"name\": \"h2\", \"address\": \"127.0.0.1:$MOSN_H2\", \"bind_port\": true,
        \"filter_chains\": [{ \"filters\": [{ \"type\": \"proxy\", \"config\": { \"downstream_protocol\": \"Http2\", \"upstream_protocol\": \"Http1\", \"router_config_name\": \"r\" } }] }] }"

taskset -c 1 "$NGINX" -p "$WORK/backend" -c "$WORK/backend/nginx.conf" & BACKEND_PID=$!
taskset -c 1 "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" & NGINX_PID=$!
taskset -c 1 "$HAPROXY" -db -f "$WORK/haproxy.cfg" & HAPROXY_PID=$!
DOTNET_TieredPGO=1 DOTNET_gcServer=0 taskset -c 1 "$WORK/mosn/mosn" start -c "$WORK/mosn.json" > "$WORK/mosn.log" 2>&1 & MOSN_PID=$!
cleanup() { kill $BACKEND_PID $NGINX_PID $HAPROXY_PID $MOSN_PID 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
for port in $BACKEND $NGINX_H1 $HAPROXY_H1 $MOSN_H1; do
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/small" && break; sleep 0.1; done
done

declare -A PID=([nginx]=$NGINX_PID [haproxy]=$HAPROXY_PID [mosn]=$MOSN_PID)
declare -A H1=([nginx]=$NGINX_H1 [haproxy]=$HAPROXY_H1 [mosn]=$MOSN_H1)
declare -A H2=([nginx]=$NGINX_H2 [haproxy]=$HAPROXY_H2 [mosn]=$MOSN_H2)
HZ=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
results="$OUT/results.tsv"
printf 'target\tscenario\tround\treq_per_s\tp50_ms\tp99_ms\tproxy_cpu_s\treq_per_cpu_s\trss_kb\n' > "$results"

to_ms() { awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.3f", n }'; }
load() { # scenario port -> prints "requests p50 p99"
  local scenario=$1 port=$2 out
  case $scenario in
    h1-small|h1-4k)
      out=$(taskset -c 0 wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "http://127.0.0.1:$port/${scenario#h1-}")
      echo "$(awk '/requests in/ {print $1}' <<<"$out") $(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")") $(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")" ;;
    h2c-small)
      out=$(taskset -c 0 h2load -D "$DURATION" -c 10 -m 10 --warm-up-time=1 "http://127.0.0.1:$port/small" 2>&1)
      # h2load reports the mean and sd of request times, not percentiles: p50 column holds the mean, p99 is n/a.
      echo "$(awk '/^requests:/ {print $8}' <<<"$out") $(to_ms "$(awk '/time for request:/ {print $6}' <<<"$out")") n/a" ;;
  esac
}
run() { # target scenario round
  local t=$1 s=$2 r=$3 port pid before after cpu reqs p50 p99
  pid=${PID[$t]}; port=${H1[$t]}; [[ $s == h2c-* ]] && port=${H2[$t]}
  before=$(cpu_ticks "$pid")
  read -r reqs p50 p99 < <(load "$s" "$port")
  after=$(cpu_ticks "$pid")
  cpu=$(awk -v a="$after" -v b="$before" -v hz="$HZ" 'BEGIN {printf "%.2f", (a-b)/hz}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$s" "$r" \
    "$(awk -v n="$reqs" -v d="$DURATION" 'BEGIN {printf "%.0f", n/d}')" "$p50" "$p99" "$cpu" \
    "$(awk -v n="$reqs" -v c="$cpu" 'BEGIN { if (c > 0) printf "%.0f", n/c; else print "n/a" }')" "$(rss_kb "$pid")" >> "$results"
}

# Idle connections first, on fresh processes (after load, pools already grown would hide the per-connection cost).
idle="$OUT/idle.tsv"; printf 'target\tbytes_per_idle_connection\n' > "$idle"
for t in mosn nginx haproxy; do
  line=$(python3 bench/idle_connections.py "${PID[$t]}" "${H1[$t]}" 1000)
  printf '%s\t%s\n' "$t" "$(sed -E 's/.* ([0-9]+) bytes per connection/\1/' <<<"$line")" >> "$idle"
done


SCENARIOS=(h1-small h1-4k h2c-small)
echo "warming up (JIT and pools): 10 s per target and scenario"
for s in "${SCENARIOS[@]}"; do for t in mosn nginx haproxy; do
  port=${H1[$t]}; [[ $s == h2c-* ]] && port=${H2[$t]}
  DURATION=10 load "$s" "$port" >/dev/null || echo "warm-up of $t $s failed"
done; done
for r in $(seq 1 "$ROUNDS"); do
  for s in "${SCENARIOS[@]}"; do for t in mosn nginx haproxy; do run "$t" "$s" "$r"; done; done
done

"$PY" bench/summarize.py "$results" "$idle" "$OUT" "$(nproc) cores, $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}')"
cat "$OUT/summary.md"
