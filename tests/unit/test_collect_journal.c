/* Claims about collect's journal of finished cells (stages/collect/journal.c): what is appended
 * reads back, a line torn by a crash is dropped (its cell redone) and cut off, damage before a
 * good line and records that do not fit the run are refused, and a resume removes exactly the
 * files of the cells the journal lacks. */
#include "check.h"
#include "collect/journal.h"
#include "fsutil.h"
#include "log.h"

#include <stdlib.h>
#include <unistd.h>

static char *tmpdir(void)
{
    char tmpl[] = "/tmp/test-journal.XXXXXX";
    return xstrdup(mkdtemp(tmpl));
}

/* Removes dir and frees its name. */
static void rmtree(char *dir)
{
    char *cmd = xasprintf("rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    free(cmd);
    free(dir);
}

/* A run directory whose journal holds T1 host 1 (ok), T1 oci 1 (failed), T2.3 oci 0. */
static char *three_records(void)
{
    char *dir = tmpdir();
    journal j;
    CHECK(journal_open(&j, dir, JOURNAL_NEW, "T1,T2.3", "host,oci", 0) == 0);
    CHECK(journal_append(&j, "T1", "host", 1, "ok", 1.5, "ok", 1.6) == 0);
    CHECK(journal_append(&j, "T1", "oci", 1, "failed", 2, "exit 1\twith a tab", 3.7) == 0);
    CHECK(journal_append(&j, "T2.3", "oci", 0, "unsupported", 0, "why", 3.8) == 0);
    journal_close(&j);
    return dir;
}

static void append_text(const char *dir, const char *text)
{
    char *path = xasprintf("%s/journal.tsv", dir);
    size_t len;
    char *old = fs_read_file(path, &len);
    char *all = xasprintf("%s%s", old, text);
    CHECK(fs_write_atomic(path, all, strlen(all)) == 0);
    free(all);
    free(old);
    free(path);
}

static void test_appended_records_read_back_on_resume(void)
{
    char *dir = three_records();
    journal j;
    CHECK(journal_open(&j, dir, JOURNAL_RESUME, "T1,T2.3", "host,oci", 0) == 0);
    CHECK(j.n == 3);
    const journal_rec *r = journal_find(&j, "T1", "oci", 1);
    CHECK(r && !strcmp(r->status, "failed") && !strcmp(r->seconds, "2.000"));
    CHECK_STR(r ? r->detail : NULL, "exit 1\twith a tab");
    CHECK(journal_find(&j, "T1", "oci", 2) == NULL);
    CHECK(journal_round_begun(&j, 1) && !journal_round_begun(&j, 2));
    CHECK_NEAR(journal_elapsed(&j), 3.8, 1e-9);
    journal_close(&j);
    rmtree(dir);
}

static void test_a_new_run_refuses_an_existing_journal(void)
{
    char *dir = three_records();
    journal j;
    CHECK(journal_open(&j, dir, JOURNAL_NEW, "T1,T2.3", "host,oci", 0) == -1);
    journal_close(&j);
    rmtree(dir);
}

static void test_a_torn_last_line_is_dropped_and_cut_off(void)
{
    char *dir = three_records();
    append_text(dir, "T1\thost\t2\tok\t0.5"); /* the crash cut the write short */
    journal j;
    CHECK(journal_open(&j, dir, JOURNAL_CHECK, "T1,T2.3", "host,oci", 0) == 0);
    CHECK(j.n == 3);
    journal_close(&j);
    CHECK(journal_open(&j, dir, JOURNAL_RESUME, "T1,T2.3", "host,oci", 0) == 0);
    CHECK(j.n == 3 && journal_find(&j, "T1", "host", 2) == NULL);
    CHECK(journal_append(&j, "T1", "host", 2, "ok", 0.5, "ok", 4) == 0);
    journal_close(&j);
    CHECK(journal_open(&j, dir, JOURNAL_RESUME, "T1,T2.3", "host,oci", 0) == 0);
    CHECK(j.n == 4); /* the torn bytes are gone: the new record stands after the old ones */
    journal_close(&j);
    rmtree(dir);
}

static void test_a_damaged_line_before_a_good_one_is_refused(void)
{
    char *dir = three_records();
    char *path = xasprintf("%s/journal.tsv", dir);
    char *text = fs_read_file(path, NULL);
    char *at = strstr(text, "1.500"); /* line 2: a changed byte no longer matches its CRC */
    at[0] = '9';
    CHECK(fs_write_atomic(path, text, strlen(text)) == 0);
    journal j;
    CHECK(journal_open(&j, dir, JOURNAL_CHECK, "T1,T2.3", "host,oci", 0) == -1);
    journal_close(&j);
    free(text);
    free(path);
    rmtree(dir);
}

static void test_a_record_the_run_does_not_have_is_refused(void)
{
    char *dir = three_records();
    journal j;
    CHECK(journal_open(&j, dir, JOURNAL_CHECK, "T1", "host,oci", 0) == -1); /* no T2.3 */
    journal_close(&j);
    CHECK(journal_open(&j, dir, JOURNAL_CHECK, "T1,T2.3", "host", 0) == -1); /* no oci */
    journal_close(&j);
    rmtree(dir);
}

static void touch(const char *dir, const char *name)
{
    char *path = xasprintf("%s/%s", dir, name);
    CHECK(fs_write_atomic(path, "x", 1) == 0);
    free(path);
}

static void test_resume_removes_the_files_of_unfinished_cells_only(void)
{
    char *dir = three_records();
    char *host = xasprintf("%s/raw/T1/host", dir);
    touch(host, "001.out");
    touch(host, "001.err");
    touch(host, "002.out.tmp"); /* the cell the crash interrupted */
    touch(host, "002.daemon");
    touch(host, "003.out"); /* renamed, but never recorded */
    journal j;
    CHECK(journal_open(&j, dir, JOURNAL_RESUME, "T1,T2.3", "host,oci", 0) == 0);
    CHECK(journal_remove_unfinished(&j, dir, "T1,T2.3", "host,oci", 0) == 2);
    size_t n;
    char **names = fs_list_dir(host, &n);
    CHECK(n == 2 && !strcmp(names[0], "001.err") && !strcmp(names[1], "001.out"));
    fs_free_list(names, n);
    journal_close(&j);
    free(host);
    rmtree(dir);
}

int main(void)
{
    log_set_program("test_collect_journal");
    RUN(test_appended_records_read_back_on_resume);
    RUN(test_a_new_run_refuses_an_existing_journal);
    RUN(test_a_torn_last_line_is_dropped_and_cut_off);
    RUN(test_a_damaged_line_before_a_good_one_is_refused);
    RUN(test_a_record_the_run_does_not_have_is_refused);
    RUN(test_resume_removes_the_files_of_unfinished_cells_only);
    return check_main("collect-journal");
}
