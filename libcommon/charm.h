/*
 * charm.h - the charm store: charms' metadata, each read once.
 *
 * A charm is a directory STORE/NAME holding metadata.yml and optionally
 * hooks/, actions/, lib/ and build/ (a Dockerfile).  metadata.yml keys used
 * here (SPEC 3.3):
 *
 *	summary: text
 *	docker-image: NAME                 (or a build/ directory)
 *	data-resources: [PATH…]            (mounted from the data store)
 *	config-resources: [PATH…]          (mounted from the config store)
 *	host-resources: [PATH…]            (bind-mounted as is)
 *	default-options: {…}
 *	docker-compose: {…}                (fragment for the service)
 *	provides: {RELATION: {default-options: {…}}}
 *	uses: {RELATION: {constraint: required|recommended|optional,
 *	                  auto: pair|summon|none, solves: TEXT|{…},
 *	                  default-options: {…}, tech-dep: true|false|reversed,
 *	                  charm: NAME (the charm to summon)}}
 *	subordinate: true                  (its MASTER is the service it is
 *	                                    attached to)
 */
#ifndef MYC_CHARM_H
#define MYC_CHARM_H

#include "common.h"

struct strbuf;
struct ynode;

enum constraint {
	CONSTRAINT_OPTIONAL,
	CONSTRAINT_RECOMMENDED,
	CONSTRAINT_REQUIRED,
};

enum auto_mode {
	AUTO_NONE,
	AUTO_PAIR,
	AUTO_SUMMON,
};

/* Which way a relation orders container start-up. */
enum tech_dep {
	TECH_DEP_NONE,
	TECH_DEP_BASE_AFTER_TARGET, /* true: the user side starts after */
	TECH_DEP_TARGET_AFTER_BASE, /* reversed */
};

struct charm_use {
	const char *relation;
	enum constraint constraint;
	enum auto_mode auto_mode;
	enum tech_dep tech_dep;
	char *solves;		      /* readable text, or NULL */
	const char *summon_charm;     /* uses.R.charm, or NULL */
	const struct ynode *defaults; /* uses.R.default-options, or NULL */
	const struct ynode *node;     /* the uses.R node (for positions) */
};

struct charm {
	char *name;
	char *path;	    /* STORE/NAME */
	struct ynode *meta; /* metadata.yml */
	const char *docker_image;
	bool has_build;
	bool subordinate;
	struct charm_use *uses;
	size_t nr_uses;
	char tree_hash[41]; /* of the charm's files, computed on demand */
};

struct charm_store {
	char *dir;
	struct charm **charms;
	size_t nr, alloc;
	bool scanned; /* every charm of the store loaded (for summon) */
};

void charm_store_init(struct charm_store *s, const char *dir);
void charm_store_release(struct charm_store *s);

/*
 * The charm NAME, loaded on first use.  NULL with err set when there is no
 * such charm or its metadata is invalid (err names file:line:col).
 */
struct charm *charm_get(struct charm_store *s, const char *name,
			struct strbuf *err);

/* Whether a charm provides RELATION; its provides.RELATION node or NULL. */
const struct ynode *charm_provides(const struct charm *c, const char *relation);
/* The uses entry of RELATION or NULL. */
const struct charm_use *charm_use(const struct charm *c, const char *relation);

/*
 * Names of every charm in the store providing RELATION, sorted; loads every
 * charm once (only summon needs this).  Returns the count.
 */
size_t charm_store_providers(struct charm_store *s, const char *relation,
			     const char ***names);

/* SHA-1 of the charm's files (paths, exec bits, content), build/ excluded. */
const char *charm_tree_hash(struct charm *c);

/* Whether NAME is acceptable as a charm or service name. */
bool valid_name(const char *name);

#endif
