# Sourced by bench/run.sh and bench/transport/run.sh: the pieces both harnesses share.
# shellcheck shell=bash

NGINX_COMMON="daemon off; master_process off; worker_processes 1; error_log stderr error; events { worker_connections 8192; }"

# nginx_temps DIR: temp paths inside DIR (nginx would otherwise write under its compiled-in prefix).
nginx_temps() { echo "client_body_temp_path $1/b; proxy_temp_path $1/p; fastcgi_temp_path $1/f; uwsgi_temp_path $1/u; scgi_temp_path $1/s;"; }

# write_backend WORK PORT: the shared backend, nginx serving WORK/www/small (6 bytes) and WORK/www/4k on 127.0.0.1:PORT;
# its config goes to WORK/backend/nginx.conf.
write_backend() {
  mkdir -p "$1/www" "$1/backend"
  printf 'hello\n' > "$1/www/small"
  head -c 4096 /dev/zero | tr '\0' 'x' > "$1/www/4k"
  cat > "$1/backend/nginx.conf" <<NG
$NGINX_COMMON pid $1/backend/pid;
http { access_log off; keepalive_requests 1000000; $(nginx_temps "$1/backend")
  server { listen 127.0.0.1:$2 backlog=4096; root $1/www; } }
NG
}

# write_mosn_config FILE BACKEND H1_PORT SECOND_LISTENER: Mosn.NET's config for the harnesses: an HTTP/1 proxy listener
# on 127.0.0.1:H1_PORT routing everything to the cluster "backend" (127.0.0.1:BACKEND), plus SECOND_LISTENER (a listener
# JSON object).
write_mosn_config() {
  cat > "$1" <<JS
{ "servers": [{ "default_log_level": "ERROR",
    "routers": [{ "router_config_name": "r", "virtual_hosts": [{ "name": "v", "domains": ["*"],
      "routers": [{ "match": { "prefix": "/" }, "route": { "cluster_name": "backend" } }] }] }],
    "listeners": [
      { "name": "h1", "address": "127.0.0.1:$3", "bind_port": true,
        "filter_chains": [{ "filters": [{ "type": "proxy", "config": { "downstream_protocol": "Http1", "upstream_protocol": "Http1", "router_config_name": "r" } }] }] },
      $4 ] }],
  "cluster_manager": { "clusters": [{ "name": "backend", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
    "hosts": [{ "address": "127.0.0.1:$2" }] }] } }
JS
}

# write_nginx_proxy WORK BACKEND LISTENS: nginx as the reverse proxy under test (upstream keep-alive) with the given
# listen directives; its config goes to WORK/nginx/nginx.conf.
write_nginx_proxy() {
  mkdir -p "$1/nginx"
  cat > "$1/nginx/nginx.conf" <<NG
$NGINX_COMMON pid $1/nginx/pid;
http { access_log off; keepalive_requests 1000000; $(nginx_temps "$1/nginx")
  upstream backend { server 127.0.0.1:$2; keepalive 64; }
  server { $3
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
NG
}

# install_bench_tools: installs what the harnesses need from Debian when missing (nginx-light, haproxy, wrk, h2load from
# nghttp2-client, python3-matplotlib) and sets PY to the Python that sees Debian's matplotlib.
install_bench_tools() {
  need=()
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
  command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
  command -v wrk >/dev/null 2>&1 || need+=(wrk)
  command -v h2load >/dev/null 2>&1 || need+=(nghttp2-client)
  # Debian's python (a pyenv python3 earlier on PATH would not see Debian's matplotlib).
  PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
  "$PY" -c 'import matplotlib' 2>/dev/null || need+=(python3-matplotlib)
  if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}
