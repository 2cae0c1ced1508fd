#!/usr/bin/env bash
# Bolt (SOFARPC) load benchmark: requests/s of Bolt v1 RPCs sent straight to a backend vs through Mosn.NET.
#
#   bash bench/bolt/run.sh [duration_seconds=10] [rounds=3] [connections=10] [depth=16] [body_bytes=64]
#
# Builds bench/BoltLoad (Release): the load generator, and the Bolt v1 echo backend in the same program (no Node needed).
# Publishes Mosn.NET (Release) with a `bolt` listener that routes on the `service` header to the backend (one upstream
# host; the X-protocol pool multiplexes every downstream request on its connections). Pins the load generator to core 0
# and backend + proxy to core 1 (as bench/run.sh does), warms each target up, then runs interleaved rounds:
# direct (load -> backend) and proxy (load -> Mosn.NET -> backend). Each connection keeps <depth> requests outstanding
# (pipelined; a new request leaves for each answer). Reports per target and round requests/s, p50/p99 latency, the
# proxy's CPU seconds (utime+stime from /proc) and requests per proxy-CPU-second, and writes bench/results/bolt.tsv.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}; ROUNDS=${2:-3}; CONNS=${3:-10}; DEPTH=${4:-16}; BODY=${5:-64}; WARMUP=5
OUT=bench/results; mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/mosn-bolt-bench.XXXX)
BACKEND=19190; MOSN=19191; SERVICE=com.alipay.test.EchoService:1.0

dotnet build bench/BoltLoad -c Release -o "$WORK/load" -nologo -v quiet >/dev/null
dotnet publish src/Mosn -c Release -o "$WORK/mosn" -nologo -v quiet >/dev/null

cat > "$WORK/mosn.json" <<JS
{ "servers": [{ "default_log_level": "ERROR",
    "routers": [{ "router_config_name": "rpc", "virtual_hosts": [{ "name": "rpc", "domains": ["*"],
      "routers": [{ "match": { "headers": [{ "name": "service", "value": "$SERVICE" }] }, "route": { "cluster_name": "backend" } }] }] }],
    "listeners": [
      { "name": "bolt", "address": "127.0.0.1:$MOSN", "bind_port": true,
        "filter_chains": [{ "filters": [{ "type": "proxy", "config": { "downstream_protocol": "bolt", "upstream_protocol": "bolt", "router_config_name": "rpc" } }] }] } ] }],
  "cluster_manager": { "clusters": [{ "name": "backend", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
    "hosts": [{ "address": "127.0.0.1:$BACKEND" }] }] } }
JS

DOTNET_TieredPGO=1 DOTNET_gcServer=0 taskset -c 1 dotnet "$WORK/load/BoltLoad.dll" server "$BACKEND" > "$WORK/backend.log" 2>&1 & BACKEND_PID=$!
DOTNET_TieredPGO=1 DOTNET_gcServer=0 taskset -c 1 "$WORK/mosn/mosn" start -c "$WORK/mosn.json" > "$WORK/mosn.log" 2>&1 & MOSN_PID=$!
cleanup() { kill $BACKEND_PID $MOSN_PID 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
for port in $BACKEND $MOSN; do
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
done

declare -A PORT=([direct]=$BACKEND [proxy]=$MOSN)
HZ=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
field() { sed -E "s/.*$1=([^ ]+).*/\1/" <<<"$2"; }
load() { # port warmup duration -> RESULT line
  taskset -c 0 dotnet "$WORK/load/BoltLoad.dll" load "127.0.0.1:$1" --connections "$CONNS" --depth "$DEPTH" --body "$BODY" \
    --service "$SERVICE" --warmup "$2" --duration "$3"
}
results="$OUT/bolt.tsv"
printf 'target\tround\treq_per_s\tp50_ms\tp99_ms\terrors\tproxy_cpu_s\treq_per_proxy_cpu_s\tbackend_cpu_s\n' > "$results"

echo "warming up (JIT, pools): 10 s per target"
for t in direct proxy; do load "${PORT[$t]}" 0 10 >/dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  for t in direct proxy; do
    before=$(cpu_ticks $MOSN_PID); backend_before=$(cpu_ticks $BACKEND_PID)
    line=$(load "${PORT[$t]}" "$WARMUP" "$DURATION" | grep '^RESULT')
    after=$(cpu_ticks $MOSN_PID); backend_after=$(cpu_ticks $BACKEND_PID)
    # The proxy's CPU over warm-up + window, scaled to the window (the load is steady across both).
    cpu=$(awk -v a="$after" -v b="$before" -v hz="$HZ" -v d="$DURATION" -v w="$WARMUP" 'BEGIN {printf "%.2f", (a-b)/hz*d/(d+w)}')
    bcpu=$(awk -v a="$backend_after" -v b="$backend_before" -v hz="$HZ" -v d="$DURATION" -v w="$WARMUP" 'BEGIN {printf "%.2f", (a-b)/hz*d/(d+w)}')
    reqs=$(field requests "$line")
    per_cpu=n/a; [ "$t" = proxy ] && per_cpu=$(awk -v n="$reqs" -v c="$cpu" 'BEGIN { if (c > 0) printf "%.0f", n/c; else print "n/a" }')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$r" "$(field rps "$line")" "$(field p50_ms "$line")" "$(field p99_ms "$line")" \
      "$(field errors "$line")" "$([ "$t" = proxy ] && echo "$cpu" || echo n/a)" "$per_cpu" "$bcpu" >> "$results"
  done
done

echo "machine: $(nproc) cores, $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}'); $CONNS connections x $DEPTH outstanding, $BODY-byte body, ${DURATION}s x $ROUNDS rounds"
column -t -s $'\t' "$results"
awk -F'\t' 'NR > 1 { n[$1]++; rps[$1] += $3; p50[$1] += $4; p99[$1] += $5; if ($1 == "proxy") { cpu += $8 } }
  END {
    printf "\n| target | requests/s | p50 ms | p99 ms | requests per proxy CPU-second |\n|---|---|---|---|---|\n"
    for (t in n) printf "| %s | %.0f | %.3f | %.3f | %s |\n", t, rps[t]/n[t], p50[t]/n[t], p99[t]/n[t], (t == "proxy" ? sprintf("%.0f", cpu/n[t]) : "n/a")
    if (n["direct"] && n["proxy"]) printf "\nproxy / direct requests/s: %.2f\n", (rps["proxy"]/n["proxy"]) / (rps["direct"]/n["direct"])
  }' "$results"
