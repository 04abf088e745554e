/*
 * vibedom-init: the one small static helper of the namespace runtime.
 *
 * Decision (for the lead): the in-sandbox init and the network forwarder are a static C
 * binary, not socat/sh/.NET. It needs nothing from the sandbox's root (it is bind-mounted
 * read-only at /run/vibedom/vibedom-init and works the same inside a Docker image), starts
 * in well under a millisecond, and has its listening socket bound before the agent is
 * forked, so there is no readiness poll. The same binary does the host-side steps that
 * must happen between fork and exec (a private mount namespace with the overlay, the
 * detached supervisor, entering a running sandbox), which .NET cannot do safely.
 *
 *   vibedom-init overlay [--rootless] [--status FILE] [--cgroup DIR]... LOWER UPPER WORK TARGET -- BWRAP ARGS...
 *       host: join each cgroup DIR first (the session's limits hold before anything of the
 *       agent runs; a cgroup that cannot be joined fails the start), then a new private mount namespace (rootless: also a user namespace mapping the
 *       caller to root), mount an overlay of LOWER (+UPPER, WORK) on TARGET, run BWRAP
 *       and exit with its status. When the sandbox never started
 *       (namespace, mount or bwrap setup failure), write the reason to FILE and exit 125.
 *   vibedom-init supervise STATEDIR -- PROG ARGS...
 *       host: print the supervisor's pid and return at once; the supervisor (own session,
 *       stdin /dev/null, output to STATEDIR/output.log) runs PROG, forwards SIGTERM/SIGHUP
 *       to it and writes its exit status to STATEDIR/exit-code.
 *   vibedom-init enter [--new-session] [--cgroup DIR]... PID UID GID DIR ENVFILE -- CMD ARGS...
 *       host: join each cgroup DIR (the session's limits), then every namespace of PID (owning user ns first), drop every capability, set
 *       no_new_privs, become UID:GID, then run CMD in DIR with the NUL-separated ENVFILE
 *       (--new-session: setsid first, when CMD shares vibedom's terminal: no TIOCSTI).
 *   vibedom-init run [--nproc N] [--forward IP:PORT=SOCKET] -- CMD ARGS...
 *       sandbox: optional RLIMIT_NPROC (when no cgroup bounds the processes), optional TCP->Unix-socket forwarder, fork+exec CMD, ignore SIGINT,
 *       reap, exit with CMD's status (127 + one line when CMD is not found).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/nsfs.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

static void die(const char *what) {
    fprintf(stderr, "vibedom: %s: %s\n", what, strerror(errno));
    _exit(125);
}

static void usage(void) {
    fprintf(stderr, "vibedom-init: bad arguments (internal helper of vibedom)\n");
    _exit(125);
}

static int status_code(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 1;
}

/* exec CMD; on failure print what a shell prints and exit 127/126 */
static void exec_command(char **argv) {
    execvp(argv[0], argv);
    int e = errno;
    if (e == ENOENT || e == ENOTDIR) {
        fprintf(stderr, "vibedom: %s: command not found\n", argv[0]);
        _exit(127);
    }
    fprintf(stderr, "vibedom: %s: %s\n", argv[0], strerror(e));
    _exit(126);
}

/* no descriptor but stdio crosses into (or out of) a sandbox: an inherited directory handle would
   let a process walk out of its mount namespace */
static void close_inherited(void) {
    if (syscall(SYS_close_range, 3U, ~0U, 0U) < 0) {
        for (int fd = 3; fd < 65536; fd++) close(fd);
    }
}

static char **after_dashes(int argc, char **argv, int from) {
    for (int i = from; i < argc; i++)
        if (strcmp(argv[i], "--") == 0) return (i + 1 < argc) ? &argv[i + 1] : NULL;
    return NULL;
}

/* ---------------- seccomp ---------------- */
/* Defence in depth under the namespaces and the dropped capabilities: refuse (EPERM) the kernel
   interfaces an agent never needs and exploits love: keyrings, bpf, perf, userfaultfd, module
   and kexec loading, handle-based opens, raw I/O ports, and terminal injection ioctls. Foreign
   syscall ABIs (x32, i386 on x86_64) are refused outright. */
#if defined(__x86_64__)
#define VIBEDOM_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define VIBEDOM_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

static const int denied_syscalls[] = {
    SYS_keyctl, SYS_add_key, SYS_request_key, SYS_bpf, SYS_perf_event_open, SYS_userfaultfd,
    SYS_init_module, SYS_finit_module, SYS_delete_module, SYS_kexec_load,
#ifdef SYS_kexec_file_load
    SYS_kexec_file_load,
#endif
    SYS_open_by_handle_at, SYS_swapon, SYS_swapoff, SYS_reboot, SYS_syslog,
    SYS_acct, SYS_quotactl, SYS_lookup_dcookie,
#ifdef SYS_iopl
    SYS_iopl, SYS_ioperm,
#endif
};

static void install_seccomp(void) {
#ifdef VIBEDOM_AUDIT_ARCH
    struct sock_filter f[128];
    unsigned n = 0, count = sizeof denied_syscalls / sizeof denied_syscalls[0];
#define ADD(code, k, jt, jf) (f[n++] = (struct sock_filter)BPF_JUMP(code, k, jt, jf))
    ADD(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch), 0, 0);
    ADD(BPF_JMP | BPF_JEQ | BPF_K, VIBEDOM_AUDIT_ARCH, 1, 0);
    ADD(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS, 0, 0);
    ADD(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr), 0, 0);
#if defined(__x86_64__)
    ADD(BPF_JMP | BPF_JGE | BPF_K, 0x40000000U, 0, 1); /* x32 ABI */
    ADD(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM, 0, 0);
#endif
    for (unsigned i = 0; i < count; i++) {
        ADD(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)denied_syscalls[i], 0, 1);
        ADD(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM, 0, 0);
    }
    ADD(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 1, 0);
    ADD(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
    ADD(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1]), 0, 0);
    ADD(BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI, 2, 0);
    ADD(BPF_JMP | BPF_JEQ | BPF_K, TIOCLINUX, 1, 0);
    ADD(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
    ADD(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM, 0, 0);
#undef ADD
    struct sock_fprog prog = {.len = (unsigned short)n, .filter = f};
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0) die("seccomp");
#endif
}

/* ---------------- overlay ---------------- */
#define READY_FD 3
#define READY_FD_TEXT "3"
static volatile sig_atomic_t child_pid;
static void forward_signal(int sig) { if (child_pid > 0) kill(child_pid, sig); }

static const char *status_file;

/* the sandbox could not start: say why on stderr and in the status file vibedom reads, exit 125 */
static void fail_start(const char *what, int err) {
    char line[1024];
    if (err) snprintf(line, sizeof line, "%s: %s", what, strerror(err));
    else snprintf(line, sizeof line, "%s", what);
    fprintf(stderr, "vibedom: %s\n", line);
    if (status_file) {
        int fd = open(status_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd >= 0) { dprintf(fd, "%s\n", line); close(fd); }
    }
    _exit(125);
}

static void write_map(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, text, strlen(text)) < 0) fail_start(path, errno);
    close(fd);
}

/* moves this process (and so everything it forks) into each cgroup DIR: v2 and v1 cgroup.procs, else v1 tasks */
static void join_cgroups(char **dirs, int count) {
    char path[4096], pid[32];
    int len = snprintf(pid, sizeof pid, "%d\n", (int)getpid());
    for (int k = 0; k < count; k++) {
        int fd = -1;
        const char *files[] = {"cgroup.procs", "tasks"};
        for (int f = 0; f < 2 && fd < 0; f++) {
            snprintf(path, sizeof path, "%s/%s", dirs[k], files[f]);
            fd = open(path, O_WRONLY | O_CLOEXEC);
        }
        if (fd < 0 || write(fd, pid, (size_t)len) != len) {
            int e = errno;
            snprintf(path, sizeof path, "cannot join the session's cgroup %s (its resource limits)", dirs[k]);
            fail_start(path, e);
        }
        close(fd);
    }
}

#define MAX_CGROUPS 16
static int cmd_overlay(int argc, char **argv) {
    int i = 2, rootless = 0, ncg = 0;
    char *cgroups[MAX_CGROUPS];
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--rootless") == 0) rootless = 1;
        else if (strcmp(argv[i], "--status") == 0 && i + 1 < argc) status_file = argv[++i];
        else if (strcmp(argv[i], "--cgroup") == 0 && i + 1 < argc && ncg < MAX_CGROUPS) cgroups[ncg++] = argv[++i];
        else break;
    }
    if (argc - i < 5) usage();
    join_cgroups(cgroups, ncg);
    const char *lower = argv[i], *upper = argv[i + 1], *work = argv[i + 2], *target = argv[i + 3];
    char **prog = after_dashes(argc, argv, i + 4);
    if (!prog) usage();

    pid_t cli = getppid();
    uid_t uid = getuid();
    gid_t gid = getgid();
    if (unshare(CLONE_NEWNS | (rootless ? CLONE_NEWUSER : 0)) < 0)
        fail_start(rootless ? "cannot create a user namespace (see 'vibedom doctor')" : "cannot create a mount namespace", errno);
    if (rootless) {
        char map[64];
        write_map("/proc/self/setgroups", "deny");
        snprintf(map, sizeof map, "0 %u 1\n", (unsigned)uid);
        write_map("/proc/self/uid_map", map);
        snprintf(map, sizeof map, "0 %u 1\n", (unsigned)gid);
        write_map("/proc/self/gid_map", map);
    }
    /* die with vibedom (set after the credential change of the user namespace, which clears it) */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != cli) _exit(125);
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) fail_start("cannot make mounts private", errno);
    char opts[8192];
    int n = snprintf(opts, sizeof opts, "lowerdir=%s,upperdir=%s,workdir=%s%s", lower, upper, work,
                     rootless ? ",userxattr" : "");
    if (n < 0 || (size_t)n >= sizeof opts) fail_start("overlay paths too long", ENAMETOOLONG);
    if (mount("overlay", target, "overlay", MS_NODEV | MS_NOSUID, opts) < 0)
        fail_start("cannot mount the workspace overlay (is the session folder on a file system overlayfs accepts as upper layer?)", errno);

    /* "ready" pipe: the sandbox's init (run) writes one byte once it runs, so a bwrap that exits
       without it failed to build the sandbox (its own message is on stderr). bwrap hands
       inherited descriptors to the sandbox; run closes it before anything else starts. */
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) < 0) fail_start("pipe", errno);

    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    pid_t bwrap = fork();
    if (bwrap < 0) fail_start("fork", errno);
    if (bwrap == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        if (dup2(ready[1], READY_FD) < 0) _exit(125); /* dup2 clears close-on-exec on the copy */
        setenv("VIBEDOM_READY_FD", READY_FD_TEXT, 1);
        execvp(prog[0], prog);
        fprintf(stderr, "vibedom: %s: %s\n", prog[0], strerror(errno));
        _exit(127);
    }
    close(ready[1]);
    child_pid = bwrap;
    struct sigaction sa = {0};
    sa.sa_handler = forward_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    char byte;
    ssize_t got;
    while ((got = read(ready[0], &byte, 1)) < 0 && errno == EINTR) {}
    int started = got == 1;
    close(ready[0]);
    int st = 0;
    while (waitpid(bwrap, &st, 0) < 0)
        if (errno != EINTR) fail_start("wait", errno);
    if (!started) {
        char why[128];
        snprintf(why, sizeof why, "bubblewrap could not build the sandbox (exit status %d)", status_code(st));
        fail_start(why, 0);
    }
    return status_code(st);
}

/* ---------------- supervise ---------------- */

static int cmd_supervise(int argc, char **argv) {
    if (argc < 4) usage();
    const char *dir = argv[2];
    char **prog = after_dashes(argc, argv, 3);
    if (!prog) usage();
    char path[4096], tmp[4096];

    pid_t sup = fork();
    if (sup < 0) die("fork");
    if (sup > 0) { printf("%d\n", (int)sup); fflush(stdout); _exit(0); }

    setsid();
    snprintf(path, sizeof path, "%s/output.log", dir);
    int out = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (out < 0 || null < 0) _exit(125);
    dup2(null, 0); dup2(out, 1); dup2(out, 2);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    struct sigaction sa = {0};
    sa.sa_handler = forward_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    pid_t child = fork();
    if (child < 0) _exit(125);
    if (child == 0) {
        signal(SIGINT, SIG_DFL); signal(SIGQUIT, SIG_DFL);
        signal(SIGTERM, SIG_DFL); signal(SIGHUP, SIG_DFL);
        execvp(prog[0], prog);
        fprintf(stderr, "vibedom: %s: %s\n", prog[0], strerror(errno));
        _exit(125);
    }
    child_pid = child;
    int status = 0, code = 1;
    for (;;) {
        pid_t p = waitpid(-1, &status, 0);
        if (p == child) { code = status_code(status); child_pid = 0; }
        if (p < 0 && errno == ECHILD) break;
    }
    snprintf(tmp, sizeof tmp, "%s/exit-code.tmp", dir);
    snprintf(path, sizeof path, "%s/exit-code", dir);
    FILE *f = fopen(tmp, "w");
    if (f) { fprintf(f, "%d\n", code); fclose(f); rename(tmp, path); }
    _exit(0);
}

/* ---------------- enter ---------------- */
static const char *const ns_order[] = {"cgroup", "ipc", "uts", "net", "pid", "mnt", "user"};

static int cmd_enter(int argc, char **argv) {
    int a = 2, new_session = 0, ncg = 0;
    char *cgroups[MAX_CGROUPS];
    for (;;) {
        if (a < argc && strcmp(argv[a], "--new-session") == 0) { new_session = 1; a++; }
        else if (a + 1 < argc && strcmp(argv[a], "--cgroup") == 0 && ncg < MAX_CGROUPS) { cgroups[ncg++] = argv[a + 1]; a += 2; }
        else break;
    }
    if (argc - a < 7) usage();
    join_cgroups(cgroups, ncg); /* the session's limits hold for exec'd commands too */
    int target = atoi(argv[a]);
    uid_t uid = (uid_t)strtoul(argv[a + 1], NULL, 10);
    gid_t gid = (gid_t)strtoul(argv[a + 2], NULL, 10);
    const char *dir = argv[a + 3], *envfile = argv[a + 4];
    char **cmd = after_dashes(argc, argv, a + 5);
    if (!cmd || target <= 0) usage();

    /* environment: NUL-separated NAME=VALUE */
    static char envbuf[1 << 16];
    char *envp[512];
    int ne = 0;
    int efd = open(envfile, O_RDONLY | O_CLOEXEC);
    if (efd < 0) die(envfile);
    ssize_t len = read(efd, envbuf, sizeof envbuf - 1);
    close(efd);
    if (len < 0) die(envfile);
    envbuf[len] = 0;
    for (char *p = envbuf; p < envbuf + len && ne < 511; p += strlen(p) + 1)
        if (*p) envp[ne++] = p;
    envp[ne] = NULL;

    int fds[7];
    char path[64];
    for (int i = 0; i < 7; i++) {
        snprintf(path, sizeof path, "/proc/%d/ns/%s", target, ns_order[i]);
        fds[i] = open(path, O_RDONLY | O_CLOEXEC);
        if (fds[i] < 0) die(path);
    }
    /* the root and cwd of the target, opened before we move */
    snprintf(path, sizeof path, "/proc/%d/root", target);
    int rootfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0) die(path);
    /* Join the user namespace that owns the sandbox's other namespaces first (so an ordinary
       user gains the capabilities setns needs), then those namespaces, then the sandbox's own
       user namespace if bwrap nested one more (--disable-userns). */
    int owner = ioctl(fds[5], NS_GET_USERNS);
    if (owner < 0) die("find the sandbox's user namespace");
    struct stat owner_st, user_st;
    if (fstat(owner, &owner_st) < 0 || fstat(fds[6], &user_st) < 0) die("stat namespace");
    if (setns(owner, CLONE_NEWUSER) < 0) die("join the sandbox's user namespace");
    close(owner);
    for (int i = 0; i < 7; i++) {
        if (i == 6 && owner_st.st_ino == user_st.st_ino && owner_st.st_dev == user_st.st_dev) { close(fds[i]); continue; }
        if (setns(fds[i], 0) < 0) { fprintf(stderr, "vibedom: cannot join the sandbox's %s namespace: %s\n", ns_order[i], strerror(errno)); _exit(125); }
        close(fds[i]);
    }
    if (fchdir(rootfd) < 0 || chroot(".") < 0) die("enter sandbox root");
    close(rootfd);

    /* drop every capability: bounding set, ambient, then the rest with the uid change */
    for (int c = 0; c <= 63; c++) prctl(PR_CAPBSET_DROP, c, 0, 0, 0);
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    if (setgroups(0, NULL) < 0 && errno != EPERM) die("setgroups");
    if (setresgid(gid, gid, gid) < 0) die("setresgid");
    if (setresuid(uid, uid, uid) < 0) die("setresuid");
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capset, &hdr, data) < 0) die("capset");
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) die("no_new_privs");
    /* die with vibedom (set after the credential changes, which clear it) */
    pid_t cli = getppid();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != cli) _exit(125);

    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    pid_t child = fork(); /* the child is the first to live in the pid namespace */
    if (child < 0) die("fork");
    if (child == 0) {
        signal(SIGINT, SIG_DFL); signal(SIGQUIT, SIG_DFL);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (new_session) setsid();
        if (chdir(dir) < 0 && chdir("/") < 0) _exit(125);
        install_seccomp();
        environ = envp;
        exec_command(cmd);
    }
    int status;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR) die("wait");
    return status_code(status);
}

/* ---------------- run (inside the sandbox) ---------------- */
static void relay(int a, int b) {
    char buf[65536];
    struct pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    int open_dirs = 2;
    while (open_dirs > 0) {
        if (poll(p, 2, -1) < 0) { if (errno == EINTR) continue; break; }
        for (int i = 0; i < 2; i++) {
            if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            int from = p[i].fd, to = (i == 0) ? b : a;
            ssize_t n = read(from, buf, sizeof buf);
            if (n <= 0) { shutdown(to, SHUT_WR); p[i].fd = -1; open_dirs--; continue; }
            for (ssize_t off = 0; off < n;) {
                ssize_t w = write(to, buf + off, (size_t)(n - off));
                if (w <= 0) _exit(0);
                off += w;
            }
        }
    }
    _exit(0);
}

static void forwarder(int listener, const char *sock) {
    signal(SIGCHLD, SIG_IGN); /* connection handlers reap themselves */
    for (;;) {
        int c = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (c < 0) { if (errno == EINTR || errno == ECONNABORTED) continue; _exit(1); }
        pid_t h = fork();
        if (h == 0) {
            close(listener);
            int u = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            struct sockaddr_un addr = {.sun_family = AF_UNIX};
            strncpy(addr.sun_path, sock, sizeof addr.sun_path - 1);
            if (u < 0 || connect(u, (struct sockaddr *)&addr, sizeof addr) < 0) _exit(0); /* no proxy: no network */
            relay(c, u);
        }
        close(c);
    }
}

/* without a cgroup: at most N processes of the sandbox's user. Since Linux 5.14 RLIMIT_NPROC counts per
   user namespace, so this bounds the sandbox alone; the hard limit too, and no capability raises it back */
static void limit_processes(const char *n) {
    char *end;
    unsigned long v = strtoul(n, &end, 10);
    struct rlimit r = {v, v};
    if (*end || v == 0 || setrlimit(RLIMIT_NPROC, &r) < 0) die("process limit");
}

static int cmd_run(int argc, char **argv) {
    const char *forward = NULL, *nproc = NULL;
    int i = 2;
    for (;;) {
        if (i + 1 < argc && strcmp(argv[i], "--forward") == 0) { forward = argv[i + 1]; i += 2; }
        else if (i + 1 < argc && strcmp(argv[i], "--nproc") == 0) { nproc = argv[i + 1]; i += 2; }
        else break;
    }
    char **cmd = after_dashes(argc, argv, i);
    if (!cmd) usage();
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);

    /* tell the host helper the sandbox is up, then keep no descriptor but stdio */
    const char *ready = getenv("VIBEDOM_READY_FD");
    if (ready && strcmp(ready, READY_FD_TEXT) == 0) {
        ssize_t w = write(READY_FD, "1", 1);
        (void)w;
    }
    unsetenv("VIBEDOM_READY_FD");
    close_inherited();
    install_seccomp();

    pid_t fwd = -1;
    if (forward) {
        /* IP:PORT=SOCKET ; the socket is listening before the agent starts */
        char spec[4096];
        snprintf(spec, sizeof spec, "%s", forward);
        char *eq = strchr(spec, '='), *colon = strrchr(spec, ':');
        if (!eq || !colon || colon > eq) usage();
        *eq = 0; *colon = 0;
        struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(colon + 1))};
        if (inet_pton(AF_INET, spec, &sin.sin_addr) != 1) usage();
        int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
        setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (l < 0 || bind(l, (struct sockaddr *)&sin, sizeof sin) < 0 || listen(l, 128) < 0) die("proxy forwarder");
        fwd = fork();
        if (fwd < 0) die("fork");
        if (fwd == 0) { prctl(PR_SET_PDEATHSIG, SIGKILL); forwarder(l, eq + 1); }
        close(l);
    }

    if (nproc) limit_processes(nproc);
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    pid_t agent = fork();
    if (agent < 0) die("fork");
    if (agent == 0) {
        signal(SIGINT, SIG_DFL); signal(SIGQUIT, SIG_DFL); signal(SIGTSTP, SIG_DFL);
        exec_command(cmd);
    }
    struct sigaction sa = {0};
    child_pid = agent;
    sa.sa_handler = forward_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    int status, code = 1;
    for (;;) {
        pid_t p = waitpid(-1, &status, 0);
        if (p == agent) { code = status_code(status); break; }
        if (p < 0 && errno != EINTR) break;
    }
    if (fwd > 0) kill(fwd, SIGKILL);
    return code;
}

int main(int argc, char **argv) {
    if (argc < 2) usage();
    if (strcmp(argv[1], "run") != 0) close_inherited();
    if (strcmp(argv[1], "run") == 0) return cmd_run(argc, argv);
    if (strcmp(argv[1], "overlay") == 0) return cmd_overlay(argc, argv);
    if (strcmp(argv[1], "supervise") == 0) return cmd_supervise(argc, argv);
    if (strcmp(argv[1], "enter") == 0) return cmd_enter(argc, argv);
    usage();
    return 125;
}
