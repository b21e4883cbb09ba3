#!/usr/bin/env bash
# mknames.sh: derive names.txt from short.txt, for the tests of names the
# benchmarks do not print yet (see README.md). Run from report/testdata.
set -euo pipefail
awk '
# Header and BenchmarkStream lines as they are.
!/^Benchmark/ { print; next }
/^BenchmarkStream\// { print }
# BenchmarkOrdering gains a window: work=20µs becomes window 1 at 20µs,
# work=0s becomes window 2 at 20µs (hand-edited names, real counts).
/^BenchmarkOrdering\// {
	line = $0
	if (line ~ /\/work=20µs\//) { sub(/\/work=20µs\//, "/window=1/work=20µs/", line) }
	else if (line ~ /\/work=0s\//) { sub(/\/work=0s\//, "/window=2/work=20µs/", line) }
	print line
}
' short.txt >names.txt
