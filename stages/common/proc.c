/* proc.c - fork/exec with a process group per child, a timeout, and rusage from wait4.
 *
 * The parent waits on a pidfd (poll with the time left as its timeout), so a child's exit is
 * seen at once and wall times are exact, and the timeout logic needs no signals. */
#include "proc.h"

#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

volatile int proc_interrupted;
static volatile pid_t current_pgid;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void proc_interrupt(void)
{
    proc_interrupted = 1;
    if (current_pgid > 0)
        kill(-current_pgid, SIGKILL);
}

static void redirect(const char *path, int fd)
{
    int f = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (f < 0 || dup2(f, fd) < 0)
        _exit(126);
    close(f);
}

static pid_t start_child(char *const argv[], const proc_opts *o)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        log_error("fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        setpgid(0, 0);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        if (o->stdout_path)
            redirect(o->stdout_path, 1);
        if (o->stderr_path) {
            if (o->stdout_path && strcmp(o->stderr_path, o->stdout_path) == 0)
                dup2(1, 2);
            else
                redirect(o->stderr_path, 2);
        }
        if (o->cwd && chdir(o->cwd) != 0)
            _exit(126);
        if (o->env)
            execvpe(argv[0], argv, o->env);
        else
            execvp(argv[0], argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    setpgid(pid, pid);
    return pid;
}

long proc_spawn(char *const argv[], const proc_opts *o)
{
    static const proc_opts none = {0};
    return (long)start_child(argv, o ? o : &none);
}

void proc_stop(long pid, double grace_s)
{
    if (pid <= 0 || kill((pid_t)pid, 0) != 0)
        return;
    kill((pid_t)pid, SIGTERM);
    double start = now_s();
    while (now_s() - start < grace_s) {
        pid_t w = waitpid((pid_t)pid, NULL, WNOHANG);
        if (w == (pid_t)pid || (w < 0 && kill((pid_t)pid, 0) != 0))
            return;
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    kill((pid_t)pid, SIGKILL);
    waitpid((pid_t)pid, NULL, 0);
}

int proc_run(char *const argv[], const proc_opts *o, proc_result *r)
{
    static const proc_opts none = {0};
    if (!o)
        o = &none;
    memset(r, 0, sizeof *r);
    double start = now_s();
    pid_t pid = start_child(argv, o);
    if (pid < 0)
        return -1;
    current_pgid = pid;
    int status = 0;
    /* A pidfd becomes readable the moment the child exits, so wall times are exact; kernels
     * without pidfd_open fall back to polling every millisecond. */
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    for (;;) {
        pid_t w = wait4(pid, &status, WNOHANG, &r->ru);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR) {
            log_error("wait4: %s", strerror(errno));
            current_pgid = 0;
            if (pidfd >= 0)
                close(pidfd);
            return -1;
        }
        double left = o->timeout_s > 0 ? o->timeout_s - (now_s() - start) : -1;
        if (!r->timed_out && o->timeout_s > 0 && left <= 0) {
            r->timed_out = 1;
            kill(-pid, SIGKILL);
            left = -1;
        }
        if (pidfd >= 0) {
            struct pollfd pfd = {.fd = pidfd, .events = POLLIN};
            poll(&pfd, 1, left < 0 || r->timed_out ? -1 : (int)(left * 1000) + 1);
        } else {
            struct timespec ts = {0, 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    if (pidfd >= 0)
        close(pidfd);
    current_pgid = 0;
    r->wall_s = now_s() - start;
    if (WIFEXITED(status)) {
        r->exited = 1;
        r->code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        r->signaled = 1;
        r->sig = WTERMSIG(status);
    }
    return 0;
}

int proc_ok(const proc_result *r)
{
    return r->exited && r->code == 0 && !r->timed_out;
}

const char *proc_describe(const proc_result *r, char *buf, size_t len)
{
    if (r->timed_out)
        snprintf(buf, len, "timed out after %.0f s", r->wall_s);
    else if (r->signaled)
        snprintf(buf, len, "killed by signal %d", r->sig);
    else
        snprintf(buf, len, "exit %d", r->code);
    return buf;
}

int proc_capture(char *const argv[], double timeout_s, strbuf *out)
{
    char tmpl[] = "/tmp/repro-capture-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return -1;
    close(fd);
    proc_opts o = {.stdout_path = tmpl, .stderr_path = "/dev/null", .timeout_s = timeout_s};
    proc_result r;
    int rc = proc_run(argv, &o, &r);
    char *text = fs_read_file(tmpl, NULL);
    unlink(tmpl);
    if (text) {
        sb_puts(out, text);
        free(text);
    }
    if (rc != 0 || !r.exited || r.timed_out)
        return -1;
    return r.code;
}
