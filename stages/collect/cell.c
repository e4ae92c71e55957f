/* cell.c - running one cell: a command in an environment, its output kept only when complete.
 *
 * Most cells are one command. A served cell (Table 4.4) is two sides at once: this process
 * runs the server through the environment's driver, as any cell, while a forked child waits
 * for it to listen, finds it by a token in its environment, connects it to the load's network
 * namespace, runs the host's load generators against it and then stops it with SIGTERM. A server
 * whose process this PID namespace cannot see (Docker Desktop's engine runs in its own VM) is
 * loaded through its port on 127.0.0.1 when that answers, else the cell fails at once with
 * that reason, and the server is stopped through its engine's client. */
#include "cell.h"

#include "fsutil.h"
#include "log.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { LISTEN_WAIT_S = 60, CHILD_GRACE_S = 10, PID_GRACE_S = 3 };

static void save_wall(const char *base, double wall_s)
{
    char *path = xasprintf("%s.wall", base), *text = xasprintf("%.9f\n", wall_s);
    fs_save(path, text, strlen(text));
    free(path);
    free(text);
}

/* Runs cmd in e with stdout and stderr to <base><out_ext> and <base><err_ext>, renamed into
 * place when the command could run. */
static int exec_to(env *e, const workload_cmd *cmd, const char *base, const char *out_ext,
                   const char *err_ext, double timeout_s, proc_result *r)
{
    char *out = xasprintf("%s%s", base, out_ext), *err = xasprintf("%s%s", base, err_ext);
    char *out_tmp = xasprintf("%s.tmp", out), *err_tmp = xasprintf("%s.tmp", err);
    fs_mkparent(base);
    int rc = e->drv->exec(e, cmd->argv, cmd->envv, cmd->cwd, out_tmp, err_tmp, timeout_s, r);
    if (rc == 0) {
        rename(out_tmp, out);
        rename(err_tmp, err);
    }
    free(out);
    free(err);
    free(out_tmp);
    free(err_tmp);
    return rc;
}

int cell_run(env *e, const workload_cmd *cmd, const char *base, double timeout_s, proc_result *r,
             char *detail, size_t dlen)
{
    int rc = exec_to(e, cmd, base, ".out", ".err", timeout_s, r);
    if (rc == 0) /* the cell's wall time as seen from the host (a container's start-to-exit) */
        save_wall(base, r->wall_s);
    int ok = rc == 0 && proc_ok(r);
    char how[128];
    snprintf(detail, dlen, "%s",
             ok        ? "ok"
             : rc != 0 ? "could not start"
                       : proc_describe(r, how, sizeof how));
    return ok ? 0 : -1;
}

static void sleep_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

/* The server's "listening ..." line, once it has printed it (NULL until then). */
static char *listening_line(const char *server_out)
{
    char *text = fs_read_file(server_out, NULL);
    char *at = text ? strstr(text, "listening ") : NULL;
    char *line = at && strchr(at, '\n') ? xasprintf("%.*s", (int)strcspn(at, "\n"), at) : NULL;
    free(text);
    return line;
}

/* The first process (not us, not our parent) whose /proc/<pid>/<file> - environ or cmdline, both
 * NUL-separated - holds the token as one entry; -1 if none. */
static long find_by_proc_entry(const char *file, const char *token)
{
    DIR *d = opendir("/proc");
    long found = -1;
    for (struct dirent *de; d && found < 0 && (de = readdir(d));) {
        char *end, path[64];
        long pid = strtol(de->d_name, &end, 10);
        if (*end || pid <= 0 || pid == (long)getpid() || pid == (long)getppid())
            continue;
        snprintf(path, sizeof path, "/proc/%ld/%s", pid, file);
        size_t len;
        char *text = fs_read_file(path, &len);
        for (size_t at = 0; text && at < len; at += strlen(text + at) + 1)
            if (strcmp(text + at, token) == 0)
                found = pid;
        free(text);
    }
    if (d)
        closedir(d);
    return found;
}

/* The process whose environment holds the entry token exactly; -1 if none. */
static long find_by_env(const char *token)
{
    return find_by_proc_entry("environ", token);
}

/* A process whose command line holds the token as one argument (an engine's client: `docker run
 * -e REPRO_CELL=...`, whose container we cannot see); -1 if none. */
static long find_by_cmdline(const char *token)
{
    return find_by_proc_entry("cmdline", token);
}

/* Whether 127.0.0.1:port takes a TCP connection within a second. */
static int port_answers(const char *port, char *why, size_t len)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(port))};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {1, 0};
    int ok = fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == 0 &&
             connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    if (!ok)
        snprintf(why, len, "%s", strerror(errno));
    if (fd >= 0)
        close(fd);
    return ok;
}

/* The first port of a listening line ("listening http-json=0.0.0.0:41234 ..."), or "". */
static void first_port(const char *line, char *port, size_t len)
{
    const char *eq = strchr(line, '='), *end = eq ? eq + strcspn(eq, " ") : NULL;
    const char *colon = eq ? memrchr(eq, ':', (size_t)(end - eq)) : NULL;
    snprintf(port, len, "%.*s", colon ? (int)(end - colon - 1) : 0, colon ? colon + 1 : "");
}

static int same_netns(long pid)
{
    char mine[64] = "", theirs[64] = "", path[64];
    snprintf(path, sizeof path, "/proc/%ld/ns/net", pid);
    ssize_t a = readlink("/proc/self/ns/net", mine, sizeof mine - 1);
    ssize_t b = readlink(path, theirs, sizeof theirs - 1);
    return a > 0 && a == b && memcmp(mine, theirs, (size_t)a) == 0;
}

/* Appends file src to the string buffer and removes it. */
static void take_file(strbuf *sb, const char *src)
{
    size_t len;
    char *text = fs_read_file(src, &len);
    if (text)
        sb_add(sb, text, len);
    free(text);
    unlink(src);
}

/* Each service named in the listening line ("NAME=HOST:PORT"), loaded in turn from the host.
 * Returns 0 when every load ran cleanly; out and err collect what they printed. */
static int run_loads(const workload *w, const workload_opts *o, const collect_ctx *ctx,
                     const char *line, const char *host, const char *ns, const char *base,
                     double timeout_s, strbuf *out, strbuf *err)
{
    char *copy = xstrdup(line + strlen("listening ")), *save;
    char *tmp_out = xasprintf("%s.load.tmp", base), *tmp_err = xasprintf("%s.load-err.tmp", base);
    int failed = 0, loads = 0;
    for (char *item = strtok_r(copy, " ", &save); item && !proc_interrupted;
         item = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(item, '='), *colon = strrchr(item, ':');
        if (!eq || !colon || colon < eq)
            continue;
        *eq = '\0';
        char *addr = xasprintf("%s:%s", host, colon + 1);
        workload_cmd c = {0};
        if (w->load(o, ctx, item, addr, &c) == 0) {
            sb_printf(err, "collect: loading %s at %s %s%s\n", item, addr,
                      ns[0] ? "from the network namespace " : "over the host's loopback", ns);
            size_t n = 0;
            while (c.argv[n])
                n++;
            char **argv = xmalloc((n + 5) * sizeof *argv), **a = argv;
            if (ns[0]) { /* into the client namespace */
                *a++ = "ip";
                *a++ = "netns";
                *a++ = "exec";
                *a++ = (char *)ns;
            }
            memcpy(a, c.argv, (n + 1) * sizeof *argv);
            proc_opts po = {.stdout_path = tmp_out,
                            .stderr_path = tmp_err,
                            .env = c.envv,
                            .timeout_s = timeout_s};
            proc_result r;
            int rc = proc_run(argv, &po, &r);
            take_file(out, tmp_out);
            take_file(err, tmp_err);
            if (rc != 0 || !proc_ok(&r)) {
                char how[96] = "could not start";
                if (rc == 0)
                    proc_describe(&r, how, sizeof how);
                sb_printf(err, "collect: the load of %s at %s: %s\n", item, addr, how);
                failed = 1;
            }
            loads++;
            free(argv);
            workload_free(&c);
        }
        free(addr);
    }
    if (!loads) {
        sb_printf(err, "collect: the server listed nothing to load: \"%s\"\n", line);
        failed = 1;
    }
    free(copy);
    free(tmp_out);
    free(tmp_err);
    return failed || proc_interrupted ? -1 : 0;
}

/* The load side of a served cell, in a child process: exits 0 when every load ran. */
static void load_side(env *e, const workload *w, const workload_opts *o, const char *base,
                      const char *token, double timeout_s, netlab *nl, unsigned pair)
{
    strbuf out = {0}, err = {0};
    char *server_out = xasprintf("%s.server.tmp", base);
    char *line = NULL;
    long pid = -1;
    /* The line first; then its process, which an engine in another PID namespace (Docker
     * Desktop's, in its own VM) hides: after PID_GRACE_S the load goes through the port. */
    for (double waited = 0, heard = -1; !proc_interrupted && waited < LISTEN_WAIT_S;
         waited += 0.05) {
        if (!line && (line = listening_line(server_out)))
            heard = waited;
        if (line && ((pid = find_by_env(token)) > 0 || waited - heard >= PID_GRACE_S))
            break;
        sleep_s(0.05);
    }
    int rc = -1, on_host = 0;
    char host[64] = "127.0.0.1", why[512] = "", port[16];
    const char *ns = "";
    if (!line) {
        sb_printf(&err, "collect: the server printed no listening line within %d s (its own "
                        "words are in the .server.err file)\n", LISTEN_WAIT_S);
    } else if (pid < 0) {
        first_port(line, port, sizeof port);
        if (*port && port_answers(port, why, sizeof why)) {
            sb_printf(&err, "collect: the server's process is not visible from this PID "
                            "namespace: loading it through its port on 127.0.0.1\n");
            rc = run_loads(w, o, e->ctx, line, host, "", base, timeout_s, &out, &err);
        } else {
            sb_printf(&err, "collect: the server says \"%s\", but its process is not visible from "
                            "this PID namespace (its engine runs it in another, as Docker "
                            "Desktop's does), so its network cannot be joined, and 127.0.0.1:%s "
                            "does not answer (%s): no load\n", line, *port ? port : "?", why);
        }
    } else if (!(on_host = same_netns(pid)) && !nl->ns[0]) {
        sb_printf(&err, "collect: no network namespace for the load: %s\n", nl->why);
    } else if (!on_host && netlab_attach(nl, pair, pid, host, sizeof host, why, sizeof why) != 0) {
        sb_printf(&err, "collect: could not connect the server's network: %s\n", why);
    } else {
        ns = on_host ? "" : nl->ns;
        rc = run_loads(w, o, e->ctx, line, host, ns, base, timeout_s, &out, &err);
    }
    if (pid < 0) /* stop it through its engine's client, which forwards the signal */
        pid = find_by_cmdline(token);
    if (pid > 0)
        kill((pid_t)pid, SIGTERM);
    char *path = xasprintf("%s.out.tmp", base);
    fs_write_atomic(path, out.buf ? out.buf : "", out.len);
    free(path);
    path = xasprintf("%s.err.tmp", base);
    fs_write_atomic(path, err.buf ? err.buf : "", err.len);
    _exit(rc == 0 ? 0 : 1);
}

int cell_run_served(env *e, const workload *w, const workload_opts *o, const workload_cmd *cmd,
                    const char *base, double timeout_s, netlab *nl, proc_result *r, char *detail,
                    size_t dlen)
{
    fs_mkparent(base);
    char *token = xasprintf("REPRO_CELL=%s", base);
    size_t n = 0;
    while (cmd->envv[n])
        n++;
    char **envv = xmalloc((n + 2) * sizeof *envv);
    memcpy(envv, cmd->envv, n * sizeof *envv);
    envv[n] = token;
    envv[n + 1] = NULL;
    workload_cmd server = {.argv = cmd->argv, .envv = envv, .cwd = cmd->cwd};
    unsigned pair = nl->pairs++;
    fflush(NULL);
    pid_t child = fork();
    if (child == 0)
        load_side(e, w, o, base, token, timeout_s, nl, pair);
    int rc = child < 0 ? -1 : exec_to(e, &server, base, ".server", ".server.err", timeout_s, r);
    int load_ok = 0;
    if (child > 0) {
        int st = 0;
        for (double waited = 0; waitpid(child, &st, WNOHANG) == 0; waited += 0.05) {
            if (waited >= CHILD_GRACE_S) { /* the server ended without it: it waits in vain */
                kill(child, SIGKILL);
                waitpid(child, &st, 0);
                break;
            }
            sleep_s(0.05);
        }
        load_ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    char *out = xasprintf("%s.out", base), *err = xasprintf("%s.err", base);
    char *out_tmp = xasprintf("%s.tmp", out), *err_tmp = xasprintf("%s.tmp", err);
    int ok = rc == 0 && proc_ok(r) && load_ok;
    if (load_ok)
        rename(out_tmp, out);
    else
        unlink(out_tmp);
    rename(err_tmp, err);
    char how[128];
    snprintf(detail, dlen, "%s",
             ok            ? "ok"
             : child < 0   ? "could not fork the load side"
             : rc != 0     ? "the server could not start"
             : !proc_ok(r) ? proc_describe(r, how, sizeof how)
                           : "the load failed (see the .err file)");
    free(out);
    free(err);
    free(out_tmp);
    free(err_tmp);
    free(envv);
    free(token);
    return ok ? 0 : -1;
}
