/*
 * heartbeat.c — keeps the link to the CTI server alive and notices it dead
 * when TCP does not: a Heartbeat request every heartbeat_ms (the server
 * drops a silent agent), and heartbeat_misses of them without an answer
 * count as a lost link (timers.h sets both).
 */
#include <stdlib.h>

#include "conn.h"

void abi_heartbeat_start(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;

	c->unanswered = 0;
	c->next_heartbeat = c->connected_at + bar->timers.heartbeat_ms;
}

long long abi_heartbeat_due_in(AgentBar *bar)
{
	return bar->conn.next_heartbeat - abi_mono_ms();
}

static void heartbeat_done(AgentBar *bar, struct abi_req *req, int err,
			   json_t *result)
{
	(void)req;
	(void)result;
	if (!err)
		bar->conn.unanswered = 0;
}

void abi_heartbeat_tick(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	struct abi_req *req;
	long long now = abi_mono_ms();

	if (now < c->next_heartbeat)
		return;
	if (c->unanswered >= bar->timers.heartbeat_misses) {
		abi_log(bar, ABI_WARN, "%d heartbeats without an answer",
			c->unanswered);
		abi_conn_drop(bar, true);
		return;
	}
	c->next_heartbeat = now + bar->timers.heartbeat_ms;
	req = calloc(1, sizeof(*req));
	if (!req)
		return;
	req->method = "Heartbeat";
	req->params = json_object();
	req->done = heartbeat_done;
	if (abi_conn_send_internal(bar, req) == 0)
		c->unanswered++;
}
