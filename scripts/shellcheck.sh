#!/usr/bin/env bash
# Lints every shell script the project ships: *.sh under scripts/ and network/ (found by glob,
# so scripts added later are covered without editing this file) and the extension-less
# external-builder programs under network/fabric/builders/*/bin/. Exits non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v shellcheck >/dev/null 2>&1; then
  echo "shellcheck.sh: 'shellcheck' is not on PATH (Debian/Ubuntu: apt-get install shellcheck)" >&2
  exit 2
fi

files=()
# Build outputs and generated network state are not sources; skip them.
while IFS= read -r -d '' f; do
  files+=("$f")
done < <(find scripts network \
  \( -path '*/target*' -o -path 'network/fabric/run' -o -path 'network/fabric/organizations' \
     -o -path 'network/fabric/channel-artifacts' -o -name node_modules -o -name .devnet \) -prune \
  -o -type f \( -name '*.sh' -o -path 'network/fabric/builders/*/bin/*' \) -print0 | sort -z)

if [ "${#files[@]}" -eq 0 ]; then
  echo "shellcheck.sh: no scripts found" >&2
  exit 1
fi

# -x -P SCRIPTDIR: follow `source`d files, resolving `# shellcheck source=` relative to the script.
shellcheck -x -P SCRIPTDIR "$@" "${files[@]}"
echo "shellcheck: ${#files[@]} scripts clean"
