/*
 * monitor_test.c — Monitor.Subscribe against the real daemon: a monitor
 * agent (2001) sees other agents' state events and OnQueueChanged, its own
 * events once; who may subscribe; the skill filter; Unsubscribe; a monitor
 * signing out stops its subscription; a closed subscriber leaves nothing
 * behind; a subscriber that stops reading is dropped.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "agentbar.h"
#include "itest.h"

/* The group's daemon (itest_daemon_setup). */
static struct daemon *const D = &itest_daemon;

/* The next `event` about `agent` (events of that name about other agents
 * are dropped on the way); fails the test after ITEST_TIMEOUT_MS. */
static json_t *expect_for(struct rc *c, const char *event, const char *agent,
			  int reason)
{
	json_t *ev;

	for (;;) {
		ev = rc_wait_event(c, event, ITEST_TIMEOUT_MS);
		if (!ev)
			fail_msg("no %s for %s", event, agent);
		if (!strcmp(itest_str(ev, "agentId"), agent))
			break;
		json_decref(ev);
	}
	if (reason >= 0)
		assert_int_equal(itest_int(ev, "reason"), reason);
	return ev;
}

static void expect_drop(struct rc *c, const char *event, const char *agent,
			int reason)
{
	json_decref(expect_for(c, event, agent, reason));
}

/* The next OnQueueChanged of skill, with these numbers (free_agents -1:
 * not checked). */
static void expect_queue(struct rc *c, const char *skill, int queued,
			 int free_agents)
{
	json_t *ev;

	for (;;) {
		ev = rc_wait_event(c, "OnQueueChanged", ITEST_TIMEOUT_MS);
		if (!ev)
			fail_msg("no OnQueueChanged for %s", skill);
		if (!strcmp(itest_str(ev, "skill"), skill))
			break;
		json_decref(ev);
	}
	assert_int_equal(itest_int(ev, "queuenumber"), queued);
	if (free_agents >= 0)
		assert_int_equal(itest_int(ev, "freenumber"), free_agents);
	assert_int_equal(json_object_size(ev), 3);
	json_decref(ev);
}

/* Nothing was delivered to c: a round trip on c comes after anything the
 * daemon sent it before (one connection's output is in order). */
static void expect_nothing(struct rc *c)
{
	assert_true(itest_heartbeat_ok(c));
	assert_int_equal(rc_pending_events(c), 0);
}

static void monitor_sees_other_agents(void **state)
{
	struct rc *m = rc_connect(D->agent_port);
	struct rc *y = rc_connect(D->agent_port);
	json_t *ev;

	(void)state;
	assert_int_equal(itest_signin(m, "2001", "1881", "示例=1"), ArSuccess);
	expect_drop(m, "OnReady", "2001", CerIdleSelfLogin);
	assert_int_equal(itest_subscribe(m, NULL), ArSuccess);

	assert_int_equal(itest_signin(y, "2002", "1882", "示例=1"), ArSuccess);
	ev = expect_for(m, "OnReady", "2002", CerIdleSelfLogin);
	/* the same params as the agent's own event */
	assert_int_equal(json_object_size(ev), 13);
	assert_int_equal(itest_int(ev, "agentStatus"), AsReadyState);
	json_decref(ev);
	assert_int_equal(itest_code(y, "SetBusy", NULL), ArSuccess);
	expect_drop(m, "OnBusy", "2002", CerIdleSelfSet);
	assert_int_equal(itest_code(y, "SetIdle", NULL), ArSuccess);
	expect_drop(m, "OnReady", "2002", CerIdleSelfSet);

	/* the monitor's own events arrive once */
	rc_drain(m, 0);
	assert_int_equal(itest_code(m, "SetBusy", NULL), ArSuccess);
	expect_drop(m, "OnBusy", "2001", CerIdleSelfSet);
	expect_nothing(m);

	/* signing out is an event too */
	assert_int_equal(itest_code(y, "SignOut", NULL), ArSuccess);
	expect_drop(m, "OnUnLogin", "2002", CerUnloginLogout);

	assert_int_equal(itest_code(m, "Monitor.Unsubscribe", NULL), ArSuccess);
	assert_int_equal(itest_signin(y, "2002", "1882", "示例=1"), ArSuccess);
	expect_drop(y, "OnReady", "2002", CerIdleSelfLogin);
	expect_nothing(m);
	/* unsubscribing twice is harmless */
	assert_int_equal(itest_code(m, "Monitor.Unsubscribe", NULL), ArSuccess);
	rc_close(y);
	rc_close(m);
}

static void who_may_subscribe(void **state)
{
	struct rc *f = rc_connect(D->agent_port);
	struct rc *x = rc_connect(D->agent_port);
	struct rc *a = itest_admin(D);
	json_t *r;

	(void)state;
	assert_int_equal(itest_subscribe(f, NULL), ArNoSignin);
	assert_int_equal(itest_signin(x, "2003", "1883", "示例=1"), ArSuccess);
	assert_int_equal(itest_subscribe(x, NULL), ArPermissionDenied);
	assert_int_equal(itest_subscribe(a, NULL), ArSuccess);
	assert_int_equal(itest_subscribe(a, "[\"没有\"]"), ArSkillNotExist);
	assert_int_equal(itest_subscribe(a, "[\"\"]"), ArInvalidParam);
	r = rc_call(a, "Monitor.Subscribe", json_pack("{s:[i]}", "skills", 1));
	assert_null(r);
	assert_int_equal(rc_last_error(a), -32602);
	r = rc_call(a, "Monitor.Subscribe", json_pack("{s:s}", "skills", "x"));
	assert_null(r);
	assert_int_equal(rc_last_error(a), -32602);
	/* the connection is still usable */
	assert_true(itest_heartbeat_ok(a));
	rc_close(a);
	rc_close(x);
	rc_close(f);
}

static void skill_filter_and_queue_changes(void **state)
{
	struct rc *a = itest_admin(D), *x = rc_connect(D->agent_port),
		*y = rc_connect(D->agent_port);
	char call_id[64];

	(void)state;
	/* an admin subscribed to 投诉 only */
	assert_int_equal(itest_subscribe(a, "[\"投诉\"]"), ArSuccess);
	assert_int_equal(itest_signin(x, "2004", "1884", "示例=1"), ArSuccess);
	expect_drop(x, "OnReady", "2004", CerIdleSelfLogin);
	expect_nothing(a);
	assert_int_equal(itest_signin(y, "2005", "1885", "投诉=1"), ArSuccess);
	expect_drop(a, "OnReady", "2005", CerIdleSelfLogin);

	/* 咨询 has no agent signed in: the call waits, unseen */
	assert_int_equal(itest_sim_inbound(a, "13800000010", "4002", call_id,
					   sizeof(call_id)), ArSuccess);
	expect_nothing(a);

	/* subscribing again replaces the skills */
	assert_int_equal(itest_subscribe(a, "[\"咨询\",\"投诉\"]"), ArSuccess);
	assert_int_equal(itest_sim_hangup(a, call_id), ArSuccess);
	expect_queue(a, "咨询", 0, 0);
	assert_int_equal(itest_sim_inbound(a, "13800000011", "4002", call_id,
					   sizeof(call_id)), ArSuccess);
	expect_queue(a, "咨询", 1, 0);
	assert_int_equal(itest_sim_hangup(a, call_id), ArSuccess);
	expect_queue(a, "咨询", 0, 0);

	/* an agent of a subscribed skill takes a queued call */
	assert_int_equal(itest_code(y, "SetBusy", NULL), ArSuccess);
	expect_drop(a, "OnBusy", "2005", CerIdleSelfSet);
	assert_int_equal(itest_sim_inbound(a, "13800000012", "4001", call_id,
					   sizeof(call_id)), ArSuccess);
	expect_queue(a, "投诉", 1, 0);
	assert_int_equal(itest_code(y, "SetIdle", NULL), ArSuccess);
	expect_drop(a, "OnReady", "2005", CerIdleSelfSet);
	/* whether 2005 still counts as free when the call leaves the queue
	 * is the router's order, not this test's concern */
	expect_queue(a, "投诉", 0, -1);
	expect_drop(a, "OnLock", "2005", -1);
	expect_drop(a, "OnAlerting", "2005", -1);
	assert_int_equal(itest_sim_hangup(a, call_id), ArSuccess);
	expect_drop(a, "OnReady", "2005", CerIdleErrorOtherHangup);

	/* the filter follows the agent's skills as they are now */
	assert_int_equal(itest_code(y, "ResetSkill", json_pack(
		"{s:s}", "SkillList", "示例=1")), ArSuccess);
	assert_int_equal(itest_code(y, "SetBusy", NULL), ArSuccess);
	expect_nothing(a);
	assert_int_equal(itest_code(y, "ResetSkill", json_pack(
		"{s:s}", "SkillList", "投诉=1")), ArSuccess);
	/* signing out is seen through the skill filter too */
	assert_int_equal(itest_code(y, "SignOut", NULL), ArSuccess);
	expect_drop(a, "OnUnLogin", "2005", CerUnloginLogout);
	rc_close(y);
	rc_close(x);
	rc_close(a);
}

static void signout_and_close_end_subscriptions(void **state)
{
	struct rc *m = rc_connect(D->agent_port);
	struct rc *y = rc_connect(D->agent_port);
	struct rc *a = itest_admin(D);

	(void)state;
	assert_int_equal(itest_signin(m, "2001", "1881", "示例=1"), ArSuccess);
	assert_int_equal(itest_subscribe(m, NULL), ArSuccess);
	assert_int_equal(itest_subscribe(a, NULL), ArSuccess);
	assert_int_equal(itest_code(m, "SignOut", NULL), ArSuccess);
	expect_drop(m, "OnUnLogin", "2001", CerUnloginLogout);
	/* the admin saw it; the connection that was the monitor's is a
	 * fresh one now and sees nothing more */
	expect_drop(a, "OnUnLogin", "2001", CerUnloginLogout);
	rc_drain(m, 0);
	assert_int_equal(itest_signin(y, "2006", "1886", "示例=1"), ArSuccess);
	expect_drop(a, "OnReady", "2006", CerIdleSelfLogin);
	expect_nothing(m);
	assert_int_equal(itest_subscribe(m, NULL), ArNoSignin);

	/* a subscriber that goes away: the others go on */
	rc_close(a);
	a = itest_admin(D);
	assert_int_equal(itest_subscribe(a, NULL), ArSuccess);
	rc_close(m);
	assert_int_equal(itest_code(y, "SetBusy", NULL), ArSuccess);
	expect_drop(a, "OnBusy", "2006", CerIdleSelfSet);
	assert_true(daemon_alive(D));
	rc_close(y);
	rc_close(a);
}

/* A raw connection with a small receive buffer, for a subscriber that
 * stops reading. */
static int slow_connect(uint16_t port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(port)};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), size = 4096;

	assert_true(fd >= 0);
	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size,
				    sizeof(size)), 0);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)),
			 0);
	return fd;
}

/* Reads until n replies (lines with "id") came; bounded. */
static void read_replies(int fd, int n)
{
	char buf[4096];
	int seen = 0;

	while (seen < n) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		ssize_t len;

		assert_int_equal(poll(&pfd, 1, ITEST_TIMEOUT_MS), 1);
		len = read(fd, buf, sizeof(buf) - 1);
		assert_true(len > 0);
		buf[len] = '\0';
		for (char *p = buf; (p = strstr(p, "\"id\":")); p++)
			seen++;
	}
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* True once the peer closed fd (reads to EOF or reset), within ms. */
static bool closed_within(int fd, int ms)
{
	long long end = now_ms() + ms;
	char buf[65536];

	while (now_ms() < end) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		ssize_t len;

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		len = read(fd, buf, sizeof(buf));
		if (len == 0 || (len < 0 && errno == ECONNRESET))
			return true;
	}
	return false;
}

static void slow_subscriber_is_dropped(void **state)
{
	static const char login[] =
		"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Admin.Login\","
		"\"params\":{\"user\":\"admin\",\"password\":\"admin\"}}\n"
		"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"Monitor.Subscribe\"}\n";
	struct rc *y = rc_connect(D->agent_port);
	int fd = slow_connect(D->agent_port), i;
	bool dropped = false;

	(void)state;
	assert_int_equal(write(fd, login, sizeof(login) - 1),
			 (ssize_t)sizeof(login) - 1);
	read_replies(fd, 2);
	assert_int_equal(itest_signin(y, "2007", "1887", "示例=1"), ArSuccess);
	/* each toggle gives the subscriber two events it never reads */
	for (i = 0; i < 20000 && !dropped; i++) {
		assert_int_equal(itest_code(y, i % 2 ? "SetIdle" : "SetBusy",
					   NULL), ArSuccess);
		if (i % 100 == 99) {
			rc_drain(y, 0);
			dropped = daemon_log_contains(D, "monitor subscriber "
						      "has");
		}
	}
	assert_true(dropped);
	assert_true(closed_within(fd, ITEST_TIMEOUT_MS));
	close(fd);
	/* the agent and the daemon are fine */
	assert_true(itest_heartbeat_ok(y));
	rc_close(y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(monitor_sees_other_agents),
		cmocka_unit_test(who_may_subscribe),
		cmocka_unit_test(skill_filter_and_queue_changes),
		cmocka_unit_test(signout_and_close_end_subscriptions),
		cmocka_unit_test(slow_subscriber_is_dropped),
	};

	return cmocka_run_group_tests(tests, itest_daemon_setup,
				      itest_daemon_teardown);
}
