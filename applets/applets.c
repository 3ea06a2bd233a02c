/* applets.c - the sorted table of applets. */
#include "applets.h"

#include <string.h>

#define APPLET(name, id) {name, id##_main, id##_help}

/* Sorted by name (strcmp order): find_applet() searches it by bisection. */
const struct applet applets[] = {
	APPLET("check-compose-ovh-credentials", check_compose_ovh_credentials),
	APPLET("compose", compose),
	APPLET("config-add", config_add),
	APPLET("docker-cutoff", docker_cutoff),
	APPLET("docker-ip", docker_ip),
	APPLET("options-get", options_get),
	APPLET("relation-get", relation_get),
	APPLET("relation-list", relation_list),
	APPLET("relation-set", relation_set),
	APPLET("st", st),
};

const unsigned nr_applets = sizeof(applets) / sizeof(applets[0]);

const struct applet *find_applet(const char *name)
{
	unsigned lo = 0, hi = nr_applets;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		int c = strcmp(name, applets[mid].name);

		if (!c)
			return &applets[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
