# Sourced by the simulator benchmarks (pollux-b2.sh, sia.sh) from the repository root: builds
# lepton-core and lepton-sim, then sets $cp (lepton-sim's classes and dependencies) and $java (a JDK 21+).
mvn -q -B -o -pl lepton-core,lepton-sim -am install -DskipTests
# Through a file: Maven's stdout carries terminal escapes even with -B, which would corrupt the first entry.
cpfile=$(mktemp)
mvn -q -B -o -pl lepton-sim dependency:build-classpath -Dmdep.outputFile="$cpfile"
cp="lepton-sim/target/classes:$(cat "$cpfile")"
rm -f "$cpfile"
java=$(scripts/find-java)
