/*
 * api_config_test.c — daemon settings: defaults, the INI file (every error
 * names FILE:LINE and the key), command-line overrides and their errors.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "config.h"

static char path[64];

static const char *write_ini(const char *text)
{
	int fd;

	strcpy(path, "/tmp/api_config_test-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static int load(const char *text, struct config *cfg, char *err)
{
	int r;

	config_default(cfg);
	r = config_load(cfg, write_ini(text), err, 256);
	unlink(path);
	return r;
}

static void expect_lock(const struct lockout_conf *l, int max_failures,
			int window, int lockout)
{
	assert_int_equal(l->max_failures, max_failures);
	assert_int_equal(l->window, window);
	assert_int_equal(l->lockout, lockout);
}

static void test_defaults(void **state)
{
	struct config c;

	(void)state;
	config_default(&c);
	assert_int_equal(c.sw, CONFIG_SWITCH_SIP);
	assert_string_equal(c.db, "callcloud.db");
	assert_string_equal(c.listen_address, "127.0.0.1");
	assert_int_equal(c.agent_port, 10000);
	assert_int_equal(c.http_port, 8080);
	assert_int_equal(c.sip_port, 5060);
	assert_int_equal(c.log_level, 2);
	assert_string_equal(c.log_file, "");
	assert_string_equal(c.recordings_dir, "recordings");
	assert_false(c.demo);
	assert_int_equal(c.acd.heartbeat_timeout, 30);
	assert_int_equal(c.acd.signin_max_failures, 5);
	assert_int_equal(c.acd.signin_window, 60);
	assert_int_equal(c.acd.signin_lockout, 60);
	assert_int_equal(c.acd.outbound_timeout, 30);
	assert_int_equal(c.acd.phone_timeout, 20);
	assert_int_equal(c.pwhash_ops, 2);
	assert_int_equal(c.pwhash_mem_kib, 65536);
	assert_int_equal(c.signin_fail_delay_ms, 500);
	expect_lock(&c.admin_lock, 5, 300, 300);
	expect_lock(&c.address_lock, 30, 300, 300);
	assert_false(c.demo_ok);
}

static void test_ini_values(void **state)
{
	struct config c;
	char err[256] = "";

	(void)state;
	assert_int_equal(load("; comment\n[server]\nswitch = sim\n"
			      "db = /tmp/x.db\nlisten_address = 127.0.0.1\n"
			      "agent_port = 0\nhttp_port = 65535\n"
			      "log_level = 3\ndemo = yes\n"
			      "log_file = cc.log ; inline comment\n"
			      "[acd]\nheartbeat_timeout = 5\n"
			      "[security]\npwhash_ops = 1\npwhash_mem_kib = 8\n"
			      "signin_fail_delay_ms = 0\n", &c, err), 0);
	assert_string_equal(c.db, "/tmp/x.db");
	assert_string_equal(c.listen_address, "127.0.0.1");
	assert_int_equal(c.agent_port, 0);
	assert_int_equal(c.http_port, 65535);
	assert_int_equal(c.log_level, 3);
	assert_true(c.demo);
	assert_string_equal(c.log_file, "cc.log");
	assert_int_equal(c.acd.heartbeat_timeout, 5);
	assert_int_equal(c.pwhash_ops, 1);
	assert_int_equal(c.pwhash_mem_kib, 8);
	assert_int_equal(c.signin_fail_delay_ms, 0);
	assert_int_equal(c.sip_port, 5060);   /* untouched keys keep defaults */
}

/* Each bad file: the message has the file, the line and the key. */
static void expect_error(const char *text, int line, const char *needle)
{
	struct config c;
	char err[256] = "", where[96];

	assert_int_equal(load(text, &c, err), EINVAL);
	snprintf(where, sizeof(where), "%s:%d: ", path, line);
	if (strncmp(err, where, strlen(where)) || !strstr(err, needle))
		fail_msg("got \"%s\", want \"%s...%s\"", err, where, needle);
}

static void test_ini_errors(void **state)
{
	(void)state;
	expect_error("[server]\nagent_prot = 1\n", 2, "agent_prot");
	expect_error("[server]\n\n[nosuch]\nx = 1\n", 4, "[nosuch]");
	expect_error("db = x\n", 1, "db");                  /* no section */
	expect_error("[server]\nagent_port = 70000\n", 2, "agent_port");
	expect_error("[server]\nagent_port = 12ab\n", 2, "agent_port");
	expect_error("[server]\nagent_port =\n", 2, "agent_port");
	expect_error("[server]\nlog_level = 4\n", 2, "log_level");
	expect_error("[server]\ndemo = maybe\n", 2, "demo");
	expect_error("[sip]\nrtp_port_min = 80\n", 2, "rtp_port_min");
	expect_error("[sip]\noptions_interval = -1\n", 2,
		     "options_interval");
	expect_error("[server]\nswitch = pbx\n", 2, "switch");
	expect_error("[server]\ndb =\n", 2, "db");
	expect_error("[acd]\nheartbeat_timeout = 0\n", 2, "heartbeat_timeout");
	expect_error("[security]\npwhash_mem_kib = 4\n", 2, "pwhash_mem_kib");
	expect_error("[security]\nadmin_max_failures = 0\n", 2,
		     "admin_max_failures");
	expect_error("[security]\naddress_window = 0\n", 2, "address_window");
	expect_error("[security]\naddress_lockout = -1\n", 2,
		     "address_lockout");
	expect_error("[security]\nadmin_lockout = 86401\n", 2,
		     "admin_lockout");
	expect_error("[limits]\nrpc_rate = 0\n", 2, "rpc_rate");
	expect_error("[limits]\nconns_per_source = 100001\n", 2,
		     "conns_per_source");
	expect_error("[limits]\noutq_max_bytes = 1000\n", 2,
		     "outq_max_bytes");
	expect_error("[limits]\nsip_burst = -1\n", 2, "sip_burst");
	expect_error("[server]\njust words\n", 2, "syntax error");
	/* the first error is the one reported */
	expect_error("[server]\nx = 1\ny = 2\n", 2, "'x'");
}

static void test_missing_file(void **state)
{
	struct config c;
	char err[256];

	(void)state;
	config_default(&c);
	assert_int_equal(config_load(&c, "/nonexistent/cc.ini", err,
				     sizeof(err)), ENOENT);
	assert_non_null(strstr(err, "/nonexistent/cc.ini"));
}

static enum config_action args(struct config *c, char *err, ...)
{
	char *argv[16];
	int argc = 0;
	va_list ap;

	argv[argc++] = "callcloud";
	va_start(ap, err);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	return config_args(c, argc, argv, err, 256);
}

static void test_cli(void **state)
{
	struct config c;
	char err[256] = "";

	(void)state;
	assert_int_equal(args(&c, err, "--db", "/tmp/a.db", "--agent-port",
			      "0", "--http-port", "8081", "--sip-port", "0",
			      "--demo", "--log-level", "0", "--switch", "sim",
			      NULL), CONFIG_RUN);
	assert_string_equal(c.db, "/tmp/a.db");
	assert_int_equal(c.agent_port, 0);
	assert_int_equal(c.http_port, 8081);
	assert_int_equal(c.sip_port, 0);
	assert_true(c.demo);
	assert_int_equal(c.log_level, 0);
	assert_int_equal(args(&c, err, "-h", NULL), CONFIG_HELP);
	assert_int_equal(args(&c, err, "--help", NULL), CONFIG_HELP);
	assert_non_null(strstr(config_usage(), "--agent-port"));
}

static void test_cli_overrides_file_whatever_the_order(void **state)
{
	struct config c;
	char err[256] = "";
	const char *ini = write_ini("[server]\nagent_port = 1234\n"
				    "http_port = 4321\n");

	(void)state;
	assert_int_equal(args(&c, err, "--agent-port", "99", "-c", ini, NULL),
			 CONFIG_RUN);
	assert_int_equal(c.agent_port, 99);
	assert_int_equal(c.http_port, 4321);
	unlink(path);
}

static void expect_cli_error(const char *needle, ...)
{
	struct config c;
	char err[256] = "", *argv[8];
	int argc = 0;
	va_list ap;

	argv[argc++] = "callcloud";
	va_start(ap, needle);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	assert_int_equal(config_args(&c, argc, argv, err, sizeof(err)),
			 CONFIG_ERROR);
	if (!strstr(err, needle))
		fail_msg("got \"%s\", want \"%s\"", err, needle);
}

/* Checks across keys, made once every source has been read. */
static void expect_check_error(const char *text, const char *needle)
{
	struct config c;
	char err[256] = "";
	const char *ini = write_ini(text);

	assert_int_equal(args(&c, err, "-c", ini, NULL), CONFIG_ERROR);
	unlink(path);
	if (!strstr(err, needle))
		fail_msg("got \"%s\", want \"%s\"", err, needle);
}

/* The lock-outs' keys, and --demo off this host only with the flag. */
static void test_security_and_demo(void **state)
{
	struct config c;
	char err[256] = "";
	const char *ini = write_ini("[server]\nlisten_address = 0.0.0.0\n"
				    "[security]\nadmin_max_failures = 2\n"
				    "admin_window = 10\nadmin_lockout = 0\n"
				    "address_max_failures = 100000\n"
				    "address_window = 86400\n"
				    "address_lockout = 1\n");

	(void)state;
	assert_int_equal(args(&c, err, "-c", ini, NULL), CONFIG_RUN);
	expect_lock(&c.admin_lock, 2, 10, 0);
	expect_lock(&c.address_lock, 100000, 86400, 1);
	/* the demo directory on every address: refused, saying how to fix */
	assert_int_equal(args(&c, err, "-c", ini, "--demo", NULL),
			 CONFIG_ERROR);
	assert_non_null(strstr(err, "--i-know-demo-credentials"));
	assert_non_null(strstr(err, "127.0.0.1"));
	assert_int_equal(args(&c, err, "-c", ini, "--demo",
			      "--i-know-demo-credentials", NULL), CONFIG_RUN);
	assert_true(c.demo_ok);
	unlink(path);
	expect_check_error("[server]\ndemo = true\nlisten_address = ::\n",
			   "--i-know-demo-credentials");
	expect_check_error("[server]\ndemo = true\n"
			   "listen_address = 10.1.2.3\n",
			   "--i-know-demo-credentials");
	assert_int_equal(args(&c, err, "--demo", NULL), CONFIG_RUN);
	/* loopback: 127.0.0.0/8 and ::1, nothing else */
	assert_true(config_loopback("127.0.0.1"));
	assert_true(config_loopback("127.255.0.2"));
	assert_true(config_loopback("::1"));
	assert_false(config_loopback("0.0.0.0"));
	assert_false(config_loopback("::"));
	assert_false(config_loopback("128.0.0.1"));
	assert_false(config_loopback("::ffff:127.0.0.1"));
	assert_false(config_loopback("localhost"));
	assert_false(config_loopback(""));
}

/* The [limits] values of c, in the order of etc/callcloud.ini. */
static void expect_limits(const struct config *c, const unsigned want[10])
{
	const unsigned got[10] = {
		c->limits.conns_per_source, c->limits.max_sessions,
		c->limits.rpc_rate, c->limits.rpc_burst,
		c->limits.signin_timeout, c->limits.outq_max_bytes,
		c->limits.http_header_timeout, c->sip_rate, c->sip_burst,
		c->sip_max_legs,
	};

	for (size_t i = 0; i < 10; i++)
		assert_int_equal(got[i], want[i]);
}

/* [limits]: the production defaults, every key read (their ranges are
 * test_ini_errors'). */
static void test_limits_section(void **state)
{
	struct config c;
	char err[256] = "";

	(void)state;
	config_default(&c);
	expect_limits(&c, (const unsigned[10]){64, 4096, 20, 200, 10,
					       1024 * 1024, 5, 100, 400,
					       2000});
	assert_int_equal(load("[limits]\nconns_per_source = 8\n"
			      "max_sessions = 9\nrpc_rate = 5\nrpc_burst = 10\n"
			      "signin_timeout = 2\nhttp_header_timeout = 3\n"
			      "outq_max_bytes = 65536\nsip_rate = 6\n"
			      "sip_burst = 7\nsip_max_legs = 11\n", &c, err), 0);
	expect_limits(&c, (const unsigned[10]){8, 9, 5, 10, 2, 65536, 3, 6,
					       7, 11});
}

static void test_sip_section(void **state)
{
	struct config c;
	char err[256] = "";

	(void)state;
	assert_int_equal(load("[sip]\nrtp_port_min = 30000\n"
			      "rtp_port_max = 30099\nrealm = example.org\n"
			      "trunk_address = 10.0.0.1, ::1\n"
			      "gateway = sip:10.0.0.9:5060\n"
			      "options_interval = 0\ntrunk_user = t1\n"
			      "trunk_password = s3cret\n", &c, err), 0);
	assert_string_equal(c.trunk_user, "t1");
	assert_string_equal(c.trunk_password, "s3cret");
	assert_int_equal(c.rtp_port_min, 30000);
	assert_int_equal(c.rtp_port_max, 30099);
	assert_string_equal(c.sip_realm, "example.org");
	assert_string_equal(c.trunk_address, "10.0.0.1, ::1");
	assert_string_equal(c.gateway, "sip:10.0.0.9:5060");
	assert_int_equal(c.options_interval, 0);
	assert_int_equal(config_check(&c, err, sizeof(err)), 0);
	expect_check_error("[sip]\nrtp_port_min = 30000\n"
			   "rtp_port_max = 29999\n", "rtp_port_min");
	expect_check_error("[sip]\ntrunk_address = 10.0.0.1, nohost\n",
			   "'nohost' is not an IP address");
	expect_check_error("[sip]\ntrunk_address = ,\n",
			   "is not an IP address");
	expect_check_error("[sip]\ntrunk_address = 10.0.0.1,10.0.0.2,"
			   "10.0.0.3,10.0.0.4,10.0.0.5,10.0.0.6,10.0.0.7,"
			   "10.0.0.8,10.0.0.9,10.0.0.10,10.0.0.11,10.0.0.12,"
			   "10.0.0.13,10.0.0.14,10.0.0.15,10.0.0.16,"
			   "10.0.0.17\n", "more than 16 addresses");
	expect_check_error("[sip]\ngateway = 10.0.0.9\n", "not a sip: URI");
	expect_check_error("[sip]\ntrunk_user = t1\n", "needs a trunk_password");
}

/* The WebRTC keys: off by default, checked like the others. */
static void test_sip_webrtc_keys(void **state)
{
	struct config c;
	char err[256] = "";

	(void)state;
	config_default(&c);
	assert_int_equal(c.ws_port, -1);
	assert_int_equal(c.webrtc_timeout, 10);
	assert_int_equal(c.ws_grace, 15);
	assert_string_equal(c.media_address, "");
	assert_string_equal(c.dtls_cert, "");
	assert_int_equal(load("[sip]\nws_port = 0\nmedia_address = 10.0.0.5\n"
			      "dtls_cert = /var/lib/cc/dtls.pem\n"
			      "webrtc_timeout = 3\nws_grace = 0\n", &c, err), 0);
	assert_int_equal(c.ws_port, 0);
	assert_string_equal(c.media_address, "10.0.0.5");
	assert_string_equal(c.dtls_cert, "/var/lib/cc/dtls.pem");
	assert_int_equal(c.webrtc_timeout, 3);
	assert_int_equal(c.ws_grace, 0);
	assert_int_equal(config_check(&c, err, sizeof(err)), 0);
	expect_error("[sip]\nws_port = -2\n", 2, "ws_port");
	expect_error("[sip]\nws_port = 65536\n", 2, "ws_port");
	expect_error("[sip]\nwebrtc_timeout = 0\n", 2, "webrtc_timeout");
	expect_error("[sip]\nws_grace = 301\n", 2, "ws_grace");
	expect_error("[sip]\nws_grace = -1\n", 2, "ws_grace");
	expect_check_error("[sip]\nmedia_address = media.example.org\n",
			   "is not an IP address");
}

/* The switch as a node: --role and its keys, a CTI needs its nodes as
 * IP:PORT,... (each once, up to 16). */
static void test_switch_node_keys(void **state)
{
	struct config c;
	char err[256] = "";

	(void)state;
	config_default(&c);
	assert_int_equal(c.role, CONFIG_ROLE_ALL);
	assert_int_equal(c.node_port, 7070);
	assert_int_equal(c.orphan_timeout, 60);
	assert_int_equal(c.fence_token, 0);
	assert_int_equal(args(&c, err, "--role", "cti", "--switch-node",
			      "10.0.0.7:7070", "--fence-token", "42", NULL),
			 CONFIG_RUN);
	assert_int_equal(c.role, CONFIG_ROLE_CTI);
	assert_string_equal(c.switch_node, "10.0.0.7:7070");
	assert_int_equal(c.fence_token, 42);
	assert_int_equal(args(&c, err, "--role", "switch", "--node-port", "0",
			      NULL), CONFIG_RUN);
	assert_int_equal(c.role, CONFIG_ROLE_SWITCH);
	assert_int_equal(c.node_port, 0);
	assert_int_equal(args(&c, err, "--role", "cti", NULL), CONFIG_ERROR);
	assert_non_null(strstr(err, "--switch-node"));
	assert_int_equal(args(&c, err, "--role", "cti", "--switch-node",
			      "10.0.0.7:1,10.0.0.8:1", NULL), CONFIG_RUN);
	assert_string_equal(c.switch_node, "10.0.0.7:1,10.0.0.8:1");
	assert_int_equal(args(&c, err, "--role", "cti", "--switch-node",
			      "10.0.0.7:1,10.0.0.7:1", NULL), CONFIG_ERROR);
	assert_non_null(strstr(err, "'10.0.0.7:1' is listed twice"));
	assert_int_equal(args(&c, err, "--role", "cti", "--switch-node",
			      "10.0.0.7:1,", NULL), CONFIG_ERROR);
	assert_non_null(strstr(err, "'' is not IP:PORT"));
	assert_int_equal(args(&c, err, "--role", "cti", "--switch-node",
			      "10.0.0.7:1,node2:1", NULL), CONFIG_ERROR);
	assert_non_null(strstr(err, "'node2:1' is not IP:PORT"));
	assert_int_equal(args(&c, err, "--role", "cti", "--switch-node",
			      "10.0.0.1:1,10.0.0.2:1,10.0.0.3:1,10.0.0.4:1,"
			      "10.0.0.5:1,10.0.0.6:1,10.0.0.7:1,10.0.0.8:1,"
			      "10.0.0.9:1,10.0.0.10:1,10.0.0.11:1,10.0.0.12:1,"
			      "10.0.0.13:1,10.0.0.14:1,10.0.0.15:1,10.0.0.16:1,"
			      "10.0.0.17:1", NULL), CONFIG_ERROR);
	assert_non_null(strstr(err, "more than 16 nodes"));
	assert_int_equal(args(&c, err, "--role", "cti", "--switch-node",
			      "node1:7070", NULL), CONFIG_ERROR);
	assert_int_equal(args(&c, err, "--role", "cti", "--switch-node",
			      "10.0.0.7:0", NULL), CONFIG_ERROR);
	assert_int_equal(args(&c, err, "--role", "master", NULL),
			 CONFIG_ERROR);
	assert_int_equal(args(&c, err, "--fence-token", "-1", NULL),
			 CONFIG_ERROR);
	expect_error("[switch]\norphan_timeout = 0\n", 2, "orphan_timeout");
	expect_error("[switch]\nnode_heartbeat_ms = 99\n", 2,
		     "node_heartbeat_ms");
}

/* A CTI pair: --leader pg on a CTI with a postgresql:// database only. */
static void test_leader(void **state)
{
	struct config c;
	char err[256] = "";

	(void)state;
	assert_int_equal(args(&c, err, "--role", "cti", "--switch-node",
			      "10.0.0.7:7070", "--db", "postgresql:///cc",
			      "--leader", "pg", NULL), CONFIG_RUN);
	assert_string_equal(c.leader, "pg");
	assert_int_equal(args(&c, err, "--role", "cti", "--switch-node",
			      "10.0.0.7:7070", "--leader", "pg", NULL),
			 CONFIG_ERROR);
	assert_non_null(strstr(err, "postgresql://"));
	assert_int_equal(args(&c, err, "--db", "postgresql:///cc",
			      "--leader", "pg", NULL), CONFIG_ERROR);
	assert_int_equal(args(&c, err, "--role", "cti", "--switch-node",
			      "10.0.0.7:7070", "--db", "postgresql:///cc",
			      "--leader", "raft", NULL), CONFIG_ERROR);
	assert_non_null(strstr(err, "not pg"));
}

static void test_http_section(void **state)
{
	struct config c;
	char err[256] = "";

	(void)state;
	assert_int_equal(load("[http]\nweb_root = /srv/web\n"
			      "allowed_origins = https://crm.example.com, "
			      "http://10.0.0.5:8080\n"
			      "frame_ancestors = 'self' https://crm.example.com"
			      "\n", &c, err), 0);
	assert_string_equal(c.web_root, "/srv/web");
	assert_string_equal(c.allowed_origins,
			    "https://crm.example.com, http://10.0.0.5:8080");
	assert_string_equal(c.frame_ancestors,
			    "'self' https://crm.example.com");
	assert_int_equal(config_check(&c, err, sizeof(err)), 0);
	expect_check_error("[http]\nallowed_origins = crm.example.com\n",
			   "'crm.example.com' is not an origin");
	expect_check_error("[http]\nallowed_origins = http://a/path\n",
			   "is not an origin");
	expect_check_error("[http]\nallowed_origins = http://\n",
			   "is not an origin");
	expect_check_error("[http]\nframe_ancestors = 'self'; "
			   "script-src *\n", "';' is not allowed");
}

/* The three TLS ports share a name in two sections: each flag sets its
 * own section's key. */
static void test_tls_keys(void **state)
{
	struct config c;
	char err[256] = "";

	(void)state;
	config_default(&c);
	assert_int_equal(c.agent_tls_port, -1);
	assert_int_equal(c.https_port, -1);
	assert_int_equal(c.sip_tls_port, -1);
	assert_string_equal(c.tls_cert, "");
	assert_int_equal(load("[server]\nagent_tls_port = 10443\n"
			      "[http]\ntls_port = 8443\n[sip]\ntls_port = 5061\n"
			      "[tls]\ncert = /etc/callcloud/tls.pem\n", &c, err),
			 0);
	assert_int_equal(c.agent_tls_port, 10443);
	assert_int_equal(c.https_port, 8443);
	assert_int_equal(c.sip_tls_port, 5061);
	assert_string_equal(c.tls_cert, "/etc/callcloud/tls.pem");
	assert_int_equal(args(&c, err, "--https-port", "0", "--sip-tls-port",
			      "5062", "--agent-tls-port", "-1", "--tls-cert",
			      "/tmp/c.pem", NULL), CONFIG_RUN);
	assert_int_equal(c.https_port, 0);
	assert_int_equal(c.sip_tls_port, 5062);
	assert_int_equal(c.agent_tls_port, -1);
	assert_string_equal(c.tls_cert, "/tmp/c.pem");
	expect_cli_error("--https-port", "--https-port", "-2", NULL);
	expect_cli_error("--sip-tls-port", "--sip-tls-port", "65536", NULL);
	expect_cli_error("needs a value", "--tls-cert", NULL);
	expect_error("[tls]\ncertificate = x\n", 2, "certificate");
}

static void test_cli_errors(void **state)
{
	(void)state;
	expect_cli_error("--agent-port", "--agent-port", "65536", NULL);
	expect_cli_error("--agent-port", "--agent-port", "-1", NULL);
	expect_cli_error("--http-port", "--http-port", "x", NULL);
	expect_cli_error("--log-level", "--log-level", "7", NULL);
	expect_cli_error("'pbx' is not sim or sip", "--switch", "pbx", NULL);
	expect_cli_error("'--bogus'", "--bogus", NULL);
	expect_cli_error("needs a value", "--db", NULL);
	expect_cli_error("'extra'", "extra", NULL);
	expect_cli_error("/nonexistent.ini", "-c", "/nonexistent.ini", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_switch_node_keys),
		cmocka_unit_test(test_ini_values),
		cmocka_unit_test(test_ini_errors),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_cli),
		cmocka_unit_test(test_cli_overrides_file_whatever_the_order),
		cmocka_unit_test(test_cli_errors),
		cmocka_unit_test(test_security_and_demo),
		cmocka_unit_test(test_limits_section),
		cmocka_unit_test(test_sip_section),
		cmocka_unit_test(test_sip_webrtc_keys),
		cmocka_unit_test(test_leader),
		cmocka_unit_test(test_http_section),
		cmocka_unit_test(test_tls_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
