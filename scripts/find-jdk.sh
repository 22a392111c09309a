# Sourced by ./sluice and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Looks at $JAVA_HOME, then the java on PATH, then /usr/lib/jvm/* and /opt/java/*.
_sluice_java_major() { # prints the major version of the JDK at $1, or 0
  local v=""
  [ -x "$1/bin/javac" ] || { echo 0; return; }
  # Every JDK since 9 has a 'release' file (JAVA_VERSION="21.0.5"): reading it costs no JVM start,
  # which would add about 0.2 s to every command. Start the JVM only for a JDK without one.
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9.]*\).*/\1/p' "$1/release" | head -n1)
    v=${v#1.}
    v=${v%%.*}
  fi
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)
    v=${v#1.}
  fi
  echo "${v:-0}"
}
_sluice_find_jdk() {
  local c
  for c in "${JAVA_HOME:-}" \
           "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")" \
           $(ls -d /usr/lib/jvm/* /opt/java/* 2>/dev/null | sort -rV); do
    [ -n "$c" ] && [ -d "$c" ] || continue
    if [ "$(_sluice_java_major "$c")" -ge 21 ] 2>/dev/null; then
      echo "$c"
      return 0
    fi
  done
  return 1
}
if ! JAVA_HOME=$(_sluice_find_jdk); then
  echo "sluice: needs a JDK 21 or newer; none found in JAVA_HOME, on PATH or under /usr/lib/jvm. Install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME
# Object keys are UTF-8 file names: make sure the JVM encodes file names as UTF-8.
export LANG="${LANG:-C.UTF-8}"
export PATH="$JAVA_HOME/bin:$PATH"
