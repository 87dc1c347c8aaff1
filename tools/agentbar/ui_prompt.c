/*
 * ui_prompt.c — the terminal toolbar's prompt line: what a button needs
 * before it can call the SDK (a number, DTMF digits, a call-data key, a
 * rest reason). Characters that cannot be part of the answer are refused
 * as they are typed, with the reason shown on the line; Enter hands the
 * answer to ui_submit(), Esc drops it.
 */
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "ui.h"

void prompt_open(struct ui *ui, int button, enum prompt_mode mode,
		 const char *label, const char *const *kinds, int kind)
{
	struct prompt *p = &ui->prompt;

	prompt_close(p);
	p->open = true;
	p->button = button;
	p->mode = mode;
	p->label = label;
	p->kinds = kinds;
	for (p->nchoices = 0; kinds && kinds[p->nchoices]; p->nchoices++)
		;
	p->sel = kind;
}

bool prompt_choices(struct prompt *p, char *list)
{
	char *save = NULL;

	p->choice_buf = list;
	p->nchoices = 0;
	for (char *s = strtok_r(list, ";", &save);
	     s && p->nchoices < (int)(sizeof(p->choice) / sizeof(*p->choice));
	     s = strtok_r(NULL, ";", &save))
		p->choice[p->nchoices++] = s;
	p->sel = 0;
	return p->nchoices > 0;
}

void prompt_close(struct prompt *p)
{
	ab_FreeString(p->choice_buf);
	memset(p, 0, sizeof(*p));
}

static void append(struct prompt *p, wchar_t wc)
{
	static const char number[] = "0123456789*#+", digits[] =
		"0123456789*#ABCD";
	size_t len = strlen(p->text);
	size_t max = p->mode == PM_TEXT ? sizeof(p->text) - 1 : UI_NUM_MAX;
	char mb[MB_LEN_MAX];
	mbstate_t ps = {0};
	size_t n;

	if (p->mode == PM_DIGITS)
		wc = (wchar_t)towupper((wint_t)wc);
	if (p->mode == PM_NUMBER && (wc > 127 || !strchr(number, (int)wc))) {
		snprintf(p->msg, sizeof(p->msg), "号码只能是 0-9 * # +");
		return;
	}
	if (p->mode == PM_DIGITS && (wc > 127 || !strchr(digits, (int)wc))) {
		snprintf(p->msg, sizeof(p->msg), "只能是 0-9 * # A-D");
		return;
	}
	if (p->mode == PM_TEXT && !iswprint((wint_t)wc)) {
		snprintf(p->msg, sizeof(p->msg), "不可打印的字符");
		return;
	}
	n = wcrtomb(mb, wc, &ps);
	if (n == (size_t)-1 || len + n > max) {
		snprintf(p->msg, sizeof(p->msg), p->mode == PM_TEXT ?
			 "最多 %zu 个字节" : "最多 %zu 位", max);
		return;
	}
	memcpy(p->text + len, mb, n);
	p->text[len + n] = 0;
}

/* Backspace: the last UTF-8 character, continuation bytes and all. */
static void erase_last(struct prompt *p)
{
	size_t len = strlen(p->text);

	while (len && ((unsigned char)p->text[len - 1] & 0xc0) == 0x80)
		len--;
	if (len)
		len--;
	p->text[len] = 0;
}

static void select_next(struct prompt *p, int step)
{
	if (p->nchoices)
		p->sel = (p->sel + step + p->nchoices) % p->nchoices;
}

void prompt_key(struct ui *ui, int code, bool is_key)
{
	struct prompt *p = &ui->prompt;

	p->msg[0] = 0;
	if (is_key) {
		switch (code) {
		case KEY_ENTER:
			ui_submit(ui);
			break;
		case KEY_BACKSPACE:
			erase_last(p);
			break;
		case KEY_UP:
		case KEY_LEFT:
			select_next(p, -1);
			break;
		case KEY_DOWN:
		case KEY_RIGHT:
			select_next(p, 1);
			break;
		case KEY_RESIZE:
			break;
		default:
			snprintf(p->msg, sizeof(p->msg), "这里不用 %s",
				 keyname(code) ? keyname(code) : "此键");
		}
		return;
	}
	switch (code) {
	case '\r':
	case '\n':
		ui_submit(ui);
		break;
	case 27:        /* Esc */
		ui_log(ui, "%s: 已取消", ui_button(p->button)->label);
		prompt_close(p);
		break;
	case '\t':
		select_next(p, 1);
		break;
	case 8:
	case 127:
		erase_last(p);
		break;
	default:
		if (p->mode == PM_CHOICE) {
			if (code >= '1' && code < '1' + p->nchoices)
				p->sel = code - '1';
			else
				snprintf(p->msg, sizeof(p->msg),
					 "用 ←→ 或数字选择");
		} else {
			append(p, (wchar_t)code);
		}
	}
}
