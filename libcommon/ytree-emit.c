/* ytree-emit.c - writing ynode trees as YAML (libyaml's emitter) and JSON. */
#include "strbuf.h"
#include "ytree.h"

#include <yaml.h>

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	strbuf_add(data, buffer, size);
	return 1;
}

static void emit_event(yaml_emitter_t *e, yaml_event_t *ev)
{
	if (!yaml_emitter_emit(e, ev))
		BUG("YAML emitter: %s", e->problem ? e->problem : "failed");
}

static yaml_scalar_style_t scalar_style(const struct ynode *n)
{
	if (!n->quoted)
		return YAML_ANY_SCALAR_STYLE;
	if (memchr(n->str, '\n', n->len))
		return YAML_LITERAL_SCALAR_STYLE;
	if (y_plain_is_typed(n->str))
		return YAML_SINGLE_QUOTED_SCALAR_STYLE;
	return YAML_ANY_SCALAR_STYLE;
}

static void emit_node(yaml_emitter_t *e, const struct ynode *n)
{
	yaml_event_t ev;
	yaml_char_t *tag = (yaml_char_t *)n->tag;
	int implicit = !n->tag;
	size_t i;

	switch (n->type) {
	case Y_SCALAR:
		/*
		 * A string that would read as typed when plain must not be
		 * written plain: plain_implicit is false for those.
		 */
		yaml_scalar_event_initialize(
			&ev, NULL, tag, (yaml_char_t *)n->str, (int)n->len,
			implicit && !(n->quoted && y_plain_is_typed(n->str)),
			implicit, scalar_style(n));
		emit_event(e, &ev);
		break;
	case Y_SEQ:
		yaml_sequence_start_event_initialize(&ev, NULL, tag, implicit,
						     YAML_BLOCK_SEQUENCE_STYLE);
		emit_event(e, &ev);
		for (i = 0; i < n->nr; i++)
			emit_node(e, n->items[i]);
		yaml_sequence_end_event_initialize(&ev);
		emit_event(e, &ev);
		break;
	case Y_MAP:
		yaml_mapping_start_event_initialize(&ev, NULL, tag, implicit,
						    YAML_BLOCK_MAPPING_STYLE);
		emit_event(e, &ev);
		for (i = 0; i < n->nr; i++) {
			emit_node(e, n->keys[i]);
			emit_node(e, n->items[i]);
		}
		yaml_mapping_end_event_initialize(&ev);
		emit_event(e, &ev);
		break;
	}
}

void y_emit(const struct ynode *n, struct strbuf *out)
{
	yaml_emitter_t e;
	yaml_event_t ev;

	if (!yaml_emitter_initialize(&e))
		die("out of memory");
	yaml_emitter_set_output(&e, write_handler, out);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_width(&e, -1);
	yaml_emitter_set_indent(&e, 2);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit_event(&e, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	emit_event(&e, &ev);
	if (n)
		emit_node(&e, n);
	else {
		yaml_scalar_event_initialize(&ev, NULL, NULL,
					     (yaml_char_t *)"", 0, 1, 1,
					     YAML_ANY_SCALAR_STYLE);
		emit_event(&e, &ev);
	}
	yaml_document_end_event_initialize(&ev, 1);
	emit_event(&e, &ev);
	yaml_stream_end_event_initialize(&ev);
	emit_event(&e, &ev);
	yaml_emitter_delete(&e);
}

/* ---- JSON ---- */

static void json_string(struct strbuf *out, const char *s, size_t len)
{
	size_t i;

	strbuf_addch(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"':
			strbuf_addstr(out, "\\\"");
			break;
		case '\\':
			strbuf_addstr(out, "\\\\");
			break;
		case '\n':
			strbuf_addstr(out, "\\n");
			break;
		case '\r':
			strbuf_addstr(out, "\\r");
			break;
		case '\t':
			strbuf_addstr(out, "\\t");
			break;
		default:
			if (c < 0x20)
				strbuf_addf(out, "\\u%04x", c);
			else
				strbuf_addch(out, (char)c);
		}
	}
	strbuf_addch(out, '"');
}

static bool json_number(const char *s)
{
	char *end;

	if (!*s || !strchr("-0123456789", *s))
		return false;
	errno = 0;
	strtod(s, &end);
	return !*end && !errno;
}

void y_emit_json(const struct ynode *n, struct strbuf *out)
{
	size_t i;

	if (!n || y_is_null(n)) {
		strbuf_addstr(out, "null");
		return;
	}
	switch (n->type) {
	case Y_SCALAR:
		if (!n->quoted &&
		    (streq(n->str, "true") || streq(n->str, "false") ||
		     json_number(n->str)))
			strbuf_addstr(out, n->str);
		else
			json_string(out, n->str, n->len);
		break;
	case Y_SEQ:
		strbuf_addch(out, '[');
		for (i = 0; i < n->nr; i++) {
			if (i)
				strbuf_addch(out, ',');
			y_emit_json(n->items[i], out);
		}
		strbuf_addch(out, ']');
		break;
	case Y_MAP:
		strbuf_addch(out, '{');
		for (i = 0; i < n->nr; i++) {
			if (i)
				strbuf_addch(out, ',');
			json_string(out, n->keys[i]->str, n->keys[i]->len);
			strbuf_addch(out, ':');
			y_emit_json(n->items[i], out);
		}
		strbuf_addch(out, '}');
		break;
	}
}
