/*
 * skillset.h — the skills a Monitor.Subscribe asks for: a small set of
 * skill names read from the request's JSON array. Empty means every skill.
 * Pure, so it is unit-tested without a daemon.
 */
#ifndef CALLCLOUD_API_SKILLSET_H
#define CALLCLOUD_API_SKILLSET_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "store/store.h"

enum { SKILLSET_MAX = 64 };

struct skillset {
	size_t n;
	char name[SKILLSET_MAX][STORE_NAME_SIZE];
};

/* Fills ss from arr (NULL: every skill). Duplicates count once. Returns 0;
 * -32602 when an item is not a string; ArInvalidParam for an empty name or
 * more than SKILLSET_MAX names; ArSkillNotExist for a name too long to be a
 * skill. msg then says which item. */
int  skillset_from_json(struct skillset *ss, const json_t *arr, char *msg,
			size_t msgsize);
/* Does a subscription to ss cover skill? (An empty set covers all.) */
bool skillset_covers(const struct skillset *ss, const char *skill);
bool skillset_has(const struct skillset *ss, const char *skill);

#endif
