/*
 * skillset.c — the skill names of a Monitor.Subscribe (see skillset.h).
 */
#include <stdio.h>
#include <string.h>
#include "agentbar_codes.h"
#include "api/params.h"
#include "api/skillset.h"

int skillset_from_json(struct skillset *ss, const json_t *arr, char *msg,
		       size_t msgsize)
{
	const json_t *v;
	size_t i;

	memset(ss, 0, sizeof(*ss));
	json_array_foreach(arr, i, v) {
		const char *name = json_string_value(v);
		size_t len;

		if (!name) {
			snprintf(msg, msgsize, "parameter skills must be an "
				 "array of strings (item %zu)", i);
			return PARAMS_INVALID;
		}
		len = json_string_length(v);
		if (!len) {
			snprintf(msg, msgsize, "skills item %zu is empty", i);
			return ArInvalidParam;
		}
		if (len >= STORE_NAME_SIZE) {
			snprintf(msg, msgsize, "skills item %zu is longer "
				 "than %d bytes", i, STORE_NAME_SIZE - 1);
			return ArSkillNotExist;
		}
		if (skillset_has(ss, name))
			continue;
		if (ss->n == SKILLSET_MAX) {
			snprintf(msg, msgsize, "more than %d skills",
				 SKILLSET_MAX);
			return ArInvalidParam;
		}
		memcpy(ss->name[ss->n++], name, len + 1);
	}
	return 0;
}

bool skillset_has(const struct skillset *ss, const char *skill)
{
	for (size_t i = 0; i < ss->n; i++)
		if (!strcmp(ss->name[i], skill))
			return true;
	return false;
}

bool skillset_covers(const struct skillset *ss, const char *skill)
{
	return !ss->n || skillset_has(ss, skill);
}
