/* journal.h - the run's record of finished cells (journal.tsv), what makes a run resumable.
 *
 * A cell is finished once its files are fsynced and its record is appended to the journal and
 * fsynced; each record carries a CRC-32 of its line, so a line torn by a crash is found (and
 * that cell run again) and a damaged journal is refused with file:line. cells.tsv is written
 * from the journal's records, in their order. */
#ifndef JOURNAL_H
#define JOURNAL_H

#include <stddef.h>

typedef struct {
    char *table, *env, *status, *seconds, *detail; /* seconds as cells.tsv writes it: %.3f */
    int rep;                                       /* < 0: a warm-up (never in cells.tsv) */
    double elapsed; /* the run's own seconds when recorded, summed over its attempts */
} journal_rec;

typedef struct journal {
    char *path;
    int fd;
    journal_rec *recs;
    size_t n, cap;
} journal;

enum journal_mode {
    JOURNAL_NEW,    /* creates DIR/journal.tsv with its header (refusing one that exists) */
    JOURNAL_RESUME, /* loads and checks it, cuts off a torn last line, appends after it */
    JOURNAL_CHECK,  /* loads and checks it, changing nothing */
};
/* Opens run_dir's journal. Loading checks every record against the run's tables and envs
 * (comma-separated) and warm-ups, and drops a torn last line; a damaged journal is an error
 * naming file:line. 0, or -1 after logging why. */
int journal_open(journal *j, const char *run_dir, enum journal_mode mode, const char *tables,
                 const char *envs, int warmups);
/* Appends one record and fsyncs it; 0, or -1 after logging the file and why. */
int journal_append(journal *j, const char *table, const char *env, int rep, const char *status,
                   double seconds, const char *detail, double elapsed);
/* The record of cell (table, env, rep), or NULL when it is not finished. */
const journal_rec *journal_find(const journal *j, const char *table, const char *env, int rep);
/* Whether any cell of repetition rep is recorded: the round had begun before a crash. */
int journal_round_begun(const journal *j, int rep);
/* The run's seconds so far: the last record's elapsed (0 for an empty journal). */
double journal_elapsed(const journal *j);
void journal_close(journal *j);

/* fsyncs every file of the cell <base>.* and their directory; -1 after logging the file when
 * one cannot be synced or the filesystem is full (the cell's output may then be cut short). */
int journal_sync_cell(const char *base);
/* Removes every file of a cell under DIR/raw/<table>/<env>/ the journal does not hold (what a
 * crash left of the cell it interrupted, and temp files); returns how many cells had some. */
int journal_remove_unfinished(const journal *j, const char *run_dir, const char *tables,
                              const char *envs, int warmups);
/* Removes the files <base>.* of one cell (a cell that could not be recorded). */
void journal_remove_cell(const char *base);

/* What run.tsv says of the attempts before this one (resume.c). */
typedef struct {
    char *started_utc; /* the first attempt's start */
    char *resumed_utc; /* when it was resumed before, comma-separated; "" when never */
    int resumes;
    long cells_redone; /* cells a crash cut short, run again */
} resume_info;

/* Whether the run in run_dir can be continued with these settings ("key\tvalue\n" lines, as
 * run.tsv gets them): its run.tsv is valid, the run is not finished (finished_utc with
 * interrupted no), and every key that defines the matrix (profile, envs, tables, bench, reps,
 * warmups, quick, budget_min, timeout_s, seed) is the same. 0 with *ri filled, or -1 after logging
 * why (a mismatch names run.tsv:line). */
int resume_check(const char *run_dir, const char *settings, resume_info *ri);
/* The seed run_dir's run.tsv holds (what a resume without --seed keeps): 0, or -1 when it has
 * none (a run from before randomised rounds: its resume is then refused as another matrix). */
int resume_seed(const char *run_dir, unsigned long long *seed);
void resume_free(resume_info *ri);

#endif
