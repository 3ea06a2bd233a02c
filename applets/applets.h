/*
 * applets.h - the applet table.  Each applet lives in applets/NAME.c (or a
 * folder of its own), with its help text at the top of the file, and exports
 * NAME_main() and NAME_help[] (dashes become underscores).
 *
 * To add an applet: write its file, declare it below, add it to the table in
 * applets.c keeping the table sorted (a unit test checks the order).
 */
#ifndef MYC_APPLETS_H
#define MYC_APPLETS_H

struct applet {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *help;
};

extern const struct applet applets[];
extern const unsigned nr_applets;

/* Find an applet by name (binary search), NULL if none. */
const struct applet *find_applet(const char *name);

#define DECLARE_APPLET(id)                                                     \
	int id##_main(int argc, char **argv);                                  \
	extern const char id##_help[]

DECLARE_APPLET(check_compose_ovh_credentials);
DECLARE_APPLET(compose);
DECLARE_APPLET(config_add);
DECLARE_APPLET(docker_cutoff);
DECLARE_APPLET(docker_ip);
DECLARE_APPLET(options_get);
DECLARE_APPLET(relation_get);
DECLARE_APPLET(relation_list);
DECLARE_APPLET(relation_set);
DECLARE_APPLET(st);

#endif
