/* json.c - a strict RFC 8259 reader building ynode trees. */
#include "strbuf.h"
#include "ytree.h"

#define MAX_JSON_DEPTH 512

struct jparser {
	const char *s, *end, *p;
	const char *name;
	struct strbuf *err;
	int depth;
};

static struct ynode *jfail(struct jparser *J, const char *what)
{
	unsigned line = 1, col = 1;
	const char *q;

	for (q = J->s; q < J->p; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	if (!J->err->len)
		strbuf_addf(J->err, "%s:%u:%u: %s", J->name, line, col, what);
	return NULL;
}

static void skip_ws(struct jparser *J)
{
	while (J->p < J->end && strchr(" \t\r\n", *J->p) && *J->p)
		J->p++;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void add_utf8(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (int)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (int)(0xc0 | (cp >> 6)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (int)(0xe0 | (cp >> 12)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_addch(sb, (int)(0xf0 | (cp >> 18)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 12) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3f)));
	}
}

static int escape(struct jparser *J, struct strbuf *sb)
{
	unsigned cp, lo;
	char c = *J->p++;

	switch (c) {
	case '"': case '\\': case '/':
		strbuf_addch(sb, c);
		return 0;
	case 'b': strbuf_addch(sb, '\b'); return 0;
	case 'f': strbuf_addch(sb, '\f'); return 0;
	case 'n': strbuf_addch(sb, '\n'); return 0;
	case 'r': strbuf_addch(sb, '\r'); return 0;
	case 't': strbuf_addch(sb, '\t'); return 0;
	case 'u':
		if (J->end - J->p < 4 || hex4(J->p, &cp) < 0)
			return -1;
		J->p += 4;
		if (cp >= 0xd800 && cp < 0xdc00) {
			if (J->end - J->p < 6 || J->p[0] != '\\' ||
			    J->p[1] != 'u' || hex4(J->p + 2, &lo) < 0 ||
			    lo < 0xdc00 || lo > 0xdfff)
				return -1;
			J->p += 6;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		} else if (cp >= 0xdc00 && cp < 0xe000) {
			return -1;
		}
		add_utf8(sb, cp);
		return 0;
	default:
		return -1;
	}
}

static int read_string(struct jparser *J, struct strbuf *sb)
{
	J->p++; /* opening quote */
	while (J->p < J->end && *J->p != '"') {
		unsigned char c = (unsigned char)*J->p;

		if (c < 0x20) {
			jfail(J, "control character in string");
			return -1;
		}
		if (c == '\\') {
			J->p++;
			if (J->p >= J->end || escape(J, sb) < 0) {
				jfail(J, "invalid escape in string");
				return -1;
			}
			continue;
		}
		strbuf_addch(sb, c);
		J->p++;
	}
	if (J->p >= J->end) {
		jfail(J, "unterminated string");
		return -1;
	}
	J->p++;
	return 0;
}

static struct ynode *string_node(struct jparser *J)
{
	struct strbuf sb = STRBUF_INIT;
	struct ynode *n;

	if (read_string(J, &sb) < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	n = y_new_str("");
	free(n->str);
	n->len = sb.len;
	n->str = strbuf_detach(&sb, NULL);
	return n;
}

static struct ynode *literal(struct jparser *J)
{
	static const char *const words[] = {"true", "false", "null"};
	const char *start = J->p;
	size_t i;
	char *word;
	struct ynode *n;

	for (i = 0; i < ARRAY_SIZE(words); i++) {
		size_t l = strlen(words[i]);
		if ((size_t)(J->end - J->p) >= l && !memcmp(J->p, words[i], l)) {
			J->p += l;
			return y_new_plain(words[i]);
		}
	}
	if (J->p < J->end && *J->p == '-')
		J->p++;
	if (J->p >= J->end || !(*J->p >= '0' && *J->p <= '9'))
		return jfail(J, "unexpected character");
	while (J->p < J->end && strchr("0123456789+-.eE", *J->p) && *J->p)
		J->p++;
	word = xstrndup(start, (size_t)(J->p - start));
	n = y_new_plain(word);
	free(word);
	return n;
}

static struct ynode *value(struct jparser *J);

static struct ynode *object(struct jparser *J)
{
	struct ynode *map = y_new_map();

	J->p++;
	skip_ws(J);
	if (J->p < J->end && *J->p == '}') {
		J->p++;
		return map;
	}
	for (;;) {
		struct strbuf key = STRBUF_INIT;
		struct ynode *v;

		skip_ws(J);
		if (J->p >= J->end || *J->p != '"') {
			jfail(J, "expected a string key");
			goto fail;
		}
		if (read_string(J, &key) < 0)
			goto fail_key;
		skip_ws(J);
		if (J->p >= J->end || *J->p != ':') {
			jfail(J, "expected ':'");
			goto fail_key;
		}
		J->p++;
		v = value(J);
		if (!v)
			goto fail_key;
		/* duplicate keys: the last one wins, as in most readers */
		y_map_set(map, key.buf, v);
		strbuf_release(&key);
		skip_ws(J);
		if (J->p < J->end && *J->p == ',') {
			J->p++;
			continue;
		}
		if (J->p < J->end && *J->p == '}') {
			J->p++;
			return map;
		}
		jfail(J, "expected ',' or '}'");
		goto fail;
	fail_key:
		strbuf_release(&key);
		goto fail;
	}
fail:
	y_free(map);
	return NULL;
}

static struct ynode *array(struct jparser *J)
{
	struct ynode *seq = y_new_seq();

	J->p++;
	skip_ws(J);
	if (J->p < J->end && *J->p == ']') {
		J->p++;
		return seq;
	}
	for (;;) {
		struct ynode *v = value(J);

		if (!v)
			goto fail;
		y_seq_push(seq, v);
		skip_ws(J);
		if (J->p < J->end && *J->p == ',') {
			J->p++;
			continue;
		}
		if (J->p < J->end && *J->p == ']') {
			J->p++;
			return seq;
		}
		jfail(J, "expected ',' or ']'");
		goto fail;
	}
fail:
	y_free(seq);
	return NULL;
}

static struct ynode *value(struct jparser *J)
{
	struct ynode *n;

	skip_ws(J);
	if (J->p >= J->end)
		return jfail(J, "unexpected end of input");
	if (++J->depth > MAX_JSON_DEPTH)
		return jfail(J, "nesting too deep");
	if (*J->p == '{')
		n = object(J);
	else if (*J->p == '[')
		n = array(J);
	else if (*J->p == '"')
		n = string_node(J);
	else
		n = literal(J);
	J->depth--;
	return n;
}

struct ynode *y_parse_json(const char *text, size_t len, const char *name,
			   struct strbuf *err)
{
	struct jparser J = {text, text + len, text, name, err, 0};
	struct ynode *n;

	strbuf_reset(err);
	n = value(&J);
	if (!n)
		return NULL;
	skip_ws(&J);
	if (J.p != J.end) {
		y_free(n);
		return jfail(&J, "trailing data after JSON value");
	}
	return n;
}
