/* log.c - levelled, coloured, secret-masking messages on stderr. */
#include "log.h"
#include "strbuf.h"

#include <unistd.h>

static enum log_level level = LOG_INFO;
static bool show_secrets;
static char **secrets;
static size_t nr_secrets, alloc_secrets;

void log_set_level(enum log_level l)
{
	level = l;
}

enum log_level log_get_level(void)
{
	return level;
}

bool log_use_color(int fd)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(fd) && !(nc && *nc);
}

/*
 * Secrets are kept longest first, so that one holding another is masked
 * whole before the shorter one is looked for (which would leave the rest of
 * the longer secret in clear).
 */
void log_add_secret(const char *secret)
{
	size_t i, len;

	if (!secret || (len = strlen(secret)) < 4)
		return;
	for (i = 0; i < nr_secrets; i++)
		if (streq(secrets[i], secret))
			return;
	ALLOC_GROW(secrets, nr_secrets + 1, alloc_secrets);
	for (i = nr_secrets; i > 0 && strlen(secrets[i - 1]) < len; i--)
		secrets[i] = secrets[i - 1];
	secrets[i] = xstrdup(secret);
	nr_secrets++;
}

void log_clear_secrets(void)
{
	size_t i;

	for (i = 0; i < nr_secrets; i++)
		free(secrets[i]);
	free(secrets);
	secrets = NULL;
	nr_secrets = alloc_secrets = 0;
}

void log_show_secrets(bool show)
{
	show_secrets = show;
}

bool log_secrets_shown(void)
{
	return show_secrets;
}

void log_mask(struct strbuf *sb)
{
	size_t i;

	if (show_secrets)
		return;
	for (i = 0; i < nr_secrets; i++)
		strbuf_replace_all(sb, secrets[i], "*****");
}

static const char *color_of(enum log_level l)
{
	switch (l) {
	case LOG_ERROR:
		return "\033[1;31m";
	case LOG_WARN:
		return "\033[1;33m";
	case LOG_DEBUG:
		return "\033[2m";
	default:
		return "";
	}
}

void log_emit_line(enum log_level l, const char *prefix, const char *msg,
		   const char *suffix)
{
	struct strbuf sb = STRBUF_INIT;
	bool color = log_use_color(2) && *color_of(l);

	if (color)
		strbuf_addstr(&sb, color_of(l));
	strbuf_addf(&sb, "%s: %s%s", applet_name, prefix ? prefix : "", msg);
	if (suffix)
		strbuf_addf(&sb, ": %s", suffix);
	if (color)
		strbuf_addstr(&sb, "\033[0m");
	strbuf_addch(&sb, '\n');
	log_mask(&sb);
	fflush(stdout);
	if (write(2, sb.buf, sb.len) < 0) {
		/* nowhere left to report it */
	}
	strbuf_release(&sb);
}

void log_msg(enum log_level l, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (l > level)
		return;
	va_start(ap, fmt);
	msg = xstrvfmt(fmt, ap);
	va_end(ap);
	log_emit_line(l, NULL, msg, NULL);
	free(msg);
}
