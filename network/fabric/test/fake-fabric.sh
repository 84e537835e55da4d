#!/usr/bin/env bash
# Stand-in for the Fabric binaries (peer, orderer, osnadmin, configtxgen, cryptogen, discover) and for
# java, used by scripts-test.sh where no Fabric is installed. One multi-call script: the test
# links each binary name to it. Each stand-in checks what the real binary would insist on
# (files it reads, flags it needs, approvals before commit) and fails loudly otherwise, records
# its arguments in $FAKE_FABRIC_LOG and keeps state (joined channels, installed packages,
# approvals) in $FAKE_FABRIC_STATE. Daemons (orderer, peer node start, a chaincode server) just
# listen on their configured ports: GET /healthz gets 200, any other connection is recorded.
set -euo pipefail

name=$(basename "$0")
: "${FAKE_FABRIC_LOG:?}" "${FAKE_FABRIC_STATE:?}"
if [ "${1:-}" = __listen ]; then
  name=listener
fi
printf '%s %s\n' "$name" "$*" >> "$FAKE_FABRIC_LOG"

# The addresses the network's clients must use: Fabric's usual ports shifted by the offset the
# test runs the network with (FABRIC_PORT_OFFSET, as the scripts read it).
port_offset=${FABRIC_PORT_OFFSET:-0}
ORDERER=localhost:$((7050 + port_offset))
ORDERER_ADMIN=localhost:$((7053 + port_offset))
# The admin endpoints of orderer2-4, which run with --consensus bft.
BFT_ORDERER_ADMINS="localhost:$((8053 + port_offset)) localhost:$((9053 + port_offset)) localhost:$((10053 + port_offset))"
PEER1=localhost:$((7051 + port_offset))
PEER2=localhost:$((9051 + port_offset))

# The release every stand-in reports (`peer version`, `orderer version`, `configtxgen -version`).
FAKE_FABRIC_VERSION=${FAKE_FABRIC_VERSION:-2.5.12}
print_version() { printf '%s:\n Version: %s\n Commit SHA: fake\n' "$name" "$FAKE_FABRIC_VERSION"; }

fail() {
  echo "fake $name: $*" >&2
  echo "FAIL $name: $*" >> "$FAKE_FABRIC_LOG"
  exit 1
}

need_file() { [ -f "$1" ] || fail "missing file $1 ($2)"; }

# arg FLAG ARGS...: value following FLAG (also --flag=value).
arg() {
  local flag=$1
  shift
  while [ "$#" -gt 0 ]; do
    case $1 in
      "$flag") echo "${2:-}"; return ;;
      "$flag"=*) echo "${1#*=}"; return ;;
    esac
    shift
  done
}

has_flag() {
  local flag=$1
  shift
  local a
  for a in "$@"; do [ "$a" = "$flag" ] && return 0; done
  return 1
}

count_flag() {
  local flag=$1 n=0 a
  shift
  for a in "$@"; do [ "$a" = "$flag" ] && n=$((n + 1)); done
  echo "$n"
}

# listen PORT...: accept connections until killed, like a daemon that is up. A GET /healthz is
# answered 200, as a node's operations endpoint does; every other connection is dropped and its
# port appended to $FAKE_FABRIC_STATE/connections (a real node's TLS port would log a failed
# handshake for a connection that sends no ClientHello).
listen() {
  exec python3 -c '
import os, socket, sys, threading, time
record = os.path.join(os.environ["FAKE_FABRIC_STATE"], "connections")
for port in sys.argv[1:]:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", int(port)))
    s.listen(16)
    def serve(sock=s, port=port):
        while True:
            conn, _ = sock.accept()
            conn.settimeout(5)
            request = b""
            try:
                # The whole request head: closing with unread bytes would reset the connection.
                while b"\r\n\r\n" not in request:
                    chunk = conn.recv(1024)
                    if not chunk:
                        break
                    request += chunk
            except OSError:
                pass
            if request.startswith(b"GET /healthz "):
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"status\":\"OK\"}")
            else:
                with open(record, "a") as out:
                    out.write(port + "\n")
            conn.close()
    threading.Thread(target=serve, daemon=True).start()
while True:
    time.sleep(3600)
' "$@"
}

port_of() { echo "${1##*:}"; }

# ---------------------------------------------------------------------------------------------

fake_cryptogen() {
  [ "${1:-}" = generate ] || fail "expected 'generate'"
  local config out
  config=$(arg --config "$@")
  out=$(arg --output "$@")
  need_file "$config" "--config"
  [ -n "$out" ] || fail "--output missing"
  python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); assert all(o["EnableNodeOUs"] for o in d["PeerOrgs"] + d["OrdererOrgs"])' "$config" \
    || fail "crypto config invalid or NodeOUs not enabled"
  local o=$out/ordererOrganizations/example.com host
  mkdir -p "$o/msp/cacerts" "$o/tlsca"
  echo ca > "$o/msp/cacerts/ca.example.com-cert.pem"
  echo tlsca > "$o/tlsca/tlsca.example.com-cert.pem"
  # One orderer per Spec of the orderer org, as cryptogen makes them.
  for host in $(python3 -c 'import sys, yaml; print(" ".join(s["Hostname"] for s in yaml.safe_load(open(sys.argv[1]))["OrdererOrgs"][0]["Specs"]))' "$config"); do
    host=$host.example.com
    mkdir -p "$o/orderers/$host/msp/signcerts" "$o/orderers/$host/msp/keystore" "$o/orderers/$host/tls"
    echo "cert $host" > "$o/orderers/$host/msp/signcerts/$host-cert.pem"
    for f in ca.crt server.crt server.key; do echo "$f $host" > "$o/orderers/$host/tls/$f"; done
  done
  local org d user
  for org in 1 2; do
    d=$out/peerOrganizations/org$org.example.com
    mkdir -p "$d/msp/cacerts" "$d/tlsca" "$d/peers/peer0.org$org.example.com/msp" "$d/peers/peer0.org$org.example.com/tls"
    echo "ca$org" > "$d/msp/cacerts/ca.org$org.example.com-cert.pem"
    echo "tlsca$org" > "$d/tlsca/tlsca.org$org.example.com-cert.pem"
    for f in ca.crt server.crt server.key; do echo "$f$org" > "$d/peers/peer0.org$org.example.com/tls/$f"; done
    for user in Admin User1; do
      mkdir -p "$d/users/$user@org$org.example.com/msp/signcerts" "$d/users/$user@org$org.example.com/msp/keystore"
      echo "cert $user$org" > "$d/users/$user@org$org.example.com/msp/signcerts/$user@org$org.example.com-cert.pem"
      echo "key $user$org" > "$d/users/$user@org$org.example.com/msp/keystore/priv_sk"
    done
  done
}

# configtxgen: the profile must exist and every MSP directory and consenter certificate it names
# must exist (so the rendered configtx.yaml points at the generated material). Records every node
# address (host:port) the channel configuration names.
fake_configtxgen() {
  local dir profile channel block
  dir=$(arg -configPath "$@")
  profile=$(arg -profile "$@")
  channel=$(arg -channelID "$@")
  block=$(arg -outputBlock "$@")
  need_file "$dir/configtx.yaml" "-configPath"
  if [ -z "$channel" ] || [ -z "$block" ]; then fail "-channelID and -outputBlock are required"; fi
  python3 - "$dir/configtx.yaml" "$profile" "$FAKE_FABRIC_VERSION" <<'PY' || fail "configtx.yaml check failed"
import os, sys, yaml
cfg = yaml.safe_load(open(sys.argv[1]))
p = cfg["Profiles"][sys.argv[2]]
orgs = p["Orderer"]["Organizations"] + p["Application"]["Organizations"]
for org in orgs:
    assert os.path.isdir(org["MSPDir"]), org["MSPDir"]
orderer = p["Orderer"]
if orderer["OrdererType"] == "BFT":
    # As Fabric 3's configtxgen insists; 2.5's rejects the BFT keys outright.
    assert int(sys.argv[3].split(".")[0]) >= 3, "configtxgen " + sys.argv[3] + " knows no ConsenterMapping"
    assert p["Capabilities"].get("V3_0"), "BFT needs the V3_0 channel capability"
    consenters = orderer["ConsenterMapping"]
    assert sorted(c["ID"] for c in consenters) == list(range(1, len(consenters) + 1)), consenters
    for c in consenters:
        assert c["MSPID"] == "OrdererMSP", c
        for key in ("Identity", "ClientTLSCert", "ServerTLSCert"):
            assert os.path.isfile(c[key]), c
    assert "SmartBFT" in orderer and "EtcdRaft" not in orderer
else:
    assert orderer["OrdererType"] == "etcdraft", orderer["OrdererType"]
    consenters = orderer["EtcdRaft"]["Consenters"]
    for c in consenters:
        assert os.path.isfile(c["ClientTLSCert"]) and os.path.isfile(c["ServerTLSCert"]), c
addresses = [f'{c["Host"]}:{c["Port"]}' for c in consenters]
addresses += [f'{a["Host"]}:{a["Port"]}' for o in p["Application"]["Organizations"] for a in o.get("AnchorPeers", [])]
addresses += [e for o in p["Orderer"]["Organizations"] for e in o.get("OrdererEndpoints", [])]
print(" ".join(addresses), file=open(os.environ["FAKE_FABRIC_STATE"] + "/configtx-addresses", "w"))
PY
  echo "block of $channel" > "$block"
}

fake_osnadmin() {
  [ "${1:-}" = channel ] || fail "expected 'channel'"
  local action=${2:-} channel state=$FAKE_FABRIC_STATE/orderer-channels
  need_file "$(arg --ca-file "$@")" "--ca-file"
  need_file "$(arg --client-cert "$@")" "--client-cert"
  need_file "$(arg --client-key "$@")" "--client-key"
  local admin
  admin=$(arg -o "$@")
  case " $ORDERER_ADMIN $BFT_ORDERER_ADMINS " in
    *" $admin "*) ;;
    *) fail "admin endpoint should be one of $ORDERER_ADMIN $BFT_ORDERER_ADMINS, not $admin" ;;
  esac
  # Each orderer keeps its own channels.
  state=$state-${admin##*:}
  channel=$(arg --channelID "$@")
  touch "$state"
  case $action in
    list)
      if grep -qx "$channel" "$state"; then echo "Status: 200"; echo '{"name":"'"$channel"'","status":"active"}'; else echo "Status: 404"; fi ;;
    join)
      need_file "$(arg --config-block "$@")" "--config-block"
      if grep -qx "$channel" "$state"; then echo "Status: 405"; return; fi
      echo "$channel" >> "$state"
      echo "Status: 201" ;;
    *) fail "unexpected action $action" ;;
  esac
}

fake_orderer() {
  need_file "$FABRIC_CFG_PATH/orderer.yaml" "FABRIC_CFG_PATH"
  need_file "$ORDERER_GENERAL_TLS_CERTIFICATE" "ORDERER_GENERAL_TLS_CERTIFICATE"
  need_file "$ORDERER_GENERAL_TLS_PRIVATEKEY" "ORDERER_GENERAL_TLS_PRIVATEKEY"
  [ -d "$ORDERER_GENERAL_LOCALMSPDIR" ] || fail "no local MSP"
  # Named after the orderer whose MSP it runs with: orderers/<host>/msp.
  env | grep -E '^(ORDERER_|FABRIC_LOGGING_SPEC=)' | sort > "$FAKE_FABRIC_STATE/$(basename "$(dirname "$ORDERER_GENERAL_LOCALMSPDIR")").env"
  listen "$ORDERER_GENERAL_LISTENPORT" "$(port_of "$ORDERER_ADMIN_LISTENADDRESS")" "$(port_of "$ORDERER_OPERATIONS_LISTENADDRESS")"
}

fake_peer_node() {
  need_file "$FABRIC_CFG_PATH/core.yaml" "FABRIC_CFG_PATH"
  need_file "$CORE_PEER_TLS_CERT_FILE" "CORE_PEER_TLS_CERT_FILE"
  [ -d "$CORE_PEER_MSPCONFIGPATH" ] || fail "no local MSP"
  # The rendered core.yaml must point at real builder directories.
  python3 -c '
import os, sys, yaml
for b in yaml.safe_load(open(sys.argv[1]))["chaincode"]["externalBuilders"]:
    assert os.access(os.path.join(b["path"], "bin", "detect"), os.X_OK), b
' "$FABRIC_CFG_PATH/core.yaml" || fail "external builder paths in core.yaml do not exist"
  env | grep '^CORE_' | sort > "$FAKE_FABRIC_STATE/$CORE_PEER_ID.env"
  listen "$(port_of "$CORE_PEER_LISTENADDRESS")" "$(port_of "$CORE_OPERATIONS_LISTENADDRESS")"
}

# The CLI side: every call needs an identity and the TLS root of the peer it talks to.
peer_cli_env() {
  [ "${CORE_PEER_TLS_ENABLED:-}" = true ] || fail "CORE_PEER_TLS_ENABLED is not true"
  echo "${FABRIC_LOGGING_SPEC:-}" > "$FAKE_FABRIC_STATE/peer-cli-logging-spec"
  need_file "$CORE_PEER_TLS_ROOTCERT_FILE" "CORE_PEER_TLS_ROOTCERT_FILE"
  [ -d "$CORE_PEER_MSPCONFIGPATH" ] || fail "CORE_PEER_MSPCONFIGPATH missing"
  need_file "$FABRIC_CFG_PATH/core.yaml" "FABRIC_CFG_PATH"
  case "$CORE_PEER_LOCALMSPID@$CORE_PEER_ADDRESS" in
    "Org1MSP@$PEER1" | "Org2MSP@$PEER2") ;;
    *) fail "MSP $CORE_PEER_LOCALMSPID does not own peer $CORE_PEER_ADDRESS" ;;
  esac
}

orderer_flags() {
  [ "$(arg -o "$@")" = "$ORDERER" ] || fail "-o $ORDERER missing"
  has_flag --tls "$@" || fail "--tls missing"
  need_file "$(arg --cafile "$@")" "--cafile"
}

both_peers() {
  [ "$(count_flag --peerAddresses "$@")" = 2 ] || fail "expected --peerAddresses for both orgs"
  [ "$(count_flag --tlsRootCertFiles "$@")" = 2 ] || fail "expected --tlsRootCertFiles for both orgs"
}

package_label() { tar -xzOf "$1" metadata.json | sed -n 's/.*"label":"\([^"]*\)".*/\1/p'; }

fake_lifecycle() {
  local sub=$1 msp=${CORE_PEER_LOCALMSPID:-}
  shift
  local installed=$FAKE_FABRIC_STATE/installed-$msp
  case $sub in
    package)
      local out=$1 path lang label tmp
      path=$(arg --path "$@")
      lang=$(arg --lang "$@")
      label=$(arg --label "$@")
      if [ ! -d "$path" ] || [ -z "$lang" ] || [ -z "$label" ]; then fail "package needs --path --lang --label"; fi
      tmp=$(mktemp -d)
      mkdir -p "$tmp/code/src"
      cp -R "$path/." "$tmp/code/src/"
      tar -C "$tmp/code" -czf "$tmp/code.tar.gz" src
      printf '{"path":"%s","type":"%s","label":"%s"}' "$path" "$lang" "$label" > "$tmp/metadata.json"
      tar -C "$tmp" -czf "$out" metadata.json code.tar.gz
      rm -rf "$tmp" ;;
    calculatepackageid)
      echo "$(package_label "$1"):$(sha256sum "$1" | cut -d' ' -f1)" ;;
    install)
      peer_cli_env
      echo "Package ID: $(package_label "$1"):$(sha256sum "$1" | cut -d' ' -f1), Label: $(package_label "$1")" >> "$installed" ;;
    queryinstalled)
      peer_cli_env
      echo "Installed chaincodes on peer:"
      cat "$installed" 2>/dev/null || true ;;
    approveformyorg)
      peer_cli_env
      orderer_flags "$@"
      local id
      id=$(arg --package-id "$@")
      grep -qF "Package ID: $id," "$installed" 2>/dev/null || fail "approving a package not installed on this org's peer"
      local definition
      definition="$(arg --name "$@") $(arg --version "$@") $(arg --sequence "$@") $(arg --signature-policy "$@")"
      # Like the peer: approving the very same uncommitted definition twice is refused.
      if [ "$(cat "$FAKE_FABRIC_STATE/approved-$msp" 2>/dev/null)" = "$definition" ] \
        && [ "$(cat "$FAKE_FABRIC_STATE/committed" 2>/dev/null)" != "$definition" ]; then
        echo "Error: proposal failed with status: 500 - failed to invoke backing implementation of 'ApproveChaincodeDefinitionForMyOrg': attempted to redefine uncommitted sequence ($(arg --sequence "$@")) for namespace $(arg --name "$@") with unchanged content" >&2
        exit 1
      fi
      echo "$definition" > "$FAKE_FABRIC_STATE/approved-$msp" ;;
    checkcommitreadiness)
      peer_cli_env
      local want org1=false org2=false
      want="$(arg --name "$@") $(arg --version "$@") $(arg --sequence "$@") $(arg --signature-policy "$@")"
      [ "$(cat "$FAKE_FABRIC_STATE/approved-Org1MSP" 2>/dev/null)" = "$want" ] && org1=true
      [ "$(cat "$FAKE_FABRIC_STATE/approved-Org2MSP" 2>/dev/null)" = "$want" ] && org2=true
      printf '{\n\t"approvals": {\n\t\t"Org1MSP": %s,\n\t\t"Org2MSP": %s\n\t}\n}\n' "$org1" "$org2" ;;
    commit)
      peer_cli_env
      orderer_flags "$@"
      both_peers "$@"
      local want
      want="$(arg --name "$@") $(arg --version "$@") $(arg --sequence "$@") $(arg --signature-policy "$@")"
      for msp in Org1MSP Org2MSP; do
        [ "$(cat "$FAKE_FABRIC_STATE/approved-$msp" 2>/dev/null)" = "$want" ] || fail "$msp did not approve '$want'"
      done
      # A test can make one commit fail, as an unreachable orderer would.
      if [ -f "$FAKE_FABRIC_STATE/fail-next-commit" ]; then
        rm "$FAKE_FABRIC_STATE/fail-next-commit"
        echo "Error: failed to send transaction: got unexpected status: SERVICE_UNAVAILABLE" >&2
        exit 1
      fi
      echo "$want" > "$FAKE_FABRIC_STATE/committed" ;;
    querycommitted)
      peer_cli_env
      [ "$(cut -d' ' -f1 "$FAKE_FABRIC_STATE/committed" 2>/dev/null)" = "$(arg --name "$@")" ] \
        || { echo "Error: query failed with status: 404 - namespace $(arg --name "$@") is not defined" >&2; exit 1; }
      local seq
      seq=$(cut -d' ' -f3 "$FAKE_FABRIC_STATE/committed")
      if [ "$(arg --output "$@")" = json ]; then
        printf '{\n\t"sequence": %s,\n\t"version": "%s"\n}\n' "$seq" "$(cut -d' ' -f2 "$FAKE_FABRIC_STATE/committed")"
      else
        echo "Committed chaincode definition: Sequence: $seq"
      fi ;;
    *) fail "unexpected lifecycle command $sub" ;;
  esac
}

fake_peer() {
  case "${1:-} ${2:-}" in
    "node start") fake_peer_node ;;
    "channel list")
      peer_cli_env
      echo "Channels peers has joined: "
      cat "$FAKE_FABRIC_STATE/channels-$CORE_PEER_ADDRESS" 2>/dev/null || true ;;
    "channel join")
      peer_cli_env
      local block
      block=$(arg -b "$@")
      need_file "$block" "-b"
      sed -n 's/^block of //p' "$block" >> "$FAKE_FABRIC_STATE/channels-$CORE_PEER_ADDRESS" ;;
    "lifecycle chaincode")
      shift 2
      fake_lifecycle "$@" ;;
    "chaincode invoke")
      peer_cli_env
      orderer_flags "$@"
      both_peers "$@"
      has_flag --waitForEvent "$@" || fail "--waitForEvent missing"
      arg -c "$@" > "$FAKE_FABRIC_STATE/last-invoke"
      echo "Chaincode invoke successful. result: status:200" >&2 ;;
    "chaincode query")
      peer_cli_env
      [ "$(count_flag --peerAddresses "$@")" = 1 ] || fail "query goes to one peer"
      arg -c "$@" > "$FAKE_FABRIC_STATE/last-query"
      echo '{"walletId":"w1","balance":1000}' ;;
    *) fail "unexpected peer command: $*" ;;
  esac
}

# discover: Fabric's service discovery CLI, asked by peer0.org1's Admin. Answers like the real
# one (`peers`: the channel's peers; `endorsers`: endorsement descriptors of a committed
# chaincode) in its JSON. A test makes gossip lag with $FAKE_FABRIC_STATE/discover-<command>-lag
# holding how many queries still see org1's peer only ("never": all of them); the first lagging
# `endorsers` query fails as the real one does while no descriptor can be built.
fake_discover() {
  local command channel state lag
  need_file "$(arg --peerTLSCA "$@")" "--peerTLSCA"
  need_file "$(arg --userCert "$@")" "--userCert"
  need_file "$(arg --userKey "$@")" "--userKey"
  [ "$(arg --MSP "$@")" = Org1MSP ] || fail "--MSP Org1MSP expected (the identity is org1's Admin)"
  [ "$(arg --server "$@")" = "$PEER1" ] || fail "--server $PEER1 expected"
  channel=$(arg --channel "$@")
  grep -qx "$channel" "$FAKE_FABRIC_STATE/channels-$PEER1" 2>/dev/null || fail "peer0.org1 has not joined channel '$channel'"
  if has_flag peers "$@"; then
    command=peers
  elif has_flag endorsers "$@"; then
    command=endorsers
    [ "$(cut -d' ' -f1 "$FAKE_FABRIC_STATE/committed" 2>/dev/null)" = "$(arg --chaincode "$@")" ] \
      || fail "endorsers of a chaincode that is not committed: '$(arg --chaincode "$@")'"
  else
    fail "expected the peers or endorsers command"
  fi
  echo "$command" >> "$FAKE_FABRIC_STATE/discover-queries"
  state=$FAKE_FABRIC_STATE/discover-$command-lag
  lag=$(cat "$state" 2>/dev/null || echo 0)
  if [ "$lag" != never ] && [ "$lag" -gt 0 ]; then
    echo $((lag - 1)) > "$state"
  fi
  if [ "$command" = endorsers ] && [ "$lag" != 0 ] && [ ! -f "$state.failed" ]; then
    touch "$state.failed"
    echo "server returned: failed constructing descriptor for chaincodes:<name:\"$(arg --chaincode "$@")\" >" >&2
    exit 1
  fi
  python3 - "$command" "$(arg --chaincode "$@")" "$lag" "$PEER1" "$PEER2" <<'PY'
import json, sys
command, chaincode, lag, peer1, peer2 = sys.argv[1:]
peers = [("Org1MSP", peer1)] + ([] if lag != "0" else [("Org2MSP", peer2)])
def peer(msp, endpoint):
    return {"MSPID": msp, "LedgerHeight": 6, "Endpoint": endpoint, "Identity": "-----BEGIN CERTIFICATE-----\n...\n"}
if command == "peers":
    out = [dict(peer(m, e), Chaincodes=[chaincode] if chaincode else None) for m, e in peers]
else:
    groups = {f"G{i}": [peer(m, e)] for i, (m, e) in enumerate(peers)}
    out = [{"Chaincode": chaincode, "EndorsersByGroups": groups,
            "Layouts": [{"quantities_by_group": {g: 1 for g in groups}}]}]
print(json.dumps(out, indent="\t"))
PY
}

# java: as a CCaaS chaincode server (java -jar with CHAINCODE_SERVER_ADDRESS), listen there.
fake_java() {
  if [ -n "${CHAINCODE_SERVER_ADDRESS:-}" ]; then
    env | grep -E '^(CHAINCODE_|CORE_)' | sort > "$FAKE_FABRIC_STATE/chaincode-server.env"
    listen "$(port_of "$CHAINCODE_SERVER_ADDRESS")"
  fi
  env | grep -E '^(CORE_|TOKENOMICS_)' | sort > "$FAKE_FABRIC_STATE/java.env"
  echo "java $*" > "$FAKE_FABRIC_STATE/java.args"
}

# docker: just enough of `docker compose` for network.sh --docker. `up` checks the compose file
# (every bind-mount source exists, with ${VAR:-default} resolved as compose would) and stands
# in for the containers by listening on the host ports they publish; `down` stops those listeners.
fake_docker() {
  case "${1:-}" in
    info) return 0 ;;
    ps | images) return 0 ;;
    rm | rmi) return 0 ;;
    compose) shift ;;
    *) fail "unexpected docker command: $*" ;;
  esac
  local file action
  file=$(arg -f "$@")
  [ "${1:-}" = version ] && { echo "Docker Compose version v2 (fake)"; return; }
  need_file "$file" "-f"
  [ "$(arg -p "$@")" = tokenomics ] || fail "compose project should be tokenomics"
  for action in up down; do has_flag "$action" "$@" && break; done
  case $action in
    up)
      local service=${*: -1} ports
      [[ $service == -* || $service == up ]] && service=""
      ports=$(python3 - "$file" "$service" <<'PY'
import os, re, sys, yaml
compose_file, only = sys.argv[1], sys.argv[2]
base = os.path.dirname(compose_file)
spec = yaml.safe_load(open(compose_file))
def resolve(text):
    return re.sub(r"\$\{(\w+):-([^}]*)\}", lambda m: os.environ.get(m.group(1)) or m.group(2), text)
ports = []
for name, svc in spec["services"].items():
    if (only and name != only) or (not only and svc.get("profiles")):
        continue
    for volume in svc.get("volumes", []):
        source = resolve(volume).split(":")[0]
        # The Docker socket belongs to the Docker host, not to this checkout.
        if source.startswith((".", "/")) and source != "/var/run/docker.sock":
            path = os.path.normpath(os.path.join(base, source))
            assert os.path.exists(path), f"{name}: bind-mount source {path} does not exist"
    for port in svc.get("ports", []):
        # [IP:]HOST_PORT:CONTAINER_PORT: the host port is what the host's clients dial.
        ports.append(resolve(port).split(":")[-2])
    if only:
        env = {k: resolve(str(v)) for k, v in svc.get("environment", {}).items()}
        with open(os.environ["FAKE_FABRIC_STATE"] + "/compose-" + name + ".env", "w") as out:
            for k in sorted(env):
                out.write(f"{k}={env[k]}\n")
print(" ".join(ports))
PY
) || fail "compose file check failed"
      if [ -n "$ports" ]; then
        # shellcheck disable=SC2086 # one argument per port
        setsid "$0" __listen $ports >/dev/null 2>&1 < /dev/null &
        echo $! >> "$FAKE_FABRIC_STATE/docker-pids"
      fi ;;
    down)
      local pid
      if [ -f "$FAKE_FABRIC_STATE/docker-pids" ]; then
        while read -r pid; do kill "$pid" 2>/dev/null || true; done < "$FAKE_FABRIC_STATE/docker-pids"
        rm "$FAKE_FABRIC_STATE/docker-pids"
      fi ;;
    *) fail "unexpected compose command: $*" ;;
  esac
}

if [ "${1:-}" = version ] || { [ "$name" = configtxgen ] && [ "${1:-}" = -version ]; }; then
  case $name in
    peer | orderer | cryptogen | configtxgen) print_version; exit 0 ;;
  esac
fi

case $name in
  cryptogen) fake_cryptogen "$@" ;;
  configtxgen) fake_configtxgen "$@" ;;
  osnadmin) fake_osnadmin "$@" ;;
  orderer) fake_orderer "$@" ;;
  peer) fake_peer "$@" ;;
  discover) fake_discover "$@" ;;
  java) fake_java "$@" ;;
  docker) fake_docker "$@" ;;
  listener) shift; listen "$@" ;;
  *) fail "unknown stand-in name" ;;
esac
