/* overlay.c - `repro-probe overlay`: Table 2.2b on an overlay mount the probe builds itself
 * (lower/upper/work/merged under a fresh directory): the latency of reading a file that lives in
 * the lower layer, the upper layer or a directory merged from both, and how many bytes the upper
 * layer grows by per byte the program writes (a new file vs a copy-up of a lower-layer file).
 *
 * The mount is made in a private mount namespace, so it disappears with the process even when
 * it is killed; on every normal path it is unmounted and the directory removed before exit. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define READ_SIZE 4096
#define COPYUP_WRITE 4096 /* what the program writes into a lower-layer file */
#define ROUNDS 10         /* reads are interleaved across layers in this many rounds */

static const struct {
    const char *name;
    long bytes;
} sizes[] = {{"4KiB", 4096}, {"1MiB", 1L << 20}, {"16MiB", 16L << 20}};
enum { NSIZES = sizeof sizes / sizeof *sizes };

/* The four reads: a file through the merged mount that lives only in the lower layer, only in
 * the upper layer, in a directory present in both layers; and the lower file read directly. */
static const struct {
    const char *layer, *path; /* path relative to the probe's directory */
} reads[] = {{"lower", "merged/lo/file"},
             {"upper", "merged/up/file"},
             {"merged", "merged/mixed/file"},
             {"none", "lower/lo/file"}};
enum { NREADS = sizeof reads / sizeof *reads };

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int mkdir_p(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(buf, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* Writes bytes of a fixed pattern to path (created or truncated), then fsyncs it. */
static int write_file(const char *path, long bytes)
{
    static char block[1 << 16];
    memset(block, 'x', sizeof block);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    for (long done = 0; done < bytes;) {
        long n = bytes - done < (long)sizeof block ? bytes - done : (long)sizeof block;
        ssize_t w = write(fd, block, (size_t)n);
        if (w <= 0) {
            close(fd);
            return -1;
        }
        done += w;
    }
    int rc = fsync(fd);
    return close(fd) != 0 ? -1 : rc;
}

static int at(const char *dir, const char *rel, char *buf, size_t len)
{
    return snprintf(buf, len, "%s/%s", dir, rel) < (int)len ? 0 : -1;
}

/* The layers before mounting: lower has lo/, mixed/ and one cu-<size>/ per size, upper has up/
 * and mixed/ (so mixed/ is a directory merged from both). */
static int populate(const char *dir)
{
    static const char *const dirs[] = {"lower/lo",    "lower/mixed", "upper/up",
                                       "upper/mixed", "work",        "merged"};
    static const char *const files[] = {"lower/lo/file", "lower/mixed/file", "upper/up/file",
                                        "upper/mixed/other"};
    char path[4096];
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
        if (at(dir, dirs[i], path, sizeof path) || mkdir_p(path))
            return -1;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        if (at(dir, files[i], path, sizeof path) || write_file(path, READ_SIZE))
            return -1;
    for (int s = 0; s < NSIZES; s++) {
        snprintf(path, sizeof path, "%s/lower/cu-%s", dir, sizes[s].name);
        if (mkdir_p(path))
            return -1;
        snprintf(path, sizeof path, "%s/lower/cu-%s/file", dir, sizes[s].name);
        if (write_file(path, sizes[s].bytes))
            return -1;
    }
    return 0;
}

/* One open + read(4 KiB) + close. */
static int read_once(const char *path)
{
    static char buf[READ_SIZE];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    return n == READ_SIZE ? 0 : -1;
}

static int bench_reads(const char *dir, long iters)
{
    char paths[NREADS][4096];
    double total[NREADS] = {0};
    for (int i = 0; i < NREADS; i++)
        if (at(dir, reads[i].path, paths[i], sizeof paths[i]) || read_once(paths[i])) {
            fprintf(stderr, "repro-probe overlay: reading %s: %s\n", paths[i], strerror(errno));
            return -1;
        }
    long per_round = iters / ROUNDS > 0 ? iters / ROUNDS : 1;
    for (int round = 0; round < ROUNDS; round++)
        for (int i = 0; i < NREADS; i++) {
            double t0 = now_ns();
            for (long k = 0; k < per_round; k++)
                if (read_once(paths[i]) != 0) {
                    fprintf(stderr, "repro-probe overlay: reading %s: %s\n", paths[i],
                            strerror(errno));
                    return -1;
                }
            total[i] += now_ns() - t0;
        }
    for (int i = 0; i < NREADS; i++)
        printf("BenchmarkOverlayRead/layer=%s\t%ld\t%.1f ns/op\n", reads[i].layer,
               per_round * ROUNDS, total[i] / (double)(per_round * ROUNDS));
    return 0;
}

static long long upper_bytes_sum;

static int add_blocks(const char *path, const struct stat *st, int type, struct FTW *f)
{
    (void)path;
    (void)type;
    (void)f;
    upper_bytes_sum += (long long)st->st_blocks * 512;
    return 0;
}

/* Bytes allocated in the upper layer (files and directories, as du counts them), after its
 * filesystem has written everything out. */
static long long upper_bytes(const char *dir)
{
    char path[4096];
    at(dir, "upper", path, sizeof path);
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0 || syncfs(fd) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    upper_bytes_sum = 0;
    return nftw(path, add_blocks, 32, FTW_PHYS) == 0 ? upper_bytes_sum : -1;
}

/* Opens path for writing (which copies a lower-layer file up), writes `bytes` at offset 0,
 * fsyncs and closes; the time of the whole in *ns. */
static int write_through(const char *path, int flags, long bytes, double *ns)
{
    static char block[1 << 16];
    memset(block, 'y', sizeof block);
    double t0 = now_ns();
    int fd = open(path, O_WRONLY | flags, 0644);
    if (fd < 0)
        return -1;
    for (long done = 0; done < bytes;) {
        long n = bytes - done < (long)sizeof block ? bytes - done : (long)sizeof block;
        ssize_t w = pwrite(fd, block, (size_t)n, done);
        if (w <= 0) {
            close(fd);
            return -1;
        }
        done += w;
    }
    int rc = fsync(fd);
    if (close(fd) != 0)
        rc = -1;
    *ns = now_ns() - t0;
    return rc;
}

/* One write and what the upper layer grew by. */
static int amplification(const char *dir, const char *name, const char *rel, int flags, long bytes)
{
    char path[4096];
    double ns;
    long long before = upper_bytes(dir);
    if (at(dir, rel, path, sizeof path) || before < 0 ||
        write_through(path, flags, bytes, &ns) != 0) {
        fprintf(stderr, "repro-probe overlay: writing %s: %s\n", path, strerror(errno));
        return -1;
    }
    long long after = upper_bytes(dir);
    if (after < 0)
        return -1;
    printf("%s\t1\t%.4g amplification\t%lld upper-B\t%.0f ns/op\n", name,
           (double)(after - before) / (double)bytes, after - before, ns);
    return 0;
}

static int bench_writes(const char *dir)
{
    char name[128], rel[128];
    for (int s = 0; s < NSIZES; s++) {
        snprintf(name, sizeof name, "BenchmarkOverlayWrite/layer=upper/size=%s", sizes[s].name);
        snprintf(rel, sizeof rel, "merged/up/new-%s", sizes[s].name);
        if (amplification(dir, name, rel, O_CREAT | O_EXCL, sizes[s].bytes) != 0)
            return -1;
    }
    for (int s = 0; s < NSIZES; s++) {
        snprintf(name, sizeof name, "BenchmarkCopyUp/size=%s", sizes[s].name);
        snprintf(rel, sizeof rel, "merged/cu-%s/file", sizes[s].name);
        long bytes = sizes[s].bytes < COPYUP_WRITE ? sizes[s].bytes : COPYUP_WRITE;
        if (amplification(dir, name, rel, 0, bytes) != 0)
            return -1;
    }
    return 0;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *f)
{
    (void)st;
    (void)f;
    return (type == FTW_DP ? rmdir(path) : unlink(path)) != 0 && errno != ENOENT ? -1 : 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: repro-probe overlay [--dir DIR] [--reads N]\n");
}

int probe_overlay(int argc, char **argv)
{
    const char *base = "/tmp";
    long iters = 20000;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--dir") && i + 1 < argc)
            base = argv[++i];
        else if (!strcmp(argv[i], "--reads") && i + 1 < argc)
            iters = atol(argv[++i]);
        else {
            usage();
            return 2;
        }
    }
    if (iters <= 0) {
        usage();
        return 2;
    }
    /* A private mount namespace: the overlay cannot outlive this process. */
    if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
        printf("# unsupported overlay: a private mount namespace: %s (needs CAP_SYS_ADMIN)\n",
               strerror(errno));
        return 1;
    }
    char dir[2048], lower[2100], opts[6400], merged[2100];
    snprintf(dir, sizeof dir, "%s/repro-overlay-XXXXXX", base);
    if (mkdir_p(base) != 0 || !mkdtemp(dir)) {
        fprintf(stderr, "repro-probe overlay: creating a directory under %s: %s\n", base,
                strerror(errno));
        return 1;
    }
    int rc = 1, mounted = 0;
    snprintf(lower, sizeof lower, "%s/lower", dir);
    snprintf(merged, sizeof merged, "%s/merged", dir);
    snprintf(opts, sizeof opts, "lowerdir=%s,upperdir=%s/upper,workdir=%s/work", lower, dir, dir);
    if (populate(dir) != 0) {
        fprintf(stderr, "repro-probe overlay: preparing the layers in %s: %s\n", dir,
                strerror(errno));
    } else if (mount("overlay", merged, "overlay", 0, opts) != 0) {
        printf("# unsupported overlay: mounting overlayfs on %s: %s\n", merged, strerror(errno));
    } else {
        mounted = 1;
        printf("# overlay: %s; reads of %d bytes, open+read+close per op; a copy-up writes %d "
               "bytes at offset 0; upper-B is what the upper layer grew by (du)\n",
               opts, READ_SIZE, COPYUP_WRITE);
        printf("Unit ns/op better=lower\nUnit amplification better=lower\n"
               "Unit upper-B better=lower\n");
        rc = bench_reads(dir, iters) == 0 && bench_writes(dir) == 0 ? 0 : 1;
    }
    if (mounted && umount2(merged, 0) != 0 && umount2(merged, MNT_DETACH) != 0) {
        fprintf(stderr, "repro-probe overlay: unmounting %s: %s\n", merged, strerror(errno));
        rc = 1;
    }
    if (nftw(dir, remove_entry, 32, FTW_DEPTH | FTW_PHYS) != 0) {
        fprintf(stderr, "repro-probe overlay: removing %s: %s\n", dir, strerror(errno));
        rc = 1;
    }
    return rc;
}
