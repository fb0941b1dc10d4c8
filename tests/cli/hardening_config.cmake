# Hardening tests (config, issue 13 item 3 and the first two bullets of
# item 6): every key has a range, derived quantities are checked, odd YAML
# names its file and line, booleans take YAML's spellings, `torpor config`
# prints each section once. See tests/cli/CMakeLists.txt for cli_test().
set(hc ${CMAKE_CURRENT_SOURCE_DIR}/hardening_config)
set(hc_out ${CMAKE_CURRENT_BINARY_DIR}/hardening_config_sweep)

# Values that crashed or hung the simulator: each is now out of its key's range.
cli_test(config_dram_too_big 2 "--set: key 'dram.size_mib': 2147483648 is out of range \\[1, 16384\\]"
  ${torpor} run --set dram.size_mib=2147483648 ${good})
cli_test(config_boot_rom_too_big 2 "key 'boot_rom.size': 17592186044416 is out of range \\[4096, 16777216\\]"
  ${torpor} run --set boot_rom.size=0x100000000000 ${good})
cli_test(config_l2tlb_too_big 2 "key 'mmu.l2tlb.entries': 4294967296 is out of range \\[0, 65536\\]"
  ${torpor} run --set mmu.l2tlb.entries=4294967296 ${good})
cli_test(config_btb_too_big 2 "key 'core.predictor.btb_entries': 1073741824 is out of range \\[1, 1048576\\]"
  ${torpor} run --set core.predictor.btb_entries=1073741824 ${good})
cli_test(config_l2_cache_too_big 2 "key 'cache.l2.size_kib': 17179869184 is out of range \\[1, 262144\\]"
  ${torpor} run --set cache.l2.size_kib=17179869184 ${good})
# 2^28 KiB in 1 way of 64 bytes: 2^32 sets, which truncated to 0 (SIGSEGV).
cli_test(config_cache_sets_32_bits 2 "key 'cache.l2.size_kib': 268435456 is out of range"
  ${torpor} run --set cache.l2.size_kib=268435456 --set cache.l2.ways=1 --set cache.l2.replacement=lru ${good})
cli_test(config_prefetch_degree_unbounded 2 "prefetch_degree.yaml: key 'cache.l2.prefetch_degree': 4294967295 is out of range \\[0, 64\\]"
  ${torpor} run --config ${hc}/prefetch_degree.yaml ${good})
cli_test(config_copy_engine_1hz 2 "key 'copy_engine.frequency_hz': 1 is out of range \\[1000000, 10000000000\\]"
  ${torpor} run --set copy_engine.enabled=on --set copy_engine.frequency_hz=1 ${good})
cli_test(config_bus_latency_huge 2 "key 'bus.latency_cycles': 1000000000000 is out of range \\[0, 1000\\]"
  ${torpor} run --set bus.latency_cycles=1000000000000 ${good})
cli_test(config_core_clock_zero 2 "key 'core.frequency_hz': 0 is out of range" ${torpor} run --set core.frequency_hz=0 ${good})
cli_test(config_bus_clock_zero 2 "key 'bus.frequency_hz': 0 is out of range" ${torpor} run --set bus.frequency_hz=0 ${good})
cli_test(config_quantum_zero 2 "key 'core.quantum_ns': 0 is out of range \\[1, 1000000000\\]"
  ${torpor} run --set core.quantum_ns=0 ${good})
cli_test(config_not_power_of_two 2 "key 'core.predictor.counters': 1000 is not a power of two"
  ${torpor} run --set core.predictor.counters=1000 ${good})
cli_test(config_address_beyond_56_bits 2 "key 'uart.base': 0x100000000000000 is out of range \\[0x0, 0xffffffffffffff\\]"
  ${torpor} run --set uart.base=0x100000000000000 ${good})

# Derived quantities: checked once every source is merged, naming the keys.
cli_test(config_cache_sets_not_power_of_two 2
  "keys 'cache.l2.size_kib', 'cache.l2.ways', 'cache.l2.line_bytes': .*number of sets must be a power of two"
  ${torpor} run --set cache.l2.ways=3 --set cache.l2.replacement=lru ${good})
cli_test(config_cache_ways_exceed_lines 2 "keys 'cache.l1d.size_kib', 'cache.l1d.ways', 'cache.l1d.line_bytes': 32 ways exceed the 16 lines"
  ${torpor} run --set cache.l1d.size_kib=1 --set cache.l1d.ways=32 ${good})
cli_test(config_plru_ways 2 "keys 'cache.l2.replacement', 'cache.l2.ways': tree-PLRU needs a power-of-two number of ways"
  ${torpor} run --set cache.l2.ways=12 --set cache.l2.size_kib=3072 ${good})
cli_test(config_tlb_sets 2 "keys 'mmu.l2tlb.entries', 'mmu.l2tlb.ways': 512 entries cannot be split into sets of 3 ways"
  ${torpor} run --set mmu.l2tlb.ways=3 ${good})
cli_test(config_dram_beyond_56_bits 2 "keys 'dram.base', 'dram.size_mib': DRAM .* ends beyond the 56-bit physical address space"
  ${torpor} run --set dram.base=0xfffffff0000000 --set dram.size_mib=512 ${good})
cli_test(config_irq_outside_plic 2 "keys 'uart.irq', 'plic.sources': interrupt source 10 is outside the PLIC's sources 1..7"
  ${torpor} run --set plic.sources=8 ${good})

# Non-scalar YAML keys name the file and line (they escaped yaml-cpp's as<std::string>() before).
cli_test(config_flow_key 2 "flow_key.yaml: line 2: a key must be a plain name, not a list"
  ${torpor} run --config ${hc}/flow_key.yaml ${good})
cli_test(config_complex_key 2 "complex_key.yaml: line 4: a key must be a plain name, not a list"
  ${torpor} run --config ${hc}/complex_key.yaml ${good})
cli_test(config_map_key 2 "map_key.yaml: line 3: a key must be a plain name, not a mapping \\(in section 'dram'\\)"
  ${torpor} config --config ${hc}/map_key.yaml)
cli_test(sweep_spec_key 2 "sweep_spec_key.yaml: line 2: a key in the spec must be a plain name, not a list"
  ${torpor} sweep ${hc}/sweep_spec_key.yaml --out ${hc_out})
cli_test(sweep_parameter_key 2 "sweep_parameter_key.yaml: line 3: a key under parameters must be a plain name, not a list"
  ${torpor} sweep ${hc}/sweep_parameter_key.yaml --out ${hc_out})
cli_test(sweep_point_key 2 "sweep_point_key.yaml: line 3: a key of a point must be a plain name, not a list"
  ${torpor} sweep ${hc}/sweep_point_key.yaml --out ${hc_out})
# Sweep specs of odd shapes: file, line and key.
cli_test(sweep_scalar_parameters 2 "sweep_scalar_parameters.yaml: line 2: parameters must map config keys to lists of values"
  ${torpor} sweep ${hc}/sweep_scalar_parameters.yaml --out ${hc_out})
cli_test(sweep_scalar_values 2 "sweep_scalar_values.yaml: line 3: parameter 'storage.profile' needs a non-empty list of values"
  ${torpor} sweep ${hc}/sweep_scalar_values.yaml --out ${hc_out})
cli_test(sweep_nested_value 2 "sweep_nested_value.yaml: line 3: mmu must be a plain value"
  ${torpor} sweep ${hc}/sweep_nested_value.yaml --out ${hc_out})
cli_test(sweep_scalar_points 2 "sweep_scalar_points.yaml: line 2: points must be a non-empty list of mappings"
  ${torpor} sweep ${hc}/sweep_scalar_points.yaml --out ${hc_out})
cli_test(sweep_point_geometry 2 "sweep_point_geometry.yaml: line 4: point 1 \\(3\\): keys 'cache.l2.size_kib', 'cache.l2.ways'"
  ${torpor} sweep ${hc}/sweep_point_geometry.yaml --out ${hc_out})
# Workloads: 2^44 MiB wrapped silently when shifted to bytes.
cli_test(sweep_workload_huge 2 "sweep_workload_huge.yaml: line 2: workload_mib: 17592186044416 is out of range \\[1, 32768\\]"
  ${torpor} sweep ${hc}/sweep_workload_huge.yaml --out ${hc_out})
cli_test(sweep_workload_too_big 2 "sweep_workload_too_big.yaml: line 3: workload_mib: 40000 is out of range \\[1, 32768\\]"
  ${torpor} sweep ${hc}/sweep_workload_too_big.yaml --out ${hc_out})

# Booleans: YAML's true/false and yes/no (any YAML 1.1 case) mean on/off.
cli_test(config_booleans_in_file 0 "dual_issue: off.*sstc: on|sstc: on.*dual_issue: off"
  sh -c "${torpor} config --config ${hc}/booleans.yaml | tr '\\n' ' '")
cli_test(config_boolean_set 0 "data_crc: off" ${torpor} config --set bench.data_crc=FALSE)
cli_test(config_boolean_bad 2 "key 'bench.data_crc': 'tRue' is not one of: on,off \\(or true/false, yes/no\\)"
  ${torpor} config --set bench.data_crc=tRue)

# `torpor config` prints each section once (sim: and dram: appeared twice).
add_test(NAME cli.config_sections_once COMMAND sh -c
  "$<TARGET_FILE:torpor> config > ${CMAKE_CURRENT_BINARY_DIR}/sections.yaml && test -z \"$(grep -E '^[a-z_]+:' ${CMAKE_CURRENT_BINARY_DIR}/sections.yaml | sort | uniq -d)\" && test $(grep -c '^sim:' ${CMAKE_CURRENT_BINARY_DIR}/sections.yaml) -eq 1")

# Every shipped config passes the derived checks too (a run validates).
file(GLOB hc_shipped ${CMAKE_SOURCE_DIR}/configs/*.yaml)
foreach(cfg ${hc_shipped})
  get_filename_component(cfg_name ${cfg} NAME_WE)
  cli_test(config_validates.${cfg_name} 0 "sim.mips" ${torpor} run --stats --config ${cfg} ${good})
endforeach()
