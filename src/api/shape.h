/*
 * shape.h — the JSON shapes of events and query results, with the key
 * names of the manual (AGENTBAR-API.md §2 and §5). Pure functions of the
 * core's structs, so they are unit-tested without a running core.
 */
#ifndef CALLCLOUD_API_SHAPE_H
#define CALLCLOUD_API_SHAPE_H

#include <jansson.h>
#include "core/core.h"

/* Params of the 19 state events (method: ab_StatusEventName(status)). */
json_t *shape_state_event(const struct core_state_event *ev);
/* Method and params of OnBeginRecord ... OnOutprivatequeue. */
const char *shape_other_method(enum core_other_event type);
json_t *shape_other_event(const struct core_other *ev);

/* AgentInfoT / QueueInfoT / SysInfoT objects, keys in struct order. */
json_t *shape_agent_info(const struct agent_info *ai);
json_t *shape_queue_info(const struct queue_info *qi);
json_t *shape_sys_info(const struct sys_info *si);

/* Compact JSON text, to be free()d; NULL on ENOMEM. The
 * manual's query methods return their JSON as a string, so the wire
 * carries this text in "data". */
char *shape_text(const json_t *v);

/* Method results: {"code": code} plus "message" (the code's prompt text,
 * or the given text) when code != 0; result_data adds "data". */
json_t *result_code(int code);
json_t *result_msg(int code, const char *message);
json_t *result_data(int code, const char *data);

/* Copies client text for a log line: control characters become '?' and
 * long text is cut, so a client cannot forge or split log lines. */
const char *shape_printable(char *out, size_t size, const char *in);

#endif
