/*
 * model-impl.h - what the files of the model (model.c, model-expand.c,
 * model-order.c) share and nobody else needs.
 */
#ifndef MYC_MODEL_IMPL_H
#define MYC_MODEL_IMPL_H

#include "common.h"

struct model;
struct strbuf;
struct ynode;

/* Set err to "FILE:LINE:COL: " (when at has a position) and the message. */
int model_fail(struct strbuf *err, const struct ynode *at, const char *fmt, ...)
    PRINTF(3, 4);

/* Layer every relation's options and expand every !var-expand value. */
int model_expand_all(struct model *m, struct strbuf *err);

#endif
