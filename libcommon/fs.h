/*
 * fs.h - file and path helpers.  Functions return 0 / -1 with errno set and
 * report nothing themselves, unless their comment says otherwise.
 */
#ifndef MYC_FS_H
#define MYC_FS_H

#include "common.h"

#include <sys/stat.h>

struct strbuf;

/* Create dir and its missing parents with mode (like mkdir -p). */
int mkdir_p(const char *dir, mode_t mode);

/*
 * Write len bytes to path atomically: to a temporary file in the same
 * directory, fsync'ed, chmod'ed to mode, then renamed over path.  The old
 * file stays untouched on any failure.  Parent directories must exist.
 */
int write_file_atomic(const char *path, const void *data, size_t len,
		      mode_t mode);

/* Mark fd close-on-exec (portable where pipe2/SOCK_CLOEXEC are not). */
int set_cloexec(int fd);

/* write(2) until done, retrying on EINTR. Returns 0 or -1. */
int write_all(int fd, const void *data, size_t len);

bool file_exists(const char *path);
bool is_dir(const char *path);
bool is_executable(const char *path);

/* "a" + "/" + "b", without doubling the slash. Caller frees. */
char *path_join(const char *a, const char *b);
/* Last component: a pointer into path (a trailing slash is kept). */
const char *path_basename(const char *path);
/* Everything before the last component, "." if none. Caller frees. */
char *path_dirname(const char *path);
/* Absolute, symlink-resolved path; NULL if it does not exist. Caller frees. */
char *path_real(const char *path);
/* Absolute form of path against the current directory, lexically. */
char *path_absolute(const char *path);

/* Remove path recursively (like rm -rf); a missing path is not an error. */
int remove_tree(const char *path);

/*
 * Call fn for each entry of dir (not "." or ".."), in name order.  Stops and
 * returns fn's value when it is non-zero.  -1 if dir can't be read.
 */
int for_each_dir_entry(const char *dir,
		       int (*fn)(const char *name, void *ctx), void *ctx);

/* Copy a file's bytes to fd. */
int copy_file_to_fd(const char *path, int fd);

/* The path of the running executable (from /proc/self/exe or argv0). */
char *self_exe_path(const char *argv0);

/*
 * Find an executable prog in path (a colon-separated list; NULL means $PATH),
 * or prog itself if it has a slash.  NULL if not found.  Caller frees.
 */
char *find_in_path(const char *prog, const char *path);

#endif
