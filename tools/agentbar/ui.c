/*
 * ui.c — `agentbar --ui`, the terminal toolbar: the bar of the manual's
 * interface mode (有界面模式, 2.2) in a curses screen, on libagentbar.
 * It signs in at start, shows the state with its time, the buttons the
 * state allows, the call and every event, and on q / F10 / ^C / SIGTERM /
 * SIGHUP signs out and closes.
 *
 * One thread draws: this one. It sleeps in poll() on the terminal, the
 * feed's wake pipe and the SDK's log pipe (ui_feed.c), at most until the
 * state's timer shows the next second.
 */
#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui.h"

static volatile sig_atomic_t got_signal;
static int signal_wake = -1;    /* the feed's wake pipe, for the handler */

static void on_signal(int sig)
{
	char c = 0;
	int saved = errno;

	(void)sig;
	got_signal = 1;
	/* any thread may take the signal: wake the UI thread's poll (a
	 * full pipe means it is awake already) */
	while (write(signal_wake, &c, 1) < 0 && errno == EINTR)
		;
	errno = saved;
}

static void catch_signals(void)
{
	static const int sigs[] = {SIGTERM, SIGHUP, SIGINT};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static void add_line(void *arg, const char *line)
{
	struct ui *ui = arg;
	int i;

	if (ui->log_count == UI_LOG_MAX) {
		ui->log_head = (ui->log_head + 1) % UI_LOG_MAX;
		ui->log_count--;
	}
	i = (ui->log_head + ui->log_count++) % UI_LOG_MAX;
	snprintf(ui->log[i], UI_LINE_MAX, "%s", line);
	/* scrolled back: the view stays on what the user is reading */
	if (ui->scroll && ui->scroll < ui->log_count - 1)
		ui->scroll++;
}

void ui_log(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	feed_vlog(ui->feed, fmt, ap);
	va_end(ap);
}

static void new_state(struct ui *ui, const struct feed_state *st)
{
	struct prompt *p = &ui->prompt;

	ui->state = st->state;
	ui->since_ms = st->since_ms;
	ui->changes = st->changes;
	if (p->open && !ui_button_enabled(p->button, ui->state)) {
		ui_log(ui, "%s: 状态已变为 %s，已取消", ui_button(p->button)->label,
		       ui_state_name(ui->state));
		prompt_close(p);
	}
	if (!ui_state_in_call(ui->state)) {
		ui->muted = false;
		return;
	}
	if (strcmp(ui->call_id, st->call_id)) {
		memcpy(ui->call_id, st->call_id, sizeof(ui->call_id));
		ui->ndata = 0;
	}
	memcpy(ui->other, st->other, sizeof(ui->other));
	ui_refresh_call(ui);
}

static void take_feed(struct ui *ui)
{
	struct feed_state st;
	unsigned dropped = feed_take(ui->feed, &st, add_line, ui);

	if (dropped)
		ui_log(ui, "(队列已满，%u 条事件未显示)", dropped);
	feed_take_stderr(ui->feed, add_line, ui);
	if (st.changes != ui->changes) {
		new_state(ui, &st);
	} else if (ui->state != AsUnLoginState && !ab_GetIsSignIn(ui->bar)) {
		/* signed out with no OnUnLogin to say so (a failed
		 * re-sign-in after failover): the bar shows the truth */
		st.state = AsUnLoginState;
		st.since_ms = feed_now_ms();
		new_state(ui, &st);
	}
}

static void unknown_key(struct ui *ui, int code, bool is_key)
{
	const char *name = is_key ? keyname(code) : key_name((wchar_t)code);

	ui_log(ui, "未知按键 %s (按键见最下一行)", name ? name : "?");
}

static void key(struct ui *ui, int code, bool is_key)
{
	int b, page = LINES > 12 ? LINES - 10 : 2;

	if ((is_key && code == KEY_F(10)) || (!is_key && code == 3)) {
		ui->quit = true;
		return;
	}
	if (is_key && code == KEY_RESIZE)
		return;         /* curses has the new size: the next draw uses it */
	if (!is_key && code == 12) {    /* ^L */
		clearok(curscr, TRUE);
		return;
	}
	if (ui->prompt.open) {
		prompt_key(ui, code, is_key);
		return;
	}
	if (!is_key && (code == 'q' || code == 'Q')) {
		ui->quit = true;
		return;
	}
	if (is_key && code == KEY_PPAGE) {
		ui->scroll += page;
		if (ui->scroll > ui->log_count - 1)
			ui->scroll = ui->log_count > 0 ? ui->log_count - 1 : 0;
		return;
	}
	if (is_key && code == KEY_NPAGE) {
		ui->scroll = ui->scroll > page ? ui->scroll - page : 0;
		return;
	}
	if (is_key)
		b = code > KEY_F0 && code <= KEY_F(63)
			? ui_button_by_fkey(code - KEY_F0) : -1;
	else
		b = ui_button_by_key(code);
	if (b < 0)
		unknown_key(ui, code, is_key);
	else
		ui_press(ui, b);
}

static void read_keys(struct ui *ui)
{
	wint_t ch;
	int r;

	/* curses may hold more than one key already read from the fd */
	while (!ui->quit && (r = get_wch(&ch)) != ERR)
		key(ui, (int)ch, r == KEY_CODE_YES);
}

static void loop(struct ui *ui)
{
	struct pollfd fds[3] = {
		{.fd = 0, .events = POLLIN},
		{.fd = ui->feed->wake[0], .events = POLLIN},
		{.fd = ui->feed->err[0], .events = POLLIN},
	};

	while (!ui->quit && !got_signal) {
		long long elapsed;

		take_feed(ui);
		ui_draw(ui);
		elapsed = feed_now_ms() - ui->since_ms;
		if (poll(fds, 3, 1000 - (int)(elapsed % 1000)) < 0 &&
		    errno != EINTR)
			break;
		if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break;          /* the terminal is gone */
		read_keys(ui);
	}
}

/* Sign out and close while the screen still shows what happens. */
static void finish(struct ui *ui)
{
	if (ab_GetIsSignIn(ui->bar))
		ui_result(ui, UB_SIGNOUT, "SignOut", "", ab_SignOut(ui->bar));
	ui_result(ui, UB_SIGNOUT, "UnInitial", "", ab_UnInitial(ui->bar));
	take_feed(ui);
	ui_draw(ui);
}

int ui_run(AgentBar *bar)
{
	AgentBarEvents ev = {0};
	struct ui *ui = NULL;
	SCREEN *screen = NULL;
	int status = 1;

	setlocale(LC_ALL, "");
	if (!isatty(0) || !isatty(1)) {
		fprintf(stderr, "agentbar: --ui needs a terminal\n");
		status = 2;
		goto out;
	}
	if (strcmp(nl_langinfo(CODESET), "UTF-8")) {
		fprintf(stderr, "agentbar: --ui needs a UTF-8 locale "
			"(e.g. LANG=C.UTF-8)\n");
		status = 2;
		goto out;
	}
	ui = calloc(1, sizeof(*ui));
	if (!ui || !(ui->feed = feed_new(AsUnLoginState))) {
		fprintf(stderr, "agentbar: out of memory\n");
		goto out;
	}
	ui->bar = bar;
	ui->state = AsUnLoginState;
	ui->since_ms = ui->feed->since_ms;
	snprintf(ui->agent, sizeof(ui->agent), "%s", ab_GetAgentID(bar));
	snprintf(ui->dn, sizeof(ui->dn), "%s", ab_GetDN(bar));
	feed_events(&ev);
	ab_SetEvents(bar, &ev, ui->feed);

	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		fprintf(stderr, "agentbar: cannot use this terminal (TERM?)\n");
		goto out;
	}
	/* raw: ^C and ^Z are keys, so they too sign out cleanly */
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(50);
	signal_wake = ui->feed->wake[1];
	catch_signals();
	/* the SDK's log on stderr would write over the screen */
	if (!feed_capture_stderr(ui->feed))
		ui_log(ui, "SDK 的日志 (stderr) 无法截获");
	ui_press(ui, UB_SIGNIN);
	loop(ui);
	finish(ui);
	status = 0;
out:
	if (screen) {
		endwin();
		delscreen(screen);
	}
	if (ui && ui->feed)
		feed_restore_stderr(ui->feed);
	/* joins the SDK's threads: after it no handler reaches the feed */
	ab_Destroy(bar);
	if (ui) {
		feed_free(ui->feed);
		prompt_close(&ui->prompt);
		free(ui);
	}
	return status;
}
