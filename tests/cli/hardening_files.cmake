# Hardening tests (files): see tests/cli/CMakeLists.txt for cli_test().
# Issue 13, files and arguments: a directory, device or FIFO where a file
# is expected, an output that cannot be written, a damaged System.map or
# sweep result, an odd number: each ends in exit status 2 (or a failed
# sweep point, 1) and a message naming the file, option or key. Never a
# hang (the timeout), a crash or a SystemC error report.
set(files ${bad}/files)
set(files_script ${CMAKE_CURRENT_SOURCE_DIR})
add_test(NAME cli.files_make_inputs COMMAND ${files_script}/hardening_files_make.sh ${files})
set_tests_properties(cli.files_make_inputs PROPERTIES FIXTURES_SETUP hardening_files)

function(files_test name status regex)
  cli_test(files_${name} ${status} ${regex} ${ARGN})
  set_property(TEST cli.files_${name} APPEND PROPERTY FIXTURES_REQUIRED hardening_files)
  set_tests_properties(cli.files_${name} PROPERTIES TIMEOUT 60)
endfunction()

# Inputs that are not regular files: refused before they are opened.
set(chr "not a regular file \\(a character device\\)")
set(dir "not a regular file \\(a directory\\)")
set(fifo "not a regular file \\(a FIFO\\)")
files_test(run_dev_zero 2 "/dev/zero: cannot open file: ${chr}" ${torpor} run /dev/zero)
files_test(run_directory 2 "files/dir: cannot open file: ${dir}" ${torpor} run ${files}/dir)
files_test(run_fifo 2 "files/fifo: cannot open file: ${fifo}" ${torpor} run ${files}/fifo)
files_test(config_dev_zero 2 "/dev/zero: cannot open config file: ${chr}" ${torpor} run --config /dev/zero ${good})
files_test(config_fifo 2 "files/fifo: cannot open config file: ${fifo}" ${torpor} run --config ${files}/fifo ${good})
files_test(config_directory 2 "files/dir: cannot open config file: ${dir}" ${torpor} config --config ${files}/dir)
files_test(disk_fifo 2 "files/fifo: cannot open disk image: ${fifo}" ${torpor} run --disk ${files}/fifo)
files_test(disk_dev_zero 2 "/dev/zero: cannot open disk image: ${chr}" ${torpor} run --disk /dev/zero ${good})
files_test(mkdisk_boot_fifo 2 "files/fifo: cannot open file: ${fifo}"
  ${torpor} mkdisk --boot ${files}/fifo --out ${files}/boot.img)
files_test(bench_kernel_directory 2 "files/dir: cannot open file: ${dir}" ${torpor} bench --kernel ${files}/dir)
files_test(bench_kernel_dev_zero 2 "/dev/zero: cannot open file: ${chr}" ${torpor} bench --kernel /dev/zero)
files_test(sweep_spec_dev_zero 2 "/dev/zero: cannot open the sweep spec: ${chr}"
  ${torpor} sweep /dev/zero --out ${files}/sweep_out)
files_test(sweep_spec_fifo 2 "files/fifo: cannot open the sweep spec: ${fifo}"
  ${torpor} sweep ${files}/fifo --out ${files}/sweep_out)
files_test(sweep_image_directory 2 "sweep_image_dir.yaml: line 1: the image '.*files/dir' cannot be read: ${dir}"
  ${torpor} sweep ${files}/sweep_image_dir.yaml --out ${files}/sweep_out)

# --resume-from: checked before the copy, and errors name the user's file, never the scratch copy.
files_test(resume_from_directory 2 "files/dir: cannot open the image to resume from: ${dir}"
  ${torpor} bench --resume-from ${files}/dir)
files_test(resume_from_dev_zero 2 "/dev/zero: cannot open the image to resume from: ${chr}"
  ${torpor} bench --resume-from /dev/zero)
files_test(resume_from_fifo 2 "files/fifo: cannot open the image to resume from: ${fifo}"
  ${torpor} bench --resume-from ${files}/fifo)
files_test(resume_from_not_a_saved_disk 2 "files/zeros.img: not a disk saved by `torpor bench --keep-image`"
  ${torpor} bench --resume-from ${files}/zeros.img)
files_test(resume_from_empty 2 "files/empty: not a disk saved by"
  ${torpor} bench --resume-from ${files}/empty)
files_test(resume_from_not_sectors 2 "rv64i_alu.elf: size [0-9]+ bytes is not a multiple of 512"
  ${torpor} bench --resume-from ${good})

# bench --linux: the kernel build, its System.map (checked line by line) and the firmware.
files_test(linux_dir_not_a_directory 2 "--linux-dir /dev/zero: not a directory"
  ${torpor} bench --linux --linux-dir /dev/zero)
files_test(system_map_bad_address 2 "map_bad_address/System.map: line 2: address 'zzzz' is not a 64-bit hex number"
  ${torpor} bench --linux --linux-dir ${files}/map_bad_address)
files_test(system_map_overflow 2
  "map_overflow/System.map: line 2: address '1ffffffffffffffffff' is not a 64-bit hex number"
  ${torpor} bench --linux --linux-dir ${files}/map_overflow)
files_test(system_map_malformed 2 "map_malformed/System.map: line 2: malformed \\(expected ADDRESS TYPE NAME\\)"
  ${torpor} bench --linux --linux-dir ${files}/map_malformed)
files_test(system_map_directory 2 "map_directory/System.map: cannot open the kernel's System.map: ${dir}"
  ${torpor} bench --linux --linux-dir ${files}/map_directory)
files_test(linux_image_directory 2 "image_directory/Image: cannot open the Linux kernel Image: ${dir}"
  ${torpor} bench --linux --linux-dir ${files}/image_directory --firmware ${files}/firmware.bin)
files_test(linux_firmware_dev_zero 2 "/dev/zero: cannot open the OpenSBI firmware .*: ${chr}"
  ${torpor} bench --linux --linux-dir ${files}/image_directory --firmware /dev/zero)

# Outputs: checked before the simulation starts.
files_test(keep_image_directory 2 "--keep-image .*files/dir: cannot write the disk image: is a directory"
  ${torpor} bench --keep-image ${files}/dir)
files_test(keep_image_proc 2 "--keep-image /proc/torpor-kept.img: cannot write the disk image: cannot create it"
  ${torpor} bench --keep-image /proc/torpor-kept.img)
files_test(keep_image_device 2 "--keep-image /dev/null: cannot write the disk image: ${chr}"
  ${torpor} bench --keep-image /dev/null)
files_test(keep_image_with_resume_from 2 "--keep-image: not with --resume-from"
  ${torpor} bench --keep-image ${files}/kept.img --resume-from ${files}/zeros.img)
files_test(keep_disk_directory 2 "--keep-disk .*files/dir: cannot write the disk image: is a directory"
  ${torpor} bench --linux --linux-dir ${files}/image_directory --keep-disk ${files}/dir)
files_test(console_missing_directory 2 "--console .*files/nowhere/console.log: cannot write the console log: cannot create it"
  ${torpor} bench --linux --linux-dir ${files}/image_directory --console ${files}/nowhere/console.log)
files_test(bench_json_directory 2 "--json .*files/dir: cannot write the results: is a directory"
  ${torpor} bench --json ${files}/dir)
files_test(stats_json_missing_directory 2 "--stats-json .*files/nowhere/s.json: cannot write the statistics: cannot create it"
  ${torpor} run --stats-json ${files}/nowhere/s.json ${good})
files_test(vcd_directory 2 "--vcd .*files/dir: cannot write the waveform: is a directory"
  ${torpor} run --vcd ${files}/dir ${good})
files_test(mkdisk_out_directory 2 "--out .*files/dir: cannot write the disk image: is a directory"
  ${torpor} mkdisk --boot ${good} --out ${files}/dir)
files_test(sweep_out_is_a_file 2 "--out .*files/empty: cannot write the results: not a directory"
  ${torpor} sweep ${CMAKE_CURRENT_SOURCE_DIR}/sweep_small.yaml --out ${files}/empty)
files_test(sweep_collect_is_a_file 2 "--collect .*files/empty: cannot write the results: not a directory"
  ${torpor} sweep --collect ${files}/empty)

# Numeric arguments: negative, overflowing, non-numeric or out of range,
# each named with its allowed range (CLI11 alone wraps -1 to 2^64-1).
files_test(workload_mib_2_44 2 "--workload-mib: 17592186044416 is out of range \\[0, 256\\] \\(the workload must fit in DRAM"
  ${torpor} bench --workload-mib 17592186044416)
files_test(workload_mib_over_dram 2 "--workload-mib: 100 is out of range \\[0, 64\\]"
  ${torpor} bench --workload-mib 100 --set dram.size_mib=64)
files_test(workload_mib_negative 2 "--workload-mib: '-1' is not a non-negative integer" ${torpor} bench --workload-mib -1)
files_test(workload_mib_text 2 "--workload-mib: 'lots' is not a non-negative integer" ${torpor} bench --workload-mib lots)
files_test(max_instructions_negative 2 "--max-instructions: '-5' is not a non-negative integer"
  ${torpor} run --max-instructions -5 ${good})
files_test(max_instructions_overflow 2 "--max-instructions: '99999999999999999999999' does not fit in 64 bits"
  ${torpor} run --max-instructions 99999999999999999999999 ${good})
files_test(power_cycles_huge 2 "--power-cycles: 2000000 is out of range \\[0, 1000000\\]"
  ${torpor} run --power-cycles 2000000 ${good})
files_test(vcd_from_negative 2 "--vcd-from: '-1' is not a non-negative integer" ${torpor} run --vcd-from -1 ${good})
files_test(seed_negative 2 "--seed: '-3' is not a non-negative integer" ${torpor} bench --seed -3)
files_test(extra_boots_huge 2 "--extra-boots: 4294967295 is out of range \\[0, 999999\\]"
  ${torpor} bench --linux --extra-boots 4294967295)
files_test(swap_mib_zero 2 "--swap-mib: 0 is out of range \\[1, 1048576\\]" ${torpor} bench --linux --swap-mib 0)
files_test(mkdisk_size_2_44 2 "--size-mib: 17592186044416 is out of range \\[0, 1048576\\]"
  ${torpor} mkdisk --boot ${good} --out ${files}/m.img --size-mib 17592186044416)
files_test(sweep_jobs_huge 2 "--jobs: 5000 is out of range \\[0, 1024\\]" ${torpor} sweep --collect ${files}/dir -j 5000)

# sweep --collect on damaged emitted sweeps (one was a SIGABRT).
foreach(case good manifest_not_json manifest_array manifest_no_points manifest_points_not_list
        manifest_json_not_string manifest_bad_settings manifest_is_directory point_missing point_is_directory
        point_not_json point_array point_verified_string point_no_phases point_phase_seconds_string
        point_peak_string point_instructions_huge point_nested_deep point_not_utf8)
  add_test(NAME cli.files_collect_${case} COMMAND ${files_script}/hardening_files_collect.sh ${case} ${torpor})
  set_tests_properties(cli.files_collect_${case} PROPERTIES TIMEOUT 60)
endforeach()

# A run killed by a signal removes its scratch disk and exits with the signal's status.
foreach(signal TERM INT HUP)
  add_test(NAME cli.files_scratch_removed_on_sig${signal}
    COMMAND ${files_script}/hardening_files_signal.sh ${signal} ${torpor} --workload-mib 64)
  set_tests_properties(cli.files_scratch_removed_on_sig${signal} PROPERTIES TIMEOUT 120)
endforeach()

# --keep-image failing inside the power-off hook: reported after the run, exit 2.
add_test(NAME cli.files_keep_image_fails_in_hook COMMAND ${files_script}/hardening_files_keep_image.sh ${torpor})
set_tests_properties(cli.files_keep_image_fails_in_hook PROPERTIES TIMEOUT 120)

# --resume-from a 64 GiB sparse image: the scratch copy stays small.
add_test(NAME cli.files_resume_from_sparse_image COMMAND ${files_script}/hardening_files_sparse.sh ${torpor})
set_tests_properties(cli.files_resume_from_sparse_image PROPERTIES TIMEOUT 300)
