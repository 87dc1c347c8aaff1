/*
 * cli_test.c — the `agentbar` command-line bar, run as a child process
 * against the fake server: argument checks and exit codes, commands on
 * stdin becoming requests, results and events printed as lines, and a
 * session over TLS (--cti tls://, --tls-ca, --tls-fingerprint).
 *
 * The binary is looked for next to this test (both are built into the build
 * directory; CMake builds the CLI before this test). A missing binary is a
 * failure, never a skip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "fake_server.h"
#include "fake_tls.h"

struct child {
	pid_t pid;
	int in, out, err;
	char buf[65536];
	size_t len;
};

static char cli_path[4096];

static bool find_cli(void)
{
	ssize_t n = readlink("/proc/self/exe", cli_path, sizeof(cli_path) - 16);
	char *slash;

	if (n <= 0)
		return false;
	cli_path[n] = 0;
	slash = strrchr(cli_path, '/');
	if (!slash)
		return false;
	strcpy(slash + 1, "agentbar");
	return access(cli_path, X_OK) == 0;
}

static void need_cli(void)
{
	if (!find_cli())
		fail_msg("%s is not built", cli_path);
}

static void spawn(struct child *c, char *const argv[])
{
	int in[2], out[2], err[2];

	assert_int_equal(pipe2(in, O_CLOEXEC), 0);
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	assert_int_equal(pipe2(err, O_CLOEXEC), 0);
	c->pid = fork();
	assert_true(c->pid >= 0);
	if (c->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		execv(cli_path, argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(err[1]);
	c->in = in[1];
	c->out = out[0];
	c->err = err[0];
	c->len = 0;
}

static void say(struct child *c, const char *text)
{
	assert_int_equal(write(c->in, text, strlen(text)), (ssize_t)strlen(text));
}

/* Read stdout until `want` shows up or the child closes it (WAIT_MS). */
static bool read_until(struct child *c, const char *want)
{
	long long end = fake_now_ms() + WAIT_MS;

	for (;;) {
		struct pollfd p = {c->out, POLLIN, 0};
		long long left = end - fake_now_ms();
		ssize_t n;

		c->buf[c->len] = 0;
		if (want && strstr(c->buf, want))
			return true;
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return false;
		n = read(c->out, c->buf + c->len, sizeof(c->buf) - 1 - c->len);
		if (n <= 0)
			return want == NULL;
		c->len += (size_t)n;
	}
}

/* Close stdin, read the rest, and return the exit status. */
static int finish(struct child *c)
{
	int status;

	close(c->in);
	assert_true(read_until(c, NULL));
	close(c->out);
	close(c->err);
	assert_int_equal(waitpid(c->pid, &status, 0), c->pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int run_args(char *const argv[])
{
	struct child c;

	spawn(&c, argv);
	return finish(&c);
}

static void test_bad_arguments(void **state)
{
	char *missing[] = {"agentbar", "--cti", "127.0.0.1", NULL};
	char *port[] = {"agentbar", "--cti", "127.0.0.1:0", "--agent", "1",
			"--password", "1", "--dn", "1", "--skills", "a", NULL};
	char *level[] = {"agentbar", "--cti", "127.0.0.1", "--agent", "1",
			 "--password", "1", "--dn", "1", "--skills", "a",
			 "--log-level", "7", NULL};
	char *unknown[] = {"agentbar", "--frobnicate", NULL};
	char *extra[] = {"agentbar", "--cti", "127.0.0.1", "--agent", "1",
			 "--password", "1", "--dn", "1", "--skills", "a",
			 "surplus", NULL};
	/* the softphone's options: only with --sipphone, which needs the
	 * DN's password; --alsa or WAV files */
	char *nophone[] = {"agentbar", "--cti", "127.0.0.1", "--agent", "1",
			   "--password", "1", "--dn", "1", "--skills", "a",
			   "--audio-in", "x.wav", NULL};
	char *nopwd[] = {"agentbar", "--cti", "127.0.0.1", "--agent", "1",
			 "--password", "1", "--dn", "1", "--skills", "a",
			 "--sipphone", NULL};
	char *both[] = {"agentbar", "--cti", "127.0.0.1", "--agent", "1",
			"--password", "1", "--dn", "1", "--skills", "a",
			"--sipphone", "--phone-password", "1234", "--alsa",
			"default", "--audio-out", "y.wav", NULL};
	char *sipport[] = {"agentbar", "--cti", "127.0.0.1", "--agent", "1",
			   "--password", "1", "--dn", "1", "--skills", "a",
			   "--sipphone", "--phone-password", "1234",
			   "--sip-server", "127.0.0.1:70000", NULL};
	/* TLS: a bad port after tls://, the TLS options without a tls://
	 * server, a fingerprint that is not one */
	char *tlsport[] = {"agentbar", "--cti", "tls://127.0.0.1:0", "--agent",
			   "1", "--password", "1", "--dn", "1", "--skills",
			   "a", NULL};
	char *tlsempty[] = {"agentbar", "--cti", "tls://", "--agent", "1",
			    "--password", "1", "--dn", "1", "--skills", "a",
			    NULL};
	char *noscheme[] = {"agentbar", "--cti", "127.0.0.1", "--agent", "1",
			    "--password", "1", "--dn", "1", "--skills", "a",
			    "--tls-ca", "ca.pem", NULL};
	char *badpin[] = {"agentbar", "--cti", "tls://127.0.0.1", "--agent",
			  "1", "--password", "1", "--dn", "1", "--skills", "a",
			  "--tls-fingerprint", "AB:CD", NULL};

	(void)state;
	need_cli();
	assert_int_equal(run_args(missing), 2);
	assert_int_equal(run_args(port), 2);
	assert_int_equal(run_args(level), 2);
	assert_int_equal(run_args(unknown), 2);
	assert_int_equal(run_args(extra), 2);
	assert_int_equal(run_args(nophone), 2);
	assert_int_equal(run_args(nopwd), 2);
	assert_int_equal(run_args(both), 2);
	assert_int_equal(run_args(sipport), 2);
	assert_int_equal(run_args(tlsport), 2);
	assert_int_equal(run_args(tlsempty), 2);
	assert_int_equal(run_args(noscheme), 2);
	assert_int_equal(run_args(badpin), 2);
}

/* Over TLS: signed in with the CA file, and with the pin; another
 * server's pin is refused like an unreachable server. */
static void test_tls(void **state)
{
	struct tls_cert good, other;
	char dir[] = "/tmp/agentbar-cli-XXXXXX";
	struct fake f;
	struct child c;
	char cti[64], *ca_argv[] = {"agentbar", "--cti", cti, "--agent",
		"2002", "--password", "x", "--dn", "1889", "--skills", "a",
		"--log-level", "0", "--tls-ca", good.cert, NULL};
	char *pin_argv[] = {"agentbar", "--cti", cti, "--agent", "2002",
		"--password", "x", "--dn", "1889", "--skills", "a",
		"--log-level", "0", "--tls-fingerprint", good.fingerprint, NULL};

	(void)state;
	need_cli();
	assert_non_null(mkdtemp(dir));
	assert_int_equal(tls_cert_make(dir, "good", "IP:127.0.0.1", &good), 0);
	assert_int_equal(tls_cert_make(dir, "other", "IP:127.0.0.1", &other),
			 0);
	assert_int_equal(fake_start_tls(&f, 0, good.server), 0);
	snprintf(cti, sizeof(cti), "tls://127.0.0.1:%d", f.port);
	spawn(&c, ca_argv);
	assert_true(read_until(&c, "SignIn -> 0 ArSuccess"));
	assert_int_equal(finish(&c), 0);
	spawn(&c, pin_argv);
	assert_true(read_until(&c, "SignIn -> 0 ArSuccess"));
	assert_int_equal(finish(&c), 0);
	pin_argv[14] = other.fingerprint;
	spawn(&c, pin_argv);
	assert_int_equal(finish(&c), 1);
	assert_non_null(strstr(c.buf, "Initial -> 1000 "
			       "AGENTBARERROR_BGCC_CLIENTPROXYFAIL"));
	assert_int_equal(fake_count(&f, "SignIn"), 2);
	fake_stop(&f);
	tls_cert_free(&good);
	tls_cert_free(&other);
	rmdir(dir);
}

static void test_no_server(void **state)
{
	struct fake f;
	struct child c;
	char cti[64];
	char *argv[] = {"agentbar", "--cti", cti, "--agent", "2002",
			"--password", "x", "--dn", "1889", "--skills", "a",
			"--log-level", "0", NULL};

	(void)state;
	need_cli();
	assert_int_equal(fake_start(&f, 0), 0);
	snprintf(cti, sizeof(cti), "127.0.0.1:%d", f.port);
	fake_stop(&f);
	spawn(&c, argv);
	assert_int_equal(finish(&c), 1);
	assert_non_null(strstr(c.buf, "Initial -> 1000 "
			       "AGENTBARERROR_BGCC_CLIENTPROXYFAIL"));
}

static void test_session(void **state)
{
	struct fake f;
	struct child c;
	char cti[64];
	char *argv[] = {"agentbar", "--cti", cti, "--agent", "2002",
			"--password", "2002123", "--dn", "1889", "--skills",
			"示例=3", "--status-change-type", "1", "--no-autoanswer",
			"--log-level", "0", NULL};
	json_t *p;

	(void)state;
	need_cli();
	assert_int_equal(fake_start(&f, 0), 0);
	snprintf(cti, sizeof(cti), "127.0.0.1:%d", f.port);
	fake_always(&f, "GetRestReason", json_pack("{s:{s:i, s:s}}", "result",
		    "code", 0, "data", "午饭;培训"));
	spawn(&c, argv);
	assert_true(read_until(&c, "SignIn -> 0 ArSuccess 接口调用成功\n"));
	fake_state_event(&f, AsAlertingState, CeInboundCallNormalCall, "c7",
			 "13800138000", CerSuccess);
	assert_true(read_until(&c, "EVENT OnAlerting state=AsAlertingState "
			       "reason=CerSuccess eventID=CeInboundCallNormalCall "
			       "callID=c7 contact=77 other=13800138000 "
			       "ani=13800138000 dnis=4000\n"));
	say(&c, "answer\nsetdata order A 17\nrestreasons\nstatus 4 培训\n"
		"jump 12x\nbogus\nprompt 1010\n");
	assert_true(read_until(&c, "GetPromptByErrorCode -> 0 ArSuccess "
			       "接口调用成功 外呼号码被拦截，未发起呼叫\n"));
	assert_int_equal(finish(&c), 0);
	assert_non_null(strstr(c.buf, "Answer -> 0 ArSuccess"));
	assert_non_null(strstr(c.buf, "SetCallData -> 0 ArSuccess"));
	assert_non_null(strstr(c.buf, "GetRestReason -> 0 ArSuccess 接口调用成功 "
			       "午饭;培训\n"));
	assert_non_null(strstr(c.buf, "SetAgentStatus -> 0 ArSuccess"));
	assert_non_null(strstr(c.buf, "error: usage: jump <requestId>"));
	assert_non_null(strstr(c.buf, "error: unknown command \"bogus\""));
	assert_non_null(strstr(c.buf, "SignOut -> 0 ArSuccess"));
	assert_non_null(strstr(c.buf, "UnInitial -> 0 ArSuccess"));

	p = fake_wait(&f, "SignIn", 1);
	assert_int_equal(json_integer_value(json_object_get(p,
			 "StatusChangeType")), 1);
	assert_true(json_is_false(json_object_get(p, "AutoAnswer")));
	assert_string_equal(json_string_value(json_object_get(p,
			    "ServiceList")), "示例=3");
	json_decref(p);
	p = fake_wait(&f, "SetCallData", 1);
	assert_string_equal(json_string_value(json_object_get(p, "CallData")),
			    "A 17");
	json_decref(p);
	p = fake_wait(&f, "SetAgentStatus", 1);
	assert_int_equal(json_integer_value(json_object_get(p, "AgentState")),
			 AsRestState);
	assert_string_equal(json_string_value(json_object_get(p, "Reason")),
			    "培训");
	json_decref(p);
	assert_int_equal(fake_count(&f, "JumptheQueue"), 0);
	assert_int_equal(fake_count(&f, "SignOut"), 1);
	fake_stop(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_no_server),
		cmocka_unit_test(test_session),
		cmocka_unit_test(test_tls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
