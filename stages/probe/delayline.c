/* delayline.c - the delayed link of `repro-probe tfo`: packets read from one TUN device are
 * written to the other one a fixed time later, in order, like netem's delay qdisc. The delay
 * each packet really got (scheduling adds to it) is measured and reported. */
#include "delayline.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#define QUEUE 512   /* packets in flight per direction; more are dropped, as on a full link */
#define MAXPKT 2048 /* the devices' MTU is 1500 */

typedef struct {
    unsigned char data[MAXPKT];
    size_t len;
    long long in_ns, due_ns;
} packet;

typedef struct {
    packet q[QUEUE];
    size_t head, n;
} queue;

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
    (void)sig;
    stop = 1;
}

static long long mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int delayline_tun(const char *name)
{
    struct ifreq ifr;
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -1;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
    if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

/* Reads every packet waiting on fd into q, due delay_ns from now. */
static void take(int fd, queue *q, long delay_ns, long long *dropped)
{
    for (;;) {
        packet scratch, *p = q->n < QUEUE ? &q->q[(q->head + q->n) % QUEUE] : &scratch;
        ssize_t r = read(fd, p->data, sizeof p->data);
        if (r <= 0)
            return;
        if (p == &scratch) {
            (*dropped)++;
            continue;
        }
        p->len = (size_t)r;
        p->in_ns = mono_ns();
        p->due_ns = p->in_ns + delay_ns;
        q->n++;
    }
}

/* Writes every packet of q that is due to fd; adds the delay each got to the totals. */
static void give(int fd, queue *q, long long *count, long long *sum, long long *max)
{
    while (q->n && q->q[q->head].due_ns <= mono_ns()) {
        packet *p = &q->q[q->head];
        if (write(fd, p->data, p->len) == (ssize_t)p->len) {
            long long got = mono_ns() - p->in_ns;
            (*count)++;
            *sum += got;
            if (got > *max)
                *max = got;
        }
        q->head = (q->head + 1) % QUEUE;
        q->n--;
    }
}

int delayline_run(int tun_a, int tun_b, long delay_ns, int report_fd)
{
    static queue ab, ba; /* a -> b and b -> a */
    long long count = 0, sum = 0, max = 0, dropped = 0;
    sigset_t block, none;
    struct sigaction sa = {.sa_handler = on_term};
    sigaction(SIGTERM, &sa, NULL);
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &none);
    sigdelset(&none, SIGTERM);
    prctl(PR_SET_TIMERSLACK, 1UL); /* wake up on time, not up to 50 us late */
    while (!stop) {
        struct pollfd fds[2] = {{.fd = tun_a, .events = POLLIN}, {.fd = tun_b, .events = POLLIN}};
        long long next = -1;
        if (ab.n)
            next = ab.q[ab.head].due_ns;
        if (ba.n && (next < 0 || ba.q[ba.head].due_ns < next))
            next = ba.q[ba.head].due_ns;
        struct timespec wait, *timeout = NULL;
        if (next >= 0) {
            long long left = next - mono_ns();
            if (left < 0)
                left = 0;
            wait.tv_sec = (time_t)(left / 1000000000LL);
            wait.tv_nsec = (long)(left % 1000000000LL);
            timeout = &wait;
        }
        if (ppoll(fds, 2, timeout, &none) < 0 && errno != EINTR)
            return 1;
        take(tun_a, &ab, delay_ns, &dropped);
        take(tun_b, &ba, delay_ns, &dropped);
        give(tun_b, &ab, &count, &sum, &max);
        give(tun_a, &ba, &count, &sum, &max);
    }
    dprintf(report_fd, "%lld %lld %lld %lld\n", count, count ? sum / count : 0, max, dropped);
    return 0;
}
