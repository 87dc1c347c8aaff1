/*
 * api_metrics_test.c — the formatting helpers of /metrics: label values
 * escaped as the exposition format wants (backslash, quote, line feed) and
 * always valid UTF-8, AgentStatusT names as lower_snake_case labels, and
 * the event names the counters are labelled with (the method names:
 * api_ext_test.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "api/api_int.h"

static const char *label(const char *value)
{
	static char buf[256];

	assert_true(re_snprintf(buf, sizeof(buf), "%H", metrics_label_value,
				value) >= 0);
	return buf;
}

static void test_label_plain(void **state)
{
	(void)state;
	assert_string_equal(label(""), "");
	assert_string_equal(label("sales"), "sales");
	assert_string_equal(label("示例"), "示例");
	/* 4-byte UTF-8 and characters that need no escaping */
	assert_string_equal(label("\xf0\x9f\x93\x9e {x=1,y} 'q'\t"),
			    "\xf0\x9f\x93\x9e {x=1,y} 'q'\t");
	assert_string_equal(label(NULL), "");
}

static void test_label_escapes(void **state)
{
	(void)state;
	assert_string_equal(label("a\"b"), "a\\\"b");
	assert_string_equal(label("a\\b"), "a\\\\b");
	assert_string_equal(label("a\nb"), "a\\nb");
	assert_string_equal(label("\"\\\n"), "\\\"\\\\\\n");
	assert_string_equal(label("投诉\"\\"), "投诉\\\"\\\\");
}

static void test_label_bad_utf8(void **state)
{
	static const char fffd[] = "\xef\xbf\xbd";
	char want[64];

	(void)state;
	/* a lone continuation byte, a truncated sequence at the end */
	assert_string_equal(label("a\x80z"), "a\xef\xbf\xbdz");
	assert_string_equal(label("a\xe7\xa4"), "a\xef\xbf\xbd\xef\xbf\xbd");
	/* overlong '/', a UTF-16 surrogate, above U+10FFFF, 0xff */
	assert_string_equal(label("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");
	snprintf(want, sizeof(want), "%s%s%s", fffd, fffd, fffd);
	assert_string_equal(label("\xed\xa0\x80"), want);
	snprintf(want, sizeof(want), "%s%s%s%s", fffd, fffd, fffd, fffd);
	assert_string_equal(label("\xf4\x90\x80\x80"), want);
	assert_string_equal(label("\xff"), fffd);
	/* a bad byte next to an escape: both handled */
	assert_string_equal(label("\x80\"\x80"),
			    "\xef\xbf\xbd\\\"\xef\xbf\xbd");
	/* the edges of the valid ranges stay as they are */
	assert_string_equal(label("\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf"
				  "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf"),
			    "\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf"
			    "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf");
}

static void test_state_names(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(metrics_state_name(buf, sizeof(buf), AsReadyState), 0);
	assert_string_equal(buf, "ready");
	assert_int_equal(metrics_state_name(buf, sizeof(buf), AsUnknownState),
			 0);
	assert_string_equal(buf, "unknown");
	assert_int_equal(metrics_state_name(buf, sizeof(buf), AsUnLoginState),
			 0);
	assert_string_equal(buf, "un_login");
	assert_int_equal(metrics_state_name(buf, sizeof(buf),
					    AsHalfAlertingState), 0);
	assert_string_equal(buf, "half_alerting");
	assert_int_equal(metrics_state_name(buf, sizeof(buf),
					    AsInternalConnectedState), 0);
	assert_string_equal(buf, "internal_connected");
	assert_int_equal(metrics_state_name(buf, sizeof(buf),
					    AsConsultConnectingState), 0);
	assert_string_equal(buf, "consult_connecting");
	/* every state has a distinct name made of [a-z_] */
	for (int i = 0; i < AS_STATE_COUNT; i++) {
		char a[32], b[32];

		assert_int_equal(metrics_state_name(a, sizeof(a), i), 0);
		assert_int_equal(strspn(a, "abcdefghijklmnopqrstuvwxyz_"),
				 strlen(a));
		for (int j = 0; j < i; j++) {
			assert_int_equal(metrics_state_name(b, sizeof(b), j),
					 0);
			assert_string_not_equal(a, b);
		}
	}
}

static void test_state_name_errors(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(metrics_state_name(buf, sizeof(buf), -1), EINVAL);
	assert_int_equal(metrics_state_name(buf, sizeof(buf), AS_STATE_COUNT),
			 EINVAL);
	assert_int_equal(metrics_state_name(NULL, 8, AsReadyState), EINVAL);
	assert_int_equal(metrics_state_name(buf, 0, AsReadyState), EINVAL);
	/* "internal_connected" does not fit 8 bytes: refused, terminated
	 * nowhere past the buffer */
	assert_int_equal(metrics_state_name(buf, sizeof(buf),
					    AsInternalConnectedState), ENOSPC);
	assert_int_equal(metrics_state_name(buf, 6, AsReadyState), 0);
	assert_string_equal(buf, "ready");
	assert_int_equal(metrics_state_name(buf, 5, AsReadyState), ENOSPC);
}

static void test_event_names(void **state)
{
	(void)state;
	assert_null(events_name(AsUnknownState));
	assert_string_equal(events_name(AsReadyState), "OnReady");
	assert_string_equal(events_name(AsHalfAlertingState), "OnHarfAlerting");
	assert_string_equal(events_name(AS_STATE_COUNT), "OnBeginRecord");
	assert_string_equal(events_name(API_EVENTS - 1), "OnQueueChanged");
	assert_null(events_name(API_EVENTS));
	for (size_t i = 1; i < API_EVENTS; i++)
		assert_non_null(events_name(i));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label_plain),
		cmocka_unit_test(test_label_escapes),
		cmocka_unit_test(test_label_bad_utf8),
		cmocka_unit_test(test_state_names),
		cmocka_unit_test(test_state_name_errors),
		cmocka_unit_test(test_event_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
