/* fsio.c - `repro-probe fsio [--quick] [--share DIR] [--drvfs DIR] OWN_DIR...`: read(4 KiB) and
 * stat() latency per call (article 2.1: WSL1's translation layer vs WSL2's direct path) on the
 * environment's own filesystem, on a host directory shared into it, on a Windows drive under
 * WSL (drvfs: /mnt/c, 9p in WSL2: the NTFS path WSL2 users feel), and through a FUSE
 * passthrough mount.
 *
 * own: the first OWN_DIR on the root filesystem (same device as "/"); share: DIR, when given;
 * fuse: bindfs mirroring the own file set with direct_io and zero attribute/entry timeouts, so
 * every read and stat goes through the userspace daemon, as every WSL1 call went through its
 * translation layer. Each case gets a fixed set of files in a temporary directory, a warm-up,
 * then N timed pread(4 KiB) and N fstatat calls. The FUSE mount is detached as soon as it is
 * open, so it vanishes with this process however it ends; temporary files are removed at exit
 * and on SIGINT/SIGTERM/SIGHUP. A case that cannot run prints "# unsupported <case>: why". */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NFILES 16
#define BLOCK 4096
#define BLOCKS_PER_FILE 16
#define FUSE_MAGIC 0x65735546

static const char *const names[NFILES] = {"f00", "f01", "f02", "f03", "f04", "f05", "f06", "f07",
                                          "f08", "f09", "f10", "f11", "f12", "f13", "f14", "f15"};

/* What to remove at exit or on a signal: file sets (their directory, kept open) and a FUSE
 * mountpoint not yet detached. Only async-signal-safe calls touch these. */
static struct {
    char path[PATH_MAX];
    int fd;
} made[3];
static volatile sig_atomic_t nmade;
static char fuse_mnt[PATH_MAX];

/* Detaches the FUSE mount (open descriptors keep it alive) and removes its mountpoint. */
static void fuse_release(void)
{
    if (*fuse_mnt) {
        umount2(fuse_mnt, MNT_DETACH);
        rmdir(fuse_mnt);
        fuse_mnt[0] = '\0';
    }
}

static void cleanup(void)
{
    fuse_release();
    for (; nmade > 0; nmade--) {
        for (int i = 0; i < NFILES; i++)
            unlinkat(made[nmade - 1].fd, names[i], 0);
        close(made[nmade - 1].fd);
        rmdir(made[nmade - 1].path);
    }
}

static void on_signal(int sig)
{
    cleanup();
    _exit(128 + sig);
}

static const char *fs_name(const char *path, char *buf, size_t len)
{
    static const struct {
        long magic;
        const char *name;
    } known[] = {{0xEF53, "ext4"},    {0x794c7630, "overlayfs"}, {0x01021994, "tmpfs"},
                 {0x58465342, "xfs"}, {0x9123683E, "btrfs"},     {FUSE_MAGIC, "fuse"},
                 {0x01021997, "9p"},  {0x6969, "nfs"},           {0x2FC12FC1, "zfs"}};
    struct statfs s;
    if (statfs(path, &s) != 0)
        return "unknown";
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if ((long)s.f_type == known[i].magic)
            return known[i].name;
    snprintf(buf, len, "0x%lx", (long)s.f_type);
    return buf;
}

/* Creates the file set in a new temporary directory under base; its directory fd, or -1. */
static int make_files(const char *base, char *why, size_t wlen)
{
    char path[PATH_MAX];
    static char block[BLOCK];
    memset(block, 'x', sizeof block);
    snprintf(path, sizeof path, "%s/repro-fsio.XXXXXX", base);
    if (!mkdtemp(path)) {
        snprintf(why, wlen, "mkdtemp under %.400s: %s", base, strerror(errno));
        return -1;
    }
    int dfd = open(path, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (dfd < 0) {
        snprintf(why, wlen, "%.400s: %s", path, strerror(errno));
        rmdir(path);
        return -1;
    }
    snprintf(made[nmade].path, sizeof made[nmade].path, "%s", path);
    made[nmade++].fd = dfd;
    for (int i = 0; i < NFILES; i++) {
        int fd = openat(dfd, names[i], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        for (int b = 0; fd >= 0 && b < BLOCKS_PER_FILE; b++)
            if (write(fd, block, BLOCK) != BLOCK) {
                close(fd);
                fd = -1;
            }
        if (fd < 0 || close(fd) != 0) {
            snprintf(why, wlen, "writing %.400s/%s: %s", path, names[i], strerror(errno));
            return -1;
        }
    }
    return dfd;
}

/* Mounts bindfs over src at a new mountpoint under base, opens it and detaches it; the open
 * directory fd, or -1 with why. */
static int mount_fuse(const char *base, const char *src, char *why, size_t wlen)
{
    int probe_fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
    if (probe_fd < 0) {
        snprintf(why, wlen, "cannot open /dev/fuse: %s", strerror(errno));
        return -1;
    }
    close(probe_fd);
    snprintf(fuse_mnt, sizeof fuse_mnt, "%s/repro-fsio-fuse.XXXXXX", base);
    if (!mkdtemp(fuse_mnt)) {
        snprintf(why, wlen, "mkdtemp under %.400s: %s", base, strerror(errno));
        fuse_mnt[0] = '\0';
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        /* bindfs daemonizes once the mount is up; its foreground process then exits 0. */
        execlp("bindfs", "bindfs", "--no-allow-other", "-o",
               "direct_io,attr_timeout=0,entry_timeout=0,negative_timeout=0", src, fuse_mnt,
               (char *)NULL);
        fprintf(stderr, "fsio: bindfs: %s\n", strerror(errno));
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(why, wlen, "%s",
                 pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127
                     ? "bindfs is not installed here (Debian package bindfs)"
                     : "bindfs failed to mount (its message is on stderr)");
        fuse_release();
        return -1;
    }
    struct statfs s;
    int dfd = -1;
    if (statfs(fuse_mnt, &s) != 0 || (long)s.f_type != FUSE_MAGIC ||
        (dfd = open(fuse_mnt, O_DIRECTORY | O_RDONLY | O_CLOEXEC)) < 0) {
        snprintf(why, wlen, "bindfs exited 0 but %.400s is not a FUSE mount", fuse_mnt);
        fuse_release();
        return -1;
    }
    fuse_release();
    return dfd;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Times n pread(4 KiB) and n fstatat calls on the file set under dfd and prints the results. */
static int measure(const char *label, int dfd, long n)
{
    int fds[NFILES];
    static char buf[BLOCK];
    for (int i = 0; i < NFILES; i++)
        if ((fds[i] = openat(dfd, names[i], O_RDONLY | O_CLOEXEC)) < 0) {
            fprintf(stderr, "fsio: %s: open %s: %s\n", label, names[i], strerror(errno));
            while (i-- > 0)
                close(fds[i]);
            return -1;
        }
    long warm = n / 10 > NFILES * BLOCKS_PER_FILE ? n / 10 : NFILES * BLOCKS_PER_FILE;
    int rc = 0;
    double read_ns = 0, stat_ns = 0;
    for (int round = 0; round < 2 && rc == 0; round++) { /* round 0 is the warm-up */
        long calls = round ? n : warm;
        double t0 = now_ns();
        for (long i = 0; i < calls; i++) {
            off_t off = (off_t)((i / NFILES) % BLOCKS_PER_FILE) * BLOCK;
            if (pread(fds[i % NFILES], buf, BLOCK, off) != BLOCK) {
                fprintf(stderr, "fsio: %s: pread: %s\n", label, strerror(errno));
                rc = -1;
                break;
            }
        }
        double t1 = now_ns();
        struct stat st;
        for (long i = 0; i < calls && rc == 0; i++)
            if (fstatat(dfd, names[i % NFILES], &st, 0) != 0) {
                fprintf(stderr, "fsio: %s: stat: %s\n", label, strerror(errno));
                rc = -1;
            }
        read_ns = t1 - t0;
        stat_ns = now_ns() - t1;
    }
    for (int i = 0; i < NFILES; i++)
        close(fds[i]);
    if (rc == 0) {
        printf("BenchmarkRead4K/fs=%s\t%ld\t%.1f ns/op\n", label, n, read_ns / (double)n);
        printf("BenchmarkStat/fs=%s\t%ld\t%.1f ns/op\n", label, n, stat_ns / (double)n);
    }
    return rc;
}

/* The first of dirs (created when missing) on the root filesystem, else the first writable. */
static const char *own_dir(char **dirs, int n)
{
    struct stat root, st;
    for (int i = 0; i < n; i++)
        probe_mkdirs(dirs[i]); /* best effort: what exists is checked below */
    if (stat("/", &root) == 0)
        for (int i = 0; i < n; i++)
            if (stat(dirs[i], &st) == 0 && S_ISDIR(st.st_mode) && st.st_dev == root.st_dev &&
                access(dirs[i], W_OK) == 0)
                return dirs[i];
    for (int i = 0; i < n; i++)
        if (access(dirs[i], W_OK) == 0)
            return dirs[i];
    return NULL;
}

int probe_fsio(int argc, char **argv)
{
    long n = 20000;
    const char *share = NULL, *drvfs = NULL;
    int i = 0;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--quick") == 0)
            n = 2000;
        else if (strcmp(argv[i], "--share") == 0 && i + 1 < argc)
            share = argv[++i];
        else if (strcmp(argv[i], "--drvfs") == 0 && i + 1 < argc)
            drvfs = argv[++i];
        else
            break;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: repro-probe fsio [--quick] [--share DIR] [--drvfs DIR] OWN_DIR...\n");
        return 2;
    }
    const char *own = own_dir(argv + i, argc - i);
    if (!own) {
        fprintf(stderr, "fsio: none of the given directories is writable\n");
        return 1;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    char why[512], fsbuf[32];
    int rc = 0;
    printf("Unit ns/op better=lower\n");
    printf("# fsio calls=%ld files=%d file_bytes=%d\n", n, NFILES, BLOCK * BLOCKS_PER_FILE);
    printf("# fs own: %s (%s)\n", own, fs_name(own, fsbuf, sizeof fsbuf));
    int own_fd = make_files(own, why, sizeof why);
    if (own_fd < 0) {
        fprintf(stderr, "fsio: own: %s\n", why);
        cleanup();
        return 1;
    }
    rc |= measure("own", own_fd, n);

    if (!share) {
        printf("# unsupported share: no host directory is shared into this environment\n");
    } else {
        printf("# fs share: %s (%s)\n", share, fs_name(share, fsbuf, sizeof fsbuf));
        int share_fd = make_files(share, why, sizeof why);
        if (share_fd < 0)
            printf("# unsupported share: %s\n", why);
        else
            rc |= measure("share", share_fd, n);
    }

    if (drvfs) { /* only where the driver found a Windows drive (collect's workload_probes.c) */
        printf("# fs drvfs: %s (%s)\n", drvfs, fs_name(drvfs, fsbuf, sizeof fsbuf));
        int drvfs_fd = make_files(drvfs, why, sizeof why);
        if (drvfs_fd < 0)
            printf("# unsupported drvfs: %s\n", why);
        else
            rc |= measure("drvfs", drvfs_fd, n);
    }

    int fuse_fd = mount_fuse(own, made[0].path, why, sizeof why);
    if (fuse_fd < 0) {
        printf("# unsupported fuse: %s\n", why);
    } else {
        printf("# fs fuse: bindfs -o direct_io,attr_timeout=0,entry_timeout=0 over %s\n",
               made[0].path);
        rc |= measure("fuse", fuse_fd, n);
        close(fuse_fd); /* the detached mount goes with its last reference; bindfs exits */
    }
    cleanup();
    return rc ? 1 : 0;
}
