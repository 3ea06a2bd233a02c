/*
 * compose.h - what the files of the compose applet share.
 *
 *	compose.c    help, options, the command dispatch (compose_main)
 *	settings.c   defaults, environment and /etc/compose/local.conf
 *	hooks.c      running charm hooks, their cache, their environment
 *	dc.c         docker-compose: detection, the generated file, passthrough
 *	actions.c    charm actions and their listing
 */
#ifndef MYC_COMPOSE_H
#define MYC_COMPOSE_H

#include "common.h"
#include "model.h"
#include "strvec.h"

struct ynode;

struct compose {
	/* settings (settings.c) */
	char *file;	   /* compose.yml, absolute; NULL if there is none */
	char *no_file;	   /* then why, for when it is needed */
	char *project;	   /* sanitized project name */
	char *charm_store; /* absolute */
	char *datastore;
	char *configstore;
	char *state_dir; /* STATE_ROOT/PROJECT */
	char *dc_command; /* DOCKER_COMPOSE setting, or NULL to detect */
	struct strvec dc; /* the docker-compose argv prefix, once found */
	char *self;	  /* our own executable */
	struct strvec overlays;
	char *overlay_file;

	/* options */
	bool debug;
	bool show_secrets;
	bool no_cache;

	struct model model;
	bool model_ready;
};

/* settings.c */
/* Fill the settings from CLI values already set, env, local.conf. */
int settings_resolve(struct compose *c, const char *cli_file,
		     const char *cli_project, const char *cli_store);
void settings_release(struct compose *c);
/* Sanitize a project name as docker-compose v2 requires; NULL if empty. */
char *sanitize_project(const char *name);

/* compose.c */
/* Load and resolve the model, selecting names (all if n == 0). */
int compose_load(struct compose *c, const char *const *names, size_t n);
/* Register the secrets of a relation's options and data. */
void register_relation_secrets(struct compose *c, const struct relation *r);
/* Register values under secret-looking keys anywhere in a tree. */
void register_tree_secrets(const struct ynode *n);
/* Take the project's lock (STATE/lock) for the rest of the run. */
int compose_lock(struct compose *c);

/* hooks.c */
/*
 * Run the hooks of the selected services (run == false: run none) and
 * gather every hook's config-add fragments, recorded or fresh, into *frags.
 * Returns 0, or -1 after reporting the failing hook.
 */
int hooks_run(struct compose *c, bool run, struct ynode **frags);
/* The environment of a hook or action for service s (relation r or NULL). */
void hook_env(struct compose *c, const struct service *s,
	      const struct relation *r, bool provider, struct strvec *env);
/* Write a service's options and relations files, make its stores. */
void hooks_prepare_service(struct compose *c, const struct service *s);
/* Make STATE/bin with the helper applets; returns its path (static). */
const char *hooks_bin_dir(struct compose *c);

/* dc.c */
/* Push the docker-compose argv prefix (detected once); -1 if none. */
int dc_prefix(struct compose *c, struct strvec *argv);
/* Generate the file (hooks run when run_hooks) and write it atomically. */
int dc_write_generated(struct compose *c, bool run_hooks, char **path);
/* Print the generated document (compose config). */
int dc_config(struct compose *c, int argc, char **argv);
/* Pass a docker-compose command through; returns its exit status. */
int dc_passthrough(struct compose *c, int argc, char **argv);
/* Whether word is a docker-compose command we pass through. */
bool dc_is_command(const char *word);

/* actions.c */
int action_run(struct compose *c, int argc, char **argv);
int action_list(struct compose *c, int argc, char **argv);

#endif
