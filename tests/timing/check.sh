#!/usr/bin/env bash
# check.sh CHECK TORPOR SW_DIR: timing invariants of the timed platform,
# asserted as orderings and bounds (never exact cycle counts).
set -euo pipefail
check=$1
torpor=$2
sw=$3

# stat NAME < stats-output: the value of one statistic.
stat() { awk -v n="$1" '$1 == n { print $2 }'; }
run_stats() { "$torpor" run --stats "$@" 2>&1; }
fail() { echo "FAIL: $*"; exit 1; }
# float comparison: le A B -> A <= B
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }

case $check in
  bandwidth_bound)
    out=$(run_stats "$sw/mem_bandwidth.elf")
    echo "$out" | grep -E "bandwidth"
    read_mbps=$(echo "$out" | awk '/^read_bandwidth/ { print $2 }')
    copy_mbps=$(echo "$out" | awk '/^copy_bandwidth/ { print $2 }')
    peak_gbps=$(echo "$out" | stat soc.dram.controller.peak_bandwidth)
    peak_mbps=$(awk -v p="$peak_gbps" 'BEGIN { print p * 1000 }')
    le "$read_mbps" "$peak_mbps" || fail "read $read_mbps MB/s exceeds the peak $peak_mbps MB/s"
    le "$copy_mbps" "$peak_mbps" || fail "copy $copy_mbps MB/s exceeds the peak $peak_mbps MB/s"
    le "$(awk -v p="$peak_mbps" 'BEGIN { print p / 4 }')" "$read_mbps" ||
      fail "sequential read $read_mbps MB/s is below a quarter of the peak $peak_mbps MB/s"
    ;;
  tlb)
    plain=$(run_stats "$sw/tlb_walk.elf")
    flushed=$(run_stats "$sw/tlb_walk_sfence.elf")
    pages=256 rounds=8
    for out in "$plain" "$flushed"; do
      misses=$(echo "$out" | stat soc.core.dtlb.misses)
      [ "$misses" -ge $((pages * rounds)) ] || fail "only $misses DTLB misses for $pages pages x $rounds rounds"
    done
    walks_plain=$(echo "$plain" | stat soc.core.page_walks)
    walks_flushed=$(echo "$flushed" | stat soc.core.page_walks)
    echo "page walks: $walks_plain without sfence.vma, $walks_flushed with one per round"
    [ "$walks_plain" -ge $pages ] || fail "first touches of $pages pages caused only $walks_plain walks"
    [ "$walks_flushed" -ge $((pages * rounds)) ] || fail "sfence.vma did not force re-walks ($walks_flushed)"
    [ "$walks_flushed" -gt "$walks_plain" ] || fail "sfence.vma made no difference"
    ;;
  deterministic)
    a=$(run_stats "$sw/tlb_walk_sfence.elf" | stat soc.core.cycles)
    b=$(run_stats "$sw/tlb_walk_sfence.elf" | stat soc.core.cycles)
    c=$(run_stats "$sw/mem_bandwidth.elf" | stat soc.core.cycles)
    d=$(run_stats "$sw/mem_bandwidth.elf" | stat soc.core.cycles)
    echo "cycles: $a $b / $c $d"
    [ "$a" = "$b" ] && [ "$c" = "$d" ] || fail "the same ELF and config gave different cycle counts"
    ;;
  bigger_l2_not_slower)
    small=$(run_stats --set cache.l2.size_kib=256 "$sw/mem_latency.elf" | stat soc.core.cycles)
    big=$(run_stats --set cache.l2.size_kib=4096 "$sw/mem_latency.elf" | stat soc.core.cycles)
    echo "cycles: 256 KiB L2 $small, 4 MiB L2 $big"
    [ "$big" -le "$small" ] || fail "a bigger L2 made the run slower"
    ;;
  slower_dram_not_faster)
    fast=$(run_stats --set dram.profile=lpddr4-3200-x32 "$sw/mem_bandwidth.elf" | stat soc.core.cycles)
    slow=$(run_stats --set dram.profile=lpddr4-2133-x32 "$sw/mem_bandwidth.elf" | stat soc.core.cycles)
    echo "cycles: LPDDR4-3200 $fast, LPDDR4-2133 $slow"
    [ "$slow" -ge "$fast" ] || fail "slower DRAM made the run faster"
    ;;
  storage_bandwidth)
    for profile in emmc51-hs400 nvme-gen3x4; do
      out=$(run_stats --set storage.profile=$profile "$sw/blk_bandwidth.elf")
      got=$(echo "$out" | awk '/^storage_read_bandwidth/ { print $2 }')
      peak=$(echo "$out" | stat soc.storage.media.profile_read_bandwidth)
      echo "$profile: $got MB/s measured, profile $peak MB/s"
      [ -n "$got" ] || fail "no bandwidth printed for $profile"
      le "$got" "$peak" || fail "$profile: $got MB/s exceeds the profile's $peak MB/s"
      le "$(awk -v p="$peak" 'BEGIN { print p / 2 }')" "$got" || fail "$profile: $got MB/s is below half the profile"
    done
    ;;
  cpi_stack_adds_up)
    # Every cycle in exactly one class, in timed mode, in fast mode, and
    # across a fast-to-timed switch (guest.phase_switch's guest).
    for args in "$sw/cpu_kernels.elf" "--set core.mode=fast $sw/cpu_kernels.elf" \
                "--set core.timed_from_phase=7 $sw/phase_switch.elf"; do
      # shellcheck disable=SC2086
      out=$(run_stats $args)
      cycles=$(echo "$out" | stat soc.core.cycles)
      sum=$(echo "$out" | awk '$1 ~ /^soc\.core\.cpi_stack\./ { s += $2 } END { print s }')
      [ "$sum" = "$cycles" ] || fail "$args: the CPI stack adds up to $sum, not the $cycles cycles"
      echo "$args: $cycles cycles, all classified"
    done
    timed=$(run_stats "$sw/cpu_kernels.elf")
    [ "$(echo "$timed" | stat soc.core.cpi_stack.functional)" = 0 ] || fail "timed mode counted functional cycles"
    [ "$(echo "$timed" | stat soc.core.dual_issue_cycles)" -gt 0 ] || fail "no instruction pair issued"
    [ "$(echo "$timed" | stat soc.core.cpi_stack.mispredict)" -gt 0 ] || fail "no misprediction classified"
    ;;
  *) fail "unknown check $check" ;;
esac
echo "ok: $check"
