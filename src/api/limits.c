/*
 * limits.c — the API's flood limits ([limits], docs/security.md "Limits
 * and floods"), kept out of session.c, which calls in at a connection's
 * start and end and at each request:
 *
 * - connections per source address on each door (agent port, /ws) and
 *   sessions in total: past them a connection is refused before it is
 *   accepted (the agent port closes it, /ws answers 503);
 * - a fresh connection (no SignIn, no Admin.Login) is closed after
 *   signin_timeout: an idle socket costs nothing to open;
 * - requests: a token bucket per connection (rpc_rate a second, rpc_burst
 *   saved up). A request over it is answered RPC_RATE_LIMITED without
 *   being run; a client that goes on, rpc_burst more in a row, is
 *   dropped. Admin connections are not limited: their bulk imports are
 *   the administrator's own, after a password.
 *
 * The bound on unread output is session.c's (outq_max_bytes).
 */
#include <errno.h>
#include "api/api_int.h"
#include "log.h"

enum { LOG_INTERVAL_MS = 10000 };

const char *limits_name(enum limit_kind k)
{
	static const char *const names[LIMIT_KINDS] = {
		"conns_per_source", "max_sessions", "rpc_rate",
		"signin_timeout", "outq_max_bytes", "http_header_timeout",
	};

	return k < LIMIT_KINDS ? names[k] : NULL;
}

void limits_count(struct api *api, enum limit_kind k)
{
	if (k < LIMIT_KINDS)
		api->lim.counts[k]++;
}

int limits_alloc(struct api *api)
{
	const struct api_limits *l = &api->conf.limits;
	struct srclimit_conf c = {
		.door = "agent port", .max_conns = l->conns_per_source,
		.rate = l->rpc_rate, .burst = l->rpc_burst,
	};
	int err;

	err = srclimit_alloc(&api->lim.agent, &c);
	c.door = "/ws";
	return err ? err : srclimit_alloc(&api->lim.ws, &c);
}

void limits_free(struct api *api)
{
	api->lim.agent = mem_deref(api->lim.agent);
	api->lim.ws = mem_deref(api->lim.ws);
}

static void signin_expired(void *arg)
{
	struct session *s = arg;

	if (s->kind != SESSION_NONE)
		return;
	log_debug("connection %s: no sign-in within %u s, closing", s->peer,
		  s->api->conf.limits.signin_timeout);
	limits_count(s->api, LIMIT_SIGNIN_TIMEOUT);
	session_close(s);
}

int limits_open(struct session *s, const struct sa *peer, bool ws)
{
	struct api *api = s->api;
	const struct api_limits *l = &api->conf.limits;
	struct session_lim *sl = &s->lim;

	if (api->lim.sessions >= l->max_sessions) {
		uint64_t now = tmr_jiffies();

		if (!api->lim.total_logged_ms ||
		    now - api->lim.total_logged_ms >= LOG_INTERVAL_MS) {
			log_warn("%u sessions: refusing new connections "
				 "([limits] max_sessions)", api->lim.sessions);
			api->lim.total_logged_ms = now;
		}
		limits_count(api, LIMIT_MAX_SESSIONS);
		return EBUSY;
	}
	sl->src = srclimit_conn_add(ws ? api->lim.ws : api->lim.agent, peer);
	if (!sl->src) {
		limits_count(api, LIMIT_CONNS_PER_SOURCE);
		return EBUSY;
	}
	sl->counted = true;
	api->lim.sessions++;
	tbucket_init(&sl->rpc, l->rpc_burst, tmr_jiffies());
	tmr_start(&sl->signin, (uint64_t)l->signin_timeout * 1000,
		  signin_expired, s);
	return 0;
}

void limits_close(struct session *s)
{
	struct session_lim *sl = &s->lim;

	tmr_cancel(&sl->signin);
	srclimit_conn_del(sl->src);
	sl->src = NULL;
	if (sl->counted)
		s->api->lim.sessions--;
	sl->counted = false;
}

/* Answers a request over the rate, when it has an id to answer. */
static void refuse(struct session *s, const char *text, size_t len)
{
	struct rpc_req req;
	char msg[160];

	if (!rpc_parse(&req, text, len, msg, sizeof(msg)) && req.id)
		session_send(s, rpc_error(req.id, RPC_RATE_LIMITED,
					  "rate limit exceeded"));
	rpc_req_reset(&req);
}

bool limits_request(struct session *s, const char *text, size_t len)
{
	const struct api_limits *l = &s->api->conf.limits;
	struct session_lim *sl = &s->lim;

	if (s->kind == SESSION_ADMIN ||
	    tbucket_take(&sl->rpc, l->rpc_rate, l->rpc_burst, tmr_jiffies())) {
		sl->over = 0;
		return true;
	}
	limits_count(s->api, LIMIT_RPC_RATE);
	if (sl->src)
		srcent_refused(sl->src, "requests over the rate");
	if (++sl->over > l->rpc_burst) {
		session_drop(s, "far over the request rate");
		return false;
	}
	refuse(s, text, len);
	return false;
}
