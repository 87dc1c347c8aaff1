/*
 * rpc.h — JSON-RPC 2.0 framing of one request line: strict parsing
 * (jansson: UTF-8 checked, no NUL, no duplicate keys), validation of the
 * envelope, the error/result/notification messages, and the method table
 * type shared by the m_*.c files.
 */
#ifndef CALLCLOUD_API_RPC_H
#define CALLCLOUD_API_RPC_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "api/params.h"

enum rpc_errcode {
	RPC_PARSE_ERROR      = -32700,
	RPC_INVALID_REQUEST  = -32600,
	RPC_METHOD_NOT_FOUND = -32601,
	RPC_INVALID_PARAMS   = -32602,
	RPC_INTERNAL_ERROR   = -32603,
	/* implementation-defined: past [limits] rpc_rate (limits.c) */
	RPC_RATE_LIMITED     = -32029,
};

struct rpc_req {
	json_t *msg;         /* the parsed request, owned */
	json_t *id;          /* borrowed from msg; NULL: a notification */
	const char *method;  /* borrowed from msg */
	json_t *params;      /* borrowed from msg; NULL when absent */
};

/* Parses one line. Returns 0, or RPC_PARSE_ERROR / RPC_INVALID_REQUEST with
 * a message in msg; then req->id is the request's id when it could be read
 * and is valid (the error reply carries it), else NULL (reply id null). */
int  rpc_parse(struct rpc_req *req, const char *line, size_t len,
	       char *msg, size_t msgsize);
void rpc_req_reset(struct rpc_req *req);

/* New message objects. id may be NULL (JSON null); result is stolen. */
json_t *rpc_error(json_t *id, int code, const char *message);
json_t *rpc_result(json_t *id, json_t *result);
json_t *rpc_notification(const char *method, json_t *params);

/* Who may call a method. */
enum rpc_needs {
	NEEDS_NONE,   /* any connection (SignIn, Heartbeat, Admin.Login ...) */
	NEEDS_AGENT,  /* a signed-in agent; else {"code": ArNoSignin} */
	NEEDS_ADMIN,  /* after Admin.Login; else ArPermissionDenied */
	NEEDS_ANY,    /* an agent or an admin connection (queries) */
};

struct rpc_call;
/* Returns the result object (a new reference), or NULL when the handler
 * replies later itself (see session_defer()). */
typedef json_t *(rpc_h)(struct rpc_call *c);

struct rpc_method {
	const char *name;
	rpc_h *h;
	enum rpc_needs needs;
	const struct pspec *params;   /* NULL-name terminated, may be NULL */
};

/* Looks name up in a NULL-terminated list of NULL-name-terminated tables. */
const struct rpc_method *rpc_method_find(const struct rpc_method *const *tabs,
					 const char *name);

#endif
