/*
 * requests.c — the requests waiting for their answer, matched by id. A
 * caller's request waits on conn.cond at most TimeOut; an internal one
 * (heartbeat, re-sign-in) is finished by its done() on the I/O thread, or
 * fails at its own deadline. When the link drops, all of them fail.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conn.h"

static char *request_line(struct abi_req *req)
{
	json_t *msg = json_pack("{s:s, s:I, s:s, s:O}", "jsonrpc", "2.0",
				"id", (json_int_t)req->id, "method",
				req->method, "params", req->params);
	char *line;

	if (!msg)
		return NULL;
	line = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	return line;
}

/* with c->mu held: take req out of the pending list, if it is there */
static bool unlink_req(struct abi_conn *c, struct abi_req *req)
{
	for (struct abi_req **pp = &c->pending; *pp; pp = &(*pp)->next) {
		if (*pp == req) {
			*pp = req->next;
			return true;
		}
	}
	return false;
}

static struct abi_req *unlink_id(struct abi_conn *c, long long id)
{
	for (struct abi_req **pp = &c->pending; *pp; pp = &(*pp)->next) {
		struct abi_req *req = *pp;
		if (req->id == id) {
			*pp = req->next;
			return req;
		}
	}
	return NULL;
}

/* Serialise and queue a request; the caller holds nothing. */
static int queue_request(AgentBar *bar, struct abi_req *req, bool internal)
{
	struct abi_conn *c = &bar->conn;
	char *line;
	int rc = 0;

	req->id = __atomic_fetch_add(&c->next_id, 1, __ATOMIC_RELAXED);
	line = request_line(req);
	if (!line)
		return ArFailed;
	if (strlen(line) >= ABI_MAX_LINE) {
		abi_log(bar, ABI_WARN, "%s: request longer than %d bytes",
			req->method, ABI_MAX_LINE);
		free(line);
		return ArInvalidParam;
	}
	abi_log(bar, ABI_DEBUG, "-> %.300s", line);
	pthread_mutex_lock(&c->mu);
	if (!internal && (!c->ready || c->stop))
		rc = AGENTBARERROR_BGCC_EXCEPTION;
	else if (abi_io_queue(c, line) < 0)
		rc = ArFailed;
	else {
		req->next = c->pending;
		c->pending = req;
	}
	pthread_mutex_unlock(&c->mu);
	free(line);
	return rc;
}

static void free_internal(struct abi_req *req)
{
	json_decref(req->params);
	free(req);
}

int abi_conn_send_internal(AgentBar *bar, struct abi_req *req)
{
	int rc = req->params ? queue_request(bar, req, true) : ArFailed;

	if (rc)
		free_internal(req);
	return rc;
}

static void deadline_ts(long ms, struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

int abi_call(AgentBar *bar, const char *method, json_t *params,
	     abi_apply_fn *apply, json_t **result)
{
	struct abi_conn *c = &bar->conn;
	struct abi_req req = {.method = method, .params = params,
			      .apply = apply};
	long timeout = abi_get_long(bar, ABI_L_TimeOut);
	struct timespec ts;
	bool expired = false;
	int rc;

	if (result)
		*result = NULL;
	if (!params)
		return ArFailed;
	rc = queue_request(bar, &req, false);
	if (rc) {
		if (rc == AGENTBARERROR_BGCC_EXCEPTION)
			abi_log(bar, ABI_WARN, "%s: not connected to the CTI "
				"server", method);
		json_decref(params);
		return rc;
	}
	abi_io_wake(c);
	deadline_ts(timeout, &ts);
	pthread_mutex_lock(&c->mu);
	while (!req.finished) {
		if (expired) {
			/* the answer is being applied right now */
			pthread_cond_wait(&c->cond, &c->mu);
			continue;
		}
		if (pthread_cond_timedwait(&c->cond, &c->mu, &ts) != ETIMEDOUT ||
		    req.finished)
			continue;
		expired = true;
		if (unlink_req(c, &req)) {
			req.finished = true;
			req.err = AGENTBARERROR_BGCC_EXCEPTION;
			abi_log(bar, ABI_WARN, "%s: no answer within %ld ms",
				method, timeout);
		}
	}
	pthread_mutex_unlock(&c->mu);
	json_decref(params);
	if (req.err)
		return req.err;
	rc = (int)json_integer_value(json_object_get(req.result, "code"));
	if (result)
		*result = req.result;
	else
		json_decref(req.result);
	return rc;
}

static bool valid_result(json_t *result)
{
	json_t *code = json_object_get(result, "code");
	json_int_t v;

	if (!json_is_object(result) || !json_is_integer(code))
		return false;
	v = json_integer_value(code);
	return v >= 0 && v <= INT_MAX;
}

void abi_req_answer(AgentBar *bar, json_t *msg, long long id)
{
	struct abi_conn *c = &bar->conn;
	json_t *result = json_object_get(msg, "result");
	struct abi_req *req;
	int err = 0;

	pthread_mutex_lock(&c->mu);
	req = unlink_id(c, id);
	pthread_mutex_unlock(&c->mu);
	if (!req) {
		abi_log(bar, ABI_DEBUG, "answer to request %lld that is no "
			"longer waited for", id);
		return;
	}
	if (json_object_get(msg, "error")) {
		abi_log(bar, ABI_WARN, "%s: the server rejected the request "
			"(JSON-RPC error)", req->method);
		err = AGENTBARERROR_JSON_READERERROR;
	} else if (!valid_result(result)) {
		abi_log(bar, ABI_WARN, "%s: answer without a result code",
			req->method);
		err = AGENTBARERROR_JSON_READERERROR;
	}
	if (!err && req->apply)
		req->apply(bar, req, result);
	if (req->done) {
		req->done(bar, req, err, err ? NULL : result);
		free_internal(req);
		return;
	}
	/* hand the result over detached from msg, which the I/O thread frees */
	if (!err) {
		json_incref(result);
		json_object_del(msg, "result");
	}
	pthread_mutex_lock(&c->mu);
	req->err = err;
	req->result = err ? NULL : result;
	req->finished = true;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->mu);
}

long long abi_req_expire(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	long long now = abi_mono_ms(), next = -1;
	struct abi_req *req;

	for (;;) {
		struct abi_req *due = NULL;

		pthread_mutex_lock(&c->mu);
		for (req = c->pending; req; req = req->next) {
			if (!req->done || !req->deadline)
				continue;
			if (req->deadline <= now) {
				due = req;
				break;
			}
			if (next < 0 || req->deadline - now < next)
				next = req->deadline - now;
		}
		if (due)
			unlink_req(c, due);
		pthread_mutex_unlock(&c->mu);
		if (!due)
			return next;
		abi_log(bar, ABI_WARN, "%s: no answer in time", due->method);
		due->done(bar, due, AGENTBARERROR_BGCC_EXCEPTION, NULL);
		free_internal(due);
		if (c->fd < 0)
			return -1;
	}
}

void abi_req_fail_all(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	struct abi_req *req, *next, *internal = NULL;

	pthread_mutex_lock(&c->mu);
	for (req = c->pending; req; req = next) {
		next = req->next;
		if (req->done) {
			req->next = internal;
			internal = req;
		} else {
			req->err = AGENTBARERROR_BGCC_EXCEPTION;
			req->finished = true;
		}
	}
	c->pending = NULL;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->mu);
	for (req = internal; req; req = next) {
		next = req->next;
		req->done(bar, req, ABI_ERR_LINK_LOST, NULL);
		free_internal(req);
	}
}
