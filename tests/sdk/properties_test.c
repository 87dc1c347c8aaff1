/*
 * properties_test.c — the manual's properties (3.1) by name and typed:
 * defaults of AGENTBAR-API.md section 3, the ANICChangeType alias,
 * read-only IsInitial / IsSignIn, DispatchMode, the softphone's extension
 * properties, and refused values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fake_server.h"

static void assert_prop(AgentBar *bar, const char *name, const char *want)
{
	char buf[256];

	assert_int_equal(ab_GetProperty(bar, name, buf, sizeof(buf)),
			 ArSuccess);
	assert_string_equal(buf, want);
}

static void test_defaults(void **state)
{
	AgentBar *bar = ab_Create();

	(void)state;
	assert_non_null(bar);
	assert_string_equal(ab_GetAgentID(bar), "");
	assert_string_equal(ab_GetPassWord(bar), "");
	assert_string_equal(ab_GetDN(bar), "");
	assert_int_equal(ab_GetStatusChangeType(bar), 0);
	assert_int_equal(ab_GetAutoAnswer(bar), 1);
	assert_int_equal(ab_GetForceSignIn(bar), 1);
	assert_string_equal(ab_GetServiceList(bar), "");
	assert_string_equal(ab_GetMainCTIIP(bar), "");
	assert_string_equal(ab_GetBackCTIIP(bar), "");
	assert_int_equal(ab_GetCTIPort(bar), 10000);
	assert_int_equal(ab_GetTimeOut(bar), 3000);
	assert_int_equal(ab_GetIsInitial(bar), 0);
	assert_int_equal(ab_GetIsSignIn(bar), 0);
	assert_int_equal(ab_GetIsSIPPhone(bar), 0);
	assert_string_equal(ab_GetSIPServerIP(bar), "");
	assert_int_equal(ab_GetSIPServerPort(bar), 5060);
	assert_string_equal(ab_GetPhoneNum(bar), "");
	assert_string_equal(ab_GetPhonePwd(bar), "");
	assert_string_equal(ab_GetAgentTag(bar), "");
	assert_string_equal(ab_GetCustomerTag(bar), "");
	assert_int_equal(ab_GetANISChangeType(bar), 0);
	assert_int_equal(ab_GetIsShowCallOut(bar), 1);
	assert_int_equal(ab_GetIsCallOut(bar), 1);
	assert_int_equal(ab_GetLogLevel(bar), 2);
	assert_int_equal(ab_GetEnableSeniorCall(bar), 1);
	assert_string_equal(ab_GetAnyProperty(bar), "");
	assert_prop(bar, "CTIPort", "10000");
	assert_prop(bar, "AutoAnswer", "1");
	assert_prop(bar, "LogLevel", "2");
	assert_prop(bar, "DispatchMode", "thread");
	assert_prop(bar, "IsInitial", "0");
	ab_Destroy(bar);
}

static void test_by_name(void **state)
{
	AgentBar *bar = ab_Create();

	(void)state;
	ab_SetLogLevel(bar, 0);
	assert_int_equal(ab_SetProperty(bar, "AgentID", "2002"), ArSuccess);
	assert_string_equal(ab_GetAgentID(bar), "2002");
	assert_prop(bar, "AgentID", "2002");
	assert_int_equal(ab_SetProperty(bar, "ServiceList", "投诉=3;咨询=1"),
			 ArSuccess);
	assert_string_equal(ab_GetServiceList(bar), "投诉=3;咨询=1");
	assert_int_equal(ab_SetProperty(bar, "CTIPort", "10001"), ArSuccess);
	assert_int_equal(ab_GetCTIPort(bar), 10001);
	assert_int_equal(ab_SetProperty(bar, "StatusChangeType", "1"),
			 ArSuccess);
	assert_int_equal(ab_GetStatusChangeType(bar), 1);
	/* the manual's example writes booleans as true / false */
	assert_int_equal(ab_SetProperty(bar, "AutoAnswer", "false"), ArSuccess);
	assert_int_equal(ab_GetAutoAnswer(bar), 0);
	assert_int_equal(ab_SetProperty(bar, "AutoAnswer", "TRUE"), ArSuccess);
	assert_prop(bar, "AutoAnswer", "1");
	/* VARIANT_TRUE is -1 */
	assert_int_equal(ab_SetProperty(bar, "IsCallOut", "0"), ArSuccess);
	ab_SetIsCallOut(bar, -1);
	assert_int_equal(ab_GetIsCallOut(bar), 1);
	/* names are matched without regard to case */
	assert_int_equal(ab_SetProperty(bar, "timeout", "500"), ArSuccess);
	assert_int_equal(ab_GetTimeOut(bar), 500);
	ab_SetAnyProperty(bar, "x=1");
	assert_prop(bar, "AnyProperty", "x=1");
	ab_Destroy(bar);
}

static void test_alias(void **state)
{
	AgentBar *bar = ab_Create();

	(void)state;
	assert_int_equal(ab_SetProperty(bar, "ANICChangeType", "1"), ArSuccess);
	assert_int_equal(ab_GetANISChangeType(bar), 1);
	assert_prop(bar, "ANISChangeType", "1");
	assert_prop(bar, "ANICChangeType", "1");
	ab_SetANISChangeType(bar, 0);
	assert_prop(bar, "ANICChangeType", "0");
	ab_Destroy(bar);
}

static void test_read_only(void **state)
{
	AgentBar *bar = ab_Create();

	(void)state;
	ab_SetLogLevel(bar, 0);
	/* accepted (the manual's example sets them) but without effect */
	assert_int_equal(ab_SetProperty(bar, "IsInitial", "true"), ArSuccess);
	assert_int_equal(ab_SetProperty(bar, "IsSignIn", "1"), ArSuccess);
	ab_SetIsInitial(bar, 1);
	ab_SetIsSignIn(bar, 1);
	assert_int_equal(ab_GetIsInitial(bar), 0);
	assert_int_equal(ab_GetIsSignIn(bar), 0);
	assert_prop(bar, "IsSignIn", "0");
	ab_Destroy(bar);
}

static void test_refused(void **state)
{
	AgentBar *bar = ab_Create();
	char small[3];

	(void)state;
	ab_SetLogLevel(bar, 0);
	assert_int_equal(ab_SetProperty(bar, "NoSuchProperty", "1"),
			 ArInvalidParam);
	assert_int_equal(ab_SetProperty(bar, "CTIPort", "ten"), ArInvalidParam);
	assert_int_equal(ab_SetProperty(bar, "CTIPort", "70000"),
			 ArInvalidParam);
	assert_int_equal(ab_SetProperty(bar, "CTIPort", ""), ArInvalidParam);
	assert_int_equal(ab_GetCTIPort(bar), 10000);
	ab_SetCTIPort(bar, 0);
	assert_int_equal(ab_GetCTIPort(bar), 10000);
	assert_int_equal(ab_SetProperty(bar, "LogLevel", "4"), ArInvalidParam);
	assert_int_equal(ab_SetProperty(bar, "TimeOut", "0"), ArInvalidParam);
	assert_int_equal(ab_SetProperty(bar, "StatusChangeType", "2"),
			 ArInvalidParam);
	assert_int_equal(ab_SetProperty(bar, "AgentID", "\xff\xfe"),
			 ArInvalidParam);
	ab_SetAgentID(bar, "\xc3");
	assert_string_equal(ab_GetAgentID(bar), "");
	assert_int_equal(ab_SetProperty(bar, "DispatchMode", "fast"),
			 ArInvalidParam);
	assert_int_equal(ab_SetProperty(bar, NULL, "1"), ArInvalidParam);
	assert_int_equal(ab_SetProperty(bar, "AgentID", NULL), ArInvalidParam);
	assert_int_equal(ab_GetProperty(bar, "CTIPort", small, sizeof(small)),
			 ArInvalidParam);
	assert_int_equal(ab_GetProperty(bar, "Nope", small, sizeof(small)),
			 ArInvalidParam);
	assert_int_equal(ab_GetProperty(bar, "DN", NULL, 10), ArInvalidParam);
	ab_Destroy(bar);
}

static void test_dispatch_mode(void **state)
{
	AgentBar *bar = ab_Create();

	(void)state;
	assert_int_equal(ab_SetProperty(bar, "DispatchMode", "manual"),
			 ArSuccess);
	assert_prop(bar, "DispatchMode", "manual");
	assert_int_equal(ab_SetProperty(bar, "DispatchMode", "thread"),
			 ArSuccess);
	assert_prop(bar, "DispatchMode", "thread");
	ab_Destroy(bar);
}

/* The integrated softphone's extensions: by name only, checked like the
 * manual's. */
static void test_phone_properties(void **state)
{
	AgentBar *bar = ab_Create();

	(void)state;
	ab_SetLogLevel(bar, 0);
	assert_prop(bar, "PhoneSIPPort", "0");
	assert_prop(bar, "PhoneAudioIn", "");
	assert_prop(bar, "PhoneAudioOut", "");
	assert_prop(bar, "PhoneAlsaDevice", "");
	assert_int_equal(ab_SetProperty(bar, "PhoneSIPPort", "5070"), 0);
	assert_prop(bar, "phonesipport", "5070");
	assert_int_equal(ab_SetProperty(bar, "PhoneSIPPort", "65536"),
			 ArInvalidParam);
	assert_int_equal(ab_SetProperty(bar, "PhoneSIPPort", "-1"),
			 ArInvalidParam);
	assert_prop(bar, "PhoneSIPPort", "5070");
	assert_int_equal(ab_SetProperty(bar, "PhoneAudioIn", "/tmp/in.wav"), 0);
	assert_prop(bar, "PhoneAudioIn", "/tmp/in.wav");
	assert_int_equal(ab_SetProperty(bar, "PhoneAudioOut", "\xff"),
			 ArInvalidParam);
	assert_int_equal(ab_SetProperty(bar, "PhoneAlsaDevice", "plughw:1,0"),
			 0);
	assert_prop(bar, "PhoneAlsaDevice", "plughw:1,0");
	ab_Destroy(bar);
}

static void test_null_bar(void **state)
{
	(void)state;
	assert_string_equal(ab_GetAgentID(NULL), "");
	assert_int_equal(ab_GetCTIPort(NULL), 0);
	ab_SetAgentID(NULL, "x");
	ab_Destroy(NULL);
	assert_int_equal(ab_Initial(NULL), AGENTBARERROR_BAR_UNINITIAL);
	assert_int_equal(ab_SetIdle(NULL), AGENTBARERROR_BAR_UNINITIAL);
}

static void test_state_flags(void **state)
{
	struct fake f;
	AgentBar *bar;

	(void)state;
	assert_int_equal(fake_start(&f, 0), 0);
	bar = bar_for(&f, NULL);
	assert_int_equal(ab_Initial(bar), ArSuccess);
	assert_int_equal(ab_GetIsInitial(bar), 1);
	assert_int_equal(ab_GetIsSignIn(bar), 0);
	assert_int_equal(ab_SignIn(bar), ArSuccess);
	assert_int_equal(ab_GetIsSignIn(bar), 1);
	assert_prop(bar, "IsSignIn", "1");
	assert_int_equal(ab_SignOut(bar), ArSuccess);
	assert_int_equal(ab_GetIsSignIn(bar), 0);
	assert_int_equal(ab_UnInitial(bar), ArSuccess);
	assert_int_equal(ab_GetIsInitial(bar), 0);
	ab_Destroy(bar);
	fake_stop(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_by_name),
		cmocka_unit_test(test_alias),
		cmocka_unit_test(test_read_only),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_dispatch_mode),
		cmocka_unit_test(test_phone_properties),
		cmocka_unit_test(test_null_bar),
		cmocka_unit_test(test_state_flags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
