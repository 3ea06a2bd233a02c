/*
 * unit.h - the smallest test harness that reads well:
 *
 *	static void test_merge_appends_lists(void) { ... CHECK(x); ... }
 *	int main(void) { RUN(test_merge_appends_lists); return unit_done(); }
 *
 * A failed CHECK prints file:line and the expression and marks the running
 * test failed; the test goes on so that one run shows every failure.
 */
#ifndef MYC_UNIT_H
#define MYC_UNIT_H

#include "common.h"

static int unit_failed_checks, unit_tests, unit_failed_tests;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n",         \
				__FILE__, __LINE__, #cond);                    \
			unit_failed_checks++;                                  \
		}                                                              \
	} while (0)

#define CHECK_STR(a, b)                                                        \
	do {                                                                   \
		const char *a_ = (a), *b_ = (b);                               \
		if (!a_ || !b_ || strcmp(a_, b_)) {                            \
			fprintf(stderr,                                        \
				"  %s:%d: %s == %s failed:\n    got:  '%s'\n"  \
				"    want: '%s'\n",                            \
				__FILE__, __LINE__, #a, #b,                    \
				a_ ? a_ : "(null)", b_ ? b_ : "(null)");       \
			unit_failed_checks++;                                  \
		}                                                              \
	} while (0)

#define CHECK_INT(a, b)                                                        \
	do {                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);            \
		if (a_ != b_) {                                                \
			fprintf(stderr,                                        \
				"  %s:%d: %s == %s failed: got %lld, want "    \
				"%lld\n",                                      \
				__FILE__, __LINE__, #a, #b, a_, b_);           \
			unit_failed_checks++;                                  \
		}                                                              \
	} while (0)

#define RUN(fn)                                                                \
	do {                                                                   \
		int before_ = unit_failed_checks;                              \
		unit_tests++;                                                  \
		fn();                                                          \
		if (unit_failed_checks != before_) {                           \
			unit_failed_tests++;                                   \
			printf("not ok %d - %s\n", unit_tests, #fn);           \
		} else {                                                       \
			printf("ok %d - %s\n", unit_tests, #fn);               \
		}                                                              \
	} while (0)

static inline int unit_done(void)
{
	printf("# %d tests, %d failed\n", unit_tests, unit_failed_tests);
	fflush(stdout);
	return unit_failed_tests ? 1 : 0;
}

#endif
