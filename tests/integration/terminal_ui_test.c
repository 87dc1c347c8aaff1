/*
 * terminal_ui_test.c — `agentbar --ui`, the terminal toolbar, driven like
 * a person would: in a detached tmux session (its own server, on a socket
 * in the daemon's temp dir; a 120x40 window) against a daemon on the sim switch. Keys go in with
 * send-keys, the screen comes back with capture-pane (-e for the greyed
 * attribute). Every wait is bounded; the tmux server is killed after each
 * test, passed or failed.
 *
 * The binary is the agentbar next to the daemon (same build directory).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "agentbar.h"
#include "itest.h"

enum { WAIT_MS = 5000, EXIT_WAIT_MS = 10000, SCREEN_MAX = 65536 };

/* The group's daemon (itest_daemon_setup). */
static struct daemon *const D = &itest_daemon;

struct tui {
	char sock[160];         /* tmux -S: a server of this test only, its
				   socket in the daemon's temp dir */
	char exit_file[160], err_file[160];
	char screen[SCREEN_MAX];
};

static struct tui T;
static int sessions;

/* tmux with args (NULL-terminated); its stdout in out. Fails the test if
 * tmux does not finish within WAIT_MS; returns its exit status. */
static int tmux(char *out, size_t size, const char *const *args)
{
	const char *argv[24] = {"tmux", "-u", "-S", T.sock, "-f", "/dev/null"};
	int fds[2], n = 6, status;
	size_t len = 0;
	int64_t end = itest_now_ms() + WAIT_MS;
	pid_t pid;

	for (; *args && n < 23; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	if (pipe2(fds, O_CLOEXEC))
		fail_msg("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		if (dup2(fds[1], 1) < 0 || dup2(null, 0) < 0 ||
		    dup2(null, 2) < 0)
			_exit(127);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		struct pollfd pfd = {.fd = fds[0], .events = POLLIN};
		char sink[4096];
		char *to = out && len + 1 < size ? out + len : sink;
		size_t room = out && len + 1 < size ? size - 1 - len
						    : sizeof(sink);
		ssize_t r;

		if (poll(&pfd, 1, (int)(end - itest_now_ms())) <= 0)
			break;
		r = read(fds[0], to, room);
		if (r <= 0)
			break;
		if (to != sink)
			len += (size_t)r;
	}
	close(fds[0]);
	if (out)
		out[len] = 0;
	status = itest_wait_exit(pid, (int)(end - itest_now_ms()) + 100);
	if (status < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail_msg("tmux %s did not finish", argv[6]);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void kill_server(void)
{
	const char *args[] = {"kill-server", NULL};

	if (T.sock[0])
		tmux(NULL, 0, args);
	T.sock[0] = 0;
}

static const char *capture(bool attrs)
{
	const char *plain[] = {"capture-pane", "-p", "-t", "ui", NULL};
	const char *esc[] = {"capture-pane", "-p", "-e", "-t", "ui", NULL};

	if (tmux(T.screen, sizeof(T.screen), attrs ? esc : plain))
		T.screen[0] = 0;        /* no session (any more) */
	return T.screen;
}

static void keys(const char *key)
{
	const char *args[] = {"send-keys", "-t", "ui", key, NULL};

	assert_int_equal(tmux(NULL, 0, args), 0);
}

static void type(const char *text)
{
	const char *args[] = {"send-keys", "-t", "ui", "-l", text, NULL};

	assert_int_equal(tmux(NULL, 0, args), 0);
}

static void resize(const char *cols, const char *rows)
{
	const char *args[] = {"resize-window", "-t", "ui", "-x", cols, "-y",
			      rows, NULL};

	assert_int_equal(tmux(NULL, 0, args), 0);
}

/* Polls the screen until it shows needle. */
static void wait_for(const char *needle)
{
	int64_t end = itest_now_ms() + WAIT_MS;

	while (!strstr(capture(false), needle)) {
		if (itest_now_ms() >= end) {
			fprintf(stderr, "---- screen ----\n%s\n----\n",
				T.screen);
			itest_print_tail(T.err_file);
			fail_msg("the bar did not show \"%s\" within %d ms",
				 needle, WAIT_MS);
		}
		itest_sleep_ms(50);
	}
}

/* Starts the bar for agent/dn (password <id>123, skill 示例) in a fresh
 * tmux server; the shell writes its exit status to T.exit_file. */
static void start_ui(const char *agent, const char *dn)
{
	char dir[4096], bin[4200], cmd[8192];
	const char *args[] = {"new-session", "-d", "-s", "ui", "-x", "120",
			      "-y", "40", cmd, NULL};

	snprintf(dir, sizeof(dir), "%s", CALLCLOUD_BIN);
	snprintf(bin, sizeof(bin), "%s/agentbar", dirname(dir));
	if (access(bin, X_OK))
		fail_msg("%s is not built", bin);
	snprintf(T.sock, sizeof(T.sock), "%s/tmux-%d", D->dir, ++sessions);
	snprintf(T.exit_file, sizeof(T.exit_file), "%s/ui-%s.exit", D->dir,
		 agent);
	snprintf(T.err_file, sizeof(T.err_file), "%s/ui-%s.err", D->dir,
		 agent);
	snprintf(cmd, sizeof(cmd), "env LANG=C.UTF-8 LC_ALL=C.UTF-8 '%s' --ui "
		 "--cti 127.0.0.1:%u --agent %s --password %s123 --dn %s "
		 "--skills 示例=3 --no-autoanswer 2>'%s'; echo $? >'%s'", bin,
		 D->agent_port, agent, agent, dn, T.err_file, T.exit_file);
	assert_int_equal(tmux(NULL, 0, args), 0);
	wait_for("(AsReadyState)");
}

/* The status the shell wrote after the bar, -1 while there is none. */
static int exit_status(void)
{
	FILE *f = fopen(T.exit_file, "r");
	int status = -1;

	if (f) {
		if (fscanf(f, "%d", &status) != 1)
			status = -1;
		fclose(f);
	}
	return status;
}

/* The bar exits by itself (q, F10): status 0, which under ASan also means
 * no leak; the daemon saw the sign-out. */
static void expect_clean_exit(const char *agent)
{
	int64_t end = itest_now_ms() + EXIT_WAIT_MS;
	char needle[64];
	int status;

	while ((status = exit_status()) < 0) {
		if (itest_now_ms() >= end) {
			fprintf(stderr, "---- screen ----\n%s\n----\n",
				capture(false));
			fail_msg("the bar did not exit within %d ms",
				 EXIT_WAIT_MS);
		}
		itest_sleep_ms(50);
	}
	if (status) {
		itest_print_tail(T.err_file);
		fail_msg("the bar exited with status %d", status);
	}
	snprintf(needle, sizeof(needle), "agent %s signed out (CerUnloginLogout)",
		 agent);
	assert_true(daemon_log_contains(D, needle));
}

/* 1 "[k 标签]" lit, 0 " k 标签 " greyed (the line may end there), -1
 * not on the screen. */
static int button(const char *screen, char key, const char *label)
{
	char lit[64], grey[64];
	const char *s = screen;

	snprintf(lit, sizeof(lit), "[%c %s]", key, label);
	snprintf(grey, sizeof(grey), " %c %s", key, label);
	if (strstr(screen, lit))
		return 1;
	while ((s = strstr(s, grey))) {
		s += strlen(grey);
		if (*s == ' ' || *s == '\n' || !*s)
			return 0;
	}
	return -1;
}

static void expect_buttons(const char *lit, const char *const *labels)
{
	const char *screen = capture(false);

	for (size_t i = 0; labels[i]; i++) {
		int want = strchr(lit, labels[i][0]) ? 1 : 0;

		if (button(screen, labels[i][0], labels[i] + 2) != want)
			fail_msg("button %s should be %s:\n%s", labels[i],
				 want ? "lit" : "greyed", screen);
	}
}

/* Is button "k 标签" drawn dim (capture -e)? SGR sequences are followed
 * through: 0 resets, 2 sets dim, 22 clears it, others leave it. */
static bool drawn_dim(char key, const char *label)
{
	static char text[SCREEN_MAX];
	static bool dim_at[SCREEN_MAX];
	const char *s = capture(true);
	char needle[64], *hit;
	bool dim = false;
	size_t n = 0;

	while (*s && n < sizeof(text) - 1) {
		if (s[0] == '\033' && s[1] == '[') {
			char *p = (char *)s + 2;

			while (*p >= '0' && *p <= '9') {
				long v = strtol(p, &p, 10);

				if (v == 0 || v == 22)
					dim = false;
				else if (v == 2)
					dim = true;
				if (*p == ';')
					p++;
			}
			s = *p ? p + 1 : p;     /* past the final byte */
			continue;
		}
		dim_at[n] = dim;
		text[n++] = *s++;
	}
	text[n] = 0;
	snprintf(needle, sizeof(needle), "%c %s", key, label);
	hit = strstr(text, needle);
	if (!hit)
		fail_msg("\"%s\" is not on the screen:\n%s", needle, text);
	return dim_at[hit - text];
}

static const char *const all_buttons[] = {
	"i 签入", "o 签出", "r 示闲", "b 示忙", "e 休息", "c 外呼", "a 应答",
	"h 挂断", "l 保持", "t 取回", "n 咨询", "k 接回", "x 转移", "f 会议",
	"s 单步转移", "v 转IVR", "d 二次拨号", "m 静音", "g 随路数据", NULL,
};

static void inbound_call_answered_and_hung_up(void **state)
{
	struct rc *admin = rc_connect(D->agent_port);
	char call_id[64];

	(void)state;
	start_ui("2002", "1889");
	/* Ready: the state buttons other than its own, and the call */
	expect_buttons("obec", all_buttons);
	assert_true(drawn_dim('i', "签入"));
	assert_false(drawn_dim('o', "签出"));
	assert_true(strstr(capture(false), " 空闲  00:0") != NULL);

	keys("b");
	wait_for("(AsBusyState)");
	expect_buttons("orec", all_buttons);
	keys("e");
	wait_for("休息原因: ");
	wait_for(" 1 午饭 ");
	keys("Enter");
	wait_for("(AsRestState)");
	wait_for("SetRest(午饭) -> 0");
	expect_buttons("orbc", all_buttons);
	keys("F3");                     /* 示闲 */
	wait_for("(AsReadyState)");

	assert_int_equal(itest_admin_login(admin), ArSuccess);
	assert_int_equal(itest_sim_inbound(admin, "13800000000", "4000",
					   call_id, sizeof(call_id)),
			 ArSuccess);
	wait_for("(AsAlertingState)");
	expect_buttons("ahg", all_buttons);
	wait_for("主叫 13800000000  原主叫 13800000000  原被叫 4000");
	keys("a");
	wait_for("(AsConnectedState)");
	wait_for("Answer() -> 0 ArSuccess");
	expect_buttons("hlnsvdmg", all_buttons);
	wait_for("OnConnected 通话状态 reason=CerTalkOtherCreat");
	assert_non_null(strstr(capture(false), call_id));

	keys("m");
	wait_for("[m 取消静音]");
	keys("h");
	wait_for("(AsReadyState)");
	wait_for("reason=CerIdleNormalSelfHangup");
	wait_for("上一通: 主叫 13800000000");
	/* the time in state goes on, a second at a time */
	wait_for(" 空闲  00:02  (AsReadyState)");

	keys("q");
	expect_clean_exit("2002");
	rc_close(admin);
}

static void bad_input_is_refused(void **state)
{
	(void)state;
	start_ui("2003", "1883");
	keys("c");
	wait_for("外呼号码 [外线]: ");
	keys("Enter");
	wait_for("外呼: 号码为空");
	type("1234567890123456789012345678901234567890");
	wait_for("最多 32 位");
	wait_for(": 12345678901234567890123456789012 ");
	type("x");
	wait_for("号码只能是 0-9 * # +");
	keys("Tab");
	wait_for("外呼号码 [内线]: ");
	keys("Escape");
	wait_for("外呼: 已取消");
	/* no call was placed */
	assert_null(strstr(capture(false), "MakeCall"));

	keys("z");
	wait_for("未知按键 z");
	keys("F12");
	wait_for("未知按键 KEY_F(12)");
	keys("a");
	wait_for("应答: 空闲 状态下不可用");

	resize("30", "8");
	wait_for("q/F10");
	resize("10", "3");
	wait_for("窗口太小");
	resize("120", "40");
	wait_for("(AsReadyState)");
	wait_for("[c 外呼]");

	keys("F10");
	expect_clean_exit("2003");
}

/* tmux going away hangs the terminal up: SIGHUP signs the agent out too. */
static void hangup_signs_out(void **state)
{
	int64_t end;

	(void)state;
	start_ui("2004", "1884");
	kill_server();
	end = itest_now_ms() + WAIT_MS;
	while (!daemon_log_contains(D, "agent 2004 signed out "
				    "(CerUnloginLogout)")) {
		if (itest_now_ms() >= end)
			fail_msg("agent 2004 was not signed out after SIGHUP");
		itest_sleep_ms(50);
	}
}

static int teardown(void **state)
{
	(void)state;
	kill_server();
	return 0;
}

/* The UI of a failed test may still be running: it goes first. */
static int stop(void **state)
{
	kill_server();
	return itest_daemon_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(inbound_call_answered_and_hung_up,
					  teardown),
		cmocka_unit_test_teardown(bad_input_is_refused, teardown),
		cmocka_unit_test_teardown(hangup_signs_out, teardown),
	};

	return cmocka_run_group_tests(tests, itest_daemon_setup, stop);
}
