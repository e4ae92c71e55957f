/* tfo.c - `repro-probe tfo`: the article's 2.5 network rows, connect-to-first-byte latency of a
 * small request with a plain three-way handshake and with TCP Fast Open (data in the SYN).
 *
 * Everything happens in two network namespaces of its own, never in the host's: this process
 * moves into namespace A (loopback), a server child into namespace B; a veth pair joins them,
 * and a TUN delay line (delayline.c, netem's job) joins them again with a set one-way delay,
 * imitating the article's LAN. net.ipv4.tcp_fastopen is set to 3 inside A and B only; the
 * host's value is never written. The children die with this process (PR_SET_PDEATHSIG), and the
 * namespaces, devices and sysctls with them, whatever way it ends. Needs CAP_SYS_ADMIN and
 * iproute2's `ip`: the host environment. */
#include "delayline.h"
#include "probe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define REQ_LEN 64   /* a small request, as an HTTP GET */
#define RESP_LEN 512 /* its answer */
#define PORT_PLAIN 7001
#define PORT_TFO 7002 /* fixed ports: the namespaces are ours alone */

static const struct {
    const char *name, *server_ip;
} paths[] = {{"loopback", "127.0.0.1"}, {"veth", "10.201.1.2"}, {"delay", "10.201.2.2"}};
#define NPATHS (sizeof paths / sizeof *paths)

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Runs a command line (words split on spaces) in the network namespace nsfd (-1: ours), its
 * output to stderr. 0 when it exits 0. */
static int run(int nsfd, const char *line)
{
    char buf[256], *argv[16], *save;
    int n = 0, status;
    snprintf(buf, sizeof buf, "%s", line);
    for (char *w = strtok_r(buf, " ", &save); w && n < 15; w = strtok_r(NULL, " ", &save))
        argv[n++] = w;
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        if (nsfd >= 0 && setns(nsfd, CLONE_NEWNET) != 0)
            _exit(126);
        dup2(2, 1);
        execvp(argv[0], argv);
        fprintf(stderr, "tfo: cannot run %s: %s (iproute2 is needed)\n", argv[0], strerror(errno));
        _exit(127);
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        fprintf(stderr, "tfo: `%s` failed\n", line);
        return -1;
    }
    return 0;
}

/* net.ipv4.tcp_fastopen of the current network namespace: 3 = client and server. */
static int set_fastopen(const char *where)
{
    char old[16] = "";
    FILE *f = fopen("/proc/sys/net/ipv4/tcp_fastopen", "r+");
    if (!f || !fgets(old, sizeof old, f) || fseek(f, 0, SEEK_SET) != 0 || fputs("3\n", f) < 0 ||
        fclose(f) != 0) {
        fprintf(stderr, "tfo: setting net.ipv4.tcp_fastopen in %s: %s\n", where, strerror(errno));
        return -1;
    }
    printf("# tfo: net.ipv4.tcp_fastopen in %s: %.*s -> 3\n", where, (int)strcspn(old, "\n"), old);
    return 0;
}

static int listener(const char *ip, int port, int fastopen)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1, qlen = 64;
    inet_pton(AF_INET, ip, &a.sin_addr);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        (fastopen && setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &qlen, sizeof qlen) != 0) ||
        bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 64) != 0) {
        fprintf(stderr, "tfo: listening on %s:%d: %s\n", ip, port, strerror(errno));
        return -1;
    }
    return fd;
}

/* Answers each connection on any listener: reads the request, writes the answer, closes. */
static void serve(const int *fds, int n)
{
    struct pollfd p[4];
    char req[REQ_LEN], resp[RESP_LEN];
    struct timeval limit = {.tv_sec = 5};
    memset(resp, 'r', sizeof resp);
    for (int i = 0; i < n; i++)
        p[i] = (struct pollfd){.fd = fds[i], .events = POLLIN};
    for (;;) {
        if (poll(p, (nfds_t)n, -1) < 0)
            continue;
        for (int i = 0; i < n; i++) {
            if (!(p[i].revents & POLLIN))
                continue;
            int c = accept4(p[i].fd, NULL, NULL, SOCK_CLOEXEC);
            if (c < 0)
                continue;
            setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
            size_t got = 0;
            ssize_t r = 1;
            while (got < sizeof req && (r = read(c, req + got, sizeof req - got)) > 0)
                got += (size_t)r;
            if (got == sizeof req && write(c, resp, sizeof resp) < 0)
                perror("tfo: server write");
            close(c);
        }
    }
}

/* The server child: loopback listeners in A, then its own namespace B with listeners on every
 * address there. Writes one byte to ready when serving. */
static void server_child(int ready)
{
    int fds[4];
    if ((fds[0] = listener("127.0.0.1", PORT_PLAIN, 0)) < 0 ||
        (fds[1] = listener("127.0.0.1", PORT_TFO, 1)) < 0)
        _exit(1);
    if (unshare(CLONE_NEWNET) != 0) {
        perror("tfo: server: unshare(CLONE_NEWNET)");
        _exit(1);
    }
    if (set_fastopen("namespace B (server)") != 0 ||
        (fds[2] = listener("0.0.0.0", PORT_PLAIN, 0)) < 0 ||
        (fds[3] = listener("0.0.0.0", PORT_TFO, 1)) < 0)
        _exit(1);
    fflush(stdout);
    if (write(ready, "1", 1) != 1)
        _exit(1);
    close(ready);
    serve(fds, 4);
}

/* One request: the time from before connect (or the Fast Open sendto) to the answer's first
 * byte; *syn_data says whether the server acknowledged data carried in the SYN. */
static int request(const char *ip, int fastopen, double *ns, int *syn_data)
{
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons(fastopen ? PORT_TFO : PORT_PLAIN)};
    struct timeval limit = {.tv_sec = 5};
    char req[REQ_LEN], buf[RESP_LEN];
    struct tcp_info info;
    socklen_t len = sizeof info;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), rc = -1;
    inet_pton(AF_INET, ip, &a.sin_addr);
    memset(req, 'q', sizeof req);
    errno = 0;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit) != 0)
        goto out;
    double t0 = now_ns();
    if (fastopen) {
        if (sendto(fd, req, sizeof req, MSG_FASTOPEN, (struct sockaddr *)&a, sizeof a) !=
            (ssize_t)sizeof req)
            goto out;
    } else if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
               send(fd, req, sizeof req, 0) != (ssize_t)sizeof req) {
        goto out;
    }
    if (recv(fd, buf, 1, 0) != 1)
        goto out;
    *ns = now_ns() - t0;
    size_t got = 1;
    ssize_t r;
    while ((r = recv(fd, buf, sizeof buf, 0)) > 0)
        got += (size_t)r;
    if (got != RESP_LEN || getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0)
        goto out;
    *syn_data = (info.tcpi_options & TCPI_OPT_SYN_DATA) != 0;
    rc = 0;
out:
    if (rc != 0)
        fprintf(stderr, "tfo: request to %s (%s): %s\n", ip, fastopen ? "Fast Open" : "plain",
                errno ? strerror(errno) : "short answer");
    if (fd >= 0)
        close(fd);
    return rc;
}

static void close_all(const int *fds, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fds[i] >= 0)
            close(fds[i]);
}

/* Every link: the veth pair, and the delay line (its forwarder's pid into *line). */
static int links(pid_t server, long delay_ns, pid_t *line, int *report)
{
    char buf[160], path[64];
    int rc = -1, tun_a = -1, tun_b = -1, self = -1, rep[2] = {-1, -1};
    snprintf(path, sizeof path, "/proc/%ld/ns/net", (long)server);
    int ns_b = open(path, O_RDONLY | O_CLOEXEC);
    snprintf(buf, sizeof buf, "ip link add rveth0 type veth peer name rveth1 netns %ld",
             (long)server);
    if (ns_b < 0 || run(-1, buf) || run(-1, "ip addr add 10.201.1.1/24 dev rveth0") ||
        run(-1, "ip link set rveth0 up") || run(ns_b, "ip addr add 10.201.1.2/24 dev rveth1") ||
        run(ns_b, "ip link set rveth1 up"))
        goto out;
    self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    tun_a = delayline_tun("rtun0");
    if (self < 0 || tun_a < 0 || setns(ns_b, CLONE_NEWNET) != 0) {
        fprintf(stderr, "tfo: TUN device in namespace A: %s\n", strerror(errno));
        goto out;
    }
    tun_b = delayline_tun("rtun1");
    if (setns(self, CLONE_NEWNET) != 0 || tun_b < 0) {
        fprintf(stderr, "tfo: TUN device in namespace B: %s\n", strerror(errno));
        goto out;
    }
    if (run(-1, "ip addr add 10.201.2.1 peer 10.201.2.2 dev rtun0") ||
        run(-1, "ip link set rtun0 up") ||
        run(ns_b, "ip addr add 10.201.2.2 peer 10.201.2.1 dev rtun1") ||
        run(ns_b, "ip link set rtun1 up") || pipe2(rep, O_CLOEXEC) != 0)
        goto out;
    fflush(stdout);
    pid_t parent = getpid();
    if ((*line = fork()) == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        _exit(getppid() != parent ? 1 : delayline_run(tun_a, tun_b, delay_ns, rep[1]));
    }
    if (*line > 0) {
        *report = rep[0];
        rep[0] = -1;
        rc = 0;
    }
out:
    close_all((int[]){ns_b, self, tun_a, tun_b, rep[0], rep[1]}, 6);
    return rc;
}

typedef struct {
    double ns;
    int syn_data;
} totals;

/* conns requests per path and mode, interleaved, after unmeasured ones that fetch the Fast
 * Open cookie and wait for the links to pass traffic. */
static int measure(int conns, totals t[NPATHS][2])
{
    for (size_t p = 0; p < NPATHS; p++)
        for (int mode = 0; mode < 2; mode++)
            for (int i = 0, ok = 0; ok < 3; i++) {
                double ns;
                int syn;
                if (request(paths[p].server_ip, mode, &ns, &syn) == 0)
                    ok++;
                else if (i >= 20)
                    return -1;
                else
                    usleep(100000);
            }
    for (int i = 0; i < conns; i++)
        for (size_t p = 0; p < NPATHS; p++)
            for (int k = 0; k < 2; k++) {
                int mode = (i + k) % 2;
                double ns;
                int syn;
                if (request(paths[p].server_ip, mode, &ns, &syn) != 0)
                    return -1;
                t[p][mode].ns += ns;
                t[p][mode].syn_data += syn;
            }
    return 0;
}

static void stop(pid_t pid, int sig)
{
    if (pid > 0) {
        kill(pid, sig);
        waitpid(pid, NULL, 0);
    }
}

int probe_tfo(int argc, char **argv)
{
    int conns = 300, ready[2] = {-1, -1}, report = -1, rc = 1;
    long delay_us = 500;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--connections") && i + 1 < argc)
            conns = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--delay-us") && i + 1 < argc)
            delay_us = atol(argv[++i]);
        else
            conns = 0;
    }
    if (conns <= 0 || delay_us < 0) {
        fprintf(stderr, "usage: repro-probe tfo [--connections N] [--delay-us US]\n");
        return 2;
    }
    const char *path = getenv("PATH"); /* ip lives in /usr/sbin (/sbin before usrmerge) */
    char fullpath[4096];
    snprintf(fullpath, sizeof fullpath, "%s:/usr/sbin:/sbin", path ? path : "/usr/bin:/bin");
    setenv("PATH", fullpath, 1);
    if (unshare(CLONE_NEWNET) != 0) {
        fprintf(stderr, "tfo: cannot create a network namespace: %s (needs CAP_SYS_ADMIN)\n",
                strerror(errno));
        return 1;
    }
    if (set_fastopen("namespace A (client, loopback)") != 0 || run(-1, "ip link set lo up") ||
        pipe2(ready, O_CLOEXEC) != 0)
        return 1;
    fflush(stdout);
    pid_t parent = getpid(), server = fork(), line = -1;
    if (server == 0) { /* dies with this process, even if that happened before prctl */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        close(ready[0]);
        if (getppid() != parent)
            _exit(1);
        server_child(ready[1]);
    }
    close(ready[1]);
    char byte;
    totals t[NPATHS][2] = {{{0, 0}}};
    if (server < 0 || read(ready[0], &byte, 1) != 1)
        fprintf(stderr, "tfo: the server did not start\n");
    else if (links(server, delay_us * 1000, &line, &report) == 0 && measure(conns, t) == 0)
        rc = 0;
    close(ready[0]);
    stop(line, SIGTERM);
    stop(server, SIGKILL);
    long long packets = 0, mean = 0, max = 0, dropped = 0;
    FILE *f = report >= 0 ? fdopen(report, "r") : NULL;
    if (f && fscanf(f, "%lld %lld %lld %lld", &packets, &mean, &max, &dropped) != 4)
        rc = 1;
    if (f)
        fclose(f);
    if (rc != 0)
        return 1;
    printf("# tfo: delay line: %lld packets, one-way delay set %ld us, got %.1f us on "
           "average, %.1f us at most, %lld dropped\n",
           packets, delay_us, (double)mean / 1e3, (double)max / 1e3, dropped);
    printf("Unit ns/op better=lower\nUnit syn-data better=higher\n"
           "Unit oneway-delay-ns better=lower\n");
    for (size_t p = 0; p < NPATHS; p++)
        for (int mode = 0; mode < 2; mode++) {
            printf("BenchmarkFirstByte/path=%s/tfo=%s\t%d\t%.1f ns/op\t%.4g syn-data",
                   paths[p].name, mode ? "on" : "off", conns, t[p][mode].ns / conns,
                   (double)t[p][mode].syn_data / conns);
            if (!strcmp(paths[p].name, "delay"))
                printf("\t%lld oneway-delay-ns", mean);
            printf("\n");
        }
    return 0;
}
