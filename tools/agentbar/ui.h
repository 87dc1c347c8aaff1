/*
 * ui.h — the terminal toolbar (`agentbar --ui`): what its files share.
 *
 *   ui_buttons.c  the state x button table and the states' names (no
 *                 curses, no SDK calls: unit-tested on its own)
 *   ui_feed.c     the SDK's threads -> the UI thread: events and the SDK's
 *                 own log lines, queued and signalled through pipes
 *   ui_actions.c  a button pressed or a prompt confirmed -> SDK calls
 *   ui_prompt.c   the prompt line: numbers, digits, call data, rest reasons
 *   ui_draw.c     the screen, drawn from struct ui
 *   ui.c          start-up, the loop, keys, shutdown
 *
 * Only the UI thread calls curses or touches struct ui; the SDK's threads
 * only ever reach struct feed, under its mutex.
 */
#ifndef AGENTBAR_UI_H
#define AGENTBAR_UI_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>

#include "agentbar.h"

/* ui.c: the terminal toolbar on a configured bar, which it signs in,
 * runs, signs out and destroys; returns the exit status. */
int ui_run(AgentBar *bar);

/* ---- ui_buttons.c -------------------------------------------------------- */

enum ui_button {
	UB_SIGNIN, UB_SIGNOUT, UB_READY, UB_BUSY, UB_REST, UB_CALL,
	UB_ANSWER, UB_HANGUP, UB_HOLD, UB_RETRIEVE, UB_CONSULT,
	UB_RECONNECT, UB_TRANSFER, UB_CONFERENCE, UB_SSTRANSFER,
	UB_TRANSIVR, UB_DTMF, UB_MUTE, UB_CALLDATA,
	UB_COUNT
};

struct ui_button_def {
	const char *label;      /* 签入 ... as on the manual's bar */
	const char *undo;       /* label while toggled on (静音), or NULL */
	char key;               /* its letter */
	int fkey;               /* F1..F9 alias, 0 none */
	unsigned states;        /* bit per AgentStatusT where it is enabled */
};

const struct ui_button_def *ui_button(int button);
bool ui_button_enabled(int button, int state);
int ui_button_by_key(int key);      /* a letter (either case); -1 none */
int ui_button_by_fkey(int n);       /* F<n>; -1 none */
/* The manual's name of an AgentStatusT (3.2.8): 空闲, 忙, 通话状态 ... */
const char *ui_state_name(int state);
bool ui_state_in_call(int state);   /* Lock .. Inserted */

/* ---- ui_feed.c ----------------------------------------------------------- */

enum {
	UI_LINE_MAX = 512,      /* one log entry, bytes */
	UI_NUM_MAX = 32,        /* numbers and digits (manual 3.2.17, 3.2.33) */
	UI_FIELD_MAX = 64,      /* a number shown in the call info */
	FEED_MAX = 128,         /* entries waiting for the UI thread */
};

struct feed {
	pthread_mutex_t mu;
	int wake[2];            /* a byte per post; [0] is polled by the UI */
	int err[2];             /* fd 2 goes to [1] while the screen is up */
	int saved_err;          /* the real fd 2, -1 when not captured */
	char errbuf[UI_LINE_MAX];       /* a partial line read from err[0] */
	size_t errlen;
	/* the last state event: kept apart from the log, which may overflow */
	int state;
	long long since_ms;     /* CLOCK_MONOTONIC when it arrived */
	unsigned changes;       /* state events so far */
	char call_id[UI_FIELD_MAX], other[UI_FIELD_MAX];
	/* log lines, oldest first from head */
	char lines[FEED_MAX][UI_LINE_MAX];
	unsigned head, count, dropped;
};

struct feed_state {
	int state;
	long long since_ms;
	unsigned changes;
	char call_id[UI_FIELD_MAX], other[UI_FIELD_MAX];
};

struct feed *feed_new(int state);
void feed_free(struct feed *f);
void feed_events(AgentBarEvents *ev);        /* ctx: the feed */
/* Routes fd 2 (the SDK's log) into the feed's pipe / back. */
bool feed_capture_stderr(struct feed *f);
void feed_restore_stderr(struct feed *f);
/* UI thread: drains the wake pipe, copies the state, hands each queued
 * line to add() and returns how many lines were dropped meanwhile. */
unsigned feed_take(struct feed *f, struct feed_state *st,
		   void (*add)(void *arg, const char *line), void *arg);
/* UI thread: complete lines the SDK wrote to fd 2 since the last call. */
void feed_take_stderr(struct feed *f, void (*add)(void *arg,
						   const char *line),
		      void *arg);
/* Any thread: a line of the log, timestamped. */
void feed_vlog(struct feed *f, const char *fmt, va_list ap);
long long feed_now_ms(void);

/* ---- the UI thread's state ----------------------------------------------- */

enum { UI_LOG_MAX = 500, UI_DATA_MAX = 4, UI_TEXT_MAX = 1100 };

enum prompt_mode { PM_NUMBER, PM_DIGITS, PM_TEXT, PM_CHOICE };

struct prompt {
	bool open;
	int button;
	enum prompt_mode mode;
	const char *label;
	char text[UI_TEXT_MAX];         /* what was typed, UTF-8 */
	/* PM_CHOICE: the choices, in the SDK's string split in place;
	 * otherwise the call's types, cycled with Tab */
	char *choice_buf;
	const char *const *kinds;
	const char *choice[16];
	int nchoices, sel;
	char msg[128];                  /* why the last key was refused */
};

struct ui {
	AgentBar *bar;
	struct feed *feed;
	char agent[UI_FIELD_MAX], dn[UI_FIELD_MAX];
	int state;
	long long since_ms;
	unsigned changes;
	bool muted, quit;
	/* call info */
	char call_id[UI_FIELD_MAX], other[UI_FIELD_MAX];
	char calling[UI_FIELD_MAX], org_calling[UI_FIELD_MAX];
	char org_called[UI_FIELD_MAX];
	char data[UI_DATA_MAX][UI_LINE_MAX / 2];   /* "key=value" */
	int ndata;
	/* the event log: a ring, newest at (head + count - 1) */
	char log[UI_LOG_MAX][UI_LINE_MAX];
	int log_head, log_count;
	int scroll;                     /* entries hidden below the view */
	struct prompt prompt;
};

/* ui.c: a line of the log, shown from the next turn of the loop */
void ui_log(struct ui *ui, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ui_actions.c */
void ui_press(struct ui *ui, int button);
/* "<label> <method>(<arg>) -> <code> <name> <the manual's text>" */
void ui_result(struct ui *ui, int button, const char *method,
	       const char *arg, int code);
void ui_submit(struct ui *ui);          /* the prompt's Enter */
void ui_refresh_call(struct ui *ui);    /* call info from the SDK */

/* ui_prompt.c. kinds: NULL-terminated, the call types Tab cycles through
 * (the index is the type), kind the first; prompt_choices() takes a list
 * from the SDK ("a;b;c") and is false if it holds none. A key is a curses
 * key code if is_key, else a character. */
void prompt_open(struct ui *ui, int button, enum prompt_mode mode,
		 const char *label, const char *const *kinds, int kind);
bool prompt_choices(struct prompt *p, char *list);
void prompt_close(struct prompt *p);
void prompt_key(struct ui *ui, int code, bool is_key);

/* ui_draw.c */
void ui_draw(const struct ui *ui);

#endif
