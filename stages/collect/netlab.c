/* netlab.c - the client namespace and the veth pairs of Table 4.4 (see netlab.h).
 *
 * iproute2 does the work: `ip netns add` for the client side, `ip link add ... netns A type
 * veth peer ... netns PID` so the pair is born in its two namespaces and never exists in the
 * host's, and nsenter to address the server's end inside a namespace that has no name. Every
 * pair takes its own /30 out of 10.213.0.0/16, so a pair whose server lingers cannot clash
 * with the next. */
#include "netlab.h"

#include "log.h"
#include "proc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Runs the NULL-terminated argument list quietly; 0 on a clean exit, else -1 with why set. */
static int run(char *why, size_t len, const char *arg0, ...)
{
    char *argv[24];
    size_t n = 0;
    va_list ap;
    va_start(ap, arg0);
    for (const char *a = arg0; a && n < sizeof argv / sizeof *argv - 1;
         a = va_arg(ap, const char *))
        argv[n++] = (char *)a;
    va_end(ap);
    argv[n] = NULL;
    proc_opts o = {.stdout_path = "/dev/null", .stderr_path = "/dev/null", .timeout_s = 20};
    proc_result r;
    if (proc_run(argv, &o, &r) == 0 && proc_ok(&r))
        return 0;
    char how[96] = "could not start";
    if (r.exited || r.signaled || r.timed_out)
        proc_describe(&r, how, sizeof how);
    size_t at = (size_t)snprintf(why, len, "`");
    for (size_t i = 0; i < n && at < len; i++)
        at += (size_t)snprintf(why + at, len - at, "%s%s", i ? " " : "", argv[i]);
    if (at < len)
        snprintf(why + at, len - at, "` failed (%s)", how);
    return -1;
}

int netlab_open(netlab *n, const char *run_id, char *why, size_t len)
{
    char ns[sizeof n->ns];
    snprintf(ns, sizeof ns, "repro-%s-load", run_id);
    run(why, len, "ip", "netns", "del", ns, NULL); /* left over from a crashed run */
    if (run(why, len, "ip", "netns", "add", ns, NULL) != 0)
        return -1;
    snprintf(n->ns, sizeof n->ns, "%s", ns);
    n->pairs = 0;
    if (run(why, len, "ip", "-n", ns, "link", "set", "lo", "up", NULL) != 0) {
        netlab_close(n);
        return -1;
    }
    return 0;
}

int netlab_attach(const netlab *n, unsigned pair, long pid, char *addr, size_t addr_len, char *why,
                  size_t len)
{
    unsigned k = pair % 16384; /* /30s in 10.213.0.0/16 */
    char client_if[16], server_if[16], client_ip[32], server_ip[32], pidarg[24], target[32];
    snprintf(client_if, sizeof client_if, "rl%u", k);
    snprintf(server_if, sizeof server_if, "rs%u", k);
    snprintf(client_ip, sizeof client_ip, "10.213.%u.%u/30", k / 64, k % 64 * 4 + 1);
    snprintf(server_ip, sizeof server_ip, "10.213.%u.%u/30", k / 64, k % 64 * 4 + 2);
    snprintf(pidarg, sizeof pidarg, "%ld", pid);
    snprintf(target, sizeof target, "--target=%ld", pid);
    if (run(why, len, "ip", "link", "add", client_if, "netns", n->ns, "type", "veth", "peer",
            "name", server_if, "netns", pidarg, NULL) != 0 ||
        run(why, len, "ip", "-n", n->ns, "addr", "add", client_ip, "dev", client_if, NULL) != 0 ||
        run(why, len, "ip", "-n", n->ns, "link", "set", client_if, "up", NULL) != 0 ||
        run(why, len, "nsenter", target, "--net", "ip", "addr", "add", server_ip, "dev", server_if,
            NULL) != 0 ||
        run(why, len, "nsenter", target, "--net", "ip", "link", "set", server_if, "up", NULL) !=
            0 ||
        run(why, len, "nsenter", target, "--net", "ip", "link", "set", "lo", "up", NULL) != 0)
        return -1;
    snprintf(addr, addr_len, "%.*s", (int)strcspn(server_ip, "/"), server_ip);
    return 0;
}

void netlab_close(netlab *n)
{
    char why[256];
    if (n->ns[0] && run(why, sizeof why, "ip", "netns", "del", n->ns, NULL) != 0)
        log_warn("%s", why);
    n->ns[0] = '\0';
}

void netlab_cleanup(const char *run_id)
{
    char ns[96], why[256];
    snprintf(ns, sizeof ns, "/run/netns/repro-%s-load", run_id);
    FILE *f = fopen(ns, "r");
    if (!f)
        return;
    fclose(f);
    run(why, sizeof why, "ip", "netns", "del", ns + strlen("/run/netns/"), NULL);
}
