/*
 * sdk_phone_test.c — libagentbar's integrated softphone (IsSIPPhone = 1)
 * against the daemon's SIP switch: it registers at SignIn and answers a
 * routed call at Answer (not before), the two hear each other (the SDK
 * plays a 1000 Hz WAV, the customer, a baresip phone, says 600 Hz; told
 * apart by Goertzel in what the customer heard, in the SDK's out-WAV and
 * in the call recording); a wrong PhonePwd fails SignIn with
 * SOFTPHONE_ERROR; a SIP port already taken or a phone set up wrong
 * fails Initial; hold, retrieve and ReleaseCall from the bar with the
 * phone; `agentbar --sipphone`, the command-line bar on it; and the
 * phone's call across a CTI takeover (a SIP switch node whose CTI dies
 * and another takes over: the call and its audio go on, the bar signs
 * in again and finds it).
 *
 * Cast: agent 2002 on DN 1882 (skill 示例, so calls to 4000 reach it)
 * with the SDK's phone; customer 13800000001 on the trunk.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "bphone.h"
#include "evrec.h"
#include "goertzel.h"
#include "itest.h"
#include "nodec.h"
#include "sipp.h"
#include "wavfile.h"

#define CUSTOMER "13800000001"

enum {
	SDK_HZ = 1000,
	CUSTOMER_HZ = 600,
	SETTLE_MS = 300,
	WINDOW_MS = 800,
	RATIO = 10,        /* 10 dB */
	EV_MS = 5000,
};

static struct daemon D;
static struct daemon SIM;   /* a CTI on the sim switch: the phone's SIP
			       server is sipp there */
/* phone_survives_takeover's: a SIP node, its first CTI (NP.cti) and the
 * one taking over (NB, on 127.0.0.2); bar_end stops them */
static struct node_pair NP;
static struct daemon NB;
static bool has_np, has_nb;

struct fx {
	struct bphone *cust;
	struct rc *admin;
	struct evrec *rec;
	AgentBar *bar;
	pid_t cli;                /* agentbar --sipphone, 0 when none */
	char in[160], out[160];   /* the SDK phone's WAV files */
};

static int setup(void **state)
{
	static const struct daemon_opts o = {.sip = true};
	struct bphone_opts c = {.user = CUSTOMER, .hz = CUSTOMER_HZ};
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	*state = f;
	daemon_start(&D, &o);
	daemon_start(&SIM, NULL);
	c.sip_port = D.sip_port;
	f->cust = bphone_start(&c);
	f->admin = rc_connect(D.agent_port);
	assert_int_equal(itest_admin_login(f->admin), 0);
	snprintf(f->in, sizeof(f->in), "%s/sdk-says.wav", D.dir);
	snprintf(f->out, sizeof(f->out), "%s/sdk-heard.wav", D.dir);
	assert_int_equal(wavfile_write_tone(f->in, 8000, 1, SDK_HZ, 8000), 0);
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	rc_close(f->admin);
	bphone_stop(f->cust);
	free(f);
	daemon_stop(&D);
	daemon_cleanup(&D);
	daemon_stop(&SIM);
	daemon_cleanup(&SIM);
	return 0;
}

/* Each test's bar goes (UnInitial signs out and stops the phone); the
 * customer's call, if any is left, ends. */
static int bar_end(void **state)
{
	struct fx *f = *state;

	json_decref(bphone_command(f->cust, "hangup", NULL));
	sipp_kill_all();
	if (f->cli > 0) {
		kill(f->cli, SIGKILL);
		(void)itest_wait_exit(f->cli, 1000);
		f->cli = 0;
	}
	ab_Destroy(f->bar);
	f->bar = NULL;
	evrec_free(f->rec);
	f->rec = NULL;
	bphone_drain(f->cust);
	if (has_nb && daemon_alive(&NB))
		daemon_stop(&NB);
	if (has_nb)
		daemon_cleanup(&NB);
	if (has_np)
		node_pair_stop(&NP);
	has_nb = has_np = false;
	return 0;
}

/* f->bar's softphone: DN 1882 at 127.0.0.1:sip_port, speaking f->in. */
static void phone_props(struct fx *f, uint16_t sip_port, const char *pwd)
{
	char port[8];

	snprintf(port, sizeof(port), "%u", sip_port);
	assert_int_equal(ab_SetProperty(f->bar, "IsSIPPhone", "1"), 0);
	assert_int_equal(ab_SetProperty(f->bar, "SIPServerIP", "127.0.0.1"),
			 0);
	assert_int_equal(ab_SetProperty(f->bar, "SIPServerPort", port), 0);
	assert_int_equal(ab_SetProperty(f->bar, "PhoneNum", "1882"), 0);
	assert_int_equal(ab_SetProperty(f->bar, "PhonePwd", pwd), 0);
	assert_int_equal(ab_SetProperty(f->bar, "PhoneAudioIn", f->in), 0);
}

/* A bar for 2002 on 1882 with the SDK phone (AutoAnswer 0). */
static AgentBar *sdk_bar(struct fx *f, const char *phone_pwd)
{
	f->rec = evrec_new();
	f->bar = evrec_bar(f->rec, D.agent_port, "2002", "1882");
	phone_props(f, D.sip_port, phone_pwd);
	assert_int_equal(ab_SetProperty(f->bar, "PhoneAudioOut", f->out), 0);
	return f->bar;
}

static void signed_in(struct fx *f)
{
	assert_int_equal(ab_Initial(f->bar), 0);
	assert_int_equal(ab_SignIn(f->bar), 0);
	assert_non_null(evrec_wait(f->rec, "OnReady", EV_MS));
}

/* The customer calls 4000; the SDK phone rings and stays ringing (no
 * AutoAnswer) until Answer. The OnConnected event. */
static const struct ev *call_answered(struct fx *f)
{
	size_t connected = evrec_count(f->rec, "OnConnected");
	const struct ev *e;

	bphone_dial(f->cust, "4000");
	assert_non_null(evrec_wait(f->rec, "OnAlerting", EV_MS));
	itest_sleep_ms(500);
	assert_int_equal(evrec_count(f->rec, "OnConnected"), connected);
	assert_int_equal(ab_Answer(f->bar), 0);
	e = evrec_wait(f->rec, "OnConnected", EV_MS);
	assert_non_null(e);
	bphone_expect_event(f->cust, "CALL_ESTABLISHED");
	return e;
}

/* The customer hears the SDK's tone, RATIO above its own. */
static void customer_hears_sdk(struct fx *f)
{
	double r;

	bphone_listen(f->cust);
	r = bphone_ratio(f->cust, SETTLE_MS, WINDOW_MS, SDK_HZ,
			 (const double[]){CUSTOMER_HZ}, 1);
	if (!(r > RATIO))
		fail_msg("customer: SDK tone over its own %.3g", r);
}

/* The powers at the two tones in the last WINDOW_MS of the SDK's
 * out-WAV; how long it is (ms) in *ms. */
static void sdk_heard(struct fx *f, double *cust, double *sdk, size_t *ms)
{
	struct wavfile w;
	size_t n = WINDOW_MS * 8;
	int16_t *x;

	assert_int_equal(wavfile_read(&w, f->out), 0);
	assert_int_equal(w.channels, 1);
	assert_int_equal(w.rate, 8000);
	*ms = w.frames / 8;
	*cust = *sdk = 0;
	if (w.frames >= n) {
		x = malloc(n * sizeof(*x));
		assert_non_null(x);
		wavfile_channel(&w, 0, w.frames - n, n, x);
		*cust = goertzel_power(x, n, CUSTOMER_HZ);
		*sdk = goertzel_power(x, n, SDK_HZ);
		free(x);
	}
	wavfile_free(&w);
}

/* The SDK's out-WAV gets the customer's tone (it grows as it hears);
 * the power of that tone. */
static double sdk_hears_customer(struct fx *f)
{
	double cust, sdk;
	size_t ms, before;

	sdk_heard(f, &cust, &sdk, &before);
	itest_sleep_ms(SETTLE_MS + WINDOW_MS);
	sdk_heard(f, &cust, &sdk, &ms);
	if (ms < before + WINDOW_MS / 2 || !(cust > RATIO * sdk))
		fail_msg("SDK heard %zu ms more: customer %.3g, itself %.3g",
			 ms - before, cust, sdk);
	return cust;
}

/* The SDK phone hears nothing of the customer any more: its out-WAV
 * stops growing (the switch sends a held agent nothing), or what it
 * still gets is RATIO below the customer's level `before`. */
static void sdk_deaf(struct fx *f, double before)
{
	double cust, sdk;
	size_t ms, len;

	itest_sleep_ms(SETTLE_MS);
	sdk_heard(f, &cust, &sdk, &len);
	itest_sleep_ms(WINDOW_MS);
	sdk_heard(f, &cust, &sdk, &ms);
	if (ms >= len + WINDOW_MS / 2 && !(cust * RATIO < before))
		fail_msg("held, the SDK still hears the customer: %.3g, "
			 "%.3g before", cust, before);
}

/* Held, the customer hears the hold music (src/media/tones.c's notes),
 * RATIO above the SDK's tone. */
static void customer_hears_music(struct fx *f)
{
	static const double hz[] = {523.25, 659.25, 783.99, 349.23, 392.00,
				    493.88, 587.33, 440.00, SDK_HZ};
	enum { N = sizeof(hz) / sizeof(hz[0]) };
	double p[N], music = 0;

	bphone_listen(f->cust);
	bphone_measure(f->cust, SETTLE_MS, WINDOW_MS, hz, N, p);
	for (int i = 0; i < N - 1; i++)
		music += p[i];
	if (!(music > RATIO * p[N - 1]))
		fail_msg("held customer: music %.3g, SDK %.3g", music,
			 p[N - 1]);
}

static void customer_hangs_up(struct fx *f)
{
	bphone_hangup(f->cust);
	bphone_expect_event(f->cust, "CALL_CLOSED");
	assert_non_null(evrec_wait(f->rec, "OnReady", EV_MS));
}

/* (1) registered at SignIn, Answer answers the call where it rings; both
 * ways heard; the recording holds the customer left, the agent right. */
static void answer_and_talk(void **state)
{
	struct fx *f = *state;
	const struct ev *e;
	struct wavfile w;
	size_t n = WINDOW_MS * 8, skip = SETTLE_MS * 8;
	double l[2], r[2];
	char path[512];
	int16_t *x;

	sdk_bar(f, "1234");
	signed_in(f);
	assert_int_equal(itest_code(f->admin, "Admin.UpdateSkill", json_pack(
		"{s:s, s:b}", "name", "示例", "record", 1)), 0);
	call_answered(f);
	e = evrec_wait(f->rec, "OnBeginRecord", EV_MS);
	assert_non_null(e);
	snprintf(path, sizeof(path), "%s/%s", D.dir, e->filename);
	customer_hears_sdk(f);
	(void)sdk_hears_customer(f);
	bphone_hangup(f->cust);
	bphone_expect_event(f->cust, "CALL_CLOSED");
	assert_non_null(evrec_wait(f->rec, "OnEndRecord", EV_MS));
	assert_non_null(evrec_wait(f->rec, "OnReady", EV_MS));
	assert_int_equal(itest_code(f->admin, "Admin.UpdateSkill", json_pack(
		"{s:s, s:b}", "name", "示例", "record", 0)), 0);

	assert_int_equal(wavfile_read(&w, path), 0);
	assert_int_equal(w.channels, 2);
	assert_true(w.frames >= skip + n);
	x = malloc(n * sizeof(*x));
	assert_non_null(x);
	wavfile_channel(&w, 0, skip, n, x);
	l[0] = goertzel_power(x, n, CUSTOMER_HZ);
	l[1] = goertzel_power(x, n, SDK_HZ);
	wavfile_channel(&w, 1, skip, n, x);
	r[0] = goertzel_power(x, n, CUSTOMER_HZ);
	r[1] = goertzel_power(x, n, SDK_HZ);
	free(x);
	wavfile_free(&w);
	if (!(l[0] > RATIO * l[1]) || !(r[1] > RATIO * r[0]))
		fail_msg("recording: left C %.3g SDK %.3g, right C %.3g "
			 "SDK %.3g", l[0], l[1], r[0], r[1]);

	assert_int_equal(ab_SignOut(f->bar), 0);
	assert_int_equal(ab_UnInitial(f->bar), 0);
}

/* (2) the registrar refuses the phone: SignIn fails before the CTI is
 * asked, and the DN stays unregistered. */
static void wrong_phone_password(void **state)
{
	struct fx *f = *state;
	struct rc *c;

	sdk_bar(f, "wrong");
	assert_int_equal(ab_Initial(f->bar), 0);
	assert_int_equal(ab_SignIn(f->bar), AGENTBARERROR_SOFTPHONE_ERROR);
	assert_int_equal(ab_LastError(f->bar), AGENTBARERROR_SOFTPHONE_ERROR);
	assert_int_equal(ab_GetIsSignIn(f->bar), 0);
	assert_int_equal(ab_GetAgentStatus(f->bar), AGENTBARERROR_BAR_UNSIGNIN);
	assert_int_equal(evrec_count(f->rec, "OnReady"), 0);
	/* no phone at 1882 as far as the CTI knows */
	c = rc_connect(D.agent_port);
	assert_int_equal(itest_signin(c, "2003", "1882", NULL), ArImsError);
	rc_close(c);
	assert_int_equal(ab_UnInitial(f->bar), 0);
}

/* (3) the phone's SIP port is taken: Initial fails, nothing is left. */
static void sip_port_in_use(void **state)
{
	struct fx *f = *state;
	struct sockaddr_in sin = {.sin_family = AF_INET};
	uint16_t port = itest_free_port(false, 1);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	char v[8];

	assert_true(fd >= 0);
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	sdk_bar(f, "1234");
	snprintf(v, sizeof(v), "%u", port);
	assert_int_equal(ab_SetProperty(f->bar, "PhoneSIPPort", v), 0);
	assert_int_equal(ab_Initial(f->bar), AGENTBARERROR_SOFTPHONE_ERROR);
	assert_int_equal(ab_GetIsInitial(f->bar), 0);
	close(fd);
	/* free again, the same bar starts */
	assert_int_equal(ab_Initial(f->bar), 0);
	assert_int_equal(ab_UnInitial(f->bar), 0);
}

/* Properties the phone cannot start with fail Initial. */
static void bad_phone_config(void **state)
{
	struct fx *f = *state;
	char wide[200];

	sdk_bar(f, "1234");
	assert_int_equal(ab_SetProperty(f->bar, "SIPServerIP", "sip.example"),
			 0);
	assert_int_equal(ab_Initial(f->bar), AGENTBARERROR_SOFTPHONE_ERROR);
	assert_int_equal(ab_SetProperty(f->bar, "SIPServerIP", "127.0.0.1"),
			 0);
	assert_int_equal(ab_SetProperty(f->bar, "PhoneAudioIn",
					"/nonexistent/in.wav"), 0);
	assert_int_equal(ab_Initial(f->bar), AGENTBARERROR_SOFTPHONE_ERROR);
	/* 16 kHz: not what the phone plays */
	snprintf(wide, sizeof(wide), "%s/wide.wav", D.dir);
	assert_int_equal(wavfile_write_silence(wide, 16000, 1), 0);
	assert_int_equal(ab_SetProperty(f->bar, "PhoneAudioIn", wide), 0);
	assert_int_equal(ab_Initial(f->bar), AGENTBARERROR_SOFTPHONE_ERROR);
	assert_int_equal(ab_GetIsInitial(f->bar), 0);
	/* and no PhoneNum: SignIn has nothing to register */
	assert_int_equal(ab_SetProperty(f->bar, "PhoneAudioIn", f->in), 0);
	assert_int_equal(ab_SetProperty(f->bar, "PhoneNum", ""), 0);
	assert_int_equal(ab_Initial(f->bar), 0);
	assert_int_equal(ab_SignIn(f->bar), AGENTBARERROR_SOFTPHONE_ERROR);
	assert_int_equal(ab_GetIsSignIn(f->bar), 0);
	assert_int_equal(ab_UnInitial(f->bar), 0);
}

/* (4) Hold: the customer hears the music, not the agent, and the phone
 * hears nothing of the customer; Retrieve: both again; ReleaseCall: the
 * switch's BYE ends the phone's call, so it takes the next one. */
static void hold_retrieve_release(void **state)
{
	struct fx *f = *state;
	double before;

	sdk_bar(f, "1234");
	signed_in(f);
	call_answered(f);
	customer_hears_sdk(f);
	before = sdk_hears_customer(f);

	assert_int_equal(ab_Hold(f->bar), 0);
	assert_non_null(evrec_wait(f->rec, "OnSuspended", EV_MS));
	customer_hears_music(f);
	sdk_deaf(f, before);

	assert_int_equal(ab_Retrieve(f->bar), 0);
	assert_non_null(evrec_wait(f->rec, "OnConnected", EV_MS));
	customer_hears_sdk(f);
	(void)sdk_hears_customer(f);

	assert_int_equal(ab_ReleaseCall(f->bar), 0);
	assert_non_null(evrec_wait(f->rec, "OnReady", EV_MS));
	bphone_expect_event(f->cust, "CALL_CLOSED");
	bphone_drain(f->cust);

	/* the phone is free: a second call rings and is answered */
	call_answered(f);
	customer_hears_sdk(f);
	customer_hangs_up(f);
}

/* Hold as a switch may do it, by re-INVITE: the phone answers sendonly
 * with recvonly, inactive with inactive, sendrecv with sendrecv
 * (tests/sipp/switch_holds_phone.xml checks the answers; the switch
 * here is sipp, the CTI the sim daemon). */
static void reinvite_hold(void **state)
{
	struct fx *f = *state;
	struct sipp_opts o = {.scenario = "switch_holds_phone.xml",
			      .service = "1882"};
	struct sipp s;
	char over[128];
	int64_t end;

	sipp_start(&s, &o);
	f->rec = evrec_new();
	f->bar = evrec_bar(f->rec, SIM.agent_port, "2002", "1882");
	phone_props(f, s.port, "1234");
	assert_int_equal(ab_SetProperty(f->bar, "AutoAnswer", "1"), 0);
	signed_in(f);
	/* the call is sipp's: wait for its BYE answered */
	snprintf(over, sizeof(over), "%s/call_over", s.dir);
	end = itest_now_ms() + 10000;
	while (access(over, F_OK) && itest_now_ms() < end)
		itest_sleep_ms(50);
	if (access(over, F_OK))
		fail_msg("sipp's call did not end: %d", sipp_wait(&s));
	assert_int_equal(ab_SignOut(f->bar), 0);
	assert_int_equal(sipp_wait(&s), 0);
	assert_int_equal(ab_UnInitial(f->bar), 0);
}

/* ---- agentbar --sipphone ------------------------------------------------ */

struct cli {
	pid_t pid;
	int in, out;
	char buf[65536];
	size_t len;
};

static void cli_start(struct cli *c, char *const argv[], const char *err)
{
	char dir[4096], bin[4200];
	int in[2], out[2], fd;

	snprintf(dir, sizeof(dir), "%s", CALLCLOUD_BIN);
	snprintf(bin, sizeof(bin), "%s/agentbar", dirname(dir));
	if (access(bin, X_OK))
		fail_msg("%s is not built", bin);
	assert_int_equal(pipe2(in, O_CLOEXEC), 0);
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	c->pid = fork();
	assert_true(c->pid >= 0);
	if (c->pid == 0) {
		fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 ||
		    dup2(fd, 2) < 0)
			_exit(127);
		execv(bin, argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	c->in = in[1];
	c->out = out[0];
	c->len = 0;
}

/* Its stdout up to `want` (fails the test after EV_MS). */
static void cli_expect(struct cli *c, const char *want)
{
	int64_t end = itest_now_ms() + EV_MS;

	for (;;) {
		struct pollfd p = {c->out, POLLIN, 0};
		int64_t left = end - itest_now_ms();
		ssize_t n = 0;

		c->buf[c->len] = 0;
		if (strstr(c->buf, want))
			return;
		if (left > 0 && poll(&p, 1, (int)left) > 0)
			n = read(c->out, c->buf + c->len,
				 sizeof(c->buf) - 1 - c->len);
		if (n <= 0)
			fail_msg("agentbar: no \"%s\" in:\n%s", want, c->buf);
		c->len += (size_t)n;
	}
}

static void cli_say(struct cli *c, const char *line)
{
	assert_int_equal(write(c->in, line, strlen(line)),
			 (ssize_t)strlen(line));
}

/* The command-line bar with --sipphone: rings until "answer", then the
 * customer hears its --audio-in; at end of input it signs out, stops and
 * exits 0 (under ASan: with nothing leaked). */
static void cli_sipphone(void **state)
{
	struct fx *f = *state;
	struct cli c;
	char cti[32], sip[32], err[160];
	char *argv[] = {"agentbar", "--cti", cti, "--agent", "2002",
			"--password", "2002123", "--dn", "1882", "--skills",
			"示例=1", "--no-autoanswer", "--log-level", "1",
			"--sipphone", "--sip-server", sip, "--phone-password",
			"1234", "--audio-in", f->in, "--audio-out", f->out,
			NULL};
	int status;

	snprintf(cti, sizeof(cti), "127.0.0.1:%u", D.agent_port);
	snprintf(sip, sizeof(sip), "127.0.0.1:%u", D.sip_port);
	snprintf(err, sizeof(err), "%s/cli.err", D.dir);
	cli_start(&c, argv, err);
	f->cli = c.pid;
	cli_expect(&c, "EVENT OnReady");
	bphone_dial(f->cust, "4000");
	cli_expect(&c, "EVENT OnAlerting");
	cli_say(&c, "answer\n");
	cli_expect(&c, "Answer -> 0 ArSuccess");
	cli_expect(&c, "EVENT OnConnected");
	bphone_expect_event(f->cust, "CALL_ESTABLISHED");
	customer_hears_sdk(f);
	bphone_hangup(f->cust);
	bphone_expect_event(f->cust, "CALL_CLOSED");
	cli_expect(&c, "reason=CerIdleNormalOtherHangup");
	close(c.in);
	status = itest_wait_exit(c.pid, 10000);
	if (status >= 0)
		f->cli = 0;   /* reaped */
	cli_expect(&c, "UnInitial -> 0 ArSuccess");
	close(c.out);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		itest_print_tail(err);
		fail_msg("agentbar --sipphone: status %d", status);
	}
}

/* The second CTI of NP's node, on 127.0.0.2 with the first's agent port
 * and a higher fencing token: what a backup taking over does. */
static void takeover_cti(void)
{
	const char *args[] = {"--role", "cti", "--switch-node", NP.addr,
			      "--fence-token", "2", NULL};
	struct daemon_opts o = {.extra_args = args, .extra_ini =
		"[server]\nlisten_address = 127.0.0.2\n"
		"[switch]\nnode_heartbeat_ms = 200\n"
		"node_reconnect_ms = 200\n",
		.agent_port = NP.cti.agent_port};

	daemon_start(&NB, &o);
	has_nb = true;
	assert_true(itest_wait_log(&NB, "handed to the core", EV_MS));
}

/* (8) issue 10: the SDK phone's call survives the CTI. The phone is
 * registered on a SIP switch node; its CTI dies (SIGKILL) mid-call and
 * another takes over: the call stays up, both still hear each other, and
 * the bar, failing over, is signed in again on the same call. */
static void phone_survives_takeover(void **state)
{
	struct fx *f = *state;
	struct bphone_opts c = {.user = CUSTOMER, .hz = CUSTOMER_HZ};
	const struct ev *e;
	char call_id[64];

	node_pair_start_node(&NP, "[switch]\norphan_timeout = 30\n", true);
	has_np = true;
	node_pair_start_cti(&NP);
	/* the customer calls the node */
	bphone_stop(f->cust);
	c.sip_port = NP.node.sip_port;
	f->cust = bphone_start(&c);

	f->rec = evrec_new();
	f->bar = evrec_bar(f->rec, NP.cti.agent_port, "2002", "1882");
	ab_SetBackCTIIP(f->bar, "127.0.0.2");
	phone_props(f, NP.node.sip_port, "1234");
	assert_int_equal(ab_SetProperty(f->bar, "PhoneAudioOut", f->out), 0);
	signed_in(f);
	e = call_answered(f);
	snprintf(call_id, sizeof(call_id), "%s", e->callID);
	customer_hears_sdk(f);
	itest_sleep_ms(200);   /* the last note on its way to the node */

	daemon_kill9(&NP.cti);
	takeover_cti();
	e = evrec_wait(f->rec, "OnMasterChanged", EV_MS);
	assert_non_null(e);
	assert_int_equal(e->reason, EVENTREASON_ACD_MASTERCHANGE);
	e = evrec_wait(f->rec, "OnMasterChanged", EV_MS);
	assert_non_null(e);
	assert_int_equal(e->reason, EVENTREASON_ACD_RELOGINSUCCESS);
	assert_int_equal(ab_GetAgentStatus(f->bar), AsConnectedState);
	/* still talking, both ways */
	customer_hears_sdk(f);
	(void)sdk_hears_customer(f);

	assert_int_equal(ab_ReleaseCall(f->bar), 0);
	bphone_expect_event(f->cust, "CALL_CLOSED");
	e = evrec_wait(f->rec, "OnReady", EV_MS);
	assert_non_null(e);
	assert_string_equal(e->callID, call_id);
	assert_int_equal(ab_UnInitial(f->bar), 0);

	/* the other tests' customer calls D again */
	bphone_stop(f->cust);
	c.sip_port = D.sip_port;
	f->cust = bphone_start(&c);
}

int main(void)
{
#define T(fn) cmocka_unit_test_teardown(fn, bar_end)
	const struct CMUnitTest tests[] = {
		T(answer_and_talk),
		T(wrong_phone_password),
		T(sip_port_in_use),
		T(bad_phone_config),
		T(hold_retrieve_release),
		T(reinvite_hold),
		T(cli_sipphone),
		T(phone_survives_takeover),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
