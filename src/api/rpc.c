/*
 * rpc.c — the JSON-RPC 2.0 envelope (see rpc.h).
 */
#include <stdio.h>
#include <string.h>
#include "api/rpc.h"

void rpc_req_reset(struct rpc_req *req)
{
	json_decref(req->msg);
	memset(req, 0, sizeof(*req));
}

/* JSON-RPC allows string, number and null ids; a fractional number is
 * refused because it cannot be echoed back exactly. */
static bool id_valid(const json_t *id)
{
	return json_is_string(id) || json_is_integer(id) || json_is_null(id);
}

int rpc_parse(struct rpc_req *req, const char *line, size_t len,
	      char *msg, size_t msgsize)
{
	json_error_t jerr;
	json_t *v, *id;

	memset(req, 0, sizeof(*req));
	req->msg = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
			      &jerr);
	if (!req->msg) {
		snprintf(msg, msgsize, "parse error: %s", jerr.text);
		return RPC_PARSE_ERROR;
	}
	if (!json_is_object(req->msg)) {
		snprintf(msg, msgsize, "a request must be a JSON object");
		return RPC_INVALID_REQUEST;
	}
	id = json_object_get(req->msg, "id");
	if (id && !id_valid(id)) {
		snprintf(msg, msgsize, "id must be a string, an integer or "
			 "null");
		return RPC_INVALID_REQUEST;
	}
	req->id = id;
	v = json_object_get(req->msg, "jsonrpc");
	if (!json_is_string(v) || strcmp(json_string_value(v), "2.0")) {
		snprintf(msg, msgsize, "jsonrpc must be \"2.0\"");
		return RPC_INVALID_REQUEST;
	}
	v = json_object_get(req->msg, "method");
	if (!json_is_string(v) || !json_string_length(v)) {
		snprintf(msg, msgsize, "method must be a non-empty string");
		return RPC_INVALID_REQUEST;
	}
	req->method = json_string_value(v);
	v = json_object_get(req->msg, "params");
	if (v && !json_is_object(v) && !json_is_array(v)) {
		snprintf(msg, msgsize, "params must be an object");
		return RPC_INVALID_REQUEST;
	}
	req->params = v;
	return 0;
}

json_t *rpc_error(json_t *id, int code, const char *message)
{
	return json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0",
			 "id", id ? id : json_null(), "error", "code", code,
			 "message", message ? message : "");
}

json_t *rpc_result(json_t *id, json_t *result)
{
	return json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0",
			 "id", id ? id : json_null(), "result", result);
}

json_t *rpc_notification(const char *method, json_t *params)
{
	return json_pack("{s:s, s:s, s:o}", "jsonrpc", "2.0",
			 "method", method, "params", params);
}

const struct rpc_method *rpc_method_find(const struct rpc_method *const *tabs,
					 const char *name)
{
	for (; *tabs; tabs++)
		for (const struct rpc_method *m = *tabs; m->name; m++)
			if (!strcmp(m->name, name))
				return m;
	return NULL;
}
