/* Claims about data/envs.tsv's loader and the names a process knows (stages/common/envnames.c):
 * the file is the one list of environments, so each mistake in it must be an error at its line. */
#include "check.h"
#include "envnames.h"
#include "fsutil.h"
#include "log.h"

#include <stdlib.h>
#include <unistd.h>

static char last_error[1100];
static long last_line;

static void sink(void *ctx, const char *file, long line, const char *message)
{
    (void)ctx;
    (void)file;
    last_line = line;
    snprintf(last_error, sizeof last_error, "%s", message);
}

#define HEADER "env\tdriver\twhat\tcaps\tonly_table\treference\tfactor\n"

/* Loads HEADER + rows from a temporary file; the loader's return value. */
static int load_text(const char *rows, env_rows *out)
{
    char path[] = "/tmp/test-envnames.XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    char *text = xasprintf("# a comment\n" HEADER "%s", rows);
    fs_save(path, text, strlen(text));
    free(text);
    last_error[0] = '\0';
    last_line = 0;
    int rc = env_rows_load(path, out);
    unlink(path);
    return rc;
}

static void test_the_projects_file_loads_with_host_first(void)
{
    env_rows r;
    CHECK(env_rows_load(ENVS_FILE, &r) == 0);
    CHECK(r.n >= 1 && !strcmp(r.rows[0].name, "host"));
    const env_row *aa = env_rows_find(&r, "host-aa");
    CHECK(aa && !strcmp(aa->driver, "host") && !strcmp(aa->only_table, "T1"));
    CHECK(aa && (aa->caps & CAP_PRIVILEGED) && !(aa->caps & CAP_OWN_ROOT));
    env_rows_free(&r);
}

static void test_a_row_gives_name_driver_caps_and_arm_columns(void)
{
    env_rows r;
    CHECK(load_text("a\thost\tplain\t\t\t\t\nb\ttoy\tan arm\town_netns,emulated\tT1\ta\tseccomp\n",
                    &r) == 0);
    CHECK(r.n == 2);
    CHECK(r.n == 2 && r.rows[1].caps == (CAP_OWN_NETNS | CAP_EMULATED));
    CHECK(r.n == 2 && !strcmp(r.rows[1].reference, "a") && !strcmp(r.rows[1].factor, "seccomp"));
    CHECK(r.n == 2 && r.rows[1].line == 4);
    env_rows_free(&r);
}

static void test_each_mistake_is_an_error_at_its_line(void)
{
    static const struct {
        const char *rows, *says;
    } bad[] = {
        {"a\thost\tx\t\t\t\t\na\toci\ty\t\t\t\t\n", "given twice"},
        {"a\thost\tx\tprivileged,flies\t\t\t\n", "unknown cap \"flies\""},
        {"a\thost\tx\t\t\t\t\nb\thost\ty\t\t\ta\t\n", "reference and factor go together"},
        {"b\thost\ty\t\t\tnope\tseccomp\n", "reference \"nope\" is not an environment"},
        {"wsl2\thost\tx\t\t\t\t\n", "is not a name"},
        {"a b\thost\tx\t\t\t\t\n", "is not a name"},
        {"a\t\tx\t\t\t\t\n", "has no driver"},
    };
    log_set_error_sink(sink, NULL);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        env_rows r;
        int rc = load_text(bad[i].rows, &r);
        CHECK(rc == -1);
        CHECK(strstr(last_error, bad[i].says) != NULL);
        CHECK(last_line >= 3);
        if (rc != -1 || strstr(last_error, bad[i].says) == NULL)
            fprintf(stderr, "  case %zu: \"%s\" (line %ld)\n", i, last_error, last_line);
        env_rows_free(&r);
    }
    env_rows r;
    CHECK(load_text("", &r) == -1 && strstr(last_error, "no environment"));
    env_rows_free(&r);
    log_set_error_sink(NULL, NULL);
}

static void test_a_runs_own_names_become_known(void)
{
    CHECK(env_name_known("oci", 0));
    CHECK(!env_name_known("wsl2", 0) && env_name_known("wsl2", 1));
    CHECK(!env_name_known("mybox", 0));
    env_name_add("mybox");
    env_name_add("mybox");
    CHECK(env_name_known("mybox", 0));
    CHECK(!env_name_known("mybo", 0) && !env_name_known("", 0));
    CHECK_STR(env_baseline(), "host");
    CHECK((env_name_caps("vm") & CAP_OWN_KERNEL) && !(env_name_caps("host") & CAP_OWN_KERNEL));
    CHECK(env_name_caps("mybox") == 0);
    const char *list = env_names_list();
    CHECK(!strncmp(list, "host, host-aa, ", 15));
    size_t len = strlen(list); /* the file's rows, then the run's own name, once */
    CHECK(len > 7 && !strcmp(list + len - 7, ", mybox") && strstr(list, "mybox, mybox") == NULL);
    CHECK(strstr(list, ", vm, ") != NULL);
}

int main(void)
{
    RUN(test_the_projects_file_loads_with_host_first);
    RUN(test_a_row_gives_name_driver_caps_and_arm_columns);
    RUN(test_each_mistake_is_an_error_at_its_line);
    RUN(test_a_runs_own_names_become_known);
    return check_main("envnames");
}
