# Sourced by bin/run and bin/test: finds a JDK 21 or newer and puts it first (JAVA_HOME and PATH),
# whatever the machine's default java is (on Debian 12 it is 17, too old for Stackport).
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
pick_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV) \
                   "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    candidate="${candidate%/}"
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ]; then
      local major; major=$(java_major "$candidate")
      if [ -n "$major" ] && [ "$major" -ge 21 ]; then
        echo "$candidate"
        return 0
      fi
    fi
  done
  return 1
}
if ! JAVA_HOME=$(pick_jdk); then
  echo "Stackport needs a JDK 21 or newer (java and javac); none was found in JAVA_HOME, /usr/lib/jvm or on PATH." >&2
  echo "Install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 21/25) or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
command -v mvn >/dev/null || { echo "Stackport is built with Maven ('apt-get install maven'); mvn is not on PATH." >&2; exit 1; }
