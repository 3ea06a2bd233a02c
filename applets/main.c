/* main.c - the multicall entry: dispatch on argv[0] or on the first word. */
#include "applets.h"
#include "common.h"
#include "fs.h"
#include "strbuf.h"

#include <unistd.h>

#ifndef MYC_VERSION
#define MYC_VERSION "unknown"
#endif

static const char myc_help[] =
	"usage: myc APPLET [ARGS...]\n"
	"       APPLET [ARGS...]            (through a link named APPLET)\n"
	"       myc --list | --version | --help\n"
	"       myc --install [-f] [DIR]\n"
	"\n"
	"One binary, many tools for Docker hosts running business apps.\n"
	"\n"
	"  --list             list the applets, one a line\n"
	"  --install [DIR]    make a link per applet in DIR (/usr/local/bin);\n"
	"                     -f also replaces files that are not our links\n"
	"  --version          print the version\n"
	"  APPLET --help      help of an applet\n";

static void list_applets(FILE *fp, const char *sep)
{
	unsigned i;

	for (i = 0; i < nr_applets; i++)
		fprintf(fp, "%s%s", i ? sep : "", applets[i].name);
}

static NORETURN void not_found(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned i;

	for (i = 0; i < nr_applets; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", applets[i].name);
	die_code(EXIT_NOTFOUND, "applet not found: '%s' (applets: %s)", name,
		 sb.buf);
}

/* Replace link (a symlink, or anything with force) by one to target. */
static int install_link(const char *target, const char *link, bool force)
{
	struct stat st;
	char *tmp;

	if (!lstat(link, &st) && !S_ISLNK(st.st_mode) && !force)
		return error("'%s' exists and is not a link (use -f to "
			     "replace it)",
			     link);
	/* a new link renamed over the old one: never a moment without */
	tmp = xstrfmt("%s.myc-tmp", link);
	unlink(tmp);
	if (symlink(target, tmp) < 0 || rename(tmp, link) < 0) {
		error_errno("can't link '%s'", link);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

static int install(int argc, char **argv, const char *argv0)
{
	const char *dir = "/usr/local/bin";
	bool force = false;
	char *self;
	unsigned i;
	int rc = 0, a;

	for (a = 0; a < argc; a++) {
		if (streq(argv[a], "-f"))
			force = true;
		else if (argv[a][0] == '-')
			die_usage("--install: unknown option '%s'", argv[a]);
		else
			dir = argv[a];
	}
	if (mkdir_p(dir, 0755) < 0)
		die_errno("can't create '%s'", dir);
	self = self_exe_path(argv0);
	for (i = 0; i < nr_applets; i++) {
		char *link = path_join(dir, applets[i].name);

		if (install_link(self, link, force) < 0)
			rc = EXIT_FAIL;
		free(link);
	}
	free(self);
	return rc;
}

static int run_applet(const struct applet *a, int argc, char **argv)
{
	applet_name = a->name;
	if (argc > 1 && (streq(argv[1], "--help") || streq(argv[1], "-h"))) {
		fputs(a->help, stdout);
		return EXIT_OK;
	}
	return a->main(argc, argv);
}

static int myc_main(int argc, char **argv)
{
	const struct applet *a;

	if (argc < 2) {
		fputs(myc_help, stderr);
		return EXIT_USAGE;
	}
	if (streq(argv[1], "--help") || streq(argv[1], "-h")) {
		fputs(myc_help, stdout);
		fputs("\napplets: ", stdout);
		list_applets(stdout, ", ");
		fputc('\n', stdout);
		return EXIT_OK;
	}
	if (streq(argv[1], "--version")) {
		printf("myc %s\n", MYC_VERSION);
		return EXIT_OK;
	}
	if (streq(argv[1], "--list")) {
		list_applets(stdout, "\n");
		fputc('\n', stdout);
		return EXIT_OK;
	}
	if (streq(argv[1], "--install"))
		return install(argc - 2, argv + 2, argv[0]);
	if (argv[1][0] == '-')
		die_usage("unknown option '%s' (see myc --help)", argv[1]);
	a = find_applet(argv[1]);
	if (!a)
		not_found(argv[1]);
	return run_applet(a, argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
	const char *name = path_basename(argv[0] ? argv[0] : "myc");
	const struct applet *a;

	if (*name == '-') /* login shells */
		name++;
	a = find_applet(name);
	if (a)
		return finish_stdout(run_applet(a, argc, argv));
	/* the multiplexer under any name of its own: myc, myc-static... */
	if (starts_with(name, "myc"))
		return finish_stdout(myc_main(argc, argv));
	not_found(name);
}
