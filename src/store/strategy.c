/*
 * strategy.c — the names of a skill's router strategies (CALL-FLOWS.md
 * "Inbound call" step 2), as written in configuration and the admin API.
 */
#include <string.h>
#include "store.h"

static const char *const names[STRATEGY_COUNT] = {
	[STRATEGY_LEVEL_LONGEST_IDLE] = "level-longest-idle",
	[STRATEGY_ROUND_ROBIN]        = "round-robin",
	[STRATEGY_FEWEST_CALLS]       = "fewest-calls",
	[STRATEGY_LEAST_TALK_TIME]    = "least-talk-time",
	[STRATEGY_RANDOM]             = "random",
	[STRATEGY_RING_ALL]           = "ring-all",
};

/* "unknown" rather than NULL so that a bad value printed in a log line
 * cannot crash; strategy_parse rejects it. */
const char *strategy_name(enum skill_strategy s)
{
	if ((int)s < 0 || s >= STRATEGY_COUNT)
		return "unknown";
	return names[s];
}

int strategy_parse(const char *name)
{
	if (!name)
		return -1;
	for (int s = 0; s < STRATEGY_COUNT; s++) {
		if (!strcmp(name, names[s]))
			return s;
	}
	return -1;
}
