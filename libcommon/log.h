/*
 * log.h - messages on stderr, with levels, colour and secret masking.
 *
 * Every message goes to stderr as "APPLET: text", one line each.  Colour is
 * used only when stderr is a terminal and NO_COLOR is unset.  Messages at
 * LOG_DEBUG are shown only once log_set_level(LOG_DEBUG) was called (the
 * applets do so for --debug or when COMPOSE_DEBUG / MYC_DEBUG is set).
 *
 * Secrets: log_add_secret() registers a value (a password, key, token); from
 * then on log_mask() replaces every occurrence of it in a buffer by "*****",
 * and every message printed through this module is masked the same way,
 * unless log_show_secrets(true) was called (--show-secrets).
 */
#ifndef MYC_LOG_H
#define MYC_LOG_H

#include "common.h"

struct strbuf;

enum log_level {
	LOG_ERROR = 0,
	LOG_WARN = 1,
	LOG_INFO = 2,
	LOG_DEBUG = 3,
};

void log_set_level(enum log_level level);
enum log_level log_get_level(void);
static inline bool log_debug_enabled(void)
{
	return log_get_level() >= LOG_DEBUG;
}

/* Print a message at a level (only if the level is enabled). */
void log_msg(enum log_level level, const char *fmt, ...) PRINTF(2, 3);
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/*
 * The common line writer: "APPLET: PREFIXmsg[: suffix]\n", coloured by level,
 * masked.  Used by error(), warning() and die().
 */
void log_emit_line(enum log_level level, const char *prefix, const char *msg,
		   const char *suffix);

/* Register a secret (copied); values shorter than 4 bytes are ignored. */
void log_add_secret(const char *secret);
void log_show_secrets(bool show);
bool log_secrets_shown(void);
/* Replace every registered secret in sb by "*****" (no-op if shown). */
void log_mask(struct strbuf *sb);
/* Forget every registered secret (tests). */
void log_clear_secrets(void);

/* Whether to colour output on fd (tty and NO_COLOR unset). */
bool log_use_color(int fd);

#endif
