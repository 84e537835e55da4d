# shellcheck shell=bash disable=SC2034  # sets variables for the scripts that source it
# Shared by peer-invoke.sh and peer-query.sh: the options that pick who calls which chaincode,
# and the JSON argument the peer CLI takes (-c '{"function":...,"Args":[...]}'). Sourced, never
# run. Requires lib/cli.sh and lib/fabric-env.sh.

CALL_ORG=1
CALL_USER=Admin
CALL_FUNCTION=
CALL_ARGS=()

CALL_OPTIONS_HELP="Options:
  --org 1|2        org whose peer and identity are used (default: 1)
  --user NAME      cryptogen user of that org: Admin or User1 (default: Admin)
  --channel NAME   channel (default: mychannel)
  --name NAME      chaincode name (default: tokenomics)
  -h, --help       this help
Arguments are passed as strings; quote JSON arguments for the shell, e.g.
  '{\"transfers\":[{\"fromId\":\"w1\",\"toId\":\"w2\",\"amount\":5}]}'"

# parse_call_args ARGS...: options first, then FUNCTION and its arguments (after an optional --).
parse_call_args() {
  while [ "$#" -gt 0 ]; do
    case $1 in
      --org | --user | --channel | --name)
        [ "$#" -ge 2 ] || die "$1 needs a value"
        case $1 in
          --org) CALL_ORG=$2 ;;
          --user) CALL_USER=$2 ;;
          --channel) CHANNEL_NAME=$2 ;;
          --name) CHAINCODE_NAME=$2 ;;
        esac
        shift ;;
      -h | --help) usage; exit 0 ;;
      --) shift; break ;;
      -*) die "unknown option '$1' (see --help)" ;;
      *) break ;;
    esac
    shift
  done
  [ "$#" -ge 1 ] || die "missing the chaincode function name (see --help)"
  CALL_FUNCTION=$1
  shift
  CALL_ARGS=("$@")
}

# json_string_literal VALUE: VALUE as a JSON string literal.
json_string_literal() {
  local s=$1
  if [[ $s =~ [[:cntrl:]] ]] && [[ ${s//[$'\n\t\r']/} =~ [[:cntrl:]] ]]; then
    die "argument contains a control character other than newline/tab/CR: not supported"
  fi
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\t'/\\t}
  s=${s//$'\r'/\\r}
  printf '"%s"' "$s"
}

# call_json: {"function":"<FUNCTION>","Args":["a","b"]}, the -c argument of peer chaincode.
call_json() {
  local json arg
  json="{\"function\":$(json_string_literal "$CALL_FUNCTION"),\"Args\":["
  local first=true
  for arg in "${CALL_ARGS[@]}"; do
    $first || json+=","
    first=false
    json+=$(json_string_literal "$arg")
  done
  printf '%s]}' "$json"
}
