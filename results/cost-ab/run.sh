#!/usr/bin/env bash
# Issue 21, items 1 and 4, before and after, interleaved in one session:
# before = f3b586b (two clock reads per chunk in net, none in the floor;
# Ratio = median of per-slice ratios over alternating pairs), after = HEAD
# (one clock read in each; ABBA quads, ratio of total times).
# The two test binaries, built first:
#   git archive f3b586b | tar -x -C /tmp/before && (cd /tmp/before && go test -c -o /tmp/before.test ./bench)
#   git checkout 745309d && go test -c -o /tmp/after.test ./bench
set -euo pipefail
cd "$(dirname "$0")/../../bench"
out=${OUT:-/tmp/ratio-ab}
mkdir -p $out; : > $out/before.txt; : > $out/after.txt
for i in $(seq 10); do
  /tmp/before.test -test.run '^$' -test.bench '^BenchmarkRatio$' -test.benchtime 40x >> $out/before.txt
  /tmp/after.test -test.run '^$' -test.bench '^BenchmarkRatio$/^design=(unbuffered|explicit|dropsender|router|terminal-routed)$/^vs=(floor|unbuffered)$/^chunk=64$/^window=1$' -test.benchtime 20x >> $out/after.txt
done
