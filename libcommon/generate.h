/*
 * generate.h - the docker-compose document of a model (SPEC 3.2, issue 3).
 *
 * Every service of the model gets an entry, in the order of compose.yml
 * (services created by relations after):
 *
 *	image: the charm's docker-image, or PROJECT_SERVICE built from
 *	       CHARM/build (docker-compose builds it when missing; the name is
 *	       the one docker-compose v1 gives, which the guide relies on)
 *	restart: unless-stopped
 *	labels: {myc.charm: CHARM, myc.service: SERVICE}
 *	volumes: data-resources from DATASTORE/SERVICE/PATH, config-resources
 *	         from CONFIGSTORE/SERVICE/PATH, host-resources as they are
 *	depends_on: from the relations' tech-dep
 *
 * then the charm's docker-compose fragment and the user's are merged over it
 * (maps merge, scalars override, lists append); a user fragment naming an
 * image without a build drops the charm's build.  A service whose charm has
 * no image, no build and gets no image from a fragment runs no container and
 * is left out.  Last, the hooks' config-add fragments are merged over the
 * whole document.  No `version:` key: both docker-compose 1.27+ and v2 read
 * the Compose Specification format.
 */
#ifndef MYC_GENERATE_H
#define MYC_GENERATE_H

#include "model.h"

struct ynode;

/* The document; fragments (a mapping, or NULL) is merged last. */
struct ynode *generate_compose(const struct model *m,
			       const struct ynode *fragments);

/* The header comment written above the generated YAML. */
void generate_header(const struct model *m, struct strbuf *out);

#endif
