/*
 * largepages3.c - re-implementation of the "largepages3" micro-benchmark that the
 * transparent hugepage core commit (Linux 2.6.38) quoted, for comparing a real
 * kernel with the kmodel cost model.
 *
 * Phases, each timed with CLOCK_MONOTONIC:
 *   memset page fault              first memset of the region (takes the faults)
 *   memset tlb miss                second memset (pages present, TLB cold)
 *   memset second tlb miss         third memset
 *   random access tlb miss         one store per 4 KiB, in address order
 *   random access second tlb miss  the same loop again
 *
 * Differences from the original program, none of which changes what is timed:
 *   - the region comes from mmap (2 MiB aligned) instead of malloc, so that every
 *     PMD range lies wholly inside it and madvise() can be applied before the
 *     first touch;
 *   - the three memsets store 1, 2 and 3 instead of 0, so that a checksum taken
 *     after the last phase proves that every store happened (the checksum is
 *     printed to stderr and verified);
 *   - AnonHugePages/Rss of the region (from /proc/self/smaps) and the change of
 *     thp_fault_alloc/thp_fault_fallback (from /proc/vmstat) are reported.
 *
 * Build: gcc -std=c11 -O2 -Wall -Wextra -o largepages3 largepages3.c
 * Usage: largepages3 [--hugepage|--nohugepage] [--size BYTES[K|M|G|T]] [--json]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define STRIDE 4096u
#define ALIGN_2M ((size_t)2 << 20)
#define DEFAULT_SIZE ((size_t)3 << 30)
#define NPHASES 5

enum mode { MODE_DEFAULT, MODE_HUGEPAGE, MODE_NOHUGEPAGE };

static const char *const phase_names[NPHASES] = {
    "memset page fault",
    "memset tlb miss",
    "memset second tlb miss",
    "random access tlb miss",
    "random access second tlb miss",
};

static const char *progname = "largepages3";

static void usage(FILE *out)
{
    fprintf(out,
            "usage: %s [--hugepage|--nohugepage] [--size BYTES[K|M|G|T]] [--json]\n"
            "  --hugepage     madvise(MADV_HUGEPAGE) on the region before the first touch\n"
            "  --nohugepage   madvise(MADV_NOHUGEPAGE) on the region before the first touch\n"
            "                 (neither: no madvise, the system-wide THP mode decides)\n"
            "  --size S       region size, a multiple of 4096; binary suffixes K, M, G, T\n"
            "                 (optionally followed by B or iB); default 3G\n"
            "  --json         print one JSON object instead of tab-separated lines\n",
            progname);
}

static _Noreturn void bad_args(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", progname);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    usage(stderr);
    exit(2);
}

static _Noreturn void die_errno(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", progname, what, strerror(errno));
    exit(1);
}

/* Parses "3221225472", "3G", "512M", "3GiB", "1536MB"; returns 0 on error. */
static size_t parse_size(const char *s)
{
    char *end;
    unsigned long long v;
    unsigned shift = 0;

    if (*s < '0' || *s > '9')
        return 0;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || end == s)
        return 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    case 't': case 'T': shift = 40; end++; break;
    default: break;
    }
    if (shift != 0 && (strcmp(end, "iB") == 0 || strcmp(end, "B") == 0))
        end += strlen(end);
    if (*end != '\0')
        return 0;
    if (shift != 0 && v > (ULLONG_MAX >> shift))
        return 0;
    v <<= shift;
    if (v > SIZE_MAX - ALIGN_2M)
        return 0;
    return (size_t)v;
}

static int64_t now_ns(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        die_errno("clock_gettime(CLOCK_MONOTONIC)");
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Keeps the compiler from assuming anything about the region's memory. */
static inline void clobber_memory(void *p)
{
    __asm__ __volatile__("" : : "r"(p) : "memory");
}

struct smaps_info {
    long long anon_huge_kb; /* summed over every VMA overlapping the region */
    long long rss_kb;
    int vmas;               /* number of VMAs overlapping the region */
    uintptr_t vma_start;    /* lowest start / highest end of those VMAs */
    uintptr_t vma_end;
};

static void read_smaps(uintptr_t lo, uintptr_t hi, struct smaps_info *out)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    char line[512];
    int inside = 0;

    memset(out, 0, sizeof(*out));
    out->anon_huge_kb = -1;
    out->rss_kb = -1;
    if (f == NULL) {
        fprintf(stderr, "%s: warning: cannot open /proc/self/smaps: %s\n", progname,
                strerror(errno));
        return;
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        unsigned long long start, end;
        long long kb;
        char dash;
        int n = 0;

        /* VMA header: "start-end perms offset dev inode [path]" */
        if (sscanf(line, "%llx%c%llx %n", &start, &dash, &end, &n) == 3 && dash == '-' && n > 0) {
            inside = (uintptr_t)start < hi && (uintptr_t)end > lo;
            if (inside) {
                if (out->vmas == 0) {
                    out->anon_huge_kb = 0;
                    out->rss_kb = 0;
                    out->vma_start = (uintptr_t)start;
                }
                out->vmas++;
                out->vma_end = (uintptr_t)end;
            }
            continue;
        }
        if (!inside)
            continue;
        if (sscanf(line, "AnonHugePages: %lld kB", &kb) == 1)
            out->anon_huge_kb += kb;
        else if (sscanf(line, "Rss: %lld kB", &kb) == 1)
            out->rss_kb += kb;
    }
    if (ferror(f))
        fprintf(stderr, "%s: warning: error reading /proc/self/smaps\n", progname);
    fclose(f);
}

/* Returns the value of a /proc/vmstat counter, or -1 when it is absent. */
static long long vmstat_value(const char *name)
{
    FILE *f = fopen("/proc/vmstat", "r");
    char key[128];
    long long v, result = -1;

    if (f == NULL)
        return -1;
    while (fscanf(f, "%127s %lld", key, &v) == 2) {
        if (strcmp(key, name) == 0) {
            result = v;
            break;
        }
    }
    fclose(f);
    return result;
}

static long long delta(long long before, long long after)
{
    return (before < 0 || after < 0) ? -1 : after - before;
}

int main(int argc, char **argv)
{
    enum mode mode = MODE_DEFAULT;
    size_t size = DEFAULT_SIZE;
    int json = 0;
    int64_t us[NPHASES];
    int64_t t0;
    unsigned char *raw, *p;
    uintptr_t base, aligned;
    size_t head, tail, maplen, i;
    unsigned long long checksum = 0, expected;
    long long fault_alloc0, fallback0, fault_alloc1, fallback1;
    struct smaps_info sm;
    const char *mode_name;

    if (argc > 0 && argv[0] != NULL && argv[0][0] != '\0') {
        const char *slash = strrchr(argv[0], '/');
        progname = slash != NULL ? slash + 1 : argv[0];
    }
    for (int a = 1; a < argc; a++) {
        const char *arg = argv[a];

        if (strcmp(arg, "--hugepage") == 0 || strcmp(arg, "--nohugepage") == 0) {
            enum mode m = arg[2] == 'h' ? MODE_HUGEPAGE : MODE_NOHUGEPAGE;
            if (mode != MODE_DEFAULT && mode != m)
                bad_args("%s: --hugepage and --nohugepage are mutually exclusive", arg);
            mode = m;
        } else if (strcmp(arg, "--size") == 0 || strncmp(arg, "--size=", 7) == 0) {
            const char *val;
            if (arg[6] == '=') {
                val = arg + 7;
            } else {
                if (a + 1 >= argc)
                    bad_args("%s needs a value", arg);
                val = argv[++a];
            }
            size = parse_size(val);
            if (size == 0 || size % STRIDE != 0)
                bad_args("bad --size '%s': want a positive multiple of 4096, e.g. 3G or 512M",
                         val);
        } else if (strcmp(arg, "--json") == 0) {
            json = 1;
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            bad_args("unknown argument '%s'", arg);
        }
    }
    mode_name = mode == MODE_HUGEPAGE ? "hugepage" : mode == MODE_NOHUGEPAGE ? "nohugepage" : "default";

    /* Over-allocate by 2 MiB, then trim the head and tail to get a 2 MiB aligned region. */
    maplen = size + ALIGN_2M;
    raw = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        die_errno("mmap");
    base = (uintptr_t)raw;
    aligned = (base + ALIGN_2M - 1) & ~(uintptr_t)(ALIGN_2M - 1);
    head = aligned - base;
    tail = maplen - head - size;
    if (head != 0 && munmap(raw, head) != 0)
        die_errno("munmap (head)");
    if (tail != 0 && munmap((void *)(aligned + size), tail) != 0)
        die_errno("munmap (tail)");
    p = (unsigned char *)aligned;

    if (mode == MODE_HUGEPAGE && madvise(p, size, MADV_HUGEPAGE) != 0)
        die_errno("madvise(MADV_HUGEPAGE)");
    if (mode == MODE_NOHUGEPAGE && madvise(p, size, MADV_NOHUGEPAGE) != 0)
        die_errno("madvise(MADV_NOHUGEPAGE)");

    fault_alloc0 = vmstat_value("thp_fault_alloc");
    fallback0 = vmstat_value("thp_fault_fallback");

    for (int ph = 0; ph < 3; ph++) {
        clobber_memory(p);
        t0 = now_ns();
        memset(p, ph + 1, size);
        clobber_memory(p);
        us[ph] = (now_ns() - t0) / 1000;
    }
    for (int ph = 3; ph < 5; ph++) {
        volatile unsigned char *v = p;
        volatile unsigned char *const vend = p + size;

        t0 = now_ns();
        for (; v < vend; v += STRIDE)
            *v = 0;
        us[ph] = (now_ns() - t0) / 1000;
    }

    fault_alloc1 = vmstat_value("thp_fault_alloc");
    fallback1 = vmstat_value("thp_fault_fallback");
    read_smaps(aligned, aligned + size, &sm);

    /* Observe every page: byte 0 was last written by the stride loops (0), the last
     * byte of each 4 KiB by the third memset (3). */
    {
        const volatile unsigned char *v = p;
        for (i = 0; i < size; i += STRIDE)
            checksum += (unsigned long long)v[i] + v[i + STRIDE - 1];
    }
    expected = 3ull * (size / STRIDE);
    fprintf(stderr, "%s: checksum %llu (expected %llu)%s\n", progname, checksum, expected,
            checksum == expected ? "" : " MISMATCH");

    if (json) {
        printf("{\"program\":\"largepages3\",\"mode\":\"%s\",\"size\":%zu,"
               "\"region\":\"0x%" PRIxPTR "-0x%" PRIxPTR "\",\"phases\":[",
               mode_name, size, aligned, aligned + size);
        for (int ph = 0; ph < NPHASES; ph++)
            printf("%s{\"name\":\"%s\",\"us\":%" PRId64 "}", ph ? "," : "", phase_names[ph],
                   us[ph]);
        printf("],\"smaps\":{\"vmas\":%d,\"vma\":\"0x%" PRIxPTR "-0x%" PRIxPTR "\","
               "\"AnonHugePages_kB\":%lld,\"Rss_kB\":%lld},"
               "\"vmstat\":{\"thp_fault_alloc\":%lld,\"thp_fault_fallback\":%lld},"
               "\"checksum\":%llu,\"checksum_ok\":%s}\n",
               sm.vmas, sm.vma_start, sm.vma_end, sm.anon_huge_kb, sm.rss_kb,
               delta(fault_alloc0, fault_alloc1), delta(fallback0, fallback1), checksum,
               checksum == expected ? "true" : "false");
    } else {
        printf("# largepages3 mode=%s size=%zu region=0x%" PRIxPTR "-0x%" PRIxPTR "\n",
               mode_name, size, aligned, aligned + size);
        for (int ph = 0; ph < NPHASES; ph++)
            printf("PHASE %s\t%" PRId64 "\n", phase_names[ph], us[ph]);
        printf("SMAPS AnonHugePages_kB\t%lld\n", sm.anon_huge_kb);
        printf("SMAPS Rss_kB\t%lld\n", sm.rss_kb);
        printf("SMAPS vmas\t%d\n", sm.vmas);
        printf("VMSTAT thp_fault_alloc\t%lld\n", delta(fault_alloc0, fault_alloc1));
        printf("VMSTAT thp_fault_fallback\t%lld\n", delta(fallback0, fallback1));
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: error writing output\n", progname);
        return 1;
    }
    if (munmap(p, size) != 0)
        die_errno("munmap");
    return checksum == expected ? 0 : 1;
}
