/* schema_unconverted.h - test_common_schema.c's list: each file that still names TSV columns
 * in strings (or indexes fields by hand), and how many such calls it may keep. Converting a file
 * removes its line; nothing adds one. */
    {"stages/normalize/normalizer.c", 1}, /* a note's case and reason, notes.tsv's last two columns (main.c checks their place) */
