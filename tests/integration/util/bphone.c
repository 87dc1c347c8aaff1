/*
 * bphone.c — baresip test phones (see bphone.h): the process, its config,
 * its remote control (ctrl_tcp: JSON in netstrings, commands answered by
 * token, events pushed at any time) and what it heard (sndfile's dumps).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "bphone.h"
#include "goertzel.h"
#include "itest.h"
#include "wavfile.h"

/* Each phone takes a block of ports: SIP on base (UDP and TCP; baresip
 * also binds TCP base+1), ctrl_tcp on base+2, RTP in base+4..base+15.
 * Blocks lie between the daemon's RTP ports (20000-20999) and Linux's
 * ephemeral ports (32768-). */
enum {
	BLOCK = 16,
	PORT_LO = 21008,
	PORT_HI = 32768,
	START_TRIES = 8,
	PHONES_MAX = 32,
	SILENCE_S = 300,        /* longer than any test call */
	POLL_MS = 20,
};

struct bphone {
	pid_t pid;
	char dir[64];
	char user[64];
	uint16_t sip_port;     /* the daemon's */
	uint16_t base;
	int ctl;               /* ctrl_tcp connection, -1 if none */
	char *buf;             /* what ctrl_tcp sent, not parsed yet */
	size_t len, cap;
	bool eof;
	json_t *events;        /* queued events, oldest first */
	unsigned token;
	char win_file[256];    /* newest dump when the window opened */
	off_t win_bytes;       /* its size then */
};

static struct bphone *running[PHONES_MAX];
static unsigned blocks_taken;

/* ---- process -------------------------------------------------------- */

static void log_tail(const struct bphone *p)
{
	char path[128], buf[2048];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/baresip.log", p->dir);
	f = fopen(path, "r");
	if (!f)
		return;
	if (fseek(f, -(long)sizeof(buf) + 1, SEEK_END))
		rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	fprintf(stderr, "---- tail of %s ----\n%s\n---- end ----\n", path,
		buf);
}

static bool log_contains(const struct bphone *p, const char *needle)
{
	char path[128], *line = NULL;
	size_t size = 0;
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/baresip.log", p->dir);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (!found && getline(&line, &size, f) >= 0)
		found = strstr(line, needle) != NULL;
	free(line);
	fclose(f);
	return found;
}

static void kill_wait(struct bphone *p, int sig, int timeout_ms)
{
	int64_t end = itest_now_ms() + timeout_ms;

	if (!p->pid)
		return;
	kill(p->pid, sig);
	while (waitpid(p->pid, NULL, WNOHANG) == 0) {
		if (itest_now_ms() >= end) {
			kill(p->pid, SIGKILL);
			waitpid(p->pid, NULL, 0);
			break;
		}
		itest_sleep_ms(5);
	}
	p->pid = 0;
}

static void ctl_close(struct bphone *p)
{
	if (p->ctl >= 0)
		close(p->ctl);
	p->ctl = -1;
	p->len = 0;
	p->eof = false;
}

static void kill_all(void)
{
	for (size_t i = 0; i < PHONES_MAX; i++)
		if (running[i]) {
			ctl_close(running[i]);
			kill_wait(running[i], SIGKILL, 1000);
		}
}

static void track(struct bphone *p, bool on)
{
	static bool registered;

	if (!registered && on) {
		atexit(kill_all);
		registered = true;
	}
	for (size_t i = 0; i < PHONES_MAX; i++) {
		if (on && !running[i]) {
			running[i] = p;
			return;
		}
		if (!on && running[i] == p) {
			running[i] = NULL;
			return;
		}
	}
	if (on)
		fail_msg("bphone: more than %d phones at once", PHONES_MAX);
}

static bool port_free(uint16_t port, int type)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
	bool ok;

	if (fd < 0)
		return false;
	ok = !bind(fd, (struct sockaddr *)&sin, sizeof(sin));
	close(fd);
	return ok;
}

/* A block nobody uses now, starting from one that differs between the
 * test processes ctest runs side by side. */
static uint16_t block_pick(void)
{
	unsigned nblocks = (PORT_HI - PORT_LO) / BLOCK;
	unsigned first = ((unsigned)getpid() * 37u + blocks_taken) % nblocks;

	for (unsigned i = 0; i < nblocks; i++) {
		uint16_t base = (uint16_t)(PORT_LO + BLOCK *
					   ((first + i) % nblocks));
		bool ok = true;

		for (unsigned k = 0; k < BLOCK && ok; k++)
			ok = port_free((uint16_t)(base + k), SOCK_DGRAM) &&
			     port_free((uint16_t)(base + k), SOCK_STREAM);
		if (ok) {
			blocks_taken += i + 1;
			return base;
		}
	}
	fail_msg("bphone: no free block of %d ports in %d-%d", BLOCK,
		 PORT_LO, PORT_HI);
	return 0;
}

/* 16-bit mono 8 kHz zeros, sparse on disk: the silent phone's source. */
static void write_silence(const char *path)
{
	uint32_t bytes = SILENCE_S * 8000u * 2u;
	uint8_t h[44] = "RIFF----WAVEfmt ";
	uint32_t v[] = {36 + bytes, 16, 0x00010001, 8000, 16000, 0x00100002};
	FILE *f = fopen(path, "wb");

	if (!f)
		fail_msg("bphone: cannot write %s: %s", path, strerror(errno));
	memcpy(h + 4, &v[0], 4);
	memcpy(h + 16, &v[1], 4);
	memcpy(h + 20, &v[2], 4);   /* PCM, 1 channel */
	memcpy(h + 24, &v[3], 4);
	memcpy(h + 28, &v[4], 4);
	memcpy(h + 32, &v[5], 4);   /* block align 2, 16 bits */
	memcpy(h + 36, "data", 4);
	memcpy(h + 40, &bytes, 4);
	if (fwrite(h, 1, sizeof(h), f) != sizeof(h) ||
	    ftruncate(fileno(f), (off_t)(sizeof(h) + bytes)))
		fail_msg("bphone: cannot write %s", path);
	fclose(f);
}

static FILE *open_in_dir(const struct bphone *p, const char *name)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", p->dir, name);
	f = fopen(path, "w");
	if (!f)
		fail_msg("bphone: cannot write %s: %s", path, strerror(errno));
	return f;
}

static void write_config(const struct bphone *p, const struct bphone_opts *o)
{
	FILE *f = open_in_dir(p, "config");

	fprintf(f, "poll_method epoll\n"
		"net_interface 127.0.0.1\n"
		"sip_listen 127.0.0.1:%u\n"
		"ctrl_tcp_listen 127.0.0.1:%u\n"
		"rtp_ports %u-%u\n"
		"audio_player aubridge,null\n"
		"audio_alert aubridge,null\n",
		p->base, p->base + 2, p->base + 4, p->base + BLOCK - 1);
	/* ausine only runs at 48 kHz stereo; the silence file is 8 kHz. */
	if (o->hz)
		fprintf(f, "audio_source ausine,%.0f\n"
			"ausrc_srate 48000\nausrc_channels 2\n", o->hz);
	else
		fprintf(f, "audio_source aufile,%s/silence.wav\n"
			"ausrc_srate 8000\nausrc_channels 1\n", p->dir);
	fprintf(f, "auplay_srate 8000\nauplay_channels 1\n"
		"snd_path %s/rec\n"
		"module_path /usr/lib/baresip/modules\n"
		"module g711.so\nmodule ausine.so\nmodule aufile.so\n"
		"module aubridge.so\nmodule sndfile.so\n"
		"module_app account.so\nmodule_app menu.so\n"
		"module_app ctrl_tcp.so\n", p->dir);
	fclose(f);

	f = open_in_dir(p, "accounts");
	if (o->password)
		fprintf(f, "<sip:%s@127.0.0.1:%u>;auth_pass=%s;regint=60;",
			o->user, o->sip_port, o->password);
	else
		fprintf(f, "<sip:%s@127.0.0.1>;regint=0;", o->user);
	fprintf(f, "answermode=%s;audio_codecs=PCMU\n",
		o->auto_answer ? "auto" : "manual");
	fclose(f);
}

static void spawn(struct bphone *p)
{
	char log[128];
	pid_t parent = getpid(), pid;

	snprintf(log, sizeof(log), "%s/baresip.log", p->dir);
	pid = fork();
	if (pid < 0)
		fail_msg("bphone: fork: %s", strerror(errno));
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int nul = open("/dev/null", O_RDONLY);

		/* Dies with the test, however the test ends. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
			_exit(126);
		if (fd < 0 || nul < 0 || dup2(nul, 0) < 0 || dup2(fd, 1) < 0 ||
		    dup2(fd, 2) < 0)
			_exit(126);
		execlp("baresip", "baresip", "-f", p->dir, (char *)NULL);
		_exit(127);
	}
	p->pid = pid;
}

/* ---- ctrl_tcp ------------------------------------------------------- */

static bool ctl_connect(struct bphone *p)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(p->base + 2),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return false;
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		close(fd);
		return false;
	}
	p->ctl = fd;
	return true;
}

/* Reads what is there (waiting until deadline); false on timeout/EOF. */
static bool fill(struct bphone *p, int64_t deadline)
{
	struct pollfd pfd = {.fd = p->ctl, .events = POLLIN};
	int64_t left = deadline - itest_now_ms();
	ssize_t n;

	if (p->eof || left <= 0 || poll(&pfd, 1, (int)left) <= 0)
		return false;
	if (p->len + 4096 > p->cap) {
		char *nb = realloc(p->buf, p->cap = p->len + 65536);

		if (!nb)
			fail_msg("bphone: out of memory");
		p->buf = nb;
	}
	n = read(p->ctl, p->buf + p->len, p->cap - p->len);
	if (n <= 0) {
		p->eof = true;
		return false;
	}
	p->len += (size_t)n;
	return true;
}

/* The next netstring ("<len>:<json>,") parsed, NULL on timeout/EOF. */
static json_t *read_msg(struct bphone *p, int64_t deadline)
{
	for (;;) {
		char *colon = memchr(p->buf, ':', p->len);

		if (colon) {
			size_t n = strtoul(p->buf, NULL, 10);
			size_t head = (size_t)(colon - p->buf) + 1;

			if (p->len >= head + n + 1) {
				json_t *msg = json_loadb(p->buf + head, n, 0,
							 NULL);

				p->len -= head + n + 1;
				memmove(p->buf, p->buf + head + n + 1, p->len);
				if (!msg)
					fail_msg("bphone %s: bad message from"
						 " ctrl_tcp", p->user);
				return msg;
			}
		}
		if (!fill(p, deadline))
			return NULL;
	}
}

/* Queues an event; true if msg was one (msg is then taken). */
static bool queue_event(struct bphone *p, json_t *msg)
{
	if (!json_is_true(json_object_get(msg, "event")))
		return false;
	json_array_append_new(p->events, msg);
	return true;
}

static json_t *command_until(struct bphone *p, const char *command,
			     const char *params, int64_t deadline)
{
	char token[16], *text;
	json_t *req, *msg;
	bool sent;

	snprintf(token, sizeof(token), "%u", ++p->token);
	req = json_pack("{s:s, s:s, s:s}", "command", command, "params",
			params ? params : "", "token", token);
	text = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (!text)
		fail_msg("bphone: out of memory");
	sent = dprintf(p->ctl, "%zu:%s,", strlen(text), text) > 0;
	free(text);
	if (!sent)
		return NULL;
	while ((msg = read_msg(p, deadline))) {
		if (queue_event(p, msg))
			continue;
		if (!strcmp(json_string_value(json_object_get(msg, "token")) ?
			    json_string_value(json_object_get(msg, "token")) :
			    "", token))
			return msg;
		json_decref(msg);   /* an answer given up on earlier */
	}
	return NULL;
}

json_t *bphone_command(struct bphone *p, const char *command,
		       const char *params)
{
	json_t *r = command_until(p, command, params,
				  itest_now_ms() + BPHONE_TIMEOUT_MS);

	if (!r) {
		log_tail(p);
		fail_msg("bphone %s: no answer to \"%s\" within %d ms",
			 p->user, command, BPHONE_TIMEOUT_MS);
	}
	return r;
}

static void command_ok(struct bphone *p, const char *command,
		       const char *params)
{
	json_t *r = bphone_command(p, command, params);
	bool ok = json_is_true(json_object_get(r, "ok"));
	char data[256];

	snprintf(data, sizeof(data), "%s",
		 json_string_value(json_object_get(r, "data")) ?
		 json_string_value(json_object_get(r, "data")) : "");
	json_decref(r);
	if (!ok)
		fail_msg("bphone %s: \"%s %s\" failed: %s", p->user, command,
			 params ? params : "", data);
}

/* ---- start, stop ---------------------------------------------------- */

/* Up when ctrl_tcp answers: SIP and the UA are set up before it. */
static bool started(struct bphone *p)
{
	int64_t end = itest_now_ms() + BPHONE_TIMEOUT_MS;
	json_t *r;

	while (!ctl_connect(p)) {
		if (waitpid(p->pid, NULL, WNOHANG) == p->pid) {
			p->pid = 0;
			return false;
		}
		if (itest_now_ms() >= end)
			return false;
		itest_sleep_ms(POLL_MS);
	}
	r = command_until(p, "reginfo", NULL, end);
	json_decref(r);
	return r != NULL;
}

struct bphone *bphone_start(const struct bphone_opts *o)
{
	struct bphone *p;
	char rec[128];

	if (!o || !o->user || (o->password && !o->sip_port))
		fail_msg("bphone_start: user (and sip_port to register) "
			 "required");
	p = calloc(1, sizeof(*p));
	if (!p)
		fail_msg("bphone_start: out of memory");
	p->ctl = -1;
	p->events = json_array();
	p->sip_port = o->sip_port;
	snprintf(p->user, sizeof(p->user), "%s", o->user);
	strcpy(p->dir, "/tmp/bphone-XXXXXX");
	if (!mkdtemp(p->dir))
		fail_msg("bphone_start: mkdtemp: %s", strerror(errno));
	track(p, true);
	snprintf(rec, sizeof(rec), "%s/rec", p->dir);
	if (mkdir(rec, 0755))
		fail_msg("bphone_start: mkdir %s: %s", rec, strerror(errno));
	if (!o->hz) {
		char path[128];

		snprintf(path, sizeof(path), "%s/silence.wav", p->dir);
		write_silence(path);
	}

	/* Ports probed free may be taken by the time baresip binds them
	 * (a test running beside this one): then another block. */
	for (int i = 0; i < START_TRIES; i++) {
		p->base = block_pick();
		write_config(p, o);
		spawn(p);
		if (started(p))
			return p;
		ctl_close(p);
		kill_wait(p, SIGKILL, 1000);
		if (!log_contains(p, "in use"))
			break;
	}
	log_tail(p);
	fail_msg("bphone %s: baresip did not start (is baresip-core "
		 "installed? `make deps`)", o->user);
	return NULL;
}

void bphone_stop(struct bphone *p)
{
	const char *keep = getenv("ITEST_KEEP");

	if (!p)
		return;
	ctl_close(p);
	/* SIGTERM lets it send BYE and unregister; it gets a second. */
	kill_wait(p, SIGTERM, 1000);
	track(p, false);
	if (keep && !strcmp(keep, "1"))
		fprintf(stderr, "bphone: kept %s\n", p->dir);
	else
		itest_remove_dir(p->dir);
	json_decref(p->events);
	free(p->buf);
	free(p);
}

const char *bphone_dir(const struct bphone *p)
{
	return p->dir;
}

uint16_t bphone_port(const struct bphone *p)
{
	return p->base;
}

/* ---- calls, events -------------------------------------------------- */

bool bphone_wait_registered(struct bphone *p, int timeout_ms)
{
	int64_t end = itest_now_ms() + timeout_ms;

	do {
		json_t *r = command_until(p, "reginfo", NULL, end);
		const char *data = json_string_value(json_object_get(r,
								     "data"));
		/* "> sip:1882@127.0.0.1:5060  OK  callcloud Expires 60s" */
		bool ok = data && strstr(data, "OK ");

		json_decref(r);
		if (ok)
			return true;
		itest_sleep_ms(POLL_MS);
	} while (itest_now_ms() < end);
	return false;
}

void bphone_dial(struct bphone *p, const char *number)
{
	char uri[256];

	if (!strncmp(number, "sip:", 4))
		snprintf(uri, sizeof(uri), "%s", number);
	else if (!p->sip_port)
		fail_msg("bphone %s: dialling %s needs sip_port", p->user,
			 number);
	else
		snprintf(uri, sizeof(uri), "sip:%s@127.0.0.1:%u", number,
			 p->sip_port);
	command_ok(p, "dial", uri);
}

void bphone_accept(struct bphone *p)
{
	command_ok(p, "accept", NULL);
}

void bphone_hangup(struct bphone *p)
{
	command_ok(p, "hangup", NULL);
}

void bphone_send_dtmf(struct bphone *p, const char *digits)
{
	command_ok(p, "sndcode", digits);
}

static json_t *take_event(struct bphone *p, const char *type)
{
	size_t i;
	json_t *ev;

	json_array_foreach(p->events, i, ev) {
		const char *t = json_string_value(json_object_get(ev, "type"));

		if (t && !strcmp(t, type)) {
			json_incref(ev);
			json_array_remove(p->events, i);
			return ev;
		}
	}
	return NULL;
}

json_t *bphone_wait_event(struct bphone *p, const char *type,
			  int timeout_ms)
{
	int64_t end = itest_now_ms() + timeout_ms;
	json_t *ev = take_event(p, type), *msg;

	while (!ev && (msg = read_msg(p, end))) {
		if (!queue_event(p, msg))
			json_decref(msg);
		ev = take_event(p, type);
	}
	return ev;
}

void bphone_expect_event(struct bphone *p, const char *type)
{
	json_t *ev = bphone_wait_event(p, type, BPHONE_TIMEOUT_MS);

	if (!ev) {
		log_tail(p);
		fail_msg("bphone %s: no %s within %d ms", p->user, type,
			 BPHONE_TIMEOUT_MS);
	}
	json_decref(ev);
}

void bphone_drain(struct bphone *p)
{
	json_t *msg;

	while ((msg = read_msg(p, itest_now_ms())))
		json_decref(msg);
	json_array_clear(p->events);
}

/* ---- what it heard -------------------------------------------------- */

/* The newest "dump-<time>-dec.wav" (the audio of the latest call). */
static bool newest_dump(const struct bphone *p, char *path, size_t size)
{
	char dir[128], best[256] = "";
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/rec", p->dir);
	d = opendir(dir);
	if (!d)
		return false;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (!strncmp(e->d_name, "dump-", 5) && n > 8 &&
		    !strcmp(e->d_name + n - 8, "-dec.wav") &&
		    strcmp(e->d_name, best) > 0)
			snprintf(best, sizeof(best), "%s", e->d_name);
	}
	closedir(d);
	if (!best[0])
		return false;
	snprintf(path, size, "%s/%s", dir, best);
	return true;
}

static off_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : st.st_size;
}

void bphone_listen(struct bphone *p)
{
	if (newest_dump(p, p->win_file, sizeof(p->win_file)))
		p->win_bytes = file_size(p->win_file);
	else
		p->win_file[0] = '\0';
}

/* The window's samples [skip, skip + n) if the phone heard them yet. */
static bool window(struct bphone *p, size_t skip, size_t n, int16_t *out,
		   size_t *heard)
{
	struct wavfile w;
	char path[256];
	size_t start = 0;
	bool same;

	*heard = 0;
	if (!newest_dump(p, path, sizeof(path)))
		return false;
	same = !strcmp(path, p->win_file);
	/* 16-bit mono: 2 bytes a sample. */
	if (same && file_size(path) < p->win_bytes + (off_t)(2 * (skip + n)))
		return false;
	if (wavfile_read(&w, path))
		return false;
	if (same && p->win_bytes > (off_t)w.data_offset)
		start = (size_t)(p->win_bytes - (off_t)w.data_offset) / 2;
	if (w.frames > start)
		*heard = w.frames - start;
	if (w.rate != GOERTZEL_RATE || *heard < skip + n) {
		wavfile_free(&w);
		return false;
	}
	wavfile_channel(&w, 0, start + skip, n, out);
	wavfile_free(&w);
	return true;
}

void bphone_measure(struct bphone *p, unsigned skip_ms, unsigned ms,
		    const double *hz, size_t n, double *power)
{
	size_t skip = skip_ms * (GOERTZEL_RATE / 1000);
	size_t len = ms * (GOERTZEL_RATE / 1000), heard = 0;
	int64_t end = itest_now_ms() + skip_ms + ms + BPHONE_TIMEOUT_MS;
	int16_t *x = malloc(len * sizeof(*x) + 2);

	if (!x)
		fail_msg("bphone: out of memory");
	while (!window(p, skip, len, x, &heard)) {
		if (itest_now_ms() >= end) {
			free(x);
			log_tail(p);
			fail_msg("bphone %s: heard %zu ms since bphone_listen,"
				 " wanted %u", p->user,
				 heard / (GOERTZEL_RATE / 1000),
				 skip_ms + ms);
		}
		itest_sleep_ms(POLL_MS);
	}
	for (size_t i = 0; i < n; i++)
		power[i] = goertzel_power(x, len, hz[i]);
	free(x);
}

double bphone_ratio(struct bphone *p, unsigned skip_ms, unsigned ms,
		    double want, const double *others, size_t n)
{
	double hz[16], power[16], top = 0;

	if (n + 1 > sizeof(hz) / sizeof(hz[0]))
		fail_msg("bphone_ratio: at most 15 other frequencies");
	hz[0] = want;
	memcpy(hz + 1, others, n * sizeof(*others));
	bphone_measure(p, skip_ms, ms, hz, n + 1, power);
	for (size_t i = 1; i <= n; i++)
		if (power[i] > top)
			top = power[i];
	if (power[0] <= 0)
		return 0;
	return top > 0 ? power[0] / top : INFINITY;
}
