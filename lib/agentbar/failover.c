/*
 * failover.c — what the I/O thread does when the link to the CTI server
 * dies (AGENTBAR-API.md section 1): raise OnCTIDisconnect once, reconnect
 * to MainCTIIP then BackCTIIP with a growing pause, sign the agent back in
 * if it was signed in (in the state it was in: resume.c), and end the
 * episode with OnMasterChanged (ACD_MASTERCHANGE when it landed on the
 * other server, ACD_RELOGINSUCCESS) or OnOperationFailed
 * (ACD_RELOGINFAILED).
 *
 * A backup server answers ArNotMaster until it has taken over, so that
 * answer to the re-sign-in means "try again shortly", a few times; so does
 * no answer in time (a server swamped by every bar coming back at once).
 */
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conn.h"

enum { MAX_RELOGIN_TRIES = 10 };

static void schedule_retry(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	const struct abi_timers *t = &bar->timers;

	c->backoff_ms = c->backoff_ms ? c->backoff_ms * 2 : t->backoff_min_ms;
	if (c->backoff_ms > t->backoff_max_ms)
		c->backoff_ms = t->backoff_max_ms;
	c->retry_at = abi_mono_ms() + c->backoff_ms;
}

void abi_failover_lost(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;

	if (c->recovering) {
		/* this server took us back and then failed us (a hung main
		 * accepts and answers nothing): the other one first */
		c->first_server = (c->current + 1) % c->nservers;
		schedule_retry(bar);
		return;
	}
	c->recovering = true;
	c->lost_server = c->current;
	c->first_server = 0;
	c->relogin_tries = 0;
	/* A link that lived a while is retried at once; one that keeps dying
	 * right after connecting keeps the growing pause, so a server that
	 * accepts and drops cannot drive a busy loop of reconnects. */
	if (abi_mono_ms() - c->connected_at >= bar->timers.backoff_max_ms) {
		c->backoff_ms = 0;
		c->retry_at = abi_mono_ms();
	} else {
		schedule_retry(bar);
	}
	abi_event_raise(bar, "OnCTIDisconnect", EVENTREASON_ACD_DISCONNECT);
}

static bool server_changed(struct abi_conn *c)
{
	const struct abi_server *now = &c->server[c->current];
	const struct abi_server *was = &c->server[c->lost_server];

	return now->port != was->port || strcmp(now->host, was->host);
}

static void end_recovery(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;

	c->recovering = false;
	c->relogin_tries = 0;
	abi_conn_set_ready(bar, true);
}

static void relogin_done(AgentBar *bar, struct abi_req *req, int err,
			 json_t *result)
{
	struct abi_conn *c = &bar->conn;
	json_t *status = json_object_get(result, "agentStatus");
	int code;

	(void)req;
	if (err == ABI_ERR_LINK_LOST)
		return;         /* the next connection signs in again */
	code = err ? err : (int)json_integer_value(json_object_get(result,
								   "code"));
	if ((code == ArNotMaster || code == AGENTBARERROR_BGCC_EXCEPTION) &&
	    ++c->relogin_tries < MAX_RELOGIN_TRIES) {
		abi_log(bar, ABI_WARN, "%s:%d %s; retrying",
			c->server[c->current].host, c->server[c->current].port,
			code == ArNotMaster ? "is not the master yet" :
			"did not answer the sign-in in time");
		/* a standby answers and soon leads: it again; a server that
		 * did not answer may hang for good: the other one */
		c->first_server = code == ArNotMaster ? c->current :
			(c->current + 1) % c->nservers;
		abi_conn_drop(bar, false);
		schedule_retry(bar);
		return;
	}
	/* ready first: a handler of the events below may call methods */
	end_recovery(bar);
	if (server_changed(c))
		abi_event_raise(bar, "OnMasterChanged",
				EVENTREASON_ACD_MASTERCHANGE);
	pthread_mutex_lock(&bar->mu);
	if (code == 0) {
		bar->signed_in = true;
		if (json_is_integer(status) && json_integer_value(status) > 0 &&
		    json_integer_value(status) < AS_STATE_COUNT)
			bar->status = (int)json_integer_value(status);
	} else {
		bar->signed_in = false;
		bar->status = AsUnLoginState;
		json_decref(bar->signin_params);
		bar->signin_params = NULL;
	}
	pthread_mutex_unlock(&bar->mu);
	if (code == 0) {
		abi_log(bar, ABI_TRACE, "signed back in");
		abi_event_raise(bar, "OnMasterChanged",
				EVENTREASON_ACD_RELOGINSUCCESS);
	} else {
		abi_log(bar, ABI_ERROR, "signing back in failed: %d %s", code,
			ab_ResultName(code));
		abi_event_raise(bar, "OnOperationFailed",
				EVENTREASON_ACD_RELOGINFAILED);
	}
}

/* Re-send the last good SignIn, resuming the agent's state (resume.c):
 * 1 sent, 0 nobody to sign back in, -1 it could not be sent. */
static int sign_back_in(AgentBar *bar)
{
	struct abi_req *req;
	json_t *params = NULL;
	bool had = false;

	pthread_mutex_lock(&bar->mu);
	if (bar->signin_params) {
		had = true;
		params = json_deep_copy(bar->signin_params);
		if (params && abi_resume_add(bar, params))
			params = (json_decref(params), NULL);
	}
	pthread_mutex_unlock(&bar->mu);
	if (!params)
		return had ? -1 : 0;
	/* the old session may still hold the agent on the server */
	json_object_set_new(params, "ForceSignIn", json_true());
	req = calloc(1, sizeof(*req));
	if (!req) {
		json_decref(params);
		return -1;
	}
	req->method = "SignIn";
	req->params = params;
	req->done = relogin_done;
	req->deadline = abi_mono_ms() + abi_get_long(bar, ABI_L_TimeOut);
	abi_log(bar, ABI_TRACE, "signing back in");
	return abi_conn_send_internal(bar, req) ? -1 : 1;
}

static void on_connected(AgentBar *bar, int fd, struct ssl_st *ssl,
			 int index)
{
	int sent;

	abi_conn_attach(bar, fd, ssl, index);
	sent = sign_back_in(bar);
	if (sent > 0)
		return;         /* relogin_done ends the episode */
	if (sent < 0) {
		relogin_done(bar, NULL, ArFailed, NULL);
		return;
	}
	end_recovery(bar);
	if (server_changed(&bar->conn))
		abi_event_raise(bar, "OnMasterChanged",
				EVENTREASON_ACD_MASTERCHANGE);
}

static int retry_in(AgentBar *bar)
{
	long long left = bar->conn.retry_at - abi_mono_ms();

	return left > 0 ? (int)left : 0;
}

void abi_failover_step(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	struct pollfd p = {c->wake[0], POLLIN, 0};
	int timeout = retry_in(bar);
	char buf[64];

	/* sleep until the next round; UnInitial's wake-up cuts it short */
	if (poll(&p, 1, timeout) > 0) {
		while (read(c->wake[0], buf, sizeof(buf)) > 0)
			;
		return;
	}
	if (retry_in(bar) > 0)
		return;
	timeout = (int)abi_get_long(bar, ABI_L_TimeOut);
	for (int k = 0; k < c->nservers; k++) {
		int i = (c->first_server + k) % c->nservers, fd;
		struct ssl_st *ssl;
		int rc = abi_link_connect(bar, i, timeout, c->wake[0], &fd,
					  &ssl);

		if (rc == -2)
			return;
		if (rc == 0) {
			on_connected(bar, fd, ssl, i);
			return;
		}
	}
	schedule_retry(bar);
	abi_log(bar, ABI_WARN, "no CTI server reachable; next try in %d ms",
		c->backoff_ms);
}
