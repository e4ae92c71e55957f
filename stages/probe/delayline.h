/* delayline.h - a point-to-point link with a set one-way delay between two network namespaces,
 * made of two TUN devices and a forwarding process: netem's job, for kernels built without it
 * (CONFIG_NET_SCH_NETEM unset, as on this project's development machines). */
#ifndef DELAYLINE_H
#define DELAYLINE_H

/* Creates TUN device name (no packet-info header) in the calling thread's network namespace;
 * the device lasts as long as the returned descriptor. -1 on failure, errno set. */
int delayline_tun(const char *name);

/* Forwards IP packets between the two devices, each one delay_ns after it arrived, until
 * SIGTERM; then writes "packets mean_ns max_ns dropped" (the delay packets really got, and
 * how many found the queue full) to report_fd. Runs in a child process; returns its exit status. */
int delayline_run(int tun_a, int tun_b, long delay_ns, int report_fd);

#endif
