/*
 * authz_test.c — docs/security.md "Who may do what", run: the test reads
 * the table and, for every method of every row, opens a connection of
 * each kind (fresh, agent 2002, monitor 2001, admin) to a daemon of the
 * row's switch and makes the row's call, expecting the cell; for every
 * path, it sends the request and expects the status. All differences are
 * listed, then the test fails if there was one. A method that a daemon
 * knows (its /metrics names every one) and no row names fails it too.
 *
 * Daemons (one each, started when a row first needs them): sim, sip, and
 * cti (a CTI driving a sim switch node).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "itest.h"
#include "nodec.h"

#define TABLE SOURCE_DIR "/docs/security.md"
#define HEADING "## Who may do what"

enum kind { FRESH, AGENT, MONITOR, ADMIN, KINDS };
static const char *const kind_name[KINDS] = {"fresh", "agent", "monitor",
					     "admin"};

/* The row's columns. */
enum { COL_NAMES, COL_DAEMON, COL_CALL, COL_KIND, COLS = COL_KIND + KINDS };

static struct daemon sim_d, sip_d;
static struct node_pair cti_p;
static int wrong;   /* cells that did not hold */

static const struct daemon *daemon_for(const char *name)
{
	if (!strcmp(name, "sim")) {
		if (!sim_d.pid)
			daemon_start(&sim_d, NULL);
		return &sim_d;
	}
	if (!strcmp(name, "sip")) {
		struct daemon_opts o = {.sip = true};

		if (!sip_d.pid)
			daemon_start(&sip_d, &o);
		return &sip_d;
	}
	if (!strcmp(name, "cti")) {
		if (!cti_p.has_cti) {
			node_pair_start_node(&cti_p, NULL, false);
			node_pair_start_cti(&cti_p);
		}
		return &cti_p.cti;
	}
	fail_msg("%s: unknown daemon '%s'", TABLE, name);
	return NULL;
}

/* "ok 25", "28 ArPermissionDenied", "-32601", "404": the number. */
static int cell_code(const char *cell)
{
	char *end;
	long n;

	if (!strncmp(cell, "ok ", 3))
		cell += 3;
	n = strtol(cell, &end, 10);
	if (end == cell)
		fail_msg("%s: a cell that is no answer: '%s'", TABLE, cell);
	return (int)n;
}

static void differ(const char *name, const char *daemon, const char *kind,
		   int want, int got)
{
	print_message("%s: %s (%s) as %s: the table says %d, the daemon "
		      "answered %d\n", TABLE, name, daemon, kind, want, got);
	wrong++;
}

/* A connection to d of kind k. */
static struct rc *connect_as(const struct daemon *d, enum kind k)
{
	struct rc *c = rc_connect(d->agent_port);

	switch (k) {
	case AGENT:
		assert_int_equal(itest_signin(c, "2002", "1882", NULL), 0);
		break;
	case MONITOR:
		assert_int_equal(itest_signin(c, "2001", "1881", NULL), 0);
		break;
	case ADMIN:
		assert_int_equal(itest_admin_login(c), 0);
		break;
	default:
		break;
	}
	return c;
}

/* The result code of method called with params (JSON text, "" for
 * none), or the JSON-RPC error's code. */
static int answer(struct rc *c, const char *method, const char *params)
{
	json_error_t err;
	json_t *p = NULL, *r;
	int code;

	if (*params && !(p = json_loads(params, 0, &err)))
		fail_msg("%s: %s: params %s: %s", TABLE, method, params,
			 err.text);
	r = rc_call(c, method, p);
	code = r ? rc_code(r) : rc_last_error(c);
	json_decref(r);
	return code;
}

static void check_method(const char *name, json_t *row)
{
	const char *dname = json_string_value(json_array_get(row, COL_DAEMON));
	const char *call = json_string_value(json_array_get(row, COL_CALL));
	const struct daemon *d = daemon_for(dname);
	char params[1024];

	/* the params stand in backticks */
	snprintf(params, sizeof(params), "%s", *call == '`' ? call + 1 : call);
	params[strcspn(params, "`")] = '\0';
	for (int k = 0; k < KINDS; k++) {
		const char *cell = json_string_value(
			json_array_get(row, COL_KIND + k));
		struct rc *c = connect_as(d, (enum kind)k);
		int got = answer(c, name, params);

		if (got != cell_code(cell))
			differ(name, dname, kind_name[k], cell_code(cell),
			       got);
		rc_close(c);
	}
}

/* The headers "called with" asks for. */
static void request_headers(char *buf, size_t size, const char *call)
{
	const char *origin = strstr(call, "Origin ");

	buf[0] = '\0';
	if (strstr(call, "WebSocket upgrade"))
		snprintf(buf, size, "Upgrade: websocket\r\n"
			 "Connection: Upgrade\r\n"
			 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
			 "Sec-WebSocket-Version: 13\r\n%s",
			 strstr(call, "protocol sip") ?
			 "Sec-WebSocket-Protocol: sip\r\n" : "");
	if (origin)
		snprintf(buf + strlen(buf), size - strlen(buf),
			 "Origin: %.*s\r\n", (int)strcspn(origin + 7, " ,"),
			 origin + 7);
}

/* name is "GET /path": HTTP has no kinds, so the four cells must agree
 * and one request answers for them. */
static void check_path(const char *name, json_t *row)
{
	const char *dname = json_string_value(json_array_get(row, COL_DAEMON));
	const char *first = json_string_value(json_array_get(row, COL_KIND));
	const struct daemon *d = daemon_for(dname);
	char headers[512], req[1024], buf[4096];
	int got;

	for (int k = 1; k < KINDS; k++)
		if (strcmp(first, json_string_value(
				   json_array_get(row, COL_KIND + k))))
			fail_msg("%s: %s: HTTP has no sessions, yet the "
				 "cells differ", TABLE, name);
	request_headers(headers, sizeof(headers), json_string_value(
				json_array_get(row, COL_CALL)));
	snprintf(req, sizeof(req), "%s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
		 "%s\r\n", name, d->http_port, headers);
	got = itest_http(d->http_port, req, buf, sizeof(buf), NULL);
	if (got != cell_code(first))
		differ(name, dname, "any", cell_code(first), got);
}

/* Calls f for each name in backticks in the row's first cell. */
static void each_name(json_t *row, void (*f)(const char *, json_t *))
{
	const char *p = json_string_value(json_array_get(row, COL_NAMES));
	const char *open;

	while ((open = strchr(p, '`'))) {
		const char *close = strchr(open + 1, '`');
		char name[128];

		if (!close)
			fail_msg("%s: unbalanced ` in %s", TABLE, p);
		snprintf(name, sizeof(name), "%.*s",
			 (int)(close - open - 1), open + 1);
		f(name, row);
		p = close + 1;
	}
}

static void check_name(const char *name, json_t *row)
{
	if (!strncmp(name, "GET ", 4) || !strncmp(name, "POST ", 5) ||
	    !strncmp(name, "HEAD ", 5))
		check_path(name, row);
	else
		check_method(name, row);
}

static void test_table(void **state)
{
	json_t *rows = itest_md_table(TABLE, HEADING);
	json_t *row;
	size_t i;

	(void)state;
	wrong = 0;
	json_array_foreach(rows, i, row) {
		if (json_array_size(row) != COLS)
			fail_msg("%s: row %zu has %zu cells, not %d", TABLE,
				 i + 1, json_array_size(row), COLS);
		each_name(row, check_name);
	}
	json_decref(rows);
	assert_int_equal(wrong, 0);
}

/* Every method d's /metrics counts (all it knows) is named in the
 * table's first column, in backticks. */
static void every_method_named(const struct daemon *d, const char *text)
{
	static const char label[] = "callcloud_rpc_requests_total{method=\"";
	char buf[256 * 1024], want[160];
	const char *p = itest_http_get(d->http_port, "/metrics", buf,
				       sizeof(buf));

	while ((p = strstr(p, label))) {
		p += sizeof(label) - 1;
		snprintf(want, sizeof(want), "`%.*s`", (int)strcspn(p, "\""),
			 p);
		if (strcmp(want, "`unknown`") && !strstr(text, want)) {
			print_message("%s: no row names %s\n", TABLE, want);
			wrong++;
		}
	}
}

static void test_every_method_has_a_row(void **state)
{
	json_t *rows = itest_md_table(TABLE, HEADING);
	char *text = NULL;
	size_t len = 0;
	json_t *row;
	size_t i;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	wrong = 0;
	json_array_foreach(rows, i, row)
		fputs(json_string_value(json_array_get(row, COL_NAMES)), f);
	fclose(f);
	every_method_named(daemon_for("sim"), text);
	every_method_named(daemon_for("cti"), text);
	free(text);
	json_decref(rows);
	assert_int_equal(wrong, 0);
}

static int teardown(void **state)
{
	(void)state;
	if (sim_d.pid) {
		daemon_stop(&sim_d);
		daemon_cleanup(&sim_d);
	}
	if (sip_d.pid) {
		daemon_stop(&sip_d);
		daemon_cleanup(&sip_d);
	}
	if (cti_p.has_cti)
		node_pair_stop(&cti_p);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_every_method_has_a_row),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
