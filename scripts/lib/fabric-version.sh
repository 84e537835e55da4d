# shellcheck shell=bash
# Which Fabric release the binaries on PATH are, for the scripts that need to say it or to refuse
# what a release cannot do (SmartBFT and the V3_0 channel capability need 3.x). Sourced, never
# run. Requires lib/cli.sh.

# fabric_version CMD: the release CMD reports (e.g. 2.5.12), or "unknown". configtxgen takes
# -version; peer, orderer and cryptogen take `version`. All print " Version: X".
fabric_version() {
  local flag=version version
  [ "$1" = configtxgen ] && flag=-version
  version=$("$1" "$flag" 2>/dev/null | sed -n 's/^ Version: \([^[:space:]]*\).*/\1/p' | head -n 1)
  echo "${version:-unknown}"
}

# fabric_major VERSION: the major release number of VERSION (2 for 2.5.12), or 0 when unknown.
fabric_major() {
  if [[ $1 =~ ^v?([0-9]+)\. ]]; then echo "${BASH_REMATCH[1]}"; else echo 0; fi
}

# fabric_versions_line CMD...: "peer 2.5.12, orderer 2.5.12", what each of CMD reports.
fabric_versions_line() {
  local cmd line=
  for cmd in "$@"; do
    line+="${line:+, }$cmd $(fabric_version "$cmd")"
  done
  echo "$line"
}

# require_fabric_major MAJOR WHAT CMD...: fail unless each CMD reports release MAJOR.x or newer;
# WHAT names what needs it, for the message.
require_fabric_major() {
  local major=$1 what=$2 cmd old=()
  shift 2
  for cmd in "$@"; do
    [ "$(fabric_major "$(fabric_version "$cmd")")" -ge "$major" ] || old+=("$cmd")
  done
  [ "${#old[@]}" -eq 0 ] && return 0
  die "$what needs Fabric $major.x binaries; found $(fabric_versions_line "$@") ($(command -v "${old[0]}")).
  Put Fabric $major.x binaries first on PATH or in FABRIC_BIN (network/fabric/README.md), or use --consensus raft."
}
