/* strace.c - `repro-probe strace`: Table 2.4's syscall profiles. Runs commands under
 * `strace -f -qq -C` and keeps, of strace's own output, the lines normalize reads: every execve,
 * every mmap that asks for PROT_EXEC, and the -c summary table (calls, errors and system time
 * per syscall over the whole process tree). The full trace of a cold go build is ~100k lines;
 * these are ~100, verbatim.
 *
 *   repro-probe strace NAME [--prime] [--remove PATH] -- CMD [ARGS...] [\; NAME ...]
 *
 * --prime runs the command once untraced first (for go: a warm GOCACHE, so the trace shows the
 * go command's own work, not compiling the standard library); --remove then deletes PATH (the
 * build's output, which go would otherwise find up to date and not link again). Each command's
 * section starts with "# repro-probe strace name=NAME ..."; its own stdout goes to stderr. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int wait_status(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Runs cmd untraced, its stdout to our stderr; its exit status. */
static int run_plain(char **cmd)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(2, 1);
        execvp(cmd[0], cmd);
        fprintf(stderr, "repro-probe strace: cannot run %s: %s\n", cmd[0], strerror(errno));
        _exit(127);
    }
    return pid < 0 ? -1 : wait_status(pid);
}

/* Whether a trace line ("[pid] name(args...") is a call of syscall name. */
static int call_of(const char *line, const char *name)
{
    line += strspn(line, "0123456789 ");
    size_t n = strlen(name);
    return !strncmp(line, name, n) && line[n] == '(';
}

/* Whether a trace line is one normalize reads: execve, or mmap asking for PROT_EXEC. */
static int wanted(const char *line)
{
    return call_of(line, "execve") || call_of(line, "execveat") ||
           (call_of(line, "mmap") && strstr(line, "PROT_EXEC"));
}

/* Runs cmd under strace, printing the wanted lines and the summary. strace's exit status
 * (the command's), or -1. */
static int run_traced(char **cmd, int *summary_seen)
{
    int p[2];
    if (pipe(p) != 0) {
        perror("repro-probe strace: pipe");
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) { /* strace writes its trace to fd 3, the pipe; the command's stdout to 2 */
        int w = fcntl(p[1], F_DUPFD, 10);
        close(p[0]);
        close(p[1]);
        if (w < 0 || dup2(w, 3) != 3)
            _exit(126);
        close(w);
        dup2(2, 1);
        size_t n = 0;
        while (cmd[n])
            n++;
        char **argv = calloc(n + 8, sizeof *argv);
        if (!argv)
            _exit(126);
        const char *head[] = {"strace", "-f", "-qq", "-C", "-o", "/proc/self/fd/3", "--"};
        for (size_t i = 0; i < 7; i++)
            argv[i] = (char *)head[i];
        for (size_t i = 0; i < n; i++)
            argv[7 + i] = cmd[i];
        execvp(argv[0], argv);
        fprintf(stderr, "repro-probe strace: cannot run strace: %s\n", strerror(errno));
        _exit(127);
    }
    close(p[1]);
    if (pid < 0) {
        close(p[0]);
        perror("repro-probe strace: fork");
        return -1;
    }
    FILE *in = fdopen(p[0], "r");
    char *line = NULL;
    size_t cap = 0;
    int in_summary = 0;
    while (in && getline(&line, &cap, in) > 0) {
        if (!strncmp(line, "% time", 6))
            in_summary = *summary_seen = 1;
        if (in_summary || wanted(line))
            fputs(line, stdout);
        size_t len = strcspn(line, "\n");
        if (in_summary && len >= 6 && !strncmp(line + len - 6, " total", 6))
            in_summary = 0;
    }
    free(line);
    if (in)
        fclose(in);
    else
        close(p[0]);
    fflush(stdout);
    return wait_status(pid);
}

static int run_group(const char *name, int prime, const char *remove, char **cmd)
{
    if (prime && run_plain(cmd) != 0) {
        fprintf(stderr, "repro-probe strace: %s: the untraced first run failed\n", name);
        return -1;
    }
    if (remove && unlink(remove) != 0 && errno != ENOENT) {
        fprintf(stderr, "repro-probe strace: removing %s: %s\n", remove, strerror(errno));
        return -1;
    }
    printf("# repro-probe strace name=%s%s%s%s:", name, prime ? " prime=1" : "",
           remove ? " removed=" : "", remove ? remove : "");
    for (size_t i = 0; cmd[i]; i++)
        printf(" %s", cmd[i]);
    printf("\n");
    int summary = 0, status = run_traced(cmd, &summary);
    if (status != 0)
        fprintf(stderr, "repro-probe strace: %s: strace %s %d (see above)\n", name,
                status < 0 ? "failed:" : "exited with", status);
    else if (!summary)
        fprintf(stderr, "repro-probe strace: %s: strace printed no summary\n", name);
    return status == 0 && summary ? 0 : -1;
}

static int usage(void)
{
    fprintf(stderr, "usage: repro-probe strace NAME [--prime] [--remove PATH] -- CMD [ARGS...] "
                    "[\\; NAME ...]\n");
    return 2;
}

int probe_strace(int argc, char **argv)
{
    int i = 0, rc = 0;
    if (argc < 1)
        return usage();
    while (i < argc) {
        const char *name = argv[i++], *remove = NULL;
        int prime = 0;
        for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
            if (!strcmp(argv[i], "--prime"))
                prime = 1;
            else if (!strcmp(argv[i], "--remove") && i + 1 < argc)
                remove = argv[++i];
            else
                return usage();
        }
        int start = ++i;
        while (i < argc && strcmp(argv[i], ";") != 0)
            i++;
        if (start >= i)
            return usage();
        char *end = argv[i]; /* ";" or NULL: the command ends here */
        argv[i] = NULL;
        if (run_group(name, prime, remove, argv + start) != 0)
            rc = 1;
        argv[i] = end;
        i += i < argc;
    }
    return rc;
}
