#!/usr/bin/env bash
# Lints every shell script the project ships, found by glob so scripts added later are covered
# without editing this file: *.sh under scripts/ and network/, plus extension-less files there
# that start with a sh/bash shebang (e.g. the external builders' bin/detect|build|release|run).
# Exits non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v shellcheck >/dev/null 2>&1; then
  echo "shellcheck.sh: 'shellcheck' is not on PATH (Debian/Ubuntu: apt-get install shellcheck)" >&2
  exit 2
fi

is_shell_script() {
  case $1 in
    *.sh) return 0 ;;
    */*.*) return 1 ;;
  esac
  head -n 1 "$1" 2>/dev/null | grep -Eq '^#!(/usr/bin/env[[:space:]]+|/bin/|/usr/bin/)(ba)?sh([[:space:]]|$)'
}

files=()
# Build outputs and generated network state are not sources; skip them.
while IFS= read -r -d '' f; do
  if is_shell_script "$f"; then
    files+=("$f")
  fi
done < <(find scripts network \
  \( -path '*/target*' -o -path 'network/fabric/run' -o -path 'network/fabric/organizations' \
     -o -path 'network/fabric/channel-artifacts' -o -name node_modules -o -name .devnet \) -prune \
  -o -type f -print0 | sort -z)

if [ "${#files[@]}" -eq 0 ]; then
  echo "shellcheck.sh: no scripts found" >&2
  exit 1
fi

# -x -P SCRIPTDIR: follow `source`d files, resolving `# shellcheck source=` relative to the script.
shellcheck -x -P SCRIPTDIR "$@" "${files[@]}"
echo "shellcheck: ${#files[@]} scripts clean"
