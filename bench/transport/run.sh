#!/usr/bin/env bash
# The floor of the transport: requests per proxy CPU second for HTTP/1.1 keep-alive (wrk, small body) through
#   - mosn-tcp:      Mosn.NET's tcp_proxy (our socket transport, no HTTP parsing),
#   - floor-inline:  bench/TransportFloor (raw Sockets, no pipes, no parsing) with inline socket completions,
#   - floor-pool:    the same with completions on the thread pool,
#   - floor-epoll:   the same forwarding on one thread with our own level-triggered epoll loop (no .NET socket engine),
#   - haproxy-tcp:   HAProxy in mode tcp,
#   - mosn-http, nginx-http: the HTTP proxies of bench/run.sh, for reference,
# each 1:1 (one backend connection per client connection, except the HTTP proxies' pools), all in front of the same
# nginx backend, proxies and backend on core 1, wrk on core 0, interleaved rounds. Reports user and system CPU per
# request from /proc. Installs what it needs from Debian when missing (as bench/run.sh does).
# Usage: bash bench/transport/run.sh [seconds per run, default 8] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-8}; ROUNDS=${2:-3}
WORK=$(mktemp -d /tmp/mosn-floor.XXXX)
BACKEND=19280; NGINX_H1=19281; HAPROXY_TCP=19282; MOSN_H1=19283; MOSN_TCP=19284; FLOOR_INLINE=19285; FLOOR_POOL=19286; FLOOR_EPOLL=19287
. bench/common.sh
install_bench_tools
NGINX=$(command -v nginx || echo /usr/sbin/nginx); HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)

dotnet publish src/Mosn -c Release -o "$WORK/mosn" -nologo -v quiet >/dev/null
dotnet publish bench/TransportFloor -c Release -o "$WORK/floor" -nologo -v quiet >/dev/null

write_backend "$WORK" "$BACKEND"
write_nginx_proxy "$WORK" "$BACKEND" "listen 127.0.0.1:$NGINX_H1 backlog=4096;"
cat > "$WORK/haproxy.cfg" <<HA
global
  nbthread 1
  maxconn 8000
defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s
listen tcpfwd
  bind 127.0.0.1:$HAPROXY_TCP
  server b1 127.0.0.1:$BACKEND
HA
write_mosn_config "$WORK/mosn.json" "$BACKEND" "$MOSN_H1" "{ \"name\": \"tcp\", \"address\": \"127.0.0.1:$MOSN_TCP\", \"bind_port\": true,
        \"filter_chains\": [{ \"filters\": [{ \"type\": \"tcp_proxy\", \"config\": { \"cluster\": \"backend\" } }] }] }"

taskset -c 1 "$NGINX" -p "$WORK/backend" -c "$WORK/backend/nginx.conf" & BACKEND_PID=$!
taskset -c 1 "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" & NGINX_PID=$!
taskset -c 1 "$HAPROXY" -db -f "$WORK/haproxy.cfg" & HAPROXY_PID=$!
DOTNET_TieredPGO=1 taskset -c 1 "$WORK/mosn/mosn" start -c "$WORK/mosn.json" --upgrade-socket off > "$WORK/mosn.log" 2>&1 & MOSN_PID=$!
DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 taskset -c 1 "$WORK/floor/TransportFloor" $FLOOR_INLINE $BACKEND & INLINE_PID=$!
taskset -c 1 "$WORK/floor/TransportFloor" $FLOOR_POOL $BACKEND & POOL_PID=$!
taskset -c 1 "$WORK/floor/TransportFloor" $FLOOR_EPOLL $BACKEND epoll & EPOLL_PID=$!
cleanup() { kill $BACKEND_PID $NGINX_PID $HAPROXY_PID $MOSN_PID $INLINE_PID $POOL_PID $EPOLL_PID 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
for port in $BACKEND $NGINX_H1 $HAPROXY_TCP $MOSN_H1 $MOSN_TCP $FLOOR_INLINE $FLOOR_POOL $FLOOR_EPOLL; do
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/small" && break; sleep 0.1; done
done

ORDER=(mosn-tcp floor-inline floor-pool floor-epoll haproxy-tcp mosn-http nginx-http)
declare -A PID=([mosn-tcp]=$MOSN_PID [floor-inline]=$INLINE_PID [floor-pool]=$POOL_PID [floor-epoll]=$EPOLL_PID [haproxy-tcp]=$HAPROXY_PID [mosn-http]=$MOSN_PID [nginx-http]=$NGINX_PID)
declare -A PORT=([mosn-tcp]=$MOSN_TCP [floor-inline]=$FLOOR_INLINE [floor-pool]=$FLOOR_POOL [floor-epoll]=$FLOOR_EPOLL [haproxy-tcp]=$HAPROXY_TCP [mosn-http]=$MOSN_H1 [nginx-http]=$NGINX_H1)
echo "warming up: 10 s per target"
for t in "${ORDER[@]}"; do taskset -c 0 wrk -t1 -c50 -d10s "http://127.0.0.1:${PORT[$t]}/small" > /dev/null; done
printf 'target\tround\treq_per_cpu_s\tuser_us_per_req\tsys_us_per_req\n'
for r in $(seq 1 "$ROUNDS"); do
  for t in "${ORDER[@]}"; do
    read -r u0 s0 < <(awk '{print $14, $15}' "/proc/${PID[$t]}/stat")
    n=$(taskset -c 0 wrk -t1 -c50 -d"${DURATION}s" "http://127.0.0.1:${PORT[$t]}/small" | awk '/requests in/ {print $1}')
    read -r u1 s1 < <(awk '{print $14, $15}' "/proc/${PID[$t]}/stat")
    awk -v t="$t" -v r="$r" -v n="$n" -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v hz="$(getconf CLK_TCK)" \
      'BEGIN { printf "%s\t%d\t%.0f\t%.1f\t%.1f\n", t, r, n / ((u + s) / hz), u / hz * 1e6 / n, s / hz * 1e6 / n }'
  done
done
