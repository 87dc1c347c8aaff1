/*
 * http.c — the HTTP port, and the HTTPS port when [http] tls_port is on:
 * the same requests over either, routed to their handler. /ws upgrades
 * to the JSON-RPC WebSocket (ws.c); /health and /healthz answer load
 * balancers, /sysinfo gives SysInfoT to dashboards, /metrics the same and
 * more to Prometheus (metrics.c); a path a backend registered
 * (api_ext_http: the SIP switch's /sip) goes to it; every other path is a
 * static file of the web toolbar (files.c).
 *
 * Every response carries the security headers below. The CSP lets the
 * pages load only their own scripts and styles, connect to any WebSocket
 * (a bar's MainCTIIP and BackCTIIP may be other hosts than the page's),
 * and be framed only by this host and the [http] frame_ancestors.
 */
#include <string.h>
#include "api/api_int.h"
#include "api/shape.h"
#include "core/core.h"
#include "log.h"

int http_security_headers(struct re_printf *pf, const struct api *api)
{
	return re_hprintf(pf,
			  "X-Content-Type-Options: nosniff\r\n"
			  "Referrer-Policy: no-referrer\r\n"
			  "Content-Security-Policy: default-src 'self'; "
			  "script-src 'self'; style-src 'self'; "
			  "img-src 'self' data:; connect-src 'self' ws: wss:; "
			  "object-src 'none'; base-uri 'none'; "
			  "form-action 'self'; frame-ancestors 'self'%s%s\r\n",
			  api->conf.frame_ancestors[0] ? " " : "",
			  api->conf.frame_ancestors);
}

static void reply_json(struct api *api, struct http_conn *conn, json_t *v)
{
	char *text = v ? shape_text(v) : NULL;

	if (text)
		http_reply(conn, 200, "OK",
			   "Content-Type: application/json\r\n"
			   "Content-Length: %zu\r\n"
			   "Cache-Control: no-store\r\n"
			   "%H\r\n%s", strlen(text),
			   http_security_headers, api, text);
	else
		http_ereply(conn, 500, "Internal Server Error");
	free(text);
	json_decref(v);
}

static bool get_only(struct http_conn *conn, const struct http_msg *msg)
{
	if (!pl_strcmp(&msg->met, "GET"))
		return true;
	http_ereply(conn, 405, "Method Not Allowed");
	return false;
}

static void req_h(struct http_conn *conn, const struct http_msg *msg,
		  void *arg)
{
	struct api *api = arg;

	http_gate_served(api, conn);
	if (!pl_strcmp(&msg->path, "/ws")) {
		if (get_only(conn, msg))
			ws_upgrade(api, conn, msg);
	} else if (!pl_strcmp(&msg->path, "/health") ||
		   !pl_strcmp(&msg->path, "/healthz")) {
		if (get_only(conn, msg))
			reply_json(api, conn,
				   json_pack("{s:s, s:s}", "status", "ok",
					     "role", api->ha.master ?
					     "master" : "standby"));
	} else if (!pl_strcmp(&msg->path, "/sysinfo")) {
		struct sys_info si;

		if (!get_only(conn, msg))
			return;
		core_sys_info(api->core, &si);
		reply_json(api, conn, shape_sys_info(&si));
	} else if (!pl_strcmp(&msg->path, "/metrics")) {
		if (get_only(conn, msg))
			metrics_reply(api, conn);
	} else if (!ext_http_serve(api, conn, msg)) {
		files_serve(api, conn, msg);
	}
}

/* HTTPS is libre's server with TLS started on each connection, from a
 * context it loads from the certificate file itself (it takes no
 * context of ours); OpenSSL 3 refuses TLS below 1.2 at its default
 * security level, as tlscert_server() does for the agent TLS port.
 * No Strict-Transport-Security: it would hold for every port of the
 * host, the plain HTTP port included (docs/decisions.md). */
static int https_start(struct api *api)
{
	struct sa laddr;
	int err;

	if (api->conf.https_port < 0 || !api->conf.tls_cert ||
	    !api->conf.tls_cert[0])
		return 0;
	err = api_laddr(api, &laddr, (uint16_t)api->conf.https_port);
	if (err)
		return err;
	api->https_port = (uint16_t)api->conf.https_port;
	err = https_listen(&api->hss, &laddr, api->conf.tls_cert, req_h, api);
	return api_listening(api, err, http_sock_tcp(api->hss), "https port",
			     &api->https_port);
}

int http_start(struct api *api)
{
	struct sa laddr;
	int err;

	err = api_laddr(api, &laddr, api->conf.http_port);
	if (err)
		return err;
	api->http_port = api->conf.http_port;
	err = http_listen(&api->hs, &laddr, req_h, api);
	err = api_listening(api, err, http_sock_tcp(api->hs), "http port",
			    &api->http_port);
	err = err ? err : https_start(api);
	return err ? err : http_gate_start(api);
}
