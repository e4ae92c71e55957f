/* pagecache.c - `repro-probe pagecache DIR`: the article's 2.5 page-cache rows, the latency of
 * a 4 KiB read that hits the page cache against one that misses it, in any environment.
 *
 * A file is written and synced in DIR; the misses come after POSIX_FADV_DONTNEED on the whole
 * file (unprivileged, so it works in every environment, unlike drop_caches), with readahead off
 * (POSIX_FADV_RANDOM) so that each read fetches only its own page. mincore() says whether each
 * page was cached just before its read: the `page-cached` unit shows the misses really missed. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 4096

typedef struct {
    int fd;
    unsigned char *map; /* the file mapped only for mincore(); never touched */
    size_t size, blocks;
} pc_file;

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* A random order of the file's blocks (xorshift, seeded per process). */
static size_t *shuffled_blocks(size_t n)
{
    size_t *order = malloc(n * sizeof *order);
    uint64_t s = (uint64_t)getpid() * 0x9e3779b97f4a7c15ULL ^ (uint64_t)now_ns();
    if (!order)
        return NULL;
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = n - 1; i > 0; i--) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        size_t j = (size_t)(s % (i + 1)), t = order[i];
        order[i] = order[j], order[j] = t;
    }
    return order;
}

static int page_cached(const pc_file *f, size_t block)
{
    unsigned char vec = 0;
    if (mincore(f->map + block * BLOCK, BLOCK, &vec) != 0)
        return -1;
    return vec & 1;
}

static size_t cached_pages(const pc_file *f)
{
    size_t n = 0;
    for (size_t b = 0; b < f->blocks; b++)
        n += page_cached(f, b) == 1;
    return n;
}

static int create_file(const char *path, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    char buf[1 << 16];
    if (fd < 0)
        return -1;
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)(i * 131 + 7);
    for (size_t done = 0; done < size;) {
        ssize_t w = write(fd, buf, sizeof buf < size - done ? sizeof buf : size - done);
        if (w <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)w;
    }
    /* Dirty pages are not dropped by DONTNEED: write them back first. */
    if (fsync(fd) != 0) {
        close(fd);
        return -1;
    }
    return close(fd);
}

/* Times n reads of one block each, in the order given; the mean in ns and the fraction of
 * reads whose page was cached just before. */
static int timed_reads(const pc_file *f, const size_t *order, size_t n, double *mean,
                       double *cached)
{
    char *buf = aligned_alloc(BLOCK, BLOCK);
    double total = 0;
    size_t hits = 0;
    if (!buf)
        return -1;
    for (size_t i = 0; i < n; i++) {
        size_t b = order[i % f->blocks];
        hits += page_cached(f, b) == 1;
        double t0 = now_ns();
        ssize_t r = pread(f->fd, buf, BLOCK, (off_t)(b * BLOCK));
        double t1 = now_ns();
        if (r != BLOCK) {
            fprintf(stderr, "pagecache: pread at block %zu: %s\n", b,
                    r < 0 ? strerror(errno) : "short read");
            free(buf);
            return -1;
        }
        total += t1 - t0;
    }
    free(buf);
    *mean = total / (double)n;
    *cached = (double)hits / (double)n;
    return 0;
}

static const char *fs_name(long type)
{
    switch (type) {
    case EXT4_SUPER_MAGIC: return "ext2/3/4";
    case XFS_SUPER_MAGIC: return "xfs";
    case BTRFS_SUPER_MAGIC: return "btrfs";
    case OVERLAYFS_SUPER_MAGIC: return "overlay";
    case TMPFS_MAGIC: return "tmpfs";
    case V9FS_MAGIC: return "9p";
    case FUSE_SUPER_MAGIC: return "fuse (virtiofs)";
    default: return "other";
    }
}

static int measure(const char *path, size_t cold_reads, size_t warm_reads)
{
    pc_file f = {.fd = open(path, O_RDONLY)};
    struct stat st;
    size_t *order = NULL;
    double cold, cold_cached, warm, warm_cached;
    int rc = -1;
    if (f.fd < 0 || fstat(f.fd, &st) != 0) {
        fprintf(stderr, "pagecache: %s: %s\n", path, strerror(errno));
        goto out;
    }
    f.size = (size_t)st.st_size;
    f.blocks = f.size / BLOCK;
    f.map = mmap(NULL, f.size, PROT_READ, MAP_SHARED, f.fd, 0);
    order = shuffled_blocks(f.blocks);
    if (f.map == MAP_FAILED || !order) {
        fprintf(stderr, "pagecache: mapping %s: %s\n", path, strerror(errno));
        goto out;
    }
    /* Misses: readahead off, every page of the file dropped. */
    if (posix_fadvise(f.fd, 0, 0, POSIX_FADV_RANDOM) != 0 ||
        posix_fadvise(f.fd, 0, 0, POSIX_FADV_DONTNEED) != 0) {
        fprintf(stderr, "pagecache: posix_fadvise: %s\n", strerror(errno));
        goto out;
    }
    printf("# pagecache: %zu of %zu pages still cached after POSIX_FADV_DONTNEED\n",
           cached_pages(&f), f.blocks);
    if (timed_reads(&f, order, cold_reads, &cold, &cold_cached) != 0)
        goto out;
    /* Hits: the whole file read once, then random blocks again. */
    for (size_t b = 0; b < f.blocks; b++) {
        char buf[BLOCK];
        if (pread(f.fd, buf, BLOCK, (off_t)(b * BLOCK)) != BLOCK) {
            fprintf(stderr, "pagecache: reading %s: %s\n", path, strerror(errno));
            goto out;
        }
    }
    if (timed_reads(&f, order, warm_reads, &warm, &warm_cached) != 0)
        goto out;
    printf("Unit ns/op better=lower\nUnit page-cached better=higher\n");
    printf("BenchmarkRead4K/cache=warm\t%zu\t%.1f ns/op\t%.4g page-cached\n", warm_reads, warm,
           warm_cached);
    printf("BenchmarkRead4K/cache=cold\t%zu\t%.1f ns/op\t%.4g page-cached\n", cold_reads, cold,
           cold_cached);
    rc = 0;
out:
    free(order);
    if (f.map && f.map != MAP_FAILED)
        munmap(f.map, f.size);
    if (f.fd >= 0)
        close(f.fd);
    return rc;
}

int probe_pagecache(int argc, char **argv)
{
    size_t mib = 64, cold_reads = 256, warm_reads = 16384;
    const char *dir = NULL;
    int bad = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--size-mib") && i + 1 < argc)
            mib = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--cold-reads") && i + 1 < argc)
            cold_reads = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--warm-reads") && i + 1 < argc)
            warm_reads = strtoul(argv[++i], NULL, 10);
        else if (argv[i][0] != '-' && !dir)
            dir = argv[i];
        else
            bad = 1;
    }
    if (bad || !dir || !mib || !cold_reads || !warm_reads || cold_reads > mib * 256) {
        fprintf(stderr, "usage: repro-probe pagecache [--size-mib N] [--cold-reads N] "
                        "[--warm-reads N] DIR   (cold reads at most one per 4 KiB block)\n");
        return 2;
    }
    struct statfs sfs;
    if (probe_mkdirs(dir) != 0 || statfs(dir, &sfs) != 0) {
        fprintf(stderr, "pagecache: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    if (sfs.f_type == TMPFS_MAGIC) {
        fprintf(stderr,
                "pagecache: %s is on tmpfs, whose pages are the storage: nothing can "
                "miss the page cache there\n",
                dir);
        return 1;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/repro-pagecache.%ld", dir, (long)getpid());
    printf("# pagecache: %zu MiB file %s on %s, %zu cold and %zu warm reads of 4 KiB\n", mib, path,
           fs_name((long)sfs.f_type), cold_reads, warm_reads);
    int rc = create_file(path, mib << 20);
    if (rc != 0)
        fprintf(stderr, "pagecache: writing %s: %s\n", path, strerror(errno));
    else
        rc = measure(path, cold_reads, warm_reads);
    unlink(path);
    return rc == 0 ? 0 : 1;
}
