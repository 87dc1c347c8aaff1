/*
 * switch_stats_test.c — what the switches count for /metrics: a SIP
 * message by its first line (method, or status class), and RTP loss from
 * sequence gaps (wrap-around, late and repeated packets, restarts).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "media/media_int.h"
#include "switch/sip/sip_int.h"

static void count(struct sw_stats *st, bool tx, const char *msg)
{
	sipsw_count_msg(st, tx, (const uint8_t *)msg, strlen(msg));
}

static void test_sip_requests(void **state)
{
	struct sw_stats st;

	(void)state;
	memset(&st, 0, sizeof(st));
	count(&st, false, "INVITE sip:4000@cc SIP/2.0\r\nVia: x\r\n\r\n");
	count(&st, false, "OPTIONS sip:cc SIP/2.0\r\n\r\n");
	count(&st, true, "OPTIONS sip:1880@10.0.0.2 SIP/2.0\r\n\r\n");
	count(&st, true, "BYE sip:a SIP/2.0\r\n\r\n");
	/* methods are case-sensitive; unknown ones and junk are "other" */
	count(&st, false, "invite sip:a SIP/2.0\r\n\r\n");
	count(&st, false, "FOO sip:a SIP/2.0\r\n\r\n");
	count(&st, false, "INVITEX sip:a SIP/2.0\r\n\r\n");
	count(&st, false, "INVITE");   /* no space at all */
	assert_int_equal(st.sip_requests[SW_IN][SW_SIP_INVITE], 1);
	assert_int_equal(st.sip_requests[SW_IN][SW_SIP_OPTIONS], 1);
	assert_int_equal(st.sip_requests[SW_OUT][SW_SIP_OPTIONS], 1);
	assert_int_equal(st.sip_requests[SW_OUT][SW_SIP_BYE], 1);
	assert_int_equal(st.sip_requests[SW_IN][SW_SIP_OTHER], 4);
	for (int c = 0; c < SW_SIP_CLASSES; c++)
		assert_int_equal(st.sip_responses[SW_IN][c] +
				 st.sip_responses[SW_OUT][c], 0);
	/* nothing to count */
	sipsw_count_msg(&st, false, NULL, 10);
	sipsw_count_msg(&st, false, (const uint8_t *)"", 0);
	assert_int_equal(st.sip_requests[SW_IN][SW_SIP_OTHER], 4);
}

static void test_sip_responses(void **state)
{
	struct sw_stats st;

	(void)state;
	memset(&st, 0, sizeof(st));
	count(&st, true, "SIP/2.0 100 Trying\r\n\r\n");
	count(&st, true, "SIP/2.0 180 Ringing\r\n\r\n");
	count(&st, true, "SIP/2.0 200 OK\r\n\r\n");
	count(&st, false, "SIP/2.0 401 Unauthorized\r\n\r\n");
	count(&st, false, "SIP/2.0 603 Decline\r\n\r\n");
	/* no class: counted nowhere, not as a request either */
	count(&st, false, "SIP/2.0 700 Odd\r\n\r\n");
	count(&st, false, "SIP/2.0 ");
	assert_int_equal(st.sip_responses[SW_OUT][0], 2);
	assert_int_equal(st.sip_responses[SW_OUT][1], 1);
	assert_int_equal(st.sip_responses[SW_IN][3], 1);
	assert_int_equal(st.sip_responses[SW_IN][5], 1);
	assert_int_equal(st.sip_requests[SW_IN][SW_SIP_OTHER], 0);
}

static void test_sip_method_names(void **state)
{
	(void)state;
	assert_string_equal(sw_sip_method_name(SW_SIP_INVITE), "INVITE");
	assert_string_equal(sw_sip_method_name(SW_SIP_PUBLISH), "PUBLISH");
	assert_string_equal(sw_sip_method_name(SW_SIP_OTHER), "other");
	assert_string_equal(sw_sip_method_name(SW_SIP_METHODS), "other");
}

static void test_rtp_in_order(void **state)
{
	struct rtp_seq s;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(rtp_seq_update(&s, 7, 65533), 0);   /* first */
	assert_int_equal(rtp_seq_update(&s, 7, 65534), 0);
	assert_int_equal(rtp_seq_update(&s, 7, 65535), 0);
	assert_int_equal(rtp_seq_update(&s, 7, 0), 0);       /* wraps */
	assert_int_equal(rtp_seq_update(&s, 7, 3), 2);       /* 1, 2 lost */
	assert_int_equal(rtp_seq_update(&s, 7, 4), 0);
}

static void test_rtp_late_and_restart(void **state)
{
	struct rtp_seq s;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(rtp_seq_update(&s, 1, 100), 0);
	assert_int_equal(rtp_seq_update(&s, 1, 105), 4);
	/* late and repeated packets: no change, not a negative loss */
	assert_int_equal(rtp_seq_update(&s, 1, 103), 0);
	assert_int_equal(rtp_seq_update(&s, 1, 105), 0);
	assert_int_equal(rtp_seq_update(&s, 1, 106), 0);
	/* a jump beyond the dropout window: the peer restarted */
	assert_int_equal(rtp_seq_update(&s, 1, 40000), 0);
	assert_int_equal(rtp_seq_update(&s, 1, 40001), 0);
	/* just inside the window is loss */
	assert_int_equal(rtp_seq_update(&s, 1, 40001 + 2999), 2998);
	/* a new SSRC starts over */
	assert_int_equal(rtp_seq_update(&s, 2, 9), 0);
	assert_int_equal(rtp_seq_update(&s, 2, 10), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sip_requests),
		cmocka_unit_test(test_sip_responses),
		cmocka_unit_test(test_sip_method_names),
		cmocka_unit_test(test_rtp_in_order),
		cmocka_unit_test(test_rtp_late_and_restart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
