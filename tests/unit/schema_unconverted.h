/* schema_unconverted.h - test_common_schema.c's list: each file that still names TSV columns
 * in strings (or indexes fields by hand), and how many such calls it may keep. Converting a file
 * removes its line; nothing adds one. */
    {"stages/analyze/attrib.c", 6}, /* attrib.tsv: helper why converts it */
    {"stages/analyze/regime.c", 10}, /* regimes.tsv and posture.tsv: helper why */
    {"stages/engine/claims.c", 15},
    {"stages/engine/compare.c", 2},
    {"stages/normalize/norm_posture.c", 1}, /* samples/posture.tsv: helper why */
    {"stages/normalize/normalizer.c", 1}, /* a note's case and reason, notes.tsv's last two columns (main.c checks their place) */
