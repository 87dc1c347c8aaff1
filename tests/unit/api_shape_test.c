/*
 * api_shape_test.c — the JSON the clients see: event params with the
 * manual's names, the query structs with their keys in the manual's order
 * (AGENTBAR-API.md §5), and the {"code","message"} results.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "api/shape.h"

static void assert_text(json_t *v, const char *expected)
{
	char *text;

	assert_non_null(v);
	text = shape_text(v);
	assert_string_equal(text, expected);
	free(text);
	json_decref(v);
}

static void test_state_event(void **state)
{
	struct core_state_event ev = {
		.agent_id = "2002", .status = AsAlertingState,
		.eventID = CeInboundCallNormalCall, .callID = "sim-1",
		.contactID = 7, .partyNum = 2, .otherParty = "13800000000",
		.otherPartyAttribute = PaNormal, .originatingParty = NULL,
		.originalANI = "13800000000", .originalDNIS = "4000",
		.reason = CerSuccess, .timestamp = 1700000000123456LL,
	};

	(void)state;
	assert_text(shape_state_event(&ev),
		"{\"agentId\":\"2002\",\"agentStatus\":6,\"eventID\":7,"
		"\"callID\":\"sim-1\",\"contactID\":7,\"partyNum\":2,"
		"\"otherParty\":\"13800000000\",\"otherPartyAttribute\":2,"
		"\"originatingParty\":\"\",\"originalANI\":\"13800000000\","
		"\"originalDNIS\":\"4000\",\"reason\":0,"
		"\"timestamp\":1700000000123456}");
}

static void test_other_events(void **state)
{
	struct core_other rec = {
		.type = CORE_EV_BEGIN_RECORD, .agent_id = "2002",
		.callID = "c1", .contactID = 3, .filename = "r/c1.wav",
		.reason = MerMediaUnknown, .timestamp = 5,
	};
	struct core_other q = {
		.type = CORE_EV_OUT_PRIVATE_QUEUE, .agent_id = "2002",
		.callID = "c2", .contactID = 4, .originalANI = "1",
		.originalDNIS = "2", .reason = 0, .timestamp = 6,
	};

	(void)state;
	assert_string_equal(shape_other_method(CORE_EV_BEGIN_RECORD),
			    "OnBeginRecord");
	assert_string_equal(shape_other_method(CORE_EV_END_RECORD),
			    "OnEndRecord");
	assert_string_equal(shape_other_method(CORE_EV_IN_PRIVATE_QUEUE),
			    "OnInprivatequeue");
	assert_string_equal(shape_other_method(CORE_EV_OUT_PRIVATE_QUEUE),
			    "OnOutprivatequeue");
	assert_text(shape_other_event(&rec),
		"{\"callID\":\"c1\",\"contactID\":3,\"filename\":\"r/c1.wav\","
		"\"reason\":0,\"timestamp\":5}");
	assert_text(shape_other_event(&q),
		"{\"callID\":\"c2\",\"contactID\":4,\"originalANI\":\"1\","
		"\"originalDNIS\":\"2\",\"reason\":0,\"timestamp\":6}");
}

static void test_agent_info_key_order(void **state)
{
	struct agent_info ai;

	(void)state;
	memset(&ai, 0, sizeof(ai));
	strcpy(ai.agentId, "2002");
	strcpy(ai.agentDn, "1882");
	ai.loginTime = 100;
	ai.currStatus = AsReadyState;
	ai.currStatusTime = 101;
	ai.currTime = 102;
	ai.callTimes = 3;
	ai.answerTotalTime = 9;
	assert_text(shape_agent_info(&ai),
		"{\"agentId\":\"2002\",\"agentDn\":\"1882\",\"loginTime\":100,"
		"\"currStatus\":2,\"currStatusTime\":101,\"answerTime\":0,"
		"\"currTime\":102,\"origCaller\":\"\",\"origCallee\":\"\","
		"\"privQueueNum\":0,\"callTimes\":3,\"answerTimes\":0,"
		"\"freeTotalTime\":0,\"busyTotalTime\":0,\"resetTotalTime\":0,"
		"\"callTotalTime\":0,\"answerTotalTime\":9}");
}

static void test_queue_and_sys_info(void **state)
{
	struct queue_info qi;
	struct sys_info si = {1, 2, 3, 4, 5, 6};

	(void)state;
	memset(&qi, 0, sizeof(qi));
	strcpy(qi.callId, "sim-1");
	qi.contactId = 1;
	qi.requestId = 2;
	strcpy(qi.origCaller, "138");
	strcpy(qi.origCallee, "4000");
	qi.startTime = 10;
	qi.currTime = 11;
	qi.changeTime = 12;
	assert_text(shape_queue_info(&qi),
		"{\"callId\":\"sim-1\",\"contactId\":1,\"requestId\":2,"
		"\"origCaller\":\"138\",\"origCallee\":\"4000\","
		"\"startTime\":10,\"currTime\":11,\"changeTime\":12}");
	assert_text(shape_sys_info(&si),
		"{\"totalAgents\":1,\"totalCalls\":2,\"ivrCalls\":3,"
		"\"agentCalls\":4,\"queueCalls\":5,\"privQueueCalls\":6}");
}

static void test_results(void **state)
{
	json_t *r;

	(void)state;
	assert_text(result_code(0), "{\"code\":0}");
	r = result_code(ArNoSignin);
	assert_int_equal(json_integer_value(json_object_get(r, "code")), 17);
	assert_string_equal(json_string_value(json_object_get(r, "message")),
			    ab_PromptText(ArNoSignin));
	json_decref(r);
	assert_text(result_msg(ArFailed, "not available yet"),
		    "{\"code\":25,\"message\":\"not available yet\"}");
	assert_text(result_data(0, "a;b"), "{\"code\":0,\"data\":\"a;b\"}");
}

static void test_printable(void **state)
{
	char out[8];

	(void)state;
	assert_string_equal(shape_printable(out, sizeof(out), "a\nb\r\x7f"),
			    "a?b??");
	assert_string_equal(shape_printable(out, sizeof(out), "0123456789"),
			    "0123456");
	assert_string_equal(shape_printable(out, sizeof(out), NULL), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_event),
		cmocka_unit_test(test_other_events),
		cmocka_unit_test(test_agent_info_key_order),
		cmocka_unit_test(test_queue_and_sys_info),
		cmocka_unit_test(test_results),
		cmocka_unit_test(test_printable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
