/* strvec.c - NULL-terminated vectors of owned strings. */
#include "strvec.h"

const char *strvec_empty[] = {NULL};

void strvec_init(struct strvec *sv)
{
	sv->v = strvec_empty;
	sv->nr = sv->alloc = 0;
}

void strvec_push_nodup(struct strvec *sv, char *s)
{
	if (sv->v == strvec_empty)
		sv->v = NULL;
	ALLOC_GROW(sv->v, sv->nr + 2, sv->alloc);
	sv->v[sv->nr++] = s;
	sv->v[sv->nr] = NULL;
}

const char *strvec_push(struct strvec *sv, const char *s)
{
	char *c = xstrdup(s);

	strvec_push_nodup(sv, c);
	return c;
}

const char *strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xstrvfmt(fmt, ap);
	va_end(ap);
	strvec_push_nodup(sv, s);
	return s;
}

void strvec_pushl(struct strvec *sv, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, sv);
	while ((s = va_arg(ap, const char *)))
		strvec_push(sv, s);
	va_end(ap);
}

void strvec_pushv(struct strvec *sv, const char *const *items)
{
	for (; items && *items; items++)
		strvec_push(sv, *items);
}

void strvec_pop(struct strvec *sv)
{
	if (!sv->nr)
		return;
	free((char *)sv->v[--sv->nr]);
	sv->v[sv->nr] = NULL;
}

ssize_t strvec_find(const struct strvec *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->nr; i++)
		if (streq(sv->v[i], s))
			return (ssize_t)i;
	return -1;
}

void strvec_clear(struct strvec *sv)
{
	size_t i;

	if (sv->v != strvec_empty) {
		for (i = 0; i < sv->nr; i++)
			free((char *)sv->v[i]);
		free(sv->v);
	}
	strvec_init(sv);
}

const char **strvec_detach(struct strvec *sv)
{
	const char **ret;

	if (sv->v == strvec_empty) {
		ret = xcalloc(1, sizeof(*ret));
	} else {
		ret = sv->v;
	}
	strvec_init(sv);
	return ret;
}

static ssize_t env_index(const struct strvec *sv, const char *key)
{
	size_t i, klen = strlen(key);

	for (i = 0; i < sv->nr; i++)
		if (!strncmp(sv->v[i], key, klen) && sv->v[i][klen] == '=')
			return (ssize_t)i;
	return -1;
}

void strvec_setenv(struct strvec *sv, const char *key, const char *value)
{
	ssize_t i = env_index(sv, key);
	char *s = xstrfmt("%s=%s", key, value);

	if (i < 0) {
		strvec_push_nodup(sv, s);
		return;
	}
	free((char *)sv->v[i]);
	sv->v[i] = s;
}

const char *strvec_getenv(const struct strvec *sv, const char *key)
{
	ssize_t i = env_index(sv, key);

	return i < 0 ? NULL : sv->v[i] + strlen(key) + 1;
}
