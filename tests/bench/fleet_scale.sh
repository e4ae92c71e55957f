#!/usr/bin/env bash
# fleet_scale.sh - make bench's speed target for the archive commands: history and fleet over a
# synthetic archive of 100 machines x 20 runs in at most 60 s (the e2e suite checks only what
# they find, tests/e2e/test_fleet_scale.sh, since a loaded machine's seconds say nothing).
#
#   tests/bench/fleet_scale.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
SCALE_LIMIT_S=60 exec tests/e2e/test_fleet_scale.sh "${1:-build/bin}"
