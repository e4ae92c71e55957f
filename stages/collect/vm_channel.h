/* vm_channel.h - the host end of the vm environment's control channel.
 *
 * repro-collect listens on a Unix socket; qemu connects to it at start-up and hands it to the
 * guest as the virtio-serial port "repro.ctl", where pipeline/vm-init.sh reads and answers one
 * text line per message ("ready", "run N", "done N STATUS", "kill N", "quit"). */
#ifndef VM_CHANNEL_H
#define VM_CHANNEL_H

#include <stddef.h>

typedef struct {
    int listen_fd, fd; /* -1 when closed */
    char path[108];    /* the socket's path (sun_path's size) */
    char buf[4096];    /* bytes read but not yet returned as a line */
    size_t len;
} vm_channel;

enum { VM_CHAN_OK = 0, VM_CHAN_CLOSED = -1, VM_CHAN_TIMEOUT = -2, VM_CHAN_INTERRUPTED = -3 };

/* Seconds on the monotonic clock. */
double vm_now(void);
/* A closed channel: what every other call may start from. */
void vm_chan_init(vm_channel *c);
/* Starts listening at path (replacing a stale socket). 0, or -1 with errno set. */
int vm_chan_listen(vm_channel *c, const char *path);
/* Waits for qemu (process pid) to connect. VM_CHAN_CLOSED when pid exits first. */
int vm_chan_accept(vm_channel *c, long pid, double deadline);
/* Sends line and a newline; 0 or -1 (never raises SIGPIPE). */
int vm_chan_send(vm_channel *c, const char *line);
/* Reads the next line, without its newline, into line. interruptible: give up with
 * VM_CHAN_INTERRUPTED once proc_interrupted is set (Ctrl-C); 0 to wait regardless. */
int vm_chan_read_line(vm_channel *c, char *line, size_t len, double deadline, int interruptible);
/* Closes both ends and removes the socket file. Safe to repeat. */
void vm_chan_close(vm_channel *c);

#endif
