#!/usr/bin/env bash
# Builds the JMH uber-jar and runs the benchmark suite; prints each figure as a ratio to its baseline.
#   benchmarks/run.sh             full suite, about 12 minutes on 2 cores
#   benchmarks/run.sh --smoke     every benchmark once, tiny data (CI), about a minute
#   benchmarks/run.sh Keyword     only benchmarks whose name matches a regex
# PostgreSQL (127.0.0.1:5432, user postgres, database test) and MariaDB (127.0.0.1:3306, root, database
# test) are used when they answer; their benchmarks are skipped otherwise. The schema/database
# consent_bench is created and dropped by the run.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl benchmarks -am package -DskipTests ${MVN_ARGS:-}
exec java -jar benchmarks/target/benchmarks.jar "$@"
