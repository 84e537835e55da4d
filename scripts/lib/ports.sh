# shellcheck shell=bash
# Local TCP ports. Sourced, never run.

# port_open PORT: something accepts connections on 127.0.0.1:PORT.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# free_port: a port nothing listens on now, picked at random in 20000-39999 (so two scripts
# started together rarely pick the same one). Fails after 50 taken candidates.
free_port() {
  local port _
  for _ in $(seq 1 50); do
    port=$(shuf -i 20000-39999 -n 1)
    if ! port_open "$port"; then
      echo "$port"
      return 0
    fi
  done
  echo "free_port: no free port found in 20000-39999 after 50 tries" >&2
  return 1
}
