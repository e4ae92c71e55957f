/* shellenv.c - `repro-probe shellenv`: the article's 3.1 table, which profile file sets a Go
 * variable in which kind of shell. /etc/profile.d/repro-go.sh, ~/.profile and ~/.bashrc each
 * export a variable of their own; each kind of shell then prints which of the three it sees.
 *
 * ~ is a scratch HOME under DIR. /etc/profile.d is never written on a machine's real /etc: the
 * probe first tries a private mount namespace with a tmpfs over /etc/profile.d (root with
 * CAP_SYS_ADMIN: the host); only where that fails and --may-write-etc says the root is the
 * environment's own (a container's writable layer) does it write the file there, and it removes
 * the file (and the directory, if it made it) before it exits. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define PROFILED "/etc/profile.d/repro-go.sh"

static const struct {
    const char *name, *var, *path; /* path: "~/..." is under the scratch HOME */
} files[] = {{"profile.d", "REPRO_FROM_PROFILED", PROFILED},
             {"profile", "REPRO_FROM_PROFILE", "~/.profile"},
             {"bashrc", "REPRO_FROM_BASHRC", "~/.bashrc"}};
#define NFILES (sizeof files / sizeof *files)

#define SCRIPT                                                                                     \
    "echo \"repro-shellenv ${REPRO_FROM_PROFILED:-0} ${REPRO_FROM_PROFILE:-0} "                    \
    "${REPRO_FROM_BASHRC:-0}\""

static const struct {
    const char *name;
    const char *argv[6];
} shells[] = {
    {"bash-login", {"bash", "-l", "-c", SCRIPT}},        /* a login shell (ssh, a console) */
    {"bash-interactive", {"bash", "-i", "-c", SCRIPT}},  /* a terminal that is no login */
    {"bash", {"bash", "-c", SCRIPT}},                    /* a script, a Makefile recipe */
    {"sh", {"sh", "-c", SCRIPT}},                        /* system(), dash */
    {"sh-login", {"sh", "-l", "-c", SCRIPT}},            /* dash as a login shell */
    {"env-i-bash", {"env", "-i", "bash", "-c", SCRIPT}}, /* an empty environment (a service) */
};
#define NSHELLS (sizeof shells / sizeof *shells)

static int write_file(const char *path, const char *var, int excl)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (excl ? O_EXCL : O_TRUNC), 0644);
    char text[200];
    int n = snprintf(text, sizeof text, "# written by repro-probe shellenv\nexport %s=1\n", var);
    if (fd < 0 || write(fd, text, (size_t)n) != n) {
        fprintf(stderr, "shellenv: writing %s: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return close(fd);
}

/* Makes /etc/profile.d writable for the test: 1 = a private tmpfs over it, 2 = the
 * environment's own root (made_dir: /etc/profile.d did not exist and was created), -1 = no way. */
static int open_profiled(int may_write_etc, int *made_dir)
{
    if (unshare(CLONE_NEWNS) == 0) {
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
            mount("tmpfs", "/etc/profile.d", "tmpfs", MS_NOSUID | MS_NODEV, "mode=755") != 0) {
            fprintf(stderr,
                    "shellenv: a tmpfs over /etc/profile.d in a private mount "
                    "namespace: %s\n",
                    strerror(errno));
            return -1;
        }
        printf("# shellenv: /etc/profile.d is a tmpfs in a private mount namespace: the real "
               "one is not touched\n");
        return 1;
    }
    if (!may_write_etc) {
        fprintf(stderr,
                "shellenv: no private mount namespace (%s) and not allowed to write "
                "/etc (--may-write-etc)\n",
                strerror(errno));
        return -1;
    }
    *made_dir = mkdir("/etc/profile.d", 0755) == 0;
    printf("# shellenv: no private mount namespace; %s written into the environment's own "
           "root%s and removed afterwards\n",
           PROFILED, *made_dir ? " (the directory created for it)" : "");
    return 2;
}

/* The environment every shell starts with: ours without anything that would let a variable in
 * by another way (BASH_ENV, ENV, the variables themselves), with HOME the scratch one. */
static char **shell_environ(const char *home)
{
    size_t n = 0, k = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 2, sizeof *env);
    static char home_var[4200];
    if (!env)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "BASH_ENV=", 9) && strncmp(environ[i], "ENV=", 4) &&
            strncmp(environ[i], "HOME=", 5) && strncmp(environ[i], "REPRO_FROM_", 11))
            env[k++] = environ[i];
    snprintf(home_var, sizeof home_var, "HOME=%s", home);
    env[k++] = home_var;
    env[k] = NULL;
    return env;
}

int probe_shellenv_answer(const char *out, int seen[3])
{
    for (const char *line = out; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        char a[2], b[2], c[2], end = '\n';
        int n = sscanf(line, "repro-shellenv %1[01] %1[01] %1[01]%c", a, b, c, &end);
        if ((n == 3 || n == 4) && end == '\n') {
            seen[0] = a[0] == '1', seen[1] = b[0] == '1', seen[2] = c[0] == '1';
            return 0;
        }
    }
    return -1;
}

/* Runs one shell (no terminal: a session of its own, stdin /dev/null) and reads which of the
 * three variables it saw into seen[]. -1 when it printed no answer within 20 s. */
static int run_shell(const char *const argv[], char **env, int seen[NFILES])
{
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);
        setsid();
        dup2(null, 0);
        dup2(out[1], 1);
        execvpe(argv[0], (char *const *)argv, env);
        fprintf(stderr, "shellenv: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(out[1]);
    char buf[8192];
    size_t len = 0;
    struct pollfd p = {.fd = out[0], .events = POLLIN};
    time_t deadline = time(NULL) + 20;
    while (pid > 0 && len < sizeof buf - 1 && time(NULL) < deadline && poll(&p, 1, 1000) >= 0) {
        if (!(p.revents & (POLLIN | POLLHUP)))
            continue;
        ssize_t r = read(out[0], buf + len, sizeof buf - 1 - len);
        if (r <= 0)
            break;
        len += (size_t)r;
    }
    buf[len] = '\0';
    close(out[0]);
    if (pid > 0) {
        kill(pid, SIGKILL); /* gone already, unless it hung */
        waitpid(pid, NULL, 0);
    }
    if (probe_shellenv_answer(buf, seen) != 0) {
        fprintf(stderr, "shellenv: %s %s: no answer (output: %.200s)\n", argv[0], argv[1], buf);
        return -1;
    }
    return 0;
}

int probe_shellenv(int argc, char **argv)
{
    const char *dir = NULL;
    int may_write_etc = 0, bad = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--may-write-etc"))
            may_write_etc = 1;
        else if (argv[i][0] != '-' && !dir)
            dir = argv[i];
        else
            bad = 1;
    }
    if (bad || !dir) {
        fprintf(stderr, "usage: repro-probe shellenv [--may-write-etc] DIR   (scratch HOME in "
                        "DIR)\n");
        return 2;
    }
    char home[4096], path[4200];
    snprintf(home, sizeof home, "%s/shellenv-home.%ld", dir, (long)getpid());
    if (probe_mkdirs(dir) != 0 || mkdir(home, 0700) != 0) {
        fprintf(stderr, "shellenv: %s: %s\n", home, strerror(errno));
        return 1;
    }
    int made_dir = 0, rc = 1;
    int mode = open_profiled(may_write_etc, &made_dir);
    int wrote = mode > 0 && write_file(PROFILED, files[0].var, 1) == 0;
    char **env = shell_environ(home);
    int seen[NSHELLS][NFILES];
    if (wrote && env) {
        rc = 0;
        for (size_t f = 1; f < NFILES && rc == 0; f++) {
            snprintf(path, sizeof path, "%s/%s", home, files[f].path + 2);
            rc = write_file(path, files[f].var, 1);
        }
        for (size_t s = 0; s < NSHELLS && rc == 0; s++)
            rc = run_shell(shells[s].argv, env, seen[s]);
    }
    struct stat st;
    printf("# shellenv: /etc/profile %s\n", stat("/etc/profile", &st) == 0
                                                ? "exists (login shells read it)"
                                                : "does not exist: no login shell reads "
                                                  "/etc/profile.d");
    if (mode == 2 && wrote)
        unlink(PROFILED);
    if (made_dir)
        rmdir("/etc/profile.d");
    probe_rmtree(home); /* the profile files, and whatever the shells wrote there */
    free(env);
    if (rc != 0)
        return 1;
    printf("Unit set better=higher\n");
    for (size_t f = 0; f < NFILES; f++)
        for (size_t s = 0; s < NSHELLS; s++)
            printf("BenchmarkShellEnv/file=%s/shell=%s\t1\t%d set\n", files[f].name, shells[s].name,
                   seen[s][f]);
    return 0;
}
