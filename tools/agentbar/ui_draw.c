/*
 * ui_draw.c — the terminal toolbar's screen, redrawn whole from struct ui
 * (curses sends only what changed):
 *
 *   state name, time in state, agent and DN           (reverse)
 *   buttons: "[a 应答]" enabled, " a 应答 " greyed      (bold / dim)
 *   call info: numbers of the call, call data
 *   the event log, newest at the bottom, long entries wrapped
 *   the prompt, or the keys
 *
 * Text from the server is drawn by display width (Chinese is two columns)
 * and clipped to the screen; control characters and bad UTF-8 show as '?',
 * so no event can move the cursor or garble the screen.
 */
#include <curses.h>
#include <limits.h>
#include <string.h>
#include <wchar.h>

#include "ui.h"

/* The next character of s (len bytes left) as a printable one, its width
 * in *cw (0 for combining marks); returns the bytes it took, 0 at the end. */
static size_t next_char(const char *s, size_t len, mbstate_t *ps,
			wchar_t *wc, int *cw)
{
	size_t n = len ? mbrtowc(wc, s, len, ps) : 0;

	if (n == 0)
		return 0;
	if (n == (size_t)-1 || n == (size_t)-2) {
		memset(ps, 0, sizeof(*ps));
		*wc = L'?';
		n = 1;
	}
	*cw = wcwidth(*wc);
	if (*cw < 0) {
		*wc = L'?';
		*cw = 1;
	}
	return n;
}

/* Lays s out in rows of w columns; draws its rows [skip, skip + max) from
 * screen row y, column x; returns how many rows it takes. */
static int wrap(const char *s, int y, int x, int w, int skip, int max)
{
	mbstate_t ps;
	size_t len = strlen(s), n;
	wchar_t wc;
	int row = 0, col = 0, cw;

	memset(&ps, 0, sizeof(ps));
	if (w < 2)
		return 1;
	while ((n = next_char(s, len, &ps, &wc, &cw))) {
		s += n;
		len -= n;
		if (!cw)
			continue;
		if (col + cw > w) {
			row++;
			col = 0;
		}
		if (row >= skip && row < skip + max)
			mvaddnwstr(y + row - skip, x + col, &wc, 1);
		col += cw;
	}
	return row + 1;
}

/* One row: s from (y, x), at most w columns, drawn or only measured;
 * returns the columns it takes. */
static int row(int y, int x, int w, const char *s, bool draw)
{
	mbstate_t ps;
	size_t len = strlen(s), n;
	wchar_t wc;
	int col = 0, cw;

	memset(&ps, 0, sizeof(ps));
	while ((n = next_char(s, len, &ps, &wc, &cw)) && col + cw <= w) {
		s += n;
		len -= n;
		if (cw && draw)
			mvaddnwstr(y, x + col, &wc, 1);
		col += cw;
	}
	return col;
}

static int put(int y, int x, int w, const char *s)
{
	return row(y, x, w, s, true);
}

static int width(const char *s)
{
	return row(0, 0, INT_MAX, s, false);
}

/* The end of s that fits in w columns (a long input shows its tail). */
static const char *tail(const char *s, int w)
{
	int over = width(s) - w;
	mbstate_t ps;
	size_t len = strlen(s), n;
	wchar_t wc;
	int cw;

	memset(&ps, 0, sizeof(ps));
	while (over > 0 && (n = next_char(s, len, &ps, &wc, &cw))) {
		s += n;
		len -= n;
		over -= cw;
	}
	return s;
}

static void state_line(const struct ui *ui, int w)
{
	long long secs = (feed_now_ms() - ui->since_ms) / 1000;
	char text[256];
	int x;

	if (secs < 0)
		secs = 0;
	attron(A_REVERSE);
	mvhline(0, 0, ' ', w);
	attron(A_BOLD);
	x = 1 + put(0, 1, w - 1, ui_state_name(ui->state));
	attroff(A_BOLD);
	snprintf(text, sizeof(text), "  %02lld:%02lld  (%s)   坐席 %s  分机 %s",
		 secs / 60, secs % 60, ab_StatusName(ui->state), ui->agent,
		 ui->dn);
	put(0, x, w - x, text);
	attroff(A_REVERSE);
}

/* Returns the row after the last row of buttons. */
static int buttons(const struct ui *ui, int y, int w)
{
	int x = 0;

	for (int b = 0; b < UB_COUNT; b++) {
		const struct ui_button_def *d = ui_button(b);
		bool on = ui_button_enabled(b, ui->state);
		char text[64];
		int bw;

		snprintf(text, sizeof(text), "%c%c %s%c", on ? '[' : ' ', d->key,
			 d->undo && ui->muted ? d->undo : d->label,
			 on ? ']' : ' ');
		bw = width(text);
		if (x && x + bw > w) {
			y++;
			x = 0;
		}
		attron(on ? A_BOLD : A_DIM);
		x += put(y, x, w - x, text) + 1;
		attroff(on ? A_BOLD : A_DIM);
	}
	return y + 1;
}

static int call_info(const struct ui *ui, int y, int w)
{
	char text[UI_LINE_MAX];
	int x;

	if (!ui->call_id[0] && !ui->calling[0]) {
		put(y, 0, w, "无通话");
	} else {
		snprintf(text, sizeof(text), "%s主叫 %s  原主叫 %s  原被叫 %s  "
			 "对方 %s  callID %s",
			 ui_state_in_call(ui->state) ? "" : "上一通: ",
			 ui->calling, ui->org_calling, ui->org_called,
			 ui->other, ui->call_id);
		put(y, 0, w, text);
	}
	y++;
	x = put(y, 0, w, "随路数据");
	if (!ui->ndata)
		put(y, x, w - x, " (g 查询 键，或设置 键=值)");
	for (int i = 0; i < ui->ndata && x < w; i++) {
		x += put(y, x, w - x, "  ");
		x += put(y, x, w - x, ui->data[i]);
	}
	y++;
	attron(A_DIM);
	mvhline(y, 0, ACS_HLINE, w);
	put(y, 2, w - 2, ui->scroll ? " 事件 (PgDn 回到最新) " : " 事件 ");
	attroff(A_DIM);
	return y + 1;
}

/* Rows top .. bottom, newest entry at the bottom, ui->scroll entries
 * hidden below; an entry that does not fit shows its last rows. */
static void event_log(const struct ui *ui, int top, int bottom, int w)
{
	int y = bottom + 1;

	for (int i = ui->log_count - 1 - ui->scroll; i >= 0 && y > top; i--) {
		const char *s = ui->log[(ui->log_head + i) % UI_LOG_MAX];
		int rows = wrap(s, 0, 0, w, 0, 0), skip = 0;

		y -= rows;
		if (y < top) {
			skip = top - y;
			y = top;
		}
		wrap(s, y, 0, w, skip, rows - skip);
	}
}

/* Returns the column of the cursor. */
static int prompt_line(const struct prompt *p, int y, int w)
{
	int x = put(y, 0, w, p->label), cx;

	if (p->mode == PM_CHOICE) {
		x += put(y, x, w - x, ":");
		for (int i = 0; i < p->nchoices; i++) {
			char item[UI_LINE_MAX];

			snprintf(item, sizeof(item), " %d %s ", i + 1,
				 p->choice[i]);
			if (i == p->sel)
				attron(A_REVERSE);
			x += put(y, x, w - x, item);
			attroff(A_REVERSE);
		}
		cx = x;
		x += put(y, x, w - x, "  ←→/数字 选择 Enter 确认 Esc 取消");
	} else {
		if (p->kinds) {
			char kind[64];

			snprintf(kind, sizeof(kind), " [%s]", p->kinds[p->sel]);
			x += put(y, x, w - x, kind);
		}
		x += put(y, x, w - x, ": ");
		/* room for the hints once the input is long */
		x += put(y, x, w - x, tail(p->text, w - x - 1 > 0 ? w - x - 1
							   : 0));
		cx = x;
		x += put(y, x, w - x, p->kinds ? "   Tab 类型 Enter 确认 Esc 取消"
					    : "   Enter 确认 Esc 取消");
	}
	if (p->msg[0]) {
		attron(A_BOLD);
		put(y, x, w - x, "  ");
		put(y, x + 2, w - x - 2, p->msg);
		attroff(A_BOLD);
	}
	return cx < w ? cx : w - 1;
}

void ui_draw(const struct ui *ui)
{
	int h = LINES, w = COLS, y, cx = 0;

	erase();
	if (h < 4 || w < 20) {
		put(0, 0, w, "窗口太小");
		curs_set(0);
		refresh();
		return;
	}
	state_line(ui, w);
	y = buttons(ui, 1, w);
	y = call_info(ui, y, w);
	if (y <= h - 2)
		event_log(ui, y, h - 2, w);
	if (ui->prompt.open)
		cx = prompt_line(&ui->prompt, h - 1, w);
	else
		put(h - 1, 0, w, "q/F10 退出  F1-F9 = 签入…保持  PgUp/PgDn "
		    "翻页  ^L 重画");
	curs_set(ui->prompt.open ? 1 : 0);
	if (ui->prompt.open)
		move(h - 1, cx);
	refresh();
}
