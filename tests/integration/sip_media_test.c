/*
 * sip_media_test.c — real audio through the SIP switch. The daemon runs
 * --switch sip; baresip phones (bphone.h) each speak their own tone and
 * what each one hears is told apart by frequency (Goertzel): a talking
 * pair, hold music, mute, a supervisor listening then inserting, a
 * consult turned into a conference, DTMF both ways, and the recording's
 * channels.
 *
 * Cast: customer C 13800000001 on the trunk (440 Hz); X 2002 on DN 1882
 * (1000 Hz, skill 示例, so calls to 4000 reach it; its phone answers by
 * itself); Y 2003 on 1883 (1500 Hz, 投诉: never routed a call; answered
 * by hand; A-law where the others use u-law, so the mix transcodes);
 * M 2001 on 1881 (2200 Hz, the demo's monitor). The tones and
 * their sums and differences stay apart by more than 60 Hz, so no
 * distortion product lands on another phone's tone.
 *
 * With --webrtc (ctest integration/sip_media_webrtc) the customer's
 * phone speaks WebRTC media instead (ICE, DTLS-SRTP, rtcp-mux: baresip's
 * own modules against the switch's ICE-lite): every test then shows a
 * WebRTC leg queued, held, mixed, listened to, conferenced, sending and
 * taking digits and recorded like a plain one.
 *
 * One daemon and one set of phones serve every test; each test makes its
 * own call and the per-test teardown ends whatever is left of it.
 * Assertions compare powers: the tone a phone should hear against the
 * strongest tone it should not (RATIO), and a tone that should be gone
 * against its own level before.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar.h"
#include "bphone.h"
#include "goertzel.h"
#include "itest.h"
#include "wavfile.h"

#define CUSTOMER "13800000001"

enum {
	SETTLE_MS = 300,   /* after a change, before a window */
	WINDOW_MS = 800,
	RATIO = 10,        /* 10 dB */
};

enum who { C, X, Y, M, NPHONES };

static const double HZ[NPHONES] = {440, 1000, 1500, 2200};
static const char *const NAME[NPHONES] = {"customer", "X", "Y", "M"};

/* The hold music's notes (src/media/tones.c) but its 440 Hz, the
 * customer's own tone. */
static const double MOH[] = {523.25, 659.25, 783.99, 349.23, 392.00,
			     493.88, 587.33};
#define NMOH (sizeof(MOH) / sizeof(MOH[0]))

static struct daemon D;
static bool webrtc_customer;   /* --webrtc */

struct fx {
	struct rc *a, *x, *y, *m;
	struct bphone *p[NPHONES];
};

/* ---- set-up ------------------------------------------------------------ */

static struct bphone *phone(const char *user, const char *password,
			    double hz, bool auto_answer, const char *codec,
			    bool webrtc)
{
	struct bphone_opts o = {.user = user, .password = password,
				.sip_port = D.sip_port, .hz = hz,
				.auto_answer = auto_answer, .codec = codec,
				.webrtc = webrtc};
	struct bphone *p = bphone_start(&o);

	if (password && !bphone_wait_registered(p, BPHONE_TIMEOUT_MS))
		fail_msg("%s did not register", user);
	return p;
}

/* The phone registers first: the SIP switch wants the DN registered. */
static struct rc *agent(const char *id, const char *dn, const char *skills)
{
	struct rc *c = rc_connect(D.agent_port);

	assert_int_equal(itest_signin(c, id, dn, skills), ArSuccess);
	itest_expect_drop(c, "OnReady", CerIdleSelfLogin);
	return c;
}

static int setup(void **state)
{
	static const struct daemon_opts o = {.sip = true};
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	*state = f;
	daemon_start(&D, &o);
	f->p[C] = phone(CUSTOMER, NULL, HZ[C], false, NULL, webrtc_customer);
	f->p[X] = phone("1882", "1234", HZ[X], true, NULL, false);
	f->p[Y] = phone("1883", "1234", HZ[Y], false, "PCMA", false);
	f->p[M] = phone("1881", "1234", HZ[M], true, NULL, false);
	f->a = itest_admin(&D);
	f->x = agent("2002", "1882", "示例=1");
	f->y = agent("2003", "1883", "投诉=1");
	f->m = agent("2001", "1881", "咨询=1");
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	rc_close(f->a);
	rc_close(f->x);
	rc_close(f->y);
	rc_close(f->m);
	for (int i = 0; i < NPHONES; i++)
		bphone_stop(f->p[i]);
	free(f);
	daemon_stop(&D);
	daemon_cleanup(&D);
	return 0;
}

/* After each test: whatever call is left ends; everybody is Ready. */
static int call_end(void **state)
{
	struct fx *f = *state;

	for (int i = 0; i < NPHONES; i++)
		json_decref(bphone_command(f->p[i], "hangup", NULL));
	rc_drain(f->x, 300);
	rc_drain(f->y, 0);
	rc_drain(f->m, 0);
	for (int i = 0; i < NPHONES; i++)
		bphone_drain(f->p[i]);
	return 0;
}

/* ---- what they hear ---------------------------------------------------- */

static void listen_all(struct fx *f)
{
	for (int i = 0; i < NPHONES; i++)
		bphone_listen(f->p[i]);
}

/* Powers at every phone's tone of what phone w heard in its window. */
static void heard(struct fx *f, enum who w, double power[NPHONES])
{
	bphone_measure(f->p[w], SETTLE_MS, WINDOW_MS, HZ, NPHONES, power);
}

/* w hears exactly the phones in `from` (a bit set of 1 << who) among
 * those whose tones are checked, `of` (its own is always in `of`). */
static void hears_only(struct fx *f, enum who w, unsigned from, unsigned of,
		       double power[NPHONES])
{
	double loud = INFINITY, quiet = 0;

	heard(f, w, power);
	of |= 1u << w;
	for (int i = 0; i < NPHONES; i++) {
		if (!(of & 1u << i))
			continue;
		if (from & 1u << i)
			loud = fmin(loud, power[i]);
		else
			quiet = fmax(quiet, power[i]);
	}
	if (!(loud > RATIO * quiet)) {
		fprintf(stderr, "%s heard:", NAME[w]);
		for (int i = 0; i < NPHONES; i++)
			fprintf(stderr, " %s %.3g", NAME[i], power[i]);
		fprintf(stderr, "\n");
		fail_msg("%s: wanted tones at %.3g, others up to %.3g",
			 NAME[w], loud, quiet);
	}
}

/* w hears nothing of whom any more: whom's tone is RATIO below its level
 * `before`, or w gets no audio at all (the switch sends nothing to a leg
 * that hears nothing). */
static void deaf_to(struct fx *f, enum who w, enum who whom,
		    const double before[NPHONES])
{
	double p[NPHONES];

	itest_sleep_ms(SETTLE_MS + WINDOW_MS);
	if (bphone_heard_ms(f->p[w]) < SETTLE_MS)
		return;
	heard(f, w, p);
	if (!(p[whom] * RATIO < before[whom]))
		fail_msg("%s still hears %s: %.3g, %.3g before", NAME[w],
			 NAME[whom], p[whom], before[whom]);
}

/* The customer hears the hold music, louder by RATIO than X and Y. */
static void c_hears_music(struct fx *f)
{
	double hz[NMOH + 2], power[NMOH + 2], music = 0;

	memcpy(hz, MOH, sizeof(MOH));
	hz[NMOH] = HZ[X];
	hz[NMOH + 1] = HZ[Y];
	bphone_measure(f->p[C], SETTLE_MS, WINDOW_MS, hz, NMOH + 2, power);
	for (size_t i = 0; i < NMOH; i++)
		music += power[i];
	if (!(music > RATIO * fmax(power[NMOH], power[NMOH + 1])))
		fail_msg("held customer: music %.3g, X %.3g, Y %.3g", music,
			 power[NMOH], power[NMOH + 1]);
}

#define B(w) (1u << (w))
#define ALL (B(C) | B(X) | B(Y) | B(M))

/* ---- calls --------------------------------------------------------- */

/* C calls 4000; X's phone answers by itself. */
static void call_x(struct fx *f)
{
	bphone_dial(f->p[C], "4000");
	itest_expect_drop(f->x, "OnConnected", CerTalkOtherCreat);
	bphone_expect_event(f->p[C], "CALL_ESTABLISHED");
	bphone_expect_event(f->p[X], "CALL_ESTABLISHED");
}

static void c_hangs_up(struct fx *f)
{
	bphone_hangup(f->p[C]);
	bphone_expect_event(f->p[C], "CALL_CLOSED");
	itest_expect_drop(f->x, "OnReady", CerIdleNormalOtherHangup);
}

/* ---- tests ---------------------------------------------------------- */

static void talk(void **state)
{
	struct fx *f = *state;
	double p[NPHONES];

	call_x(f);
	listen_all(f);
	hears_only(f, C, B(X), ALL, p);
	hears_only(f, X, B(C), ALL, p);
	c_hangs_up(f);
}

/* Queued (X busy), the customer hears the music; then X answers. */
static void queue_music(void **state)
{
	struct fx *f = *state;
	double p[NPHONES];

	assert_int_equal(itest_code(f->x, "SetBusy", NULL), ArSuccess);
	itest_expect_drop(f->x, "OnBusy", -1);
	bphone_dial(f->p[C], "4000");
	bphone_expect_event(f->p[C], "CALL_ESTABLISHED");
	listen_all(f);
	c_hears_music(f);

	assert_int_equal(itest_code(f->x, "SetIdle", NULL), ArSuccess);
	itest_expect_drop(f->x, "OnReady", CerIdleSelfSet);
	itest_expect_drop(f->x, "OnConnected", CerTalkOtherCreat);
	listen_all(f);
	hears_only(f, C, B(X), ALL, p);
	hears_only(f, X, B(C), ALL, p);
	c_hangs_up(f);
}

/* Held: the customer hears the music, not X; X hears nothing. */
static void hold_music(void **state)
{
	struct fx *f = *state;
	double before[NPHONES], p[NPHONES];

	call_x(f);
	listen_all(f);
	hears_only(f, X, B(C), ALL, before);

	assert_int_equal(itest_code(f->x, "Hold", NULL), ArSuccess);
	itest_expect_drop(f->x, "OnSuspended", -1);
	listen_all(f);
	c_hears_music(f);
	deaf_to(f, X, C, before);

	assert_int_equal(itest_code(f->x, "Retrieve", NULL), ArSuccess);
	itest_expect_drop(f->x, "OnConnected", CerTalkSelfRetrieve);
	listen_all(f);
	hears_only(f, C, B(X), ALL, p);
	hears_only(f, X, B(C), ALL, p);
	c_hangs_up(f);
}

/* Muted, X is not heard; X still hears the customer. */
static void mute(void **state)
{
	struct fx *f = *state;
	double before[NPHONES], p[NPHONES];

	call_x(f);
	listen_all(f);
	hears_only(f, C, B(X), ALL, before);

	assert_int_equal(itest_code(f->x, "MuteOn", NULL), ArSuccess);
	listen_all(f);
	deaf_to(f, C, X, before);
	hears_only(f, X, B(C), ALL, p);

	assert_int_equal(itest_code(f->x, "MuteOff", NULL), ArSuccess);
	listen_all(f);
	hears_only(f, C, B(X), ALL, p);
	c_hangs_up(f);
}

/* M listens: M hears both, neither hears M. Switched to Insert,
 * everybody hears everybody. */
static void listen_then_insert(void **state)
{
	struct fx *f = *state;
	double p[NPHONES];

	call_x(f);
	assert_int_equal(itest_code(f->m, "Listen", json_pack(
		"{s:s, s:s, s:s}", "AgentID", "2002", "showANI", "",
		"showDest", "")), ArSuccess);
	itest_expect_drop(f->m, "OnHarfConnected", -1);
	itest_expect_drop(f->m, "OnMonitor", -1);
	itest_expect_drop(f->x, "OnMonitored", -1);
	bphone_expect_event(f->p[M], "CALL_ESTABLISHED");
	listen_all(f);
	hears_only(f, M, B(C), B(C) | B(Y), p);
	hears_only(f, M, B(X), B(X) | B(Y), p);
	hears_only(f, C, B(X), ALL, p);
	hears_only(f, X, B(C), ALL, p);

	assert_int_equal(itest_code(f->m, "SwitchInsertorListen", json_pack(
		"{s:s}", "agentID", "2002")), ArSuccess);
	itest_expect_drop(f->m, "OnInsert", -1);
	itest_expect_drop(f->x, "OnInserted", -1);
	listen_all(f);
	hears_only(f, C, B(X) | B(M), ALL, p);
	hears_only(f, X, B(C) | B(M), ALL, p);
	hears_only(f, M, B(C) | B(X), ALL, p);

	assert_int_equal(itest_code(f->m, "StopInsert", json_pack(
		"{s:s}", "agentID", "2002")), ArSuccess);
	itest_expect_drop(f->m, "OnReady", -1);
	itest_expect_drop(f->x, "OnConnected", -1);
	bphone_expect_event(f->p[M], "CALL_CLOSED");
	listen_all(f);
	hears_only(f, C, B(X), ALL, p);
	c_hangs_up(f);
}

/* X consults Y (X hears the ringback, then Y; the customer hears the
 * music meanwhile), then all three confer: each hears the other two. */
static void consult_conference(void **state)
{
	const double ringback[] = {425, HZ[C], HZ[X]};
	struct fx *f = *state;
	double p[NPHONES];

	call_x(f);
	assert_int_equal(itest_code(f->x, "Consult", json_pack(
		"{s:s, s:s, s:s, s:i}", "consultNum", "2003", "showANI", "",
		"showDest", "", "consultType", 0)), ArSuccess);
	/* Y's phone rings: X hears the ringback tone (425 Hz), not the
	 * customer, who is on hold. */
	bphone_expect_event(f->p[Y], "CALL_INCOMING");
	bphone_listen(f->p[X]);
	bphone_measure(f->p[X], 0, 500, ringback, 3, p);
	if (!(p[0] > RATIO * fmax(p[1], p[2])))
		fail_msg("X while Y rings: ringback %.3g, customer %.3g, "
			 "X %.3g", p[0], p[1], p[2]);
	bphone_accept(f->p[Y]);
	itest_expect_drop(f->x, "OnConsultConnected", -1);
	itest_expect_drop(f->y, "OnInternalConnected", -1);
	listen_all(f);
	c_hears_music(f);
	hears_only(f, X, B(Y), ALL, p);
	hears_only(f, Y, B(X), ALL, p);

	assert_int_equal(itest_code(f->x, "Conference", NULL), ArSuccess);
	itest_expect_drop(f->x, "OnConference", -1);
	itest_expect_drop(f->y, "OnConference", -1);
	listen_all(f);
	hears_only(f, C, B(X) | B(Y), ALL, p);
	hears_only(f, X, B(C) | B(Y), ALL, p);
	hears_only(f, Y, B(C) | B(X), ALL, p);

	/* The customer leaves; X and Y stay, talking to each other. */
	bphone_hangup(f->p[C]);
	itest_expect_drop(f->x, "OnInternalConnected", -1);
	itest_expect_drop(f->y, "OnInternalConnected", -1);
	listen_all(f);
	hears_only(f, X, B(Y), ALL, p);
	hears_only(f, Y, B(X), ALL, p);
	bphone_hangup(f->p[Y]);
	itest_expect_drop(f->x, "OnReady", -1);
	itest_expect_drop(f->y, "OnReady", -1);
}

/* The customer's CDR row of X (new reference: its call data), NULL if
 * there is none yet. */
static json_t *cdr_call_data(struct fx *f, const char *call_id)
{
	json_t *r = rc_call(f->a, "Admin.ListCDR", json_pack("{s:i}", "limit",
							      50));
	json_t *row, *data = NULL;
	size_t i;

	assert_int_equal(rc_code(r), ArSuccess);
	json_array_foreach(json_object_get(r, "data"), i, row)
		if (!strcmp(itest_str(row, "callID"), call_id) &&
		    !strcmp(itest_str(row, "agent"), "2002"))
			data = json_incref(json_object_get(row, "callData"));
	json_decref(r);
	return data;
}

/* RFC 4733 both ways: X's digits reach the customer's phone; the
 * customer, transferred to the demo's survey (4100), hears its prompt
 * (not X any more) and its key press ends up in the call data. */
static void dtmf(void **state)
{
	static const char digits[] = "12#";
	static const double prompt[] = {600, 900, 1000};
	struct fx *f = *state;
	char call_id[128];
	double p[3];
	json_t *ev, *data = NULL;

	call_x(f);
	assert_int_equal(itest_code(f->x, "SendDTMF", json_pack(
		"{s:s}", "DTMFDigits", digits)), ArSuccess);
	for (size_t i = 0; i < strlen(digits); i++) {
		char want[2] = {digits[i], '\0'};

		ev = bphone_wait_event(f->p[C], "CALL_DTMF_START",
				       BPHONE_TIMEOUT_MS);
		assert_non_null(ev);
		assert_string_equal(itest_str(ev, "param"), want);
		json_decref(ev);
	}

	assert_int_equal(itest_code(f->x, "TransIVR", json_pack(
		"{s:s}", "transferNum", "4100")), ArSuccess);
	ev = itest_expect(f->x, "OnReady", CerIdleNormalSelfHangup);
	snprintf(call_id, sizeof(call_id), "%s", itest_str(ev, "callID"));
	json_decref(ev);
	bphone_listen(f->p[C]);
	bphone_measure(f->p[C], 0, 600, prompt, 3, p);   /* its first notes */
	if (!(p[0] + p[1] > RATIO * p[2]))
		fail_msg("the customer in the IVR: prompt %.3g + %.3g, X %.3g",
			 p[0], p[1], p[2]);
	/* The survey takes keys once its prompt is over. */
	for (int i = 0; i < 40 && !data; i++) {
		bphone_send_dtmf(f->p[C], "4");
		itest_sleep_ms(100);
		data = cdr_call_data(f, call_id);
		if (data && !*itest_str(data, "satisfaction"))
			data = (json_decref(data), NULL);
	}
	assert_non_null(data);
	assert_string_equal(itest_str(data, "satisfaction"), "4");
	json_decref(data);
	bphone_expect_event(f->p[C], "CALL_CLOSED");   /* the IVR hangs up */
}

/* The recording holds the customer left and X right. */
static void recording(void **state)
{
	struct fx *f = *state;
	char path[512];
	struct wavfile w;
	int16_t *ch;
	size_t n = WINDOW_MS * 8, skip = SETTLE_MS * 8;
	double p[NPHONES], l[2], r[2];
	json_t *ev;

	assert_int_equal(itest_code(f->a, "Admin.UpdateSkill", json_pack(
		"{s:s, s:b}", "name", "示例", "record", 1)), ArSuccess);
	call_x(f);
	ev = itest_expect(f->x, "OnBeginRecord", -1);
	snprintf(path, sizeof(path), "%s/%s", D.dir,
		 itest_str(ev, "filename"));
	json_decref(ev);
	listen_all(f);
	hears_only(f, C, B(X), ALL, p);  /* the call ran that long */
	bphone_hangup(f->p[C]);
	itest_expect_drop(f->x, "OnEndRecord", -1);
	assert_int_equal(itest_code(f->a, "Admin.UpdateSkill", json_pack(
		"{s:s, s:b}", "name", "示例", "record", 0)), ArSuccess);

	assert_int_equal(wavfile_read(&w, path), 0);
	assert_int_equal(w.channels, 2);
	assert_int_equal(w.rate, 8000);
	assert_true(w.frames >= skip + n);
	ch = malloc(n * sizeof(*ch));
	assert_non_null(ch);
	wavfile_channel(&w, 0, skip, n, ch);
	l[0] = goertzel_power(ch, n, HZ[C]);
	l[1] = goertzel_power(ch, n, HZ[X]);
	wavfile_channel(&w, 1, skip, n, ch);
	r[0] = goertzel_power(ch, n, HZ[C]);
	r[1] = goertzel_power(ch, n, HZ[X]);
	free(ch);
	wavfile_free(&w);
	if (!(l[0] > RATIO * l[1]) || !(r[1] > RATIO * r[0]))
		fail_msg("recording: left C %.3g X %.3g, right C %.3g X %.3g",
			 l[0], l[1], r[0], r[1]);
}

int main(int argc, char *argv[])
{
#define T(fn) cmocka_unit_test_teardown(fn, call_end)
	const struct CMUnitTest tests[] = {
		T(talk),
		T(queue_music),
		T(hold_music),
		T(mute),
		T(listen_then_insert),
		T(consult_conference),
		T(dtmf),
		T(recording),
	};

	webrtc_customer = argc > 1 && !strcmp(argv[1], "--webrtc");
	return cmocka_run_group_tests(tests, setup, teardown);
}
