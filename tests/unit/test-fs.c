/* test-fs.c - directories, atomic writes, paths, tree removal, PATH lookup. */
#include "fs.h"
#include "strbuf.h"
#include "strvec.h"
#include "unit.h"

#include <fcntl.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/myc-test-fs.XXXXXX";

/* A path under the test's directory; caller frees. */
static char *tmp(const char *name)
{
	return path_join(tmpdir, name);
}

static char *slurp(const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_read_file(&sb, path) < 0)
		strbuf_addstr(&sb, "(unreadable)");
	return strbuf_detach(&sb, NULL);
}

static void touch(const char *path, const char *text, mode_t mode)
{
	if (write_file_atomic(path, text, strlen(text), mode) < 0)
		die_errno("can't write '%s'", path);
}

static void test_mkdir_p_creates_nested_directories(void)
{
	char *deep = tmp("m/a/b/c");
	char *slashes = tmp("m/x//y/");

	CHECK_INT(mkdir_p(deep, 0755), 0);
	CHECK(is_dir(deep));
	CHECK_INT(mkdir_p(deep, 0755), 0); /* existing is fine */
	CHECK_INT(mkdir_p(slashes, 0755), 0);
	CHECK(is_dir(slashes));
	CHECK_INT(mkdir_p("/", 0755), 0);
	CHECK_INT(mkdir_p(".", 0755), 0);
	free(deep);
	free(slashes);
}

static void test_mkdir_p_fails_when_a_file_is_in_the_way(void)
{
	char *file = tmp("m-file");
	char *below = tmp("m-file/sub/dir");
	char *s;

	touch(file, "x", 0644);
	errno = 0;
	CHECK_INT(mkdir_p(below, 0755), -1);
	CHECK(errno == ENOTDIR || errno == EEXIST);
	errno = 0;
	CHECK_INT(mkdir_p(file, 0755), -1);
	CHECK(errno == ENOTDIR || errno == EEXIST);
	CHECK_STR(s = slurp(file), "x");
	free(s);
	free(file);
	free(below);
}

static void test_mkdir_p_of_an_empty_path_fails(void)
{
	errno = 0;
	CHECK_INT(mkdir_p("", 0755), -1);
	CHECK_INT(errno, ENOENT);
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return (mode_t)-1;
	return st.st_mode & 07777;
}

static void test_write_file_atomic_writes_content_with_exact_mode(void)
{
	char *path = tmp("w");
	mode_t old_umask = umask(077);
	char *s;

	CHECK_INT(write_file_atomic(path, "secret\n", 7, 0600), 0);
	CHECK_STR(s = slurp(path), "secret\n");
	free(s);
	CHECK_INT(mode_of(path), 0600);
	/* the mode is exact, whatever the umask */
	CHECK_INT(write_file_atomic(path, "", 0, 0644), 0);
	CHECK_STR(s = slurp(path), "");
	free(s);
	CHECK_INT(mode_of(path), 0644);
	umask(old_umask);
	free(path);
}

static void test_write_file_atomic_replaces_by_rename(void)
{
	char *path = tmp("r");
	struct stat before, after;
	char *s;
	int fd;

	touch(path, "old", 0644);
	CHECK(stat(path, &before) == 0);
	/* a reader that opened the old file keeps seeing it */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0);
	CHECK_INT(write_file_atomic(path, "new content", 11, 0644), 0);
	CHECK(stat(path, &after) == 0);
	CHECK(before.st_ino != after.st_ino);
	CHECK_STR(s = slurp(path), "new content");
	free(s);
	if (fd >= 0) {
		struct strbuf sb = STRBUF_INIT;
		CHECK_INT(strbuf_read_fd(&sb, fd), 3);
		CHECK_STR(sb.buf, "old");
		strbuf_release(&sb);
		close(fd);
	}
	free(path);
}

static int count_temporary(const char *name, void *ctx)
{
	if (strstr(name, ".tmp."))
		(*(int *)ctx)++;
	return 0;
}

static void test_write_file_atomic_failure_leaves_the_old_file(void)
{
	char *dir = tmp("ro");
	char *path = tmp("ro/f");
	char *isdir = tmp("ro-target");
	int n = 0;
	char *s;

	CHECK_INT(mkdir_p(dir, 0755), 0);
	touch(path, "keep me", 0644);
	CHECK(chmod(dir, 0555) == 0);
	if (access(dir, W_OK) == 0) {
		/* root ignores permissions: use a rename that must fail */
		CHECK(chmod(dir, 0755) == 0);
		CHECK_INT(mkdir_p(isdir, 0755), 0);
		errno = 0;
		CHECK_INT(write_file_atomic(isdir, "x", 1, 0644), -1);
		CHECK(errno == EISDIR || errno == EEXIST || errno == ENOTEMPTY);
		CHECK(is_dir(isdir));
	} else {
		errno = 0;
		CHECK_INT(write_file_atomic(path, "new", 3, 0644), -1);
		CHECK_INT(errno, EACCES);
		CHECK(chmod(dir, 0755) == 0);
	}
	CHECK_STR(s = slurp(path), "keep me");
	free(s);
	/* and no temporary file is left behind */
	CHECK_INT(for_each_dir_entry(dir, count_temporary, &n), 0);
	CHECK_INT(for_each_dir_entry(tmpdir, count_temporary, &n), 0);
	CHECK_INT(n, 0);
	free(dir);
	free(path);
	free(isdir);
}

static void test_write_file_atomic_needs_the_parent_directory(void)
{
	char *path = tmp("no/such/dir/f");

	errno = 0;
	CHECK_INT(write_file_atomic(path, "x", 1, 0644), -1);
	CHECK_INT(errno, ENOENT);
	free(path);
}

static void check_join(const char *a, const char *b, const char *want)
{
	char *j = path_join(a, b);

	CHECK_STR(j, want);
	free(j);
}

static void test_path_join_puts_exactly_one_slash_between(void)
{
	check_join("a", "b", "a/b");
	check_join("a/", "b", "a/b");
	check_join("a", "/b", "a/b");
	check_join("a/", "/b", "a/b");
	check_join("/", "b", "/b");
	check_join("", "b", "b");
	check_join("/x/y", "z/w", "/x/y/z/w");
}

static void check_basename(const char *path, const char *want)
{
	const char *b = path_basename(path);

	CHECK_STR(b, want);
	CHECK(b >= path && b <= path + strlen(path));
}

static void test_path_basename_points_at_the_last_component(void)
{
	check_basename("a/b/c", "c");
	check_basename("c", "c");
	check_basename("/c", "c");
	check_basename("a/b/", "b/");
	check_basename("a/b//", "b//");
	check_basename("/", "/");
	check_basename("//", "/");
	check_basename("", "");
}

static void check_dirname(const char *path, const char *want)
{
	char *d = path_dirname(path);

	CHECK_STR(d, want);
	free(d);
}

static void test_path_dirname_is_everything_before_the_last_component(void)
{
	check_dirname("a/b/c", "a/b");
	check_dirname("a", ".");
	check_dirname("", ".");
	check_dirname("/a", "/");
	check_dirname("/", "/");
	check_dirname("//", "/");
	check_dirname("a//b", "a");
	check_dirname("/x//y", "/x");
	/* a trailing slash belongs to the last component */
	check_dirname("a/b/", "a");
	check_dirname("a/", ".");
	check_dirname("/a/", "/");
}

static void test_path_absolute_and_real(void)
{
	char cwd[4096];
	char *abs, *want, *real, *link;

	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	abs = path_absolute("x/y");
	want = path_join(cwd, "x/y");
	CHECK_STR(abs, want);
	free(abs);
	free(want);
	abs = path_absolute("./z");
	want = path_join(cwd, "z");
	CHECK_STR(abs, want);
	free(abs);
	free(want);
	abs = path_absolute("/abs");
	CHECK_STR(abs, "/abs");
	free(abs);
	abs = path_absolute(".");
	CHECK_STR(abs, cwd);
	free(abs);

	link = tmp("link");
	CHECK(symlink(tmpdir, link) == 0);
	real = path_real(link);
	want = path_real(tmpdir);
	CHECK_STR(real, want);
	free(real);
	free(want);
	free(link);
	link = tmp("missing");
	CHECK(path_real(link) == NULL);
	free(link);
}

static void test_file_predicates(void)
{
	char *f = tmp("pred"), *x = tmp("pred-x");

	touch(f, "", 0644);
	touch(x, "", 0755);
	CHECK(file_exists(f));
	CHECK(!is_dir(f));
	CHECK(!is_executable(f));
	CHECK(is_executable(x));
	CHECK(is_dir(tmpdir));
	CHECK(!is_executable(tmpdir)); /* a searchable dir is no program */
	CHECK(!file_exists("/no/such/file"));
	free(f);
	free(x);
}

static int collect(const char *name, void *ctx)
{
	strvec_push(ctx, name);
	return 0;
}

static int stop_at_b(const char *name, void *ctx)
{
	strvec_push(ctx, name);
	return streq(name, "b") ? 7 : 0;
}

static void test_for_each_dir_entry_visits_in_name_order(void)
{
	const char *names[] = {"b", "a", "C", "c.txt", ".hidden", "c", "a0"};
	char *dir = tmp("list"), *p;
	struct strvec seen = STRVEC_INIT;
	struct strbuf all = STRBUF_INIT;
	size_t i;

	CHECK_INT(mkdir_p(dir, 0755), 0);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		p = path_join(dir, names[i]);
		touch(p, "", 0644);
		free(p);
	}
	CHECK_INT(for_each_dir_entry(dir, collect, &seen), 0);
	for (i = 0; i < seen.nr; i++)
		strbuf_addf(&all, "%s ", seen.v[i]);
	CHECK_STR(all.buf, ".hidden C a a0 b c c.txt ");
	strvec_clear(&seen);
	CHECK_INT(for_each_dir_entry(dir, stop_at_b, &seen), 7);
	CHECK_INT(seen.nr, 5);
	strvec_clear(&seen);
	errno = 0;
	p = tmp("no-such-dir");
	CHECK_INT(for_each_dir_entry(p, collect, &seen), -1);
	CHECK_INT(errno, ENOENT);
	CHECK_INT(seen.nr, 0);
	free(p);
	strbuf_release(&all);
	free(dir);
}

static void test_remove_tree_removes_everything_but_follows_no_link(void)
{
	char *top = tmp("rm"), *deep = tmp("rm/a/b"), *f = tmp("rm/a/b/f");
	char *keep = tmp("keep"), *kept = tmp("keep/k"), *link = tmp("rm/ln");

	CHECK_INT(mkdir_p(deep, 0755), 0);
	CHECK_INT(mkdir_p(keep, 0755), 0);
	touch(f, "x", 0644);
	touch(kept, "k", 0644);
	CHECK(symlink(keep, link) == 0);
	CHECK_INT(remove_tree(top), 0);
	CHECK(!file_exists(top));
	CHECK(file_exists(kept));
	CHECK_INT(remove_tree(top), 0);	 /* already gone */
	CHECK_INT(remove_tree(kept), 0); /* a plain file */
	CHECK(!file_exists(kept));
	free(top);
	free(deep);
	free(f);
	free(keep);
	free(kept);
	free(link);
}

static void test_copy_file_to_fd(void)
{
	char *src = tmp("copy-src"), *dst = tmp("copy-dst"), *s;
	struct strbuf big = STRBUF_INIT;
	int fd;
	size_t i;

	for (i = 0; i < 20000; i++)
		strbuf_addf(&big, "line %zu\n", i);
	CHECK_INT(write_file_atomic(src, big.buf, big.len, 0644), 0);
	fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	CHECK(fd >= 0);
	CHECK_INT(copy_file_to_fd(src, fd), 0);
	close(fd);
	CHECK(streq(s = slurp(dst), big.buf));
	free(s);
	errno = 0;
	CHECK_INT(copy_file_to_fd("/no/such/file", 1), -1);
	CHECK_INT(errno, ENOENT);
	strbuf_release(&big);
	free(src);
	free(dst);
}

static void test_find_in_path_searches_the_given_path(void)
{
	char *d1 = tmp("bin1"), *d2 = tmp("bin2"), *d3 = tmp("bin3");
	char *plain = tmp("bin1/tool"), *exe = tmp("bin2/tool");
	char *sub = tmp("bin3/tool");
	char *path = xstrfmt("/nonexistent:%s:%s:%s", d1, d2, d3), *found;

	CHECK_INT(mkdir_p(d1, 0755), 0);
	CHECK_INT(mkdir_p(d2, 0755), 0);
	CHECK_INT(mkdir_p(sub, 0755), 0);
	touch(plain, "", 0644); /* not executable: skipped */
	touch(exe, "", 0755);
	found = find_in_path("tool", path);
	CHECK_STR(found, exe);
	free(found);
	CHECK(find_in_path("tool", d3) == NULL); /* a directory: skipped */
	CHECK(find_in_path("no-such-tool", path) == NULL);
	/* with a slash, the name is the path */
	found = find_in_path(exe, "/nonexistent");
	CHECK_STR(found, exe);
	free(found);
	CHECK(find_in_path(plain, path) == NULL);
	found = find_in_path("sh", "/nonexistent:/bin:/usr/bin");
	CHECK(found && ends_with(found, "/sh"));
	free(found);
	free(d1);
	free(d2);
	free(d3);
	free(plain);
	free(exe);
	free(sub);
	free(path);
}

static void test_self_exe_path_is_this_test_binary(void)
{
	char *self = self_exe_path("whatever");

	CHECK(self != NULL && *self == '/');
	CHECK(self && ends_with(self, "/test-fs"));
	CHECK(self && is_executable(self));
	free(self);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		die_errno("mkdtemp");
	RUN(test_mkdir_p_creates_nested_directories);
	RUN(test_mkdir_p_fails_when_a_file_is_in_the_way);
	RUN(test_mkdir_p_of_an_empty_path_fails);
	RUN(test_write_file_atomic_writes_content_with_exact_mode);
	RUN(test_write_file_atomic_replaces_by_rename);
	RUN(test_write_file_atomic_failure_leaves_the_old_file);
	RUN(test_write_file_atomic_needs_the_parent_directory);
	RUN(test_path_join_puts_exactly_one_slash_between);
	RUN(test_path_basename_points_at_the_last_component);
	RUN(test_path_dirname_is_everything_before_the_last_component);
	RUN(test_path_absolute_and_real);
	RUN(test_file_predicates);
	RUN(test_for_each_dir_entry_visits_in_name_order);
	RUN(test_remove_tree_removes_everything_but_follows_no_link);
	RUN(test_copy_file_to_fd);
	RUN(test_find_in_path_searches_the_given_path);
	RUN(test_self_exe_path_is_this_test_binary);
	remove_tree(tmpdir);
	return unit_done();
}
