/*
 * hookdata.h - the files through which compose and the hooks talk.
 *
 * compose writes, per run, in the project's state dir (mode 0700):
 *	services/SERVICE/options.yml   the service's options (SERVICE_OPTIONS_FILE)
 *	relations/ID/data.yml          the relation's options with every value
 *	                               set by either side over them
 *	                               (RELATION_DATA_FILE)
 *	relations/ID/provides.yml      values set by the provider's hooks
 *	relations/ID/uses.yml          values set by the user side's hooks
 *	                               (the running side's is RELATION_SET_FILE)
 *	hooks/HOOK.yml                 the hook's config-add fragments
 *	                               (CONFIG_ADD_FILE while it runs)
 * Every file is YAML, written atomically with mode 0600: relation data holds
 * passwords.
 */
#ifndef MYC_HOOKDATA_H
#define MYC_HOOKDATA_H

#include "common.h"

struct strbuf;
struct ynode;

/* Read a YAML file; a missing or empty file is an empty mapping. */
struct ynode *hookdata_read(const char *path, struct strbuf *err);

/* Write n as YAML to path atomically, mode 0600.  0 or -1 with errno. */
int hookdata_write(const char *path, const struct ynode *n);

/*
 * Print the value at a path of keys in root (all of root when nr == 0): a
 * scalar as its text and a newline, anything else as YAML; as JSON when
 * json is set.  Returns 0, or -1 when the path does not exist.
 */
int hookdata_print(const struct ynode *root, const char *const *keys,
		   size_t nr, bool json, FILE *out);

/* Shared by relation-get and options-get: [--json] [--default V] [KEY…] */
int hookdata_get_main(int argc, char **argv, const char *envvar,
		      const char *usage);

#endif
