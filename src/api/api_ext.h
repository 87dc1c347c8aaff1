/*
 * api_ext.h — how code outside src/api adds JSON-RPC methods: a switch
 * backend's own methods (the sim switch's Sim.*, switch/sim/sim_rpc.c);
 * and HTTP paths (the SIP switch's /sip WebSocket, switch/sip/sip_ws.c).
 *
 * Who includes what: a backend includes this header and no other of
 * src/api (it brings api/params.h, the declarative validation, and the
 * AcResultT codes of agentbar_codes.h); the API never includes a backend.
 * main.c, which knows both, hands the backend the api between api_alloc()
 * and api_start(). tests/layering.sh keeps it so. The methods are not a
 * switch op (switch.h says why).
 *
 * A registered method is handled like the API's own: the envelope and
 * the params are checked against its pspec first (-32602 or a pspec's
 * toolong code), then the connection must be an admin one, else
 * {"code": ArPermissionDenied, "message": "needs Admin.Login"}; then the
 * handler runs and answers before it returns. It is counted in /metrics
 * under its name, after the API's own methods.
 */
#ifndef CALLCLOUD_API_EXT_H
#define CALLCLOUD_API_EXT_H

#include <jansson.h>
#include "agentbar_codes.h"
#include "api/params.h"

struct api;

/* The longest strings (bytes) the API's own methods take, so that a
 * backend's methods take the same: ids and DNs, names, phone numbers. */
enum { API_ID_MAX = 32, API_NAME_MAX = 64, API_NUMBER_MAX = 32 };

/* One request being answered (the API's; valid during the handler). */
struct api_ext_call;

/* v: the params, checked, in the order of the method's pspec; arg: the
 * registration's. Answers with api_ext_reply*() once; no answer: the
 * caller gets -32603 "internal error". */
typedef void (api_ext_h)(struct api_ext_call *call, const struct pval *v,
			 void *arg);

struct api_ext_method {
	const char *name;             /* "Backend.Method" */
	api_ext_h *h;
	const struct pspec *params;   /* NULL-name terminated, may be NULL */
};

/* Adds tab (NULL-name terminated, kept: static) with arg for its handlers
 * (which must outlive the api). Before api_start(), which sizes the
 * counters. 0; EINVAL; EEXIST when a name is already known (nothing is
 * added); EALREADY after api_start(); ENOMEM. */
int api_ext_register(struct api *api, const struct api_ext_method *tab,
		     void *arg);

struct http_conn;
struct http_msg;

/* A request to a registered path: the connection is the handler's to
 * answer (or to take over, as a WebSocket upgrade does), with libre's
 * http calls. */
typedef void (api_ext_http_h)(struct http_conn *conn,
			      const struct http_msg *msg, void *arg);

/* Serves path ("/sip": exact, at most 63 bytes) on the HTTP port with h
 * and arg (which must outlive the api). 0; EINVAL; EEXIST for one of the
 * API's own paths or one registered already; ENOMEM. */
int api_ext_http(struct api *api, const char *path, api_ext_http_h *h,
		 void *arg);

/* {"code": code}, and when code is not 0 "message": fmt's text (at most
 * 159 bytes), or the code's prompt text for a NULL fmt. */
void api_ext_reply(struct api_ext_call *call, int code, const char *fmt,
		   ...) __attribute__((format(printf, 3, 4)));
/* {"code": 0, key: value}; value is stolen; NULL (out of memory): no
 * answer. */
void api_ext_reply_value(struct api_ext_call *call, const char *key,
			 json_t *value);

#endif
