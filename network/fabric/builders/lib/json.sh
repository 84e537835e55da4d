# shellcheck shell=sh
# Minimal JSON field reading for the external builders (POSIX sh, no jq: the peer image and
# most hosts running a native peer do not ship it). Enough for the flat objects Fabric hands to
# builders: metadata.json, connection.json and chaincode.json.

# json_string FILE FIELD: print the string value of FIELD with JSON escapes \n, \/ and \\
# decoded (PEM values in chaincode.json arrive with \n escapes); print nothing when absent.
# Values containing escaped quotes are not supported; none of the fields read here has any.
json_string() {
  tr -d '\r\n' < "$1" \
    | sed -n "s/.*\"$2\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" \
    | awk '{ gsub(/\\n/, "\n"); gsub(/\\\//, "/"); gsub(/\\\\/, "\\"); printf "%s", $0 }'
}

# package_type METADATA_DIR: the lower-cased "type" of the package's metadata.json.
package_type() {
  [ -f "$1/metadata.json" ] || return 0
  json_string "$1/metadata.json" type | tr '[:upper:]' '[:lower:]'
}

# die MESSAGE: report on stderr, which the peer copies into its log, and fail the phase.
die() {
  echo "$0: $*" >&2
  exit 1
}
