/* posture.h - the security and speculation posture of one process, as its /proc/<pid>/status
 * states it: seccomp mode and filter count, no_new_privs, the Speculative Store Bypass and
 * indirect-branch controls the kernel applies to it, its effective capabilities.
 *
 * These decide whether a container's default seccomp filter also forces SSBD/STIBP on (before
 * Linux 5.16: docs/mechanisms.md), so each environment reads them back from inside, for the
 * benchmark process itself. Lines appear with kernel versions (Seccomp 3.8, NoNewPrivs 4.10,
 * Speculation_Store_Bypass 4.17, SpeculationIndirectBranch 5.1, Seccomp_filters 5.9): a line
 * that is absent is recorded as absent (-1 or ""), never as 0. */
#ifndef POSTURE_H
#define POSTURE_H

struct posture {
    int seccomp;         /* 0 off, 1 strict, 2 filter; -1 = line absent */
    int seccomp_filters; /* -1 = line absent (kernel < 5.9) */
    int no_new_privs;    /* 0/1; -1 = line absent */
    char ssb[64];        /* Speculation_Store_Bypass text ("thread force mitigated"); "" absent */
    char ib[64];         /* SpeculationIndirectBranch text ("conditional force disabled"); "" absent */
    unsigned long long cap_eff;
};

/* Docker's default capability set (moby's oci/caps/defaults.go): CHOWN, DAC_OVERRIDE, FOWNER,
 * FSETID, KILL, SETGID, SETUID, SETPCAP, NET_BIND_SERVICE, NET_RAW, SYS_CHROOT, MKNOD,
 * AUDIT_WRITE, SETFCAP: CapEff 00000000a80425fb inside a default container, what the
 * capabilities arm drops a host process to (repro-probe confine --caps). */
#define POSTURE_CAPS_DOCKER 0xa80425fbULL

/* Parses the text of /proc/<pid>/status. 0 ok; -1 when it is not a status file: no CapEff line
 * (present on every kernel that has the others), or a line above with a malformed value (a
 * number that is not one, a CapEff that is not hex, a text longer than 63 bytes). */
int posture_parse(const char *status_text, struct posture *out);
/* posture_parse of a file (/proc/self/status); -1 also when it cannot be read (errno set). */
int posture_read(const char *path, struct posture *out);

/* What a speculation line's text means, the same for Speculation_Store_Bypass and
 * SpeculationIndirectBranch (the kernel's words differ: fs/proc/array.c task_seccomp):
 *   ABSENT        ""                                  (kernel before the line existed)
 *   UNKNOWN       "unknown", "unsupported"            (no control: the CPU offers none)
 *   NOT_AFFECTED  "not vulnerable", "not affected"
 *   VULNERABLE    "vulnerable", "thread vulnerable", "always enabled", "conditional enabled"
 *   MITIGATED     "thread mitigated", "globally mitigated", "always disabled",
 *                 "conditional disabled"              (on, but the task may turn it off again)
 *   FORCED        "thread force mitigated", "conditional force disabled"
 *                 (forced on for this task: by prctl FORCE_DISABLE, or by a seccomp filter
 *                  under spec_store_bypass_disable=seccomp / spectre_v2_user=seccomp)
 * Any other text is OTHER: a newer kernel's word this parser does not know. */
enum posture_spec {
    POSTURE_SPEC_ABSENT,
    POSTURE_SPEC_UNKNOWN,
    POSTURE_SPEC_NOT_AFFECTED,
    POSTURE_SPEC_VULNERABLE,
    POSTURE_SPEC_MITIGATED,
    POSTURE_SPEC_FORCED,
    POSTURE_SPEC_OTHER
};
enum posture_spec posture_spec_class(const char *text);
/* "absent", "unknown", "not affected", "vulnerable", "mitigated", "forced", "other". */
const char *posture_spec_name(enum posture_spec s);

#endif
