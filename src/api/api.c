/*
 * api.c — the api object: its listeners (the agent port here, its TLS
 * twin in tls_port.c, HTTP and HTTPS in http.c), the list of connections
 * and the method tables.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include "api/api_int.h"
#include "log.h"

/* The RPC counters: one per known method and one for "unknown", once
 * the tables are complete. */
static int counters_alloc(struct api *api)
{
	struct api_stats *st = &api->stats;
	size_t n = dispatch_methods(api) + 1;

	st->rpc_requests = mem_zalloc(n * sizeof(*st->rpc_requests), NULL);
	st->rpc_errors = mem_zalloc(n * sizeof(*st->rpc_errors), NULL);
	return st->rpc_requests && st->rpc_errors ? 0 : ENOMEM;
}

static void destructor(void *data)
{
	struct api *api = data;

	api_close_sessions(api);
	limits_free(api);
	mem_deref(api->gate);
	mem_deref(api->hss);
	mem_deref(api->hs);
	mem_deref(api->tls_ts);
	mem_deref(api->ts);
	mem_deref(api->stats.rpc_requests);
	mem_deref(api->stats.rpc_errors);
	list_flush(&api->exts);
	list_flush(&api->ext_paths);
	mem_deref(api->tables);
	mem_deref(api->admin_fails);
	mem_deref(api->address_fails);
}

int api_alloc(struct api **apip, const struct api_conf *conf,
	      struct store *st)
{
	struct api *api;
	int err;

	if (!apip || !conf || !st || !conf->listen_address ||
	    strlen(conf->listen_address) >= sizeof(api->listen_address) ||
	    conf->heartbeat_timeout <= 0 || conf->signin_fail_delay_ms < 0 ||
	    conf->agent_tls_port > 65535 || conf->https_port > 65535 ||
	    !conf->limits.rpc_rate || !conf->limits.rpc_burst ||
	    !conf->limits.signin_timeout || !conf->limits.outq_max_bytes ||
	    !conf->limits.http_header_timeout)
		return EINVAL;
	api = mem_zalloc(sizeof(*api), destructor);
	if (!api)
		return ENOMEM;
	api->conf = *conf;
	err = dispatch_tables_alloc(api) ? ENOMEM : 0;
	if (!err)
		err = lockout_alloc(&api->admin_fails, &conf->admin_lock,
				    "admin user");
	if (!err)
		err = lockout_alloc(&api->address_fails, &conf->address_lock,
				    "address");
	if (!err)
		err = limits_alloc(api);
	if (err) {
		mem_deref(api);
		return err;
	}
	api->stats.start_us = now_us();
	api->stats.start_jiffies = tmr_jiffies();
	api->ha.master = true;
	strcpy(api->listen_address, conf->listen_address);
	api->conf.listen_address = api->listen_address;
	if (!api->conf.allowed_origins)
		api->conf.allowed_origins = "";
	if (!api->conf.frame_ancestors)
		api->conf.frame_ancestors = "";
	if (conf->web_root && conf->web_root[0])
		(void)files_root(api, conf->web_root);   /* logged */
	api->st = st;
	list_init(&api->sessions);
	list_init(&api->monitors);
	list_init(&api->exts);
	list_init(&api->ext_paths);
	*apip = api;
	return 0;
}

void api_limits_default(struct api_limits *l)
{
	*l = (struct api_limits){
		.conns_per_source = 64, .max_sessions = 4096,
		.rpc_rate = 20, .rpc_burst = 200, .signin_timeout = 10,
		.http_header_timeout = 5, .outq_max_bytes = 1024 * 1024,
	};
}

void api_accept(struct api *api, struct tcp_sock *ts, struct tls *tls,
		const struct sa *peer)
{
	int err = session_accept(api, ts, tls, peer);

	/* over a limit: limits.c logged it, by source, not per connection */
	if (err && err != EBUSY) {
		char addr[64];

		re_snprintf(addr, sizeof(addr), "%J", peer);
		log_warn("connection from %s refused: %s", addr,
			 strerror(err));
	}
	if (err)
		tcp_reject(ts);
}

static void conn_h(const struct sa *peer, void *arg)
{
	struct api *api = arg;

	api_accept(api, api->ts, NULL, peer);
}

int api_start(struct api *api, struct core *core)
{
	struct sa laddr;
	int err;

	if (!api || !core)
		return EINVAL;
	err = counters_alloc(api);
	if (err)
		return err;
	api->core = core;
	err = api_laddr(api, &laddr, api->conf.agent_port);
	if (err)
		return err;
	api->agent_port = api->conf.agent_port;
	err = tcp_listen(&api->ts, &laddr, conn_h, api);
	err = api_listening(api, err, api->ts, "agent port",
			    &api->agent_port);
	err = err ? err : tls_port_start(api);
	return err ? err : http_start(api);
}

int api_laddr(const struct api *api, struct sa *laddr, uint16_t port)
{
	int err = sa_set_str(laddr, api->listen_address, port);

	if (err)
		log_error("listen_address '%s' is not an IP address",
			  api->listen_address);
	return err;
}

/* listen() again on a listening socket only sets its backlog (Linux). */
int api_listening(const struct api *api, int err, struct tcp_sock *ts,
		  const char *what, uint16_t *port)
{
	struct sa laddr;

	err = err ? err : tcp_sock_listen(ts, SOMAXCONN);
	err = err ? err : tcp_sock_local_get(ts, &laddr);
	if (err) {
		log_error("%s %s:%u: %s", what, api->listen_address, *port,
			  strerror(err));
		return err;
	}
	*port = sa_port(&laddr);
	return 0;
}

void api_set_ha(struct api *api, const struct api_ha *ha)
{
	if (api && ha)
		api->ha = *ha;
}

uint16_t api_agent_port(const struct api *api)
{
	return api ? api->agent_port : 0;
}

uint16_t api_http_port(const struct api *api)
{
	return api ? api->http_port : 0;
}

uint16_t api_agent_tls_port(const struct api *api)
{
	return api ? api->agent_tls_port : 0;
}

uint16_t api_https_port(const struct api *api)
{
	return api ? api->https_port : 0;
}

void api_close_sessions(struct api *api)
{
	struct le *le;

	if (!api)
		return;
	while ((le = list_head(&api->sessions)))
		session_close(le->data);
}
