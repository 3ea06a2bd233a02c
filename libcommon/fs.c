/* fs.c - file and path helpers. */
#include "fs.h"
#include "strbuf.h"
#include "strvec.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

int mkdir_p(const char *dir, mode_t mode)
{
	char *p, *copy;
	size_t len;

	if (!*dir) {
		errno = ENOENT;
		return -1;
	}
	if (is_dir(dir))
		return 0;
	copy = xstrdup(dir);
	len = strlen(copy);
	while (len > 1 && copy[len - 1] == '/')
		copy[--len] = '\0';
	for (p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, mode) < 0 && errno != EEXIST) {
			free(copy);
			return -1;
		}
		*p = '/';
	}
	if (mkdir(copy, mode) < 0 && errno != EEXIST) {
		free(copy);
		return -1;
	}
	free(copy);
	if (!is_dir(dir)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

int set_cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	if (flags < 0)
		return -1;
	return fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int write_file_atomic(const char *path, const void *data, size_t len,
		      mode_t mode)
{
	char *tmp = xstrfmt("%s.tmp.XXXXXX", path);
	int fd = mkostemp(tmp, O_CLOEXEC);
	int saved;

	if (fd < 0)
		goto fail_nofd;
	if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 ||
	    fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		fd = -1;
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
fail_nofd:
	free(tmp);
	return -1;
}

bool file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

char *path_join(const char *a, const char *b)
{
	size_t la = strlen(a);

	if (!la)
		return xstrdup(b);
	if (*b == '/' && a[la - 1] == '/')
		return xstrfmt("%s%s", a, b + 1);
	if (*b == '/' || a[la - 1] == '/')
		return xstrfmt("%s%s", a, b);
	return xstrfmt("%s/%s", a, b);
}

const char *path_basename(const char *path)
{
	const char *end = path + strlen(path), *p;

	while (end > path + 1 && end[-1] == '/')
		end--;
	for (p = end; p > path && p[-1] != '/'; p--)
		;
	/* only slashes: the root is the last component */
	if (p == end && end > path)
		return path + strlen(path) - 1;
	return p;
}

char *path_dirname(const char *path)
{
	const char *base = path_basename(path), *slash = base;

	if (base == path)
		return xstrdup(*path == '/' ? "/" : ".");
	while (slash > path && slash[-1] == '/')
		slash--;
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *path_real(const char *path)
{
	char *r = realpath(path, NULL);

	return r;
}

char *path_absolute(const char *path)
{
	char cwd[PATH_MAX];

	if (*path == '/')
		return xstrdup(path);
	if (!getcwd(cwd, sizeof(cwd)))
		die_errno("can't get the current directory");
	if (streq(path, "."))
		return xstrdup(cwd);
	if (starts_with(path, "./"))
		path += 2;
	return path_join(cwd, path);
}

static int remove_entry(const char *name, void *ctx)
{
	char *p = path_join(ctx, name);
	int r = remove_tree(p);

	free(p);
	return r;
}

int remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if (for_each_dir_entry(path, remove_entry, (void *)path) < 0)
		return -1;
	return rmdir(path);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int for_each_dir_entry(const char *dir,
		       int (*fn)(const char *name, void *ctx), void *ctx)
{
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	DIR *d = opendir(dir);
	size_t i;
	int r = 0;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (streq(de->d_name, ".") || streq(de->d_name, ".."))
			continue;
		strvec_push(&names, de->d_name);
	}
	closedir(d);
	qsort(names.v, names.nr, sizeof(*names.v), cmp_str);
	for (i = 0; i < names.nr && !r; i++)
		r = fn(names.v[i], ctx);
	strvec_clear(&names);
	return r;
}

int copy_file_to_fd(const char *path, int fd)
{
	char buf[65536];
	int in = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (in < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (write_all(fd, buf, (size_t)n) < 0) {
			n = -1;
			break;
		}
	}
	if (n < 0) {
		int saved = errno;
		close(in);
		errno = saved;
		return -1;
	}
	close(in);
	return 0;
}

char *self_exe_path(const char *argv0)
{
	char *p = path_real("/proc/self/exe");

	if (p)
		return p;
	if (argv0 && strchr(argv0, '/'))
		return path_absolute(argv0);
	if (argv0 && (p = find_in_path(argv0, NULL)))
		return p;
	return xstrdup(argv0 ? argv0 : "myc");
}

char *find_in_path(const char *prog, const char *path)
{
	const char *p, *colon;

	if (strchr(prog, '/'))
		return is_executable(prog) ? xstrdup(prog) : NULL;
	if (!path)
		path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; p = colon + 1) {
		char *dir, *cand;

		colon = strchr(p, ':');
		dir = colon ? xstrndup(p, (size_t)(colon - p)) : xstrdup(p);
		cand = path_join(*dir ? dir : ".", prog);
		free(dir);
		if (is_executable(cand))
			return cand;
		free(cand);
		if (!colon)
			break;
	}
	return NULL;
}
