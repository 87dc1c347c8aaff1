/*
 * codes_test.c — the code tables of codes.c: every name is the manual's
 * spelling, every number maps to the right name, unknown numbers are safe.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "agentbar.h"

static void test_status_names(void **state)
{
	(void)state;
	assert_string_equal(ab_StatusName(AsUnknownState), "AsUnknownState");
	assert_string_equal(ab_StatusName(AsReadyState), "AsReadyState");
	assert_string_equal(ab_StatusName(AsHalfAlertingState),
			    "AsHalfAlertingState");
	assert_string_equal(ab_StatusName(AsInsertedState), "AsInsertedState");
	assert_int_equal(AsInsertedState, 19);
	assert_string_equal(ab_StatusName(AS_STATE_COUNT), "?");
	assert_string_equal(ab_StatusName(-1), "?");
}

static void test_status_events(void **state)
{
	static const char *const manual[] = {
		"OnUnLogin", "OnReady", "OnBusy", "OnRest", "OnLock",
		"OnAlerting", "OnHarfAlerting", "OnConnecting", "OnConnected",
		"OnHarfConnected", "OnInternalConnected", "OnSuspended",
		"OnConsultConnecting", "OnConsultConnected", "OnConference",
		"OnMonitor", "OnInsert", "OnMonitored", "OnInserted",
	};
	(void)state;
	for (int i = 0; i < 19; i++) {
		assert_string_equal(ab_StatusEventName(i + 1), manual[i]);
		assert_int_equal(ab_StatusByEventName(manual[i]), i + 1);
	}
	assert_string_equal(ab_StatusEventName(AsUnknownState), "?");
	assert_string_equal(ab_StatusEventName(99), "?");
	assert_int_equal(ab_StatusByEventName("OnHalfAlerting"), -1);
	assert_int_equal(ab_StatusByEventName("OnBeginRecord"), -1);
	assert_int_equal(ab_StatusByEventName(NULL), -1);
}

static void test_reason_names(void **state)
{
	(void)state;
	assert_string_equal(ab_ReasonName(CerSuccess), "CerSuccess");
	assert_string_equal(ab_ReasonName(12), "CerUnloginResignin");
	assert_string_equal(ab_ReasonName(14), "CerIdleSelfLogin");
	assert_string_equal(ab_ReasonName(29), "CerTalkElse");
	assert_string_equal(ab_ReasonName(30), "?");
	assert_string_equal(ab_ReasonName(EVENTREASON_ACD_DISCONNECT),
			    "EVENTREASON_ACD_DISCONNECT");
	assert_string_equal(ab_ReasonName(1007),
			    "EVENTREASON_ACD_RELOGINFAILED");
	assert_string_equal(ab_ReasonName(1008), "?");
	assert_string_equal(ab_ReasonName(-5), "?");
}

static void test_event_id_names(void **state)
{
	(void)state;
	assert_string_equal(ab_EventIdName(0), "CeUnKnownEvent");
	assert_string_equal(ab_EventIdName(7), "CeInboundCallNormalCall");
	assert_string_equal(ab_EventIdName(33),
			    "CeOtherPartyDisconnectIntrudeCall");
	assert_string_equal(ab_EventIdName(34), "?");
}

static void test_result_names(void **state)
{
	(void)state;
	assert_string_equal(ab_ResultName(0), "ArSuccess");
	assert_string_equal(ab_ResultName(11), "ArAgentIdNotExist");
	assert_string_equal(ab_ResultName(25), "ArFailed");
	assert_string_equal(ab_ResultName(26), "?");
	assert_string_equal(ab_ResultName(27), "?");
	assert_string_equal(ab_ResultName(28), "ArPermissionDenied");
	assert_string_equal(ab_ResultName(30), "ArTooManyAttempts");
	assert_string_equal(ab_ResultName(31), "?");
	assert_string_equal(ab_ResultName(999), "?");
	assert_string_equal(ab_ResultName(1000),
			    "AGENTBARERROR_BGCC_CLIENTPROXYFAIL");
	assert_string_equal(ab_ResultName(1008),
			    "AGENTBARERROR_JSON_READERERROR");
	assert_string_equal(ab_ResultName(1010), "AGENTBARERROR_BAR_WRONGNUM");
	assert_string_equal(ab_ResultName(1011), "?");
	assert_string_equal(ab_ResultName(-1), "?");
}

static void test_prompts(void **state)
{
	(void)state;
	assert_string_equal(ab_PromptText(ArSuccess), "接口调用成功");
	assert_string_equal(ab_PromptText(ArAgentIdNotExist), "坐席工号不存在");
	assert_string_equal(ab_PromptText(ArImsError), "ims错误");
	assert_string_equal(ab_PromptText(ArFailed), "其他错误");
	assert_string_equal(ab_PromptText(28), "权限不足");
	assert_string_equal(ab_PromptText(29), "参数无效");
	assert_string_equal(ab_PromptText(30), "尝试次数过多");
	assert_string_equal(ab_PromptText(26), "未知错误");
	assert_string_equal(ab_PromptText(-3), "未知错误");
	assert_string_equal(ab_PromptText(1011), "未知错误");
	assert_string_equal(ab_PromptText(AGENTBARERROR_BGCC_CLIENTPROXYFAIL),
			    "Agentbar Proxy 为空");
	assert_string_equal(ab_PromptText(AGENTBARERROR_BGCC_EXCEPTION),
			    "调用方法时捕获异常");
	assert_non_null(strstr(ab_PromptText(AGENTBARERROR_BAR_UNSIGNIN),
			       "未签入"));
	/* every defined code has its own text */
	for (int c = 0; c <= 30; c++) {
		if (c == 26 || c == 27)
			continue;
		assert_string_not_equal(ab_PromptText(c), "未知错误");
	}
	for (int c = 1000; c <= 1010; c++)
		assert_string_not_equal(ab_PromptText(c), "未知错误");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_status_events),
		cmocka_unit_test(test_reason_names),
		cmocka_unit_test(test_event_id_names),
		cmocka_unit_test(test_result_names),
		cmocka_unit_test(test_prompts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
