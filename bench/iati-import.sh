#!/usr/bin/env bash
# Measures `devcoop import iati` end to end: generates a synthetic corpus of
# realistic activities (about 1 GB across many files, deterministic), imports
# it into a fresh database, and prints MB/s, activities per second and peak
# RSS. It also runs the reader's benchmark beside an encoding/xml baseline,
# in the same run, for comparison.
#
#   bench/iati-import.sh                 # 1 GB in 100 files, SQLite
#   SIZE=200MB FILES=20 bench/iati-import.sh
#   DB='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' bench/iati-import.sh
#
# Needs Go and GNU time (/usr/bin/time, Debian's "time" package).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-1GB}
FILES=${FILES:-100}
WORK=${WORK:-/tmp/devcoop-iati-bench}
mkdir -p "$WORK"

go build -o "$WORK/devcoop" ./cmd/devcoop
go build -o "$WORK/iatigen" ./bench/iatigen
corpus="$WORK/corpus-$SIZE-$FILES"
if [ ! -d "$corpus" ]; then
  "$WORK/iatigen" -out "$corpus" -size "$SIZE" -files "$FILES" -seed 1 | tail -n 1
fi

db=${DB:-$WORK/bench.db}
if [[ "$db" != postgres* ]]; then rm -f "$db" "$db-wal" "$db-shm"; fi
if [ ! -x /usr/bin/time ]; then echo "install GNU time (apt-get install time)"; exit 1; fi
/usr/bin/time -v "$WORK/devcoop" import iati --db "$db" --json "$corpus" > "$WORK/report.json" 2> "$WORK/time.txt"

python3 - "$WORK/report.json" "$WORK/time.txt" <<'PY'
import json, re, sys
rep = json.load(open(sys.argv[1]))
t = open(sys.argv[2]).read()
m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", t)
secs = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
files = rep["files"]
b = sum(f["bytes"] for f in files)
acts = sum(f["activities"] for f in files)
print(f"files {len(files)}, {b/1e6:.1f} MB, {acts} activities, {secs:.2f} s")
print(f"throughput {b/1e6/secs:.1f} MB/s, {acts/secs:.0f} activities/s, peak RSS {rss/1024:.0f} MB")
PY

echo "reader alone, beside encoding/xml (same run):"
go test -run '^$' -bench 'BenchmarkReader$|BenchmarkEncodingXMLBaseline' -benchtime 3x ./iati/ | grep -E '^Benchmark'
