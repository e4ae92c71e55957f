/* vm_channel.c - a line protocol over the Unix socket qemu connects to (see vm_channel.h).
 *
 * Every wait is a poll() in slices of 100 ms against a monotonic deadline, so a VM that hangs,
 * dies or is interrupted by Ctrl-C (proc_interrupted) never blocks repro-collect. */
#include "vm_channel.h"

#include "proc.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double vm_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void vm_chan_init(vm_channel *c)
{
    memset(c, 0, sizeof *c);
    c->listen_fd = c->fd = -1;
}

int vm_chan_listen(vm_channel *c, const char *path)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    vm_chan_close(c);
    if (strlen(path) >= sizeof addr.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    snprintf(c->path, sizeof c->path, "%s", path);
    memcpy(addr.sun_path, path, strlen(path) + 1);
    unlink(path);
    c->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c->listen_fd < 0)
        return -1;
    if (bind(c->listen_fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        listen(c->listen_fd, 1) != 0) {
        int saved = errno;
        close(c->listen_fd);
        c->listen_fd = -1;
        errno = saved;
        return -1;
    }
    return 0;
}

/* Waits until fd is readable: 1, or one of the VM_CHAN_ codes. */
static int wait_readable(int fd, long pid, double deadline, int interruptible)
{
    while (!(interruptible && proc_interrupted)) {
        double left = deadline - vm_now();
        if (left <= 0)
            return VM_CHAN_TIMEOUT;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int n = poll(&p, 1, left < 0.1 ? (int)(left * 1000) + 1 : 100);
        if (n > 0)
            return 1;
        if (n < 0 && errno != EINTR)
            return VM_CHAN_CLOSED;
        siginfo_t si = {0}; /* qemu exited? (peek only: its reaper is proc_stop) */
        if (pid > 0 && waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
            si.si_pid == (pid_t)pid)
            return VM_CHAN_CLOSED;
    }
    return VM_CHAN_INTERRUPTED;
}

int vm_chan_accept(vm_channel *c, long pid, double deadline)
{
    int rc = wait_readable(c->listen_fd, pid, deadline, 1);
    if (rc != 1)
        return rc;
    c->fd = accept4(c->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    return c->fd < 0 ? VM_CHAN_CLOSED : VM_CHAN_OK;
}

int vm_chan_send(vm_channel *c, const char *line)
{
    char msg[256];
    int n = snprintf(msg, sizeof msg, "%s\n", line);
    if (c->fd < 0 || n <= 0 || (size_t)n >= sizeof msg)
        return -1;
    for (int off = 0; off < n;) {
        ssize_t w = send(c->fd, msg + off, (size_t)(n - off), MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        off += (int)w;
    }
    return 0;
}

int vm_chan_read_line(vm_channel *c, char *line, size_t len, double deadline, int interruptible)
{
    if (c->fd < 0)
        return VM_CHAN_CLOSED;
    for (;;) {
        char *nl = memchr(c->buf, '\n', c->len);
        if (nl) {
            size_t n = (size_t)(nl - c->buf);
            snprintf(line, len, "%.*s", (int)n, c->buf);
            memmove(c->buf, nl + 1, c->len - n - 1);
            c->len -= n + 1;
            return VM_CHAN_OK;
        }
        if (c->len == sizeof c->buf) /* a line longer than the buffer: not our protocol */
            return VM_CHAN_CLOSED;
        int rc = wait_readable(c->fd, 0, deadline, interruptible);
        if (rc != 1)
            return rc;
        ssize_t r = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return VM_CHAN_CLOSED;
        c->len += (size_t)r;
    }
}

void vm_chan_close(vm_channel *c)
{
    if (c->fd >= 0)
        close(c->fd);
    if (c->listen_fd >= 0)
        close(c->listen_fd);
    if (c->path[0])
        unlink(c->path);
    c->fd = c->listen_fd = -1;
    c->path[0] = '\0';
    c->len = 0;
}
