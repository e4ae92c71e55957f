/* md.h - what the Markdown renderer's files share: md.c fills the templates, md_table.c builds
 * the measured table of an article table (the article's rows, then each environment's),
 * md_claims.c the claims, checks and how to read them. */
#ifndef MD_H
#define MD_H

#include "model.h"

#define MAX_METRICS 16

long md_table_row(const report_model *m, const char *table);
/* One escaped table cell, " text |". */
void md_cell(strbuf *sb, const char *s);
void md_header(strbuf *sb, size_t n, const char *const *cols);
/* 1 when the environment's CPU was emulated (the vm under TCG): timings not comparable. */
int md_env_emulated(const report_model *m, const char *env);
void md_measured_table(const report_model *m, const char *table, strbuf *sb);
/* md_claims.c: a table's article claims with their verdicts; its harness checks; and the
 * report's "how to read" section, from the decision table and the run's settings. */
void md_claims_table(const report_model *m, const char *table, strbuf *sb);
void md_checks_list(const report_model *m, const char *table, strbuf *sb);
void md_how_to_read(const report_model *m, strbuf *sb);

#endif
