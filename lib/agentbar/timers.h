/*
 * timers.h — lets the SDK's own tests shorten the connection machinery's
 * intervals (defaults: Heartbeat every 10000 ms, 3 unanswered = link lost,
 * reconnect pauses from 200 ms doubling up to 5000 ms). Not public API.
 * Call it before ab_Initial(); the I/O thread reads the values unlocked.
 */
#ifndef AGENTBAR_TIMERS_H
#define AGENTBAR_TIMERS_H

#include "agentbar.h"

void abi_set_timers(AgentBar *bar, int heartbeat_ms, int heartbeat_misses,
		    int backoff_min_ms, int backoff_max_ms);

#endif
