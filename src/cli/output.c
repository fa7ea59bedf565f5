/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where a report goes. A report is rendered completely before anything is
 * written, then delivered:
 * - to standard output;
 * - to a new or regular file through an unnamed temporary file beside it
 *   (O_TMPFILE), linked into place only when complete, with the mode and
 *   owner of the file it replaces: a failed or killed run leaves neither a
 *   partial file nor a temporary one;
 * - through a symbolic link to its target (the link stays);
 * - into a file with other hard links, a FIFO or a terminal directly (they
 *   stay what they are); anything else is refused;
 * - CSV of a report with several tables: a directory of one file per
 *   table, <section>.<table>.csv, each delivered as above. */
#define _GNU_SOURCE /* O_TMPFILE, realpath(), linkat() */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef O_TMPFILE
#define O_TMPFILE 0
#endif

/* ---- rendering ---------------------------------------------------------------- */

typedef struct rendered {
    char *data;
    size_t size;
} rendered;

static int render(rendered *out, const cli_report *r, cli_format fmt, const cli_table *only)
{
    memset(out, 0, sizeof *out);
    FILE *f = open_memstream(&out->data, &out->size);
    if (!f) cli_oom();
    int err = fmt == CLI_FMT_TABLE ? cli_write_text(f, r, only)
            : fmt == CLI_FMT_CSV ? cli_write_csv(f, only)
            : fmt == CLI_FMT_JSON ? cli_write_json(f, r, only)
            : cli_write_html(f, r);
    if (fclose(f) != 0 && !err) err = errno ? errno : EIO;
    return err;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return w < 0 ? errno : EIO;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The content of a report in an open file: rendered bytes, or a workbook
 * written by libxlsxwriter through the file's /proc name. */
typedef struct content {
    const rendered *bytes;
    const cli_report *xlsx;
} content;

static int fill(int fd, const content *c)
{
    if (c->bytes) return write_all(fd, c->bytes->data, c->bytes->size);
    char name[64];
    snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
    return cli_write_xlsx(name, c->xlsx);
}

/* ---- delivery ------------------------------------------------------------------ */

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return cli_strdup(".");
    if (slash == path) return cli_strdup("/");
    return cli_fmt("%.*s", (int)(slash - path), path);
}

static const char *pending; /* a named temporary file, while one exists */

static void remove_pending(void)
{
    if (pending) unlink(pending);
}

/* The last step of a replacement, with the signals a person sends
 * blocked: between linkat() and rename() the file has a temporary name. */
static int publish(int fd, const char *path, bool replace)
{
    char proc[64], *dir = dir_of(path);
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    int err = 0;
    if (!replace) {
        err = linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 ? 0 : errno;
        free(dir);
        return err;
    }
    sigset_t block, old;
    sigemptyset(&block);
    int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};
    for (size_t k = 0; k < sizeof sigs / sizeof *sigs; k++) sigaddset(&block, sigs[k]);
    sigprocmask(SIG_BLOCK, &block, &old);
    char *tmp = NULL;
    for (unsigned k = 0; !tmp && k < 100; k++) {
        tmp = cli_fmt("%s/.%s.fpa%ld.%u", dir, strrchr(path, '/') ? strrchr(path, '/') + 1
                      : path, (long)getpid(), k);
        if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) != 0) {
            err = errno;
            free(tmp);
            tmp = NULL;
            if (err != EEXIST) break;
        } else {
            err = 0;
        }
    }
    if (tmp) {
        pending = tmp;
        if (rename(tmp, path) != 0) {
            err = errno;
            unlink(tmp);
        }
        pending = NULL;
        free(tmp);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    free(dir);
    return err;
}

/* Replace (or create) a regular file: an unnamed file beside it, filled,
 * given the old file's mode and owner, then linked into place. Without
 * O_TMPFILE (some file systems): a named one, removed on failure. */
static int replace_regular(const char *path, const struct stat *old, const content *c)
{
    char *dir = dir_of(path);
    int fd = O_TMPFILE ? open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0666) : -1;
    char *named = NULL;
    if (fd < 0) {
        static bool registered;
        if (!registered) registered = atexit(remove_pending) == 0;
        named = cli_fmt("%s.XXXXXX", path);
        fd = mkstemp(named);
        if (fd >= 0) {
            pending = named;
            mode_t mask = umask(0);
            umask(mask);
            fchmod(fd, 0666 & ~mask);
        }
    }
    free(dir);
    if (fd < 0) {
        int err = errno;
        free(named);
        return err;
    }
    if (old) {
        fchmod(fd, old->st_mode & 07777);
        if (fchown(fd, old->st_uid, old->st_gid) != 0) { /* not ours to give: keep ours */ }
    }
    int err = fill(fd, c);
    if (!err && named) err = rename(named, path) == 0 ? 0 : errno;
    else if (!err) err = publish(fd, path, old != NULL);
    if (named) {
        if (err) unlink(named);
        pending = NULL;
        free(named);
    }
    if (close(fd) != 0 && !err) err = errno;
    return err;
}

/* Into the file itself: a FIFO, a terminal, a file with other links. */
static int write_through(const char *path, bool truncate, const content *c)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC | (truncate ? O_TRUNC : 0));
    if (fd < 0) return errno;
    int err = fill(fd, c);
    if (close(fd) != 0 && !err) err = errno;
    return err;
}

static int deliver(const char *path, const content *c)
{
    struct stat st;
    char *real = NULL;
    int err;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        real = realpath(path, NULL);
        if (!real) return cli_fail_at(CLI_EOUTPUT, path, 0, 0, "a symbolic link to nowhere: "
                                      "%s", strerror(errno));
        path = real;
    }
    if (lstat(path, &st) != 0) {
        err = errno == ENOENT ? replace_regular(path, NULL, c) : errno;
    } else if (S_ISREG(st.st_mode)) {
        err = st.st_nlink > 1 ? write_through(path, true, c) : replace_regular(path, &st, c);
    } else if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
        err = write_through(path, false, c);
    } else {
        err = -1;
    }
    int rc = 0;
    if (err < 0)
        rc = cli_fail_at(CLI_EOUTPUT, path, 0, 0, "%s: not replaced", S_ISDIR(st.st_mode)
                         ? "a directory" : "not a regular file, FIFO or terminal");
    else if (err)
        rc = cli_fail_at(CLI_EOUTPUT, path, 0, 0, "%s", strerror(err));
    free(real);
    return rc;
}

static int to_stdout(const content *c)
{
    if (!c->bytes && isatty(STDOUT_FILENO))
        return cli_fail(CLI_EUSAGE, "--format xlsx: a workbook is not for a terminal; give "
                        "--output FILE.xlsx");
    int err;
    fflush(stdout);
    if (c->bytes) {
        err = write_all(STDOUT_FILENO, c->bytes->data, c->bytes->size);
    } else { /* the workbook in an unnamed file first: libxlsxwriter seeks */
        FILE *tmp = tmpfile();
        err = tmp ? fill(fileno(tmp), c) : errno;
        rendered all = {0};
        if (!err) {
            long size = fseek(tmp, 0, SEEK_END) == 0 ? ftell(tmp) : -1;
            all.data = size >= 0 ? cli_alloc((size_t)size) : NULL;
            all.size = size >= 0 ? (size_t)size : 0;
            rewind(tmp);
            if (!all.data || fread(all.data, 1, all.size, tmp) != all.size) err = EIO;
            if (!err) err = write_all(STDOUT_FILENO, all.data, all.size);
            free(all.data);
        }
        if (tmp) fclose(tmp);
    }
    return err ? cli_fail(CLI_EOUTPUT, "standard output: %s", strerror(err)) : 0;
}

/* ---- the report -------------------------------------------------------------------- */

static bool for_machines(cli_format f) { return f != CLI_FMT_TABLE && f != CLI_FMT_HTML; }

static size_t table_list(char *list, size_t cap, const cli_report *r, bool machine)
{
    size_t len = 0, count = 0;
    list[0] = '\0';
    for (size_t s = 0; s < r->nsections; s++)
        for (size_t t = 0; t < r->section[s]->ntables; t++) {
            if (machine && (r->section[s]->table[t]->flags & CLI_HIDE_MACHINE)) continue;
            count++;
            if (len < cap)
                len += (size_t)snprintf(list + len, cap - len, "%s%s.%s", len ? ", " : "",
                                        r->section[s]->name, r->section[s]->table[t]->name);
        }
    return count;
}

static int find_table(const cli_table **out, const cli_report *r, const char *name, bool machine)
{
    size_t hits = 0;
    for (size_t s = 0; s < r->nsections; s++)
        for (size_t t = 0; t < r->section[s]->ntables; t++) {
            const cli_table *tab = r->section[s]->table[t];
            if (machine && (tab->flags & CLI_HIDE_MACHINE)) continue;
            char *full = cli_fmt("%s.%s", r->section[s]->name, tab->name);
            bool hit = name ? !strcmp(full, name) || !strcmp(tab->name, name) : true;
            free(full);
            if (hit && !hits++) *out = tab;
        }
    if (hits == 1) return 0;
    char list[2048];
    table_list(list, sizeof list, r, machine);
    if (!name) return cli_fail(CLI_EUSAGE, "this report has no table");
    return cli_fail(CLI_EUSAGE, "--table: %s \"%s\"; the tables are: %s",
                    hits > 1 ? "ambiguous name" : "no table", name, list);
}

/* CSV of every table: DIR/<section>.<table>.csv */
static int csv_directory(const cli_report *r, const char *dir)
{
    struct stat st;
    if (mkdir(dir, 0777) != 0 && (errno != EEXIST || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
        return cli_fail_at(CLI_EOUTPUT, dir, 0, 0, "not a directory for the CSV tables: %s",
                           errno == EEXIST ? strerror(ENOTDIR) : strerror(errno));
    int rc = 0;
    for (size_t s = 0; s < r->nsections && !rc; s++)
        for (size_t t = 0; t < r->section[s]->ntables && !rc; t++) {
            const cli_table *tab = r->section[s]->table[t];
            if (tab->flags & CLI_HIDE_MACHINE) continue;
            rendered b;
            int err = render(&b, r, CLI_FMT_CSV, tab);
            char *path = cli_fmt("%s/%s.%s.csv", dir, r->section[s]->name, tab->name);
            content c = {&b, NULL};
            rc = err ? cli_fail_at(CLI_EOUTPUT, path, 0, 0, "%s", strerror(err))
                     : deliver(path, &c);
            free(path);
            free(b.data);
        }
    return rc;
}

int cli_report_write(const cli_report *r, const cli_output *o)
{
    bool machine = for_machines(o->format), out = o->path && strcmp(o->path, "-") != 0;
    const cli_table *only = NULL;
    int rc = 0;
    if (o->table && (o->format == CLI_FMT_HTML || o->format == CLI_FMT_XLSX))
        return cli_fail(CLI_EUSAGE, "--table: the %s pack shows every table",
                        o->format == CLI_FMT_HTML ? "HTML" : "XLSX");
    if (o->table && (rc = find_table(&only, r, o->table, machine))) return rc;
    if (o->format == CLI_FMT_CSV && !only) {
        char list[2048];
        size_t n = table_list(list, sizeof list, r, true);
        if (n == 1) rc = find_table(&only, r, NULL, true);
        else if (out) return csv_directory(r, o->path);
        else
            return cli_fail(CLI_EUSAGE, "--format csv: this report has %zu tables; give "
                            "--table NAME for one, or --output DIR for a file each (%s)", n,
                            list);
        if (rc) return rc;
    }
    rendered b = {0};
    content c = {&b, NULL};
    if (o->format == CLI_FMT_XLSX) {
        c = (content){NULL, r};
    } else {
        int err = render(&b, r, o->format, only);
        if (err) {
            free(b.data);
            return cli_fail(CLI_EOUTPUT, "rendering the report: %s", strerror(err));
        }
    }
    rc = out ? deliver(o->path, &c) : to_stdout(&c);
    free(b.data);
    return rc;
}
