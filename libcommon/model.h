/*
 * model.h - the compose model: services, their charms and the relations
 * between them, resolved from compose.yml and the charm store (SPEC 3.2-3.4).
 *
 *	struct model m;
 *	model_init(&m, &cfg);
 *	if (model_load(&m, &err) < 0 || model_select(&m, names, n, &err) < 0)
 *		... err holds one message naming file:line:col, or the
 *		    service, charm and relation involved ...
 *	... m.services, m.relations, m.order, m.hook_order, m.warnings ...
 *	model_release(&m);
 *
 * Loading never touches the disk beyond reading compose.yml and the charms'
 * metadata; it changes nothing, so an error leaves everything as it was.
 *
 * Decisions beyond the SPEC (documented in doc/compose.md):
 *  - keys of a service definition other than charm, options, relations and
 *    docker-compose are options too (the guide's --add-compose-content
 *    example puts `ovh:` right under the service);
 *  - options are layered with y_overlay(): maps merge, lists replace;
 *  - a `web-proxy` relation without `domain` gets the base service's name;
 *  - summon adds a service named after the summoned charm: uses.R.charm if
 *    given, else the only charm of the store providing R.
 */
#ifndef MYC_MODEL_H
#define MYC_MODEL_H

#include "charm.h"
#include "common.h"
#include "strvec.h"

struct strbuf;
struct ynode;

struct service;

struct relation {
	char *name;		  /* e.g. "web-proxy" */
	struct service *base;	  /* the uses side */
	struct service *target;	  /* the provides side */
	struct ynode *options;	  /* layered and expanded */
	const struct ynode *where; /* the user's node; NULL if automatic */
	enum tech_dep tech_dep;
	bool automatic;
	char *id; /* "BASE--NAME--TARGET", a file name */
};

struct service {
	char *name;
	struct charm *charm;
	const struct ynode *def; /* the user's definition; NULL if created */
	const struct ynode *key; /* its key in the document (positions) */
	struct ynode *options;	 /* charm defaults + user's, expanded */
	struct relation **uses;	 /* relations where this is the base */
	size_t nr_uses, alloc_uses;
	struct service *master; /* itself, or what a subordinate is on */
	const char *created_by; /* why an undeclared service exists */
	bool declared;
	bool selected; /* its hooks run this time */
	int mark;      /* ordering scratch */
};

struct model_config {
	const char *file;	   /* compose.yml */
	const char *project;	   /* project name */
	const char *charm_store;   /* directory */
	const char *datastore;	   /* data store root */
	const char *configstore;   /* config store root */
	/* more content merged over compose.yml (--add-compose-content) */
	const char *overlay_file;
};

struct model {
	struct model_config cfg;
	struct charm_store store;
	struct ynode *doc; /* compose.yml with the overlays merged */
	struct service **services;
	size_t nr, alloc;
	struct relation **relations;
	size_t nr_rel, alloc_rel;
	struct strvec warnings;
	struct service **order; /* every service, dependencies first */
	struct relation **hook_order; /* relations of selected services */
	size_t nr_hook_order;
};

void model_init(struct model *m, const struct model_config *cfg);
void model_release(struct model *m);

/* Read and resolve everything.  0, or -1 with err set. */
int model_load(struct model *m, struct strbuf *err);

/*
 * Mark the services to handle: the named ones and everything they relate
 * to, transitively (all when n == 0); compute the start-up order (a tech-dep
 * cycle is an error naming it) and the order of relation hooks.
 */
int model_select(struct model *m, const char *const *names, size_t n,
		 struct strbuf *err);

struct service *model_service(const struct model *m, const char *name);

/* The services a service's container must start after (tech-dep). */
size_t service_depends_on(const struct model *m, const struct service *s,
			  const struct service ***out);

/*
 * Expand ${VAR} and $VAR in s: lookup(name, ctx) first, then the process
 * environment; "$$" is a literal "$".  -1 with err naming the variable when
 * it is unknown or the text is malformed.
 */
int expand_vars(const char *s, const char *(*lookup)(const char *, void *),
		void *ctx, struct strbuf *out, struct strbuf *err);

#endif
