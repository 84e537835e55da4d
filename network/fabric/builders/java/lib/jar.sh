# shellcheck shell=sh
# java_command: print the JVM to run, preferring JAVA_HOME (propagated by core.yaml) over PATH;
# fail when there is none.
java_command() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME/bin/java"
  else
    command -v java
  fi
}
