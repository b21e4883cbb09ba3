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
# BenchmarkRatio, from the Stream runs at chunk 64, window 1, paired by
# round: design ns/op over its floor'\''s and over unbuffered'\''s.
/^BenchmarkStream\/design=[^\/]*\/chunk=64\/window=1\/impl=/ {
	split($1, parts, "/"); d = parts[2]; sub(/^design=/, "", d)
	impl = parts[5]; sub(/^impl=/, "", impl); sub(/-[0-9]+$/, "", impl)
	key = d SUBSEP impl
	n[key]++
	ns[key, n[key]] = $3
	if (impl == "workflow" && !(d in seen)) { seen[d] = 1; order[++nd] = d }
}
END {
	for (i = 1; i <= nd; i++) {
		d = order[i]
		for (r = 1; r <= n[d SUBSEP "workflow"]; r++) {
			w = ns[d SUBSEP "workflow", r]
			f = ns[d SUBSEP "floor", r]
			u = ns["unbuffered" SUBSEP "workflow", r]
			if (f > 0) printf "BenchmarkRatio/design=%s/vs=floor/chunk=64/window=1-2 \t      10\t %.4f ratio\n", d, w / f
			if (u > 0 && d != "unbuffered") printf "BenchmarkRatio/design=%s/vs=unbuffered/chunk=64/window=1-2 \t      10\t %.4f ratio\n", d, w / u
		}
	}
}
' short.txt >names.txt
