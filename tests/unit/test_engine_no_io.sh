#!/usr/bin/env bash
# test_engine_no_io.sh - the engine (stages/engine/) knows nothing of files, as benchstat's
# benchmath knows nothing of benchfmt: no engine object may reference a function that opens,
# reads, writes or lists a file, nor the project's loaders (tsv_load, fs_*, the samples
# scanner, and envnames.h's lookups, which read data/envs.tsv at first use: the caller hands the
# engine what it needs of the environments, claim_context's plain_env and env_caps). Run by `make unit` with ENGINE_OBJS set to the engine's objects; prints the
# unit-test summary line run-unit.sh counts.
set -u
objs=${ENGINE_OBJS:-}
if [ -z "$objs" ]; then
    echo "test_engine_no_io: ENGINE_OBJS is empty (run through make unit)"
    echo "test_engine_no_io: 0 passed, 1 failed"
    exit 1
fi
# libc's file functions (and their 64-bit and fortified names), then the project's loaders.
deny='^(_?_?(fopen|fdopen|freopen|fclose|fread|fwrite|fgets|fputs|fputc|putc|puts|printf|fprintf|vfprintf|dprintf|fflush|open|openat|creat|close|read|write|pread|pwrite|opendir|fdopendir|readdir|scandir|stat|lstat|fstat|access|unlink|rename|mkdir|mkstemp|popen|system|getline|getdelim)(64)?(_chk)?|__[fl]?xstat(64)?|tsv_load|tsv_save|fs_[a-z_]+|bf_scan_file|env_rows_load|env_baseline|env_name_[a-z_]+|env_names_list)$'
passed=0 failed=0
for o in $objs; do
    if [ ! -f "$o" ]; then
        echo "test_engine_no_io: FAIL $o: no such object"
        failed=$((failed + 1))
        continue
    fi
    bad=$(nm -u "$o" | awk '{print $NF}' | sed 's/@.*//' | grep -E "$deny" | tr '\n' ' ')
    if [ -n "$bad" ]; then
        echo "test_engine_no_io: FAIL $o references file I/O: $bad"
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
done
echo "test_engine_no_io: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
